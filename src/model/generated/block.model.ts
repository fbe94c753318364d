import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Extrinsic} from "./extrinsic.model"
import {Event} from "./event.model"

@Entity_()
export class Block {
    constructor(props?: Partial<Block>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<height padded to 10>-<first 5 hex of hash>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @IntColumn_({nullable: false})
    height!: number

    @Index_()
    @StringColumn_({nullable: false})
    hash!: string

    @StringColumn_({nullable: false})
    parentHash!: string

    @Index_()
    @DateTimeColumn_({nullable: true})
    timestamp!: Date | undefined | null

    @StringColumn_({nullable: false})
    specName!: string

    @Index_()
    @IntColumn_({nullable: false})
    specVersion!: number

    @IntColumn_({nullable: false})
    extrinsicsCount!: number

    @IntColumn_({nullable: false})
    callsCount!: number

    @IntColumn_({nullable: false})
    eventsCount!: number

    @OneToMany_(() => Extrinsic, e => e.block)
    extrinsics!: Extrinsic[]

    @OneToMany_(() => Event, e => e.block)
    events!: Event[]
}
