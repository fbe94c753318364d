import {rpcCall, toHttpUrl} from './rpc/client'
import {redactUrls} from './config/redact'

/** Anything that runs SQL: a typeorm EntityManager or a pg Client. */
export interface Queryable {
    query(sql: string, params?: unknown[]): Promise<any>
}

export interface ProcessorState {
    /** Highest block written, hot blocks included. */
    height: number | null
    hash: string | null
    /** Highest block the processor treats as final. */
    finalizedHeight: number | null
}

export interface ChainHead {
    head: number | null
    finalized: number | null
    error: string | null
}

/** Reads a processor's state schema (`status` and `hot_block`, as typeorm-store writes them). */
export async function readProcessorState(db: Queryable, schema: string): Promise<ProcessorState> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad state schema name ${JSON.stringify(schema)}`)
    const result = await db.query(`
        SELECT f.height AS finalized, COALESCE(h.height, f.height) AS height, COALESCE(h.hash, f.hash) AS hash
        FROM "${schema}".status f
        LEFT JOIN LATERAL (SELECT height, hash FROM "${schema}".hot_block ORDER BY height DESC LIMIT 1) h ON true
        WHERE f.id = 0`).catch((err: Error) => {
        if (/does not exist/.test(err.message)) return []
        throw err
    })
    const row = (Array.isArray(result) ? result : result.rows)[0]
    return {
        height: row ? Number(row.height) : null,
        hash: row ? row.hash : null,
        finalizedHeight: row ? Number(row.finalized) : null,
    }
}

/** The chain's best and finalized heights from its RPC; never throws, says why instead. */
export async function readChainHead(endpoint: string, timeoutMs = 2_000): Promise<ChainHead> {
    const url = toHttpUrl(endpoint)
    try {
        const [best, finalizedHash] = await Promise.all([
            rpcCall(url, 'chain_getHeader', [], timeoutMs),
            rpcCall<string>(url, 'chain_getFinalizedHead', [], timeoutMs),
        ])
        const finalized = await rpcCall(url, 'chain_getHeader', [finalizedHash], timeoutMs)
        return {head: parseInt(best.number, 16), finalized: parseInt(finalized.number, 16), error: null}
    } catch (err) {
        return {head: null, finalized: null, error: redactUrls(`${endpoint}: ${(err as Error).message}`)}
    }
}
