import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {TransferKind} from "./_transferKind"
import {Asset} from "./asset.model"
import {NftItem} from "./nftItem.model"
import {Account} from "./account.model"
import {Event} from "./event.model"
import {Extrinsic} from "./extrinsic.model"
import {XcmMessage} from "./xcmMessage.model"

/**
 * One movement of value.
 */
@Index_(["chain", "blockHeight"], {unique: false})
@Index_(["asset", "blockHeight"], {unique: false})
@Entity_()
export class Transfer {
    constructor(props?: Partial<Transfer>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<event id>`, `<chain>:<event id>-<n>`, `<chain>:opening:<asset key>:<account key>` or `<chain>:adjustment:<height>:<asset key>:<account key>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @Column_("varchar", {length: 10, nullable: false})
    kind!: TransferKind

    @ManyToOne_(() => Asset, {nullable: true})
    asset!: Asset

    /**
     * NFT item id
     */
    @StringColumn_({nullable: true})
    item!: string | undefined | null

    /**
     * The NFT item it moved.
     */
    @Index_()
    @ManyToOne_(() => NftItem, {nullable: true})
    nftItem!: NftItem | undefined | null

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @Index_()
    @StringColumn_({nullable: true})
    from!: string | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    to!: string | undefined | null

    /**
     * The account rows of `from` and `to` (every party seen has one).
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    fromAccount!: Account | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    toAccount!: Account | undefined | null

    /**
     * The approved spender of an Assets.TransferredApproved
     */
    @StringColumn_({nullable: true})
    delegate!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    delegateAccount!: Account | undefined | null

    /**
     * The event it was read from (`Balances.Transfer`, ...)
     */
    @StringColumn_({nullable: false})
    eventName!: string

    @Index_()
    @ManyToOne_(() => Event, {nullable: true})
    event!: Event | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @Index_()
    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null

    /**
     * The extrinsic it happened in (null: in a block's initialization or finalization, or an opening balance or adjustment).
     */
    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    extrinsic!: Extrinsic | undefined | null

    @Index_()
    @ManyToOne_(() => XcmMessage, {nullable: true})
    xcmMessage!: XcmMessage | undefined | null
}
