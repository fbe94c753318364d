import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Asset} from "./asset.model"
import {Account} from "./account.model"

/**
 * What one account holds of one asset (NFT: how many items of the collection).
 */
@Index_(["asset", "balance"], {unique: false})
@Entity_()
export class AssetBalance {
    constructor(props?: Partial<AssetBalance>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<asset key>:<account key>` (the hex public key)
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @ManyToOne_(() => Asset, {nullable: true})
    asset!: Asset

    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    /**
     * The holder's account row.
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    holder!: Account | undefined | null

    /**
     * Native: free + reserved. Assets: the account's balance. NFT: items held.
     */
    @BigIntColumn_({nullable: false})
    balance!: bigint

    /**
     * Native only: the reserved (held) part
     */
    @BigIntColumn_({nullable: true})
    reserved!: bigint | undefined | null

    @BooleanColumn_({nullable: false})
    isFrozen!: boolean

    @IntColumn_({nullable: false})
    firstReceivedHeight!: number

    @IntColumn_({nullable: false})
    lastChangeHeight!: number
}
