import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model"
import {Period} from "./_period"

/**
 * Hourly and daily totals per account (signed extrinsics and movements).
 */
@Index_(["chain", "period", "start"], {unique: false})
@Entity_()
export class AccountStat {
    constructor(props?: Partial<AccountStat>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<account key>:<period>:<start ISO>`
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    chain!: string

    @StringColumn_({nullable: false})
    account!: string

    /**
     * The account's row (null for a party that is no address)
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    holder!: Account | undefined | null

    @Column_("varchar", {length: 4, nullable: false})
    period!: Period

    @DateTimeColumn_({nullable: false})
    start!: Date

    @IntColumn_({nullable: false})
    extrinsics!: number

    @IntColumn_({nullable: false})
    transfers!: number
}
