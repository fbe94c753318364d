import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, ManyToOne as ManyToOne_, OneToMany as OneToMany_, JSONColumn as JSONColumn_, BooleanColumn as BooleanColumn_} from "@subsquid/typeorm-store"
import {Extrinsic} from "./extrinsic.model"
import {Account} from "./account.model"

/**
 * A call an extrinsic dispatched: its own call (depth 0), and each call nested in it by utility batches, proxy, multisig or sudo.
 */
@Index_(["chain", "blockHeight"], {unique: false})
@Index_(["name", "blockHeight", "chain"], {unique: false})
@Entity_()
export class Call {
    constructor(props?: Partial<Call>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<call id>`: the extrinsic's id, then the call's position (`local:0000000012-9af3c-000002-000001`)
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @IntColumn_({nullable: false})
    blockHeight!: number

    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    /**
     * Its extrinsic (and through it, its block).
     */
    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    extrinsic!: Extrinsic

    /**
     * The call it was dispatched by; null for the extrinsic's own call.
     */
    @Index_()
    @ManyToOne_(() => Call, {nullable: true})
    parent!: Call | undefined | null

    /**
     * The calls it dispatched.
     */
    @OneToMany_(() => Call, e => e.parent)
    calls!: Call[]

    /**
     * Its path in the extrinsic's call tree: [] for the extrinsic's own call, [0, 2] for the third call of a batch inside the first.
     */
    @IntColumn_({array: true, nullable: false})
    address!: (number)[]

    @IntColumn_({nullable: false})
    depth!: number

    /**
     * `Pallet.call`, e.g. `Utility.batch_all`
     */
    @StringColumn_({nullable: false})
    name!: string

    @StringColumn_({nullable: false})
    pallet!: string

    /**
     * The call's arguments; null for the extrinsic's own call (see `Extrinsic.callArgs`).
     */
    @JSONColumn_({nullable: true})
    args!: unknown | undefined | null

    /**
     * Whether it was dispatched and succeeded (a call in a failed batch_all did not).
     */
    @BooleanColumn_({nullable: false})
    success!: boolean

    /**
     * `Pallet.Error` when it failed with a dispatch error.
     */
    @StringColumn_({nullable: true})
    errorName!: string | undefined | null

    /**
     * The signed origin it ran with (a proxy's call runs as the proxied account); null for root or unsigned.
     */
    @StringColumn_({nullable: true})
    origin!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    originAccount!: Account | undefined | null
}
