import {Client} from 'pg'
import {redactUrl} from '../config/redact'
import {Config} from '../config/env'
import {rpcCall, toHttpUrl} from '../rpc/client'
import {readProcessorState} from '../status'
import {DOMAIN_MODULES} from '../mappings'

/**
 * Statements that remove one chain's rows from `height` on: every domain's rollback, children
 * first (the modules in reverse order), then what each derives, rebuilt from the rows that remain
 * (module order). $1 = chain key, $2 = first height to remove. The result equals a run that
 * stopped at height - 1.
 */
const ROLLBACK_SQL: string[] = [
    ...[...DOMAIN_MODULES].reverse().flatMap((m) => m.rollback),
    ...DOMAIN_MODULES.flatMap((m) => m.rebuild ?? []),
]

export interface ConsistencyProblem {
    height: number
    indexedHash: string
    chainHash: string | null
}

/**
 * Checks that the last block the processor treats as final is still on the chain. When it is not,
 * the chain was reset or forked deeper than the finality window: continuing would mix two chains.
 */
export async function checkIndexedChain(client: Client, config: Config): Promise<ConsistencyProblem | undefined> {
    const state = await readProcessorState(client, config.stateSchema)
    if (state.finalizedHeight == null || state.finalizedHeight < 0) return undefined
    const {rows} = await client.query(`SELECT hash FROM "${config.stateSchema}".status WHERE id = 0`)
    const indexedHash: string | undefined = rows[0]?.hash
    if (!indexedHash || state.finalizedHeight < config.startBlock) return undefined
    const chainHash = await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [state.finalizedHeight], 10_000).catch((err) => {
        throw new Error(`the chain's RPC ${redactUrl(config.rpcEndpoints[0])} does not answer (${(err as Error).message})`)
    })
    if (chainHash == indexedHash) return undefined
    return {height: state.finalizedHeight, indexedHash, chainHash}
}

export function describeProblem(p: ConsistencyProblem, config: Config): string {
    const safe = Math.max(config.startBlock, p.height - 100)
    return [
        `the chain no longer has block #${p.height} ${p.indexedHash}, which was indexed as final ` +
        `(the chain has ${p.chainHash ?? 'no block'} at that height).`,
        `The chain was reset, or forked deeper than FINALITY_CONFIRMATION=${config.finalityConfirmation} blocks.`,
        `Nothing more was written. To recover, re-index from a block both chains share, for example:`,
        `  pop-squid reindex --from ${safe}`,
        `or, after a chain reset, start over with an empty database (or another DB_NAME).`,
    ].join('\n')
}

/**
 * Removes this chain's rows from `from` on and points the processor state at block from - 1
 * as the chain has it now, so the next run re-indexes from `from`. Runs in one transaction.
 */
export async function reindexFrom(client: Client, config: Config, requested: number): Promise<{from: number, removedBlocks: number}> {
    if (requested < config.startBlock) throw new Error(`--from ${requested} is below START_BLOCK=${config.startBlock}`)
    const schema = config.stateSchema
    // Rows between the final height and `requested` may belong to an orphaned branch: redo them too.
    const state = await readProcessorState(client, schema)
    const from = state.finalizedHeight == null ? requested : Math.min(requested, state.finalizedHeight + 1)
    const resumeHeight = from - 1
    const resumeHash = resumeHeight < 0 ? '0x' : await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [resumeHeight], 10_000).catch((err) => {
        throw new Error(`the chain's RPC ${redactUrl(config.rpcEndpoints[0])} does not answer (${(err as Error).message}): reindex reads the hash of block #${resumeHeight} from it, so start the chain (or point RPC_ENDPOINT at it) and run reindex again`)
    })
    if (resumeHash == null) throw new Error(`the chain has no block #${resumeHeight}: choose a lower --from`)
    await client.query('BEGIN')
    try {
        const {rows} = await client.query(`SELECT count(*) AS n FROM block WHERE chain = $1 AND height >= $2`, [config.chainId, from])
        for (const sql of ROLLBACK_SQL) await client.query(sql, sql.includes('$2') ? [config.chainId, from] : [config.chainId])
        await client.query(`DELETE FROM "${schema}".hot_block`).catch(ignoreMissing)
        await client.query(`UPDATE "${schema}".status SET height = $1, hash = $2 WHERE id = 0`, [resumeHeight, resumeHash]).catch(ignoreMissing)
        await client.query('COMMIT')
        return {from, removedBlocks: Number(rows[0].n)}
    } catch (err) {
        await client.query('ROLLBACK')
        throw err
    }
}

function ignoreMissing(err: Error): void {
    if (!/does not exist/.test(err.message)) throw err
}
