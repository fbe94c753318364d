import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {CounterpartStat} from "./counterpartStat.model"
import {XcmMessage} from "./xcmMessage.model"
import {CounterpartAsset} from "./counterpartAsset.model"

/**
 * A chain the indexed chain exchanges XCM with (the relay, Asset Hub, each sibling or dAppChain), and its totals.
 */
@Entity_()
export class CounterpartChain {
    constructor(props?: Partial<CounterpartChain>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<counterpart>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    /**
     * `relay` or `para:<id>`
     */
    @Index_()
    @StringColumn_({nullable: false})
    counterpart!: string

    @Index_()
    @IntColumn_({nullable: true})
    paraId!: number | undefined | null

    @IntColumn_({nullable: false})
    messagesIn!: number

    @IntColumn_({nullable: false})
    messagesOut!: number

    @IntColumn_({nullable: false})
    processedIn!: number

    @IntColumn_({nullable: false})
    failedIn!: number

    /**
     * Relay-token (DOT / PAS) amounts moved by the messages, in planck
     */
    @BigIntColumn_({nullable: false})
    valueIn!: bigint

    @BigIntColumn_({nullable: false})
    valueOut!: bigint

    @IntColumn_({nullable: false})
    firstActivityHeight!: number

    @IntColumn_({nullable: false})
    lastActivityHeight!: number

    @DateTimeColumn_({nullable: true})
    firstActivityTime!: Date | undefined | null

    @DateTimeColumn_({nullable: true})
    lastActivityTime!: Date | undefined | null

    /**
     * Its hourly and daily totals (`period`: `hour` or `day`, UTC).
     */
    @OneToMany_(() => CounterpartStat, e => e.counterpartChain)
    stats!: CounterpartStat[]

    /**
     * The messages exchanged with it, both directions
     */
    @OneToMany_(() => XcmMessage, e => e.counterpartChain)
    messages!: XcmMessage[]

    /**
     * Every asset moved to and from this counterpart, with its totals
     */
    @OneToMany_(() => CounterpartAsset, e => e.counterpartChain)
    assets!: CounterpartAsset[]
}
