import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import {Block} from "./block.model"
import {Extrinsic} from "./extrinsic.model"
import {EventPhase} from "./_eventPhase"

/**
 * Every event, raw. Domain tables link back here.
 */
@Index_(["chain", "blockHeight"], {unique: false})
@Index_(["name", "blockHeight", "chain"], {unique: false})
@Index_(["name", "chain", "id"], {unique: false})
@Entity_()
export class Event {
    constructor(props?: Partial<Event>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    block!: Block

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    extrinsic!: Extrinsic | undefined | null

    @IntColumn_({nullable: false})
    index!: number

    @Column_("varchar", {length: 14, nullable: false})
    phase!: EventPhase

    @Index_()
    @StringColumn_({nullable: false})
    pallet!: string

    /**
     * `Pallet.Event`, e.g. `Balances.Transfer`
     */
    @StringColumn_({nullable: false})
    name!: string

    @JSONColumn_({nullable: true})
    args!: unknown | undefined | null

    /**
     * The event record's topics (hex).
     */
    @StringColumn_({array: true, nullable: false})
    topics!: (string)[]

    /**
     * Set when a decoder that should read this event could not: the reason. The raw args stay.
     */
    @StringColumn_({nullable: true})
    decodeError!: string | undefined | null
}
