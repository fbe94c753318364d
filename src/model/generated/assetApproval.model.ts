import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Asset} from "./asset.model"
import {Account} from "./account.model"

/**
 * pallet-assets: `delegate` may move up to `amount` of `owner`'s units (Assets.ApprovedTransfer). Kept after it is spent or cancelled, with `active` false.
 */
@Entity_()
export class AssetApproval {
    constructor(props?: Partial<AssetApproval>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<asset key>:<owner key>:<delegate key>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Asset, {nullable: true})
    asset!: Asset

    @Index_()
    @StringColumn_({nullable: false})
    owner!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    ownerAccount!: Account | undefined | null

    @Index_()
    @StringColumn_({nullable: false})
    delegate!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    delegateAccount!: Account | undefined | null

    /**
     * What the delegate may still move: the chain's `Assets.Approvals` when last read, else what the events say (0 once spent or cancelled)
     */
    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * The deposit the owner holds for it (from storage; null when not read)
     */
    @BigIntColumn_({nullable: true})
    deposit!: bigint | undefined | null

    /**
     * False once spent in full or cancelled
     */
    @BooleanColumn_({nullable: false})
    active!: boolean

    @IntColumn_({nullable: false})
    createdAtHeight!: number

    @IntColumn_({nullable: false})
    updatedAtHeight!: number

    /**
     * Block at which `amount` was last read from the chain's storage
     */
    @IntColumn_({nullable: true})
    reconciledAtHeight!: number | undefined | null
}
