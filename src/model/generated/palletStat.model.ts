import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Period} from "./_period"

/**
 * Hourly and daily totals per pallet.
 */
@Index_(["chain", "pallet", "period", "start"], {unique: false})
@Index_(["chain", "period", "start"], {unique: false})
@Entity_()
export class PalletStat {
    constructor(props?: Partial<PalletStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<pallet>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    pallet!: string

    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    events!: number

    /**
     * Extrinsics whose call is in this pallet
     */
    @IntColumn_({nullable: false})
    calls!: number
}
