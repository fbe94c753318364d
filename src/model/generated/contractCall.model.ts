import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, JSONColumn as JSONColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Contract} from "./contract.model"
import {Account} from "./account.model"
import {Block} from "./block.model"
import {Extrinsic} from "./extrinsic.model"
import {ContractEvent} from "./contractEvent.model"

/**
 * A call of a contract by an extrinsic (`Contracts.call`, `Revive.call`, also inside batches, proxies and sudo).
 */
@Index_(["contractAddress", "blockHeight"], {unique: false})
@Entity_()
export class ContractCall {
    constructor(props?: Partial<ContractCall>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<call id>`
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

    @Index_()
    @StringColumn_({nullable: true})
    caller!: string | undefined | null

    /**
     * The caller's account row.
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    callerAccount!: Account | undefined | null

    @BigIntColumn_({nullable: true})
    value!: bigint | undefined | null

    /**
     * First four bytes of the input.
     */
    @Index_()
    @StringColumn_({nullable: true})
    selector!: string | undefined | null

    @StringColumn_({nullable: true})
    input!: string | undefined | null

    @Index_()
    @BooleanColumn_({nullable: false})
    success!: boolean

    /**
     * `Contracts.ContractTrapped`, `Contracts.ContractReverted`, ...
     */
    @Index_()
    @StringColumn_({nullable: true})
    errorName!: string | undefined | null

    @JSONColumn_({nullable: true})
    gasLimit!: unknown | undefined | null

    @BigIntColumn_({nullable: true})
    fee!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @Index_()
    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    block!: Block

    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    extrinsic!: Extrinsic

    @OneToMany_(() => ContractEvent, e => e.call)
    events!: ContractEvent[]
}
