import 'reflect-metadata'
import {Arg, Field, Int, ObjectType, Query, Resolver} from 'type-graphql'
import type {EntityManager} from 'typeorm'
import {loadConfig} from '../../config/env'
import {readChainHead, readProcessorState} from '../../status'

@ObjectType({description: 'How far the indexer is for one chain, against that chain\'s head.'})
export class IndexerStatus {
    @Field(() => String)
    chain!: string

    @Field(() => Int, {nullable: true, description: 'Highest block written (hot blocks included).'})
    indexedHeight!: number | null

    @Field(() => String, {nullable: true})
    indexedHash!: string | null

    @Field(() => Int, {nullable: true, description: 'Highest block the processor treats as final; blocks above it may still roll back.'})
    finalizedHeight!: number | null

    @Field(() => Int, {nullable: true, description: 'The chain\'s best block, from its RPC (null when no endpoint is configured for this chain or it did not answer).'})
    chainHead!: number | null

    @Field(() => Int, {nullable: true, description: 'The chain\'s finalized block, from its RPC.'})
    chainFinalized!: number | null

    @Field(() => Int, {nullable: true, description: 'chainHead - indexedHeight.'})
    lag!: number | null

    @Field(() => String, {nullable: true, description: 'Why chainHead is null, when the RPC failed.'})
    rpcError!: string | null
}

@Resolver()
export class StatusResolver {
    constructor(private tx: () => Promise<EntityManager>) {}

    @Query(() => [IndexerStatus], {description: 'Indexed height, chain head and finalized height of every indexed chain (or one).'})
    async indexerStatus(@Arg('chain', () => String, {nullable: true}) chain?: string | null): Promise<IndexerStatus[]> {
        const em = await this.tx()
        const chains: {id: string, state_schema: string}[] = await em.query(
            'SELECT c.id, s.state_schema FROM indexed_chain c JOIN chain_state s ON s.id = c.id WHERE $1::text IS NULL OR c.id = $1 ORDER BY c.id', [chain ?? null]
        )
        return Promise.all(chains.map(async (c) => {
            const state = await readProcessorState(em, c.state_schema)
            const rpc = configuredRpc(c.id)
            const head = rpc ? await readChainHead(rpc) : {head: null, finalized: null, error: 'no RPC endpoint configured for this chain in the API server'}
            return {
                chain: c.id,
                indexedHeight: state.height,
                indexedHash: state.hash,
                finalizedHeight: state.finalizedHeight,
                chainHead: head.head,
                chainFinalized: head.finalized,
                lag: head.head != null && state.height != null ? Math.max(head.head - state.height, 0) : null,
                rpcError: head.error,
            }
        }))
    }
}

/** The API server's RPC endpoint for a chain: the one its own CHAIN/CHAIN_ID/RPC_ENDPOINT settings name. */
function configuredRpc(chainId: string): string | undefined {
    try {
        const config = loadConfig()
        return config.chainId == chainId ? config.rpcEndpoints[0] : undefined
    } catch {
        return undefined
    }
}
