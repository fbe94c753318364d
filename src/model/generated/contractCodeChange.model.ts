import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Contract} from "./contract.model"

@Entity_()
export class ContractCodeChange {
    constructor(props?: Partial<ContractCodeChange>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @ManyToOne_(() => Contract, {nullable: true})
    contract!: Contract

    @Index_()
    @IntColumn_({nullable: false})
    height!: number

    @StringColumn_({nullable: true})
    oldCodeHash!: string | undefined | null

    @StringColumn_({nullable: false})
    newCodeHash!: string
}
