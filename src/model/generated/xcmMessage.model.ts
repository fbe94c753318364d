import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, OneToMany as OneToMany_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import * as marshal from "./marshal"
import {XcmDirection} from "./_xcmDirection"
import {XcmTransport} from "./_xcmTransport"
import {CounterpartChain} from "./counterpartChain.model"
import {XcmStatus} from "./_xcmStatus"
import {XcmInstruction} from "./_xcmInstruction"
import {XcmAsset} from "./_xcmAsset"
import {Account} from "./account.model"
import {Block} from "./block.model"
import {Extrinsic} from "./extrinsic.model"
import {Transfer} from "./transfer.model"

/**
 * One XCM message sent or received by the indexed chain.
 */
@Index_(["chain", "blockHeight"], {unique: false})
@Entity_()
export class XcmMessage {
    constructor(props?: Partial<XcmMessage>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:out:<event id>` or `<chain>:in:<block id>:<dmp|hrmp>:<n>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @Column_("varchar", {length: 3, nullable: false})
    direction!: XcmDirection

    @Index_()
    @Column_("varchar", {length: 4, nullable: false})
    transport!: XcmTransport

    /**
     * The other chain: `relay` or `para:<id>`
     */
    @Index_()
    @StringColumn_({nullable: false})
    counterpart!: string

    /**
     * The other chain's row, with its totals
     */
    @Index_()
    @ManyToOne_(() => CounterpartChain, {nullable: true})
    counterpartChain!: CounterpartChain | undefined | null

    /**
     * Outbound: the receiving chain's row for this message, when that chain is indexed in the same database (matched by id or hash, as `xcmJourney` matches; the first receipt)
     */
    @Index_()
    @ManyToOne_(() => XcmMessage, {nullable: true})
    receipt!: XcmMessage | undefined | null

    /**
     * Inbound: the sending chain's rows for this message, when that chain is indexed here
     */
    @OneToMany_(() => XcmMessage, e => e.receipt)
    sentAs!: XcmMessage[]

    /**
     * The SetTopic id when the message carries one (the router adds it to what Pop sends), else blake2-256 of the message
     */
    @Index_()
    @StringColumn_({nullable: false})
    messageId!: string

    /**
     * blake2-256 of the message bytes (XcmpMessageSent / UpwardMessageSent hash for outbound)
     */
    @Index_()
    @StringColumn_({nullable: true})
    messageHash!: string | undefined | null

    @Index_()
    @Column_("varchar", {length: 10, nullable: false})
    status!: XcmStatus

    @BooleanColumn_({nullable: true})
    success!: boolean | undefined | null

    @IntColumn_({nullable: true})
    version!: number | undefined | null

    /**
     * The instructions, version-free
     */
    @Column_("jsonb", {transformer: {to: obj => obj == null ? undefined : obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new XcmInstruction(undefined, marshal.nonNull(val)))}, nullable: true})
    instructions!: (XcmInstruction)[] | undefined | null

    /**
     * The instructions' names in order, version-free (`ReserveAssetDeposited`, `BuyExecution`, ...): filter with `instructionKinds_containsAny`
     */
    @StringColumn_({array: true, nullable: false})
    instructionKinds!: (string)[]

    /**
     * The assets the message moves, as written in it (an outbound message is written as its receiver reads it: the relay token is `Here` to the relay)
     */
    @Column_("jsonb", {transformer: {to: obj => obj == null ? undefined : obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new XcmAsset(undefined, marshal.nonNull(val)))}, nullable: true})
    assets!: (XcmAsset)[] | undefined | null

    /**
     * The same assets as the indexed chain reads them (`Parent` = the relay token on a parachain, `Here` = the chain's own token)
     */
    @Column_("jsonb", {transformer: {to: obj => obj == null ? undefined : obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new XcmAsset(undefined, marshal.nonNull(val)))}, nullable: true})
    localAssets!: (XcmAsset)[] | undefined | null

    /**
     * The ids of `localAssets` (`Parent`, `Here`, `Parent/Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)`), the same whichever the direction: filter with `assetIds_containsAny`
     */
    @StringColumn_({array: true, nullable: false})
    assetIds!: (string)[]

    @Index_()
    @StringColumn_({nullable: true})
    beneficiary!: string | undefined | null

    /**
     * Signed origin account of an outbound message
     */
    @Index_()
    @StringColumn_({nullable: true})
    sender!: string | undefined | null

    /**
     * The sender's account row.
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    senderAccount!: Account | undefined | null

    /**
     * Delivery fees the sender paid (PolkadotXcm.FeesPaid), outbound
     */
    @Column_("jsonb", {transformer: {to: obj => obj == null ? undefined : obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new XcmAsset(undefined, marshal.nonNull(val)))}, nullable: true})
    fees!: (XcmAsset)[] | undefined | null

    /**
     * Hex of the message when it was read from bytes (inbound)
     */
    @StringColumn_({nullable: true})
    raw!: string | undefined | null

    /**
     * Why the message could not be decoded; it is kept raw
     */
    @StringColumn_({nullable: true})
    decodeError!: string | undefined | null

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
    extrinsic!: Extrinsic | undefined | null

    @IntColumn_({nullable: true})
    processedAtHeight!: number | undefined | null

    @JSONColumn_({nullable: true})
    weightUsed!: unknown | undefined | null

    /**
     * Why processing failed (MessageQueue.ProcessingFailed), inbound
     */
    @StringColumn_({nullable: true})
    error!: string | undefined | null

    /**
     * What the message's execution did: deposits, mints, trapped assets (`[{event, args}]`), inbound
     */
    @JSONColumn_({nullable: true})
    effects!: unknown | undefined | null

    /**
     * Assets trapped by the execution (PolkadotXcm.AssetsTrapped), inbound
     */
    @Column_("jsonb", {transformer: {to: obj => obj == null ? undefined : obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new XcmAsset(undefined, marshal.nonNull(val)))}, nullable: true})
    trappedAssets!: (XcmAsset)[] | undefined | null

    /**
     * The movements of value it caused on the indexed chain (deposits, withdrawals).
     */
    @OneToMany_(() => Transfer, e => e.xcmMessage)
    transfers!: Transfer[]
}
