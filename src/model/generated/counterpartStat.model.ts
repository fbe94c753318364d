import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"

/**
 * Hourly and daily XCM totals per counterpart (the daily ones equal CounterpartDay).
 */
@Index_(["chain", "counterpart", "period", "start"], {unique: false})
@Entity_()
export class CounterpartStat {
    constructor(props?: Partial<CounterpartStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<counterpart>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    counterpart!: string

    @StringColumn_({nullable: false})
    period!: string

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    messagesIn!: number

    @IntColumn_({nullable: false})
    messagesOut!: number

    @BigIntColumn_({nullable: false})
    valueIn!: bigint

    @BigIntColumn_({nullable: false})
    valueOut!: bigint
}
