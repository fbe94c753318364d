import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {CounterpartChain} from "./counterpartChain.model"
import {Period} from "./_period"

/**
 * Hourly and daily XCM totals per counterpart (UTC buckets): messages in and out, inbound outcomes in the bucket they were processed in, relay-token value (a failed inbound message's value comes off in the bucket of its failure).
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

    @Index_()
    @ManyToOne_(() => CounterpartChain, {nullable: true})
    counterpartChain!: CounterpartChain

    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    messagesIn!: number

    @IntColumn_({nullable: false})
    messagesOut!: number

    @IntColumn_({nullable: false})
    processedIn!: number

    @IntColumn_({nullable: false})
    failedIn!: number

    @BigIntColumn_({nullable: false})
    valueIn!: bigint

    @BigIntColumn_({nullable: false})
    valueOut!: bigint
}
