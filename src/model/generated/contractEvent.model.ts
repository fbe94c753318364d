import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, BooleanColumn as BooleanColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import {Contract} from "./contract.model"
import {Event} from "./event.model"
import {Block} from "./block.model"
import {Extrinsic} from "./extrinsic.model"
import {ContractCall} from "./contractCall.model"
import {ContractAbi} from "./contractAbi.model"

/**
 * Every event a contract emitted, raw, and decoded when an ABI is known.
 */
@Index_(["contractAddress", "blockHeight"], {unique: false})
@Entity_()
export class ContractEvent {
    constructor(props?: Partial<ContractEvent>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<event id>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Contract, {nullable: true})
    contract!: Contract | undefined | null

    @StringColumn_({nullable: false})
    contractAddress!: string

    @StringColumn_({nullable: false})
    pallet!: string

    @Index_()
    @ManyToOne_(() => Event, {nullable: true})
    event!: Event

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    block!: Block

    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    extrinsic!: Extrinsic | undefined | null

    @Index_()
    @ManyToOne_(() => ContractCall, {nullable: true})
    call!: ContractCall | undefined | null

    /**
     * Position in the block's events.
     */
    @IntColumn_({nullable: false})
    index!: number

    @StringColumn_({nullable: false})
    data!: string

    @StringColumn_({array: true, nullable: false})
    topics!: (string)[]

    /**
     * True when an ABI decoded it.
     */
    @Index_()
    @BooleanColumn_({nullable: false})
    decoded!: boolean

    /**
     * The event's name in the ABI (`Transfer`).
     */
    @Index_()
    @StringColumn_({nullable: true})
    name!: string | undefined | null

    /**
     * Fields by name, rendered for JSON: accounts as addresses, big numbers as strings.
     */
    @JSONColumn_({nullable: true})
    args!: unknown | undefined | null

    /**
     * Why it is not decoded: no ABI, unknown topic, bad data at byte N.
     */
    @StringColumn_({nullable: true})
    decodeError!: string | undefined | null

    @Index_()
    @ManyToOne_(() => ContractAbi, {nullable: true})
    abi!: ContractAbi | undefined | null
}
