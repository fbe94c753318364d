import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

@Entity_()
export class Account {
    constructor(props?: Partial<Account>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<hex public key>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @StringColumn_({nullable: false})
    publicKey!: string

    /**
     * The key rendered with the chain's SS58 prefix.
     */
    @Index_()
    @StringColumn_({nullable: false})
    address!: string

    @IntColumn_({nullable: false})
    firstSeenHeight!: number

    @IntColumn_({nullable: false})
    lastSeenHeight!: number

    /**
     * Signed extrinsics sent by this account.
     */
    @IntColumn_({nullable: false})
    extrinsicsCount!: number
}
