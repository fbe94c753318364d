import {Entity as Entity_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_} from '@subsquid/typeorm-store'

/**
 * Where an indexed chain's processor keeps its state (height, hot blocks): the schema `indexerStatus`
 * reads. Internal: written here by hand, not in schema.graphql, so the API does not serve it.
 */
@Entity_()
export class ChainState {
    constructor(props?: Partial<ChainState>) {
        Object.assign(this, props)
    }

    /** The chain key, as `IndexedChain.id`. */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    stateSchema!: string
}
