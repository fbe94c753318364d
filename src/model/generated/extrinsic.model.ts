import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, JSONColumn as JSONColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Block} from "./block.model"
import {Account} from "./account.model"
import {Event} from "./event.model"
import {Call} from "./call.model"

@Index_(["chain", "blockHeight"], {unique: false})
@Entity_()
export class Extrinsic {
    constructor(props?: Partial<Extrinsic>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    block!: Block

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @IntColumn_({nullable: false})
    index!: number

    @Index_()
    @StringColumn_({nullable: true})
    hash!: string | undefined | null

    @IntColumn_({nullable: false})
    version!: number

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    signer!: Account | undefined | null

    /**
     * The signer's nonce (the CheckNonce signed extension); null for unsigned extrinsics
     */
    @IntColumn_({nullable: true})
    nonce!: number | undefined | null

    /**
     * `Pallet.call`, e.g. `Balances.transfer_keep_alive`
     */
    @Index_()
    @StringColumn_({nullable: false})
    callName!: string

    @Index_()
    @StringColumn_({nullable: false})
    pallet!: string

    @JSONColumn_({nullable: true})
    callArgs!: unknown | undefined | null

    @BigIntColumn_({nullable: true})
    fee!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    tip!: bigint | undefined | null

    @Index_()
    @BooleanColumn_({nullable: false})
    success!: boolean

    /**
     * The dispatch error as the runtime reported it.
     */
    @JSONColumn_({nullable: true})
    error!: unknown | undefined | null

    /**
     * `Pallet.Error` for module errors (`Contracts.ContractTrapped`), else the error kind (`Token.FundsUnavailable`, `BadOrigin`).
     */
    @Index_()
    @StringColumn_({nullable: true})
    errorName!: string | undefined | null

    /**
     * The error's documentation from the runtime metadata, when there is one.
     */
    @StringColumn_({nullable: true})
    errorDocs!: string | undefined | null

    @OneToMany_(() => Event, e => e.extrinsic)
    events!: Event[]

    /**
     * The calls nested in its own call (batches, proxies, multisig, sudo), at every depth: filter `depth_eq: 1` for those its call dispatched itself.
     */
    @OneToMany_(() => Call, e => e.extrinsic)
    calls!: Call[]
}
