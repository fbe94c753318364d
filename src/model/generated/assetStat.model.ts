import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Period} from "./_period"

/**
 * Hourly and daily totals per asset.
 */
@Index_(["chain", "assetKey", "period", "start"], {unique: false})
@Index_(["chain", "period", "start"], {unique: false})
@Entity_()
export class AssetStat {
    constructor(props?: Partial<AssetStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<asset key>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    assetKey!: string

    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    /**
     * Sum of TRANSFER, XCM_IN and XCM_OUT amounts
     */
    @BigIntColumn_({nullable: false})
    volume!: bigint

    /**
     * Count of those movements
     */
    @IntColumn_({nullable: false})
    transfers!: number

    /**
     * Distinct accounts in any movement but OPENING
     */
    @IntColumn_({nullable: false})
    activeAccounts!: number

    /**
     * Accounts that received the asset for the first time
     */
    @IntColumn_({nullable: false})
    newHolders!: number
}
