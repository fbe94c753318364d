import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, ManyToOne as ManyToOne_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Block} from "./block.model"
import {RuntimeUpgrade} from "./runtimeUpgrade.model"

@Entity_()
export class RuntimeVersion {
    constructor(props?: Partial<RuntimeVersion>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<specName>@<specVersion>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    specName!: string

    @IntColumn_({nullable: false})
    specVersion!: number

    @IntColumn_({nullable: false})
    implVersion!: number

    @IntColumn_({nullable: false})
    firstHeight!: number

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    firstBlock!: Block

    /**
     * The upgrades that brought this version in.
     */
    @OneToMany_(() => RuntimeUpgrade, e => e.version)
    upgrades!: RuntimeUpgrade[]
}
