import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, BooleanColumn as BooleanColumn_, BigIntColumn as BigIntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {ContractCode} from "./contractCode.model"
import {Block} from "./block.model"
import {Extrinsic} from "./extrinsic.model"
import {ContractCodeChange} from "./contractCodeChange.model"
import {ContractCall} from "./contractCall.model"
import {ContractEvent} from "./contractEvent.model"

@Entity_()
export class Contract {
    constructor(props?: Partial<Contract>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<address>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    pallet!: string

    /**
     * Hex: 32 bytes (pallet-contracts) or 20 bytes (pallet-revive).
     */
    @Index_()
    @StringColumn_({nullable: false})
    address!: string

    /**
     * SS58 form of a 32-byte address, with the chain's prefix.
     */
    @Index_()
    @StringColumn_({nullable: true})
    addressSs58!: string | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    deployer!: string | undefined | null

    /**
     * The deployer's account row (every party seen has one).
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    deployerAccount!: Account | undefined | null

    /**
     * Null only when neither the call nor the chain's storage named it.
     */
    @Index_()
    @ManyToOne_(() => ContractCode, {nullable: true})
    code!: ContractCode | undefined | null

    @Index_()
    @StringColumn_({nullable: true})
    codeHash!: string | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    instantiatedAtHeight!: number

    @Index_()
    @ManyToOne_(() => Block, {nullable: true})
    instantiatedBlock!: Block

    @Index_()
    @ManyToOne_(() => Extrinsic, {nullable: true})
    instantiatedIn!: Extrinsic | undefined | null

    /**
     * True when the deployment was derived from a call (revive runtimes without an `Instantiated` event).
     */
    @BooleanColumn_({nullable: false})
    derivedFromCall!: boolean

    @IntColumn_({nullable: true})
    terminatedAtHeight!: number | undefined | null

    @StringColumn_({nullable: true})
    beneficiary!: string | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    beneficiaryAccount!: Account | undefined | null

    /**
     * Net storage deposit held for this contract (held - released).
     */
    @BigIntColumn_({nullable: false})
    storageDeposit!: bigint

    @IntColumn_({nullable: false})
    callsCount!: number

    @IntColumn_({nullable: false})
    failedCallsCount!: number

    @IntColumn_({nullable: false})
    eventsCount!: number

    @OneToMany_(() => ContractCodeChange, e => e.contract)
    codeChanges!: ContractCodeChange[]

    @OneToMany_(() => ContractCall, e => e.contract)
    calls!: ContractCall[]

    @OneToMany_(() => ContractEvent, e => e.contract)
    events!: ContractEvent[]
}
