import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {Block} from "./block.model"
import {Contract} from "./contract.model"

@Entity_()
export class ContractCode {
    constructor(props?: Partial<ContractCode>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<code hash>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    /**
     * `contracts` or `revive`
     */
    @StringColumn_({nullable: false})
    pallet!: string

    @Index_()
    @StringColumn_({nullable: false})
    codeHash!: string

    /**
     * Public key (pallet-contracts) or H160 (pallet-revive) of the uploader, when the runtime says.
     */
    @Index_()
    @StringColumn_({nullable: true})
    uploader!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    uploaderAccount!: Account | undefined | null

    @BigIntColumn_({nullable: true})
    deposit!: bigint | undefined | null

    /**
     * Size in bytes of the uploaded code, when it came with a call this indexer saw.
     */
    @IntColumn_({nullable: true})
    size!: number | undefined | null

    @IntColumn_({nullable: false})
    storedAtHeight!: number

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    storedBlock!: Block | undefined | null

    /**
     * Last block in which the code was stored, instantiated, called or set.
     */
    @IntColumn_({nullable: false})
    lastUsedHeight!: number

    @IntColumn_({nullable: true})
    removedAtHeight!: number | undefined | null

    @IntColumn_({nullable: false})
    instancesCount!: number

    @OneToMany_(() => Contract, e => e.code)
    contracts!: Contract[]
}
