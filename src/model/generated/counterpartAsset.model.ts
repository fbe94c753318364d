import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {CounterpartChain} from "./counterpartChain.model"

/**
 * One asset's XCM flow between the indexed chain and one counterpart (ids as the indexed chain reads them).
 */
@Index_(["chain", "assetId"], {unique: false})
@Entity_()
export class CounterpartAsset {
    constructor(props?: Partial<CounterpartAsset>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<counterpart>:<asset id>`
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

    /**
     * The asset's location as the indexed chain reads it (`Parent` is the relay token on a parachain, `Here` its own token)
     */
    @Index_()
    @StringColumn_({nullable: false})
    assetId!: string

    /**
     * Messages that moved it in / out
     */
    @IntColumn_({nullable: false})
    messagesIn!: number

    @IntColumn_({nullable: false})
    messagesOut!: number

    /**
     * Fungible amounts in / out (smallest unit); non-fungible items count 1 each
     */
    @BigIntColumn_({nullable: false})
    amountIn!: bigint

    @BigIntColumn_({nullable: false})
    amountOut!: bigint

    @IntColumn_({nullable: false})
    lastActivityHeight!: number

    @DateTimeColumn_({nullable: true})
    lastActivityTime!: Date | undefined | null
}
