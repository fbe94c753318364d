import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Period} from "./_period"

/**
 * Hourly and daily totals per contract.
 */
@Index_(["chain", "contractAddress", "period", "start"], {unique: false})
@Index_(["chain", "period", "start"], {unique: false})
@Entity_()
export class ContractStat {
    constructor(props?: Partial<ContractStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<address>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    contractAddress!: string

    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    calls!: number

    @IntColumn_({nullable: false})
    events!: number

    @IntColumn_({nullable: false})
    failures!: number

    @IntColumn_({nullable: false})
    distinctCallers!: number
}
