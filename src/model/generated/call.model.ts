import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, ManyToOne as ManyToOne_, OneToMany as OneToMany_, JSONColumn as JSONColumn_, BooleanColumn as BooleanColumn_} from "@subsquid/typeorm-store"
import {Extrinsic} from "./extrinsic.model"
import {Account} from "./account.model"

/**
 * A call nested in an extrinsic's call: dispatched by a utility batch, proxy, multisig or sudo (the extrinsic's own call is the extrinsic: `callName`, `callArgs`, `success`).
 */
@Index_(["chain", "blockHeight"], {unique: false})
@Index_(["name", "blockHeight", "chain"], {unique: false})
@Entity_()
export class Call {
    constructor(props?: Partial<Call>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<call id>`: the extrinsic's id, then the call's position in the tree
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
     * The nested call it was dispatched by; null when the extrinsic's own call dispatched it (depth 1).
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
     * Its path in the extrinsic's call tree: [0] for the first call the extrinsic's own call dispatched, [0, 2] for the third call of a batch inside it.
     */
    @IntColumn_({array: true, nullable: false})
    address!: (number)[]

    /**
     * 1 for a call the extrinsic's own call dispatched, 2 for one inside that, and so on.
     */
    @IntColumn_({nullable: false})
    depth!: number

    /**
     * `Pallet.call`, e.g. `Utility.batch_all`
     */
    @StringColumn_({nullable: false})
    name!: string

    @StringColumn_({nullable: false})
    pallet!: string

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
