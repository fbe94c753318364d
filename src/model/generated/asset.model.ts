import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {AssetKind} from "./_assetKind"
import {Account} from "./account.model"
import {AssetBalance} from "./assetBalance.model"
import {AssetApproval} from "./assetApproval.model"
import {Transfer} from "./transfer.model"

/**
 * An asset of the indexed chain, with its current state.
 */
@Entity_()
export class Asset {
    constructor(props?: Partial<Asset>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<asset key>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    /**
     * `native`, `asset:<id>` or `nft:<collection>`
     */
    @Index_()
    @StringColumn_({nullable: false})
    key!: string

    @Index_()
    @Column_("varchar", {length: 8, nullable: false})
    kind!: AssetKind

    /**
     * The pallet-assets id or the NFT collection id (null for the native token)
     */
    @StringColumn_({nullable: true})
    assetId!: string | undefined | null

    @StringColumn_({nullable: true})
    name!: string | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    symbol!: string | undefined | null

    @IntColumn_({nullable: true})
    decimals!: number | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    owner!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    ownerAccount!: Account | undefined | null

    @StringColumn_({nullable: true})
    issuer!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    issuerAccount!: Account | undefined | null

    @StringColumn_({nullable: true})
    admin!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    adminAccount!: Account | undefined | null

    /**
     * Units held by all accounts (NFT: live items). Native: free + reserved of all accounts.
     */
    @BigIntColumn_({nullable: false})
    supply!: bigint

    /**
     * The chain's own issuance counter (Balances.TotalIssuance, Assets.Asset supply) when last read; differs from `supply` only when the chain's counter disagrees with its accounts
     */
    @BigIntColumn_({nullable: true})
    chainSupply!: bigint | undefined | null

    /**
     * Block at which the balances of this asset were last compared with the chain's storage
     */
    @IntColumn_({nullable: true})
    reconciledAtHeight!: number | undefined | null

    /**
     * pallet-assets: the least balance an account may hold
     */
    @BigIntColumn_({nullable: true})
    minBalance!: bigint | undefined | null

    @StringColumn_({nullable: true})
    freezer!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    freezerAccount!: Account | undefined | null

    /**
     * Accounts holding more than zero.
     */
    @IntColumn_({nullable: false})
    holderCount!: number

    /**
     * Movements of kind TRANSFER, XCM_IN and XCM_OUT
     */
    @IntColumn_({nullable: false})
    transfersCount!: number

    /**
     * Sum of the amounts of those movements
     */
    @BigIntColumn_({nullable: false})
    volume!: bigint

    @BooleanColumn_({nullable: false})
    isFrozen!: boolean

    /**
     * NFT collection metadata (hex, or UTF-8 text when it is text)
     */
    @StringColumn_({nullable: true})
    metadata!: string | undefined | null

    @IntColumn_({nullable: true})
    createdAtHeight!: number | undefined | null

    @IntColumn_({nullable: true})
    destroyedAtHeight!: number | undefined | null

    @OneToMany_(() => AssetBalance, e => e.asset)
    balances!: AssetBalance[]

    @OneToMany_(() => AssetApproval, e => e.asset)
    approvals!: AssetApproval[]

    /**
     * Its movements of value.
     */
    @OneToMany_(() => Transfer, e => e.asset)
    transfers!: Transfer[]
}
