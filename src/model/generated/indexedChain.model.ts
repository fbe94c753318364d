import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * A chain indexed into this database (not a counterpart chain seen through XCM).
 */
@Entity_()
export class IndexedChain {
    constructor(props?: Partial<IndexedChain>) {
        Object.assign(this, props)
    }

    /**
     * The chain key from configuration, e.g. `pop`, `pop-testnet`, `local`.
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    preset!: string

    @IntColumn_({nullable: true})
    paraId!: number | undefined | null

    @IntColumn_({nullable: false})
    ss58Prefix!: number

    @StringColumn_({nullable: false})
    tokenSymbol!: string

    @IntColumn_({nullable: false})
    tokenDecimals!: number

    /**
     * Hash of block 0 as the RPC reports it.
     */
    @StringColumn_({nullable: true})
    genesisHash!: string | undefined | null

    @IntColumn_({nullable: false})
    firstIndexedHeight!: number
}
