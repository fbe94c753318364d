import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, ManyToOne as ManyToOne_} from "@subsquid/typeorm-store"
import {Block} from "./block.model"
import {RuntimeVersion} from "./runtimeVersion.model"

/**
 * A change of the runtime between two consecutive blocks.
 */
@Entity_()
export class RuntimeUpgrade {
    constructor(props?: Partial<RuntimeUpgrade>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<height>`
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
    @ManyToOne_(() => Block, {nullable: true})
    block!: Block

    @IntColumn_({nullable: false})
    fromSpecVersion!: number

    @IntColumn_({nullable: false})
    toSpecVersion!: number

    /**
     * The runtime version it brought in.
     */
    @Index_()
    @ManyToOne_(() => RuntimeVersion, {nullable: true})
    version!: RuntimeVersion | undefined | null

    /**
     * The event that applied the new code (`System.CodeUpdated` or `ParachainSystem.ValidationFunctionApplied`) in the previous block, if seen.
     */
    @StringColumn_({nullable: true})
    cause!: string | undefined | null
}
