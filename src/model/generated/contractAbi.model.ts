import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, JSONColumn as JSONColumn_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * An ABI registered for a code hash (every instance) or for one contract address.
 */
@Entity_()
export class ContractAbi {
    constructor(props?: Partial<ContractAbi>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:code:<hash>` or `<chain>:address:<address>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @StringColumn_({nullable: true})
    codeHash!: string | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    address!: string | undefined | null

    /**
     * `ink-v4`, `ink-v5`, `ink-v6` or `solidity`
     */
    @StringColumn_({nullable: false})
    kind!: string

    /**
     * Contract name from the metadata, when it has one.
     */
    @StringColumn_({nullable: true})
    contractName!: string | undefined | null

    @JSONColumn_({nullable: false})
    metadata!: unknown

    @DateTimeColumn_({nullable: false})
    registeredTime!: Date

    /**
     * `pending`, `running`, `done` or `failed: <reason>`; `removing` while it is being removed (out of use), `removing (failed: <reason>; remove it again)` when that failed
     */
    @StringColumn_({nullable: false})
    redecodeStatus!: string

    @IntColumn_({nullable: false})
    redecodeTotal!: number

    @IntColumn_({nullable: false})
    redecodeDone!: number
}
