import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Period} from "./_period"

/**
 * Hourly and daily totals of the indexed chain.
 */
@Index_(["chain", "period", "start"], {unique: false})
@Entity_()
export class ChainStat {
    constructor(props?: Partial<ChainStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    /**
     * `hour` or `day`
     */
    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    blocks!: number

    @IntColumn_({nullable: false})
    extrinsics!: number

    @IntColumn_({nullable: false})
    failedExtrinsics!: number

    @IntColumn_({nullable: false})
    events!: number
}
