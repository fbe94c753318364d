import {Entity as Entity_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_} from '@subsquid/typeorm-store'

/**
 * An account seen in a bucket (what `activeAccounts` and `distinctCallers` count), kept so that
 * each is counted once however many batches see it. Internal bookkeeping: written here by hand,
 * not in schema.graphql, so the API does not serve it.
 */
@Entity_()
export class ActivityMark {
    constructor(props?: Partial<ActivityMark>) {
        Object.assign(this, props)
    }

    /** `<chain>:<subject>:<period>:<start ISO>:<account>` */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @IntColumn_({nullable: false})
    height!: number
}
