import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Asset} from "./asset.model"
import {Account} from "./account.model"
import {Transfer} from "./transfer.model"

/**
 * An NFT item (pallet-nfts).
 */
@Entity_()
export class NftItem {
    constructor(props?: Partial<NftItem>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:nft:<collection>:<item>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Asset, {nullable: true})
    collection!: Asset

    @StringColumn_({nullable: false})
    item!: string

    @Index_()
    @StringColumn_({nullable: true})
    owner!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    ownerAccount!: Account | undefined | null

    @StringColumn_({nullable: true})
    metadata!: string | undefined | null

    @IntColumn_({nullable: false})
    mintedAtHeight!: number

    @IntColumn_({nullable: true})
    burnedAtHeight!: number | undefined | null

    @IntColumn_({nullable: false})
    transfersCount!: number

    /**
     * Its mint, transfers and burn.
     */
    @OneToMany_(() => Transfer, e => e.nftItem)
    transfers!: Transfer[]
}
