import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {CounterpartChain} from "./counterpartChain.model"

/**
 * Daily XCM totals per counterpart (UTC days).
 */
@Index_(["chain", "day"], {unique: false})
@Entity_()
export class CounterpartDay {
    constructor(props?: Partial<CounterpartDay>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<counterpart>:<YYYY-MM-DD>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @StringColumn_({nullable: false})
    counterpart!: string

    @Index_()
    @ManyToOne_(() => CounterpartChain, {nullable: true})
    counterpartChain!: CounterpartChain

    @Index_()
    @DateTimeColumn_({nullable: false})
    day!: Date

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
