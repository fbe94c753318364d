import {PipelinedDatabase} from './db/pipelined'
import {checkBulkInsert, chooseBulkWrites} from './db/bulk'
import {Config, ConfigError, loadConfig} from './config/env'
import {DOMAIN_MODULES} from './mappings'
import {processBatch} from './mappings/module'
import {createProcessor, warnUnpatchedSplitSize, withRpcFailover} from './processor'
import {createProgressReporter} from './progress'
import {checkIndexedChain, describeProblem} from './db/reindex'
import {rerenderAddresses, storedPrefix} from './db/ss58'
import {vacuumAfterCatchUp} from './db/vacuum'
import {Client} from 'pg'
import {u8aConcat, u8aToHex} from '@polkadot/util'
import {xxhashAsU8a} from '@polkadot/util-crypto'
import {rpcCall, RpcError, toHttpUrl} from './rpc/client'
import {Registry} from 'prom-client'
import {IndexerMetrics, serveMetrics} from './metrics'
import {hideUrlSecretsInOutput, redactUrls} from './config/redact'

/** Exit code when the indexed data no longer matches the chain (reset or deep fork). */
export const EXIT_CHAIN_MISMATCH = 3

/** The processor: one batch = decode and map every domain in memory, then write once. */
export async function runProcessor(config: Config): Promise<void> {
    hideUrlSecretsInOutput(config.rpcEndpoints)
    await refuseMismatchedChain(config)
    config = await withDetectedParaId(config)
    config = await withChainProperties(config)
    config = await rerenderIfPrefixChanged(config)
    warnUnpatchedSplitSize()
    const processor = createProcessor(await withRpcFailover(config))
    const progress = createProgressReporter(config)
    // READ COMMITTED, not the store's SERIALIZABLE: one processor writes a chain's rows, the places
    // two processors or the ABI admin meet are serialized by advisory locks (XCM receipts, ABI
    // registration), and the store's nonce check still refuses a second processor on one state
    // schema. Serializable's read tracking cost 12-14% of ingest (docs/performance.md).
    const db = new PipelinedDatabase({supportHotBlocks: true, stateSchema: config.stateSchema, isolationLevel: 'READ COMMITTED', endBlock: config.endBlock})
    const registry = prometheusRegistry(processor)
    const metrics = new IndexerMetrics(registry, config.chainId, DOMAIN_MODULES)
    // The processor serves its metrics through ours: on METRICS_HOST, URLs redacted.
    ;(processor as any).prometheus.serve = () => serveMetrics(registry, config.metricsHost, config.prometheusPort ?? 0)
    const vacuum = vacuumAfterCatchUp(config)
    let checked = false
    processor.run(db, async (ctx) => {
        if (!checked) {
            checkBulkInsert(ctx.store)
            await chooseBulkWrites(ctx.store)
            checked = true
        }
        const outputs = await processBatch(ctx, config, DOMAIN_MODULES)
        progress.onBatch(ctx, outputs)
        metrics.onBatch(outputs, ctx.isHead ? ctx.blocks[ctx.blocks.length - 1].header.height : undefined)
        // In the background: a failure is logged there, never thrown here.
        void vacuum.onBatch(ctx.blocks.length, ctx.isHead)
    })
}

/**
 * Without PARA_ID, asks the chain: a parachain's id is in `ParachainInfo.ParachainId`. Counterparts
 * name each other by para id (`para:<id>`, `relay` for a chain without one), so a parachain
 * indexed without it would be taken for a relay.
 */
async function withDetectedParaId(config: Config): Promise<Config> {
    if (config.paraId != null) return config
    const key = u8aToHex(u8aConcat(xxhashAsU8a('ParachainInfo', 128), xxhashAsU8a('ParachainId', 128)))
    // Until the chain answers, its kind is unknown: wait for it (as the processor would) rather than guess.
    for (let attempt = 0; ; attempt++) {
        try {
            const value = await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'state_getStorage', [key], 10_000)
            if (value == null) {
                console.error('pop-squid: PARA_ID not set and the chain has no ParachainInfo: indexing it as a relay or solo chain')
                return config
            }
            const paraId = Buffer.from(value.slice(2), 'hex').readUInt32LE(0)
            console.error(`pop-squid: PARA_ID not set; the chain says it is parachain ${paraId}`)
            return {...config, paraId}
        } catch (err) {
            if (err instanceof RpcError) {
                console.error(redactUrls(`pop-squid: PARA_ID not set and the chain refused to tell it (${err.message}): indexing it as a relay or solo chain; set PARA_ID if it is a parachain`))
                return config
            }
            if (attempt % 6 == 0) console.error(redactUrls(`pop-squid: the chain's RPC ${config.rpcEndpoints[0]} does not answer (${(err as Error).message}); waiting for it to read the para id`))
            await new Promise((r) => setTimeout(r, 5_000))
        }
    }
}

/**
 * For a chain of no preset (`CHAIN=custom`), the token and address format the chain itself
 * announces (`system_properties`: tokenSymbol, tokenDecimals, ss58Format) where no variable sets
 * them; the first token when it lists several. Said in the log; defaults kept when it says nothing.
 */
async function withChainProperties(config: Config): Promise<Config> {
    const wanted = config.fromChain
    if (!wanted.ss58Prefix && !wanted.tokenSymbol && !wanted.tokenDecimals) return config
    let props: Record<string, unknown>
    try {
        props = await rpcCall<Record<string, unknown>>(toHttpUrl(config.rpcEndpoints[0]), 'system_properties', [], 10_000) ?? {}
    } catch (err) {
        console.error(redactUrls(`pop-squid: the chain's properties could not be read (${(err as Error).message}); using ${config.tokenSymbol}, ${config.tokenDecimals} decimals, SS58 prefix ${config.ss58Prefix} (set TOKEN_SYMBOL, TOKEN_DECIMALS, SS58_PREFIX)`))
        return config
    }
    const first = (v: unknown) => Array.isArray(v) ? v[0] : v
    const next = {...config}
    const symbol = first(props.tokenSymbol)
    const decimals = first(props.tokenDecimals)
    const ss58 = props.ss58Format
    if (wanted.tokenSymbol && typeof symbol == 'string' && /^[\w.-]{1,16}$/.test(symbol)) next.tokenSymbol = symbol
    if (wanted.tokenDecimals && Number.isInteger(decimals) && (decimals as number) >= 0 && (decimals as number) <= 38) next.tokenDecimals = decimals as number
    if (wanted.ss58Prefix && Number.isInteger(ss58) && (ss58 as number) >= 0 && (ss58 as number) <= 16383) {
        next.ss58Prefix = ss58 as number
        // Known now: the chain said it.
        next.fromChain = {...next.fromChain, ss58Prefix: false}
    }
    console.error(`pop-squid: the chain announces its token as ${next.tokenSymbol} with ${next.tokenDecimals} decimals and SS58 prefix ${next.ss58Prefix}; using those (TOKEN_SYMBOL, TOKEN_DECIMALS, SS58_PREFIX override)`)
    return next
}

/** The processor's own metrics registry, so that ours are served on the same port. */
function prometheusRegistry(processor: ReturnType<typeof createProcessor>): Registry {
    const registry = (processor as any).prometheus?.registry
    if (!(registry instanceof Registry)) throw new Error('the processor no longer exposes its Prometheus registry: update src/main.ts for this @subsquid/substrate-processor version')
    return registry
}

/**
 * Stored addresses follow the configured SS58 prefix (see `rerenderAddresses`): before the first
 * batch. A prefix nobody gave (`CHAIN=custom` without SS58_PREFIX, and the chain did not say) is a
 * guess: the database's own prefix is kept instead of rendering everything under the guess.
 */
async function rerenderIfPrefixChanged(config: Config): Promise<Config> {
    const client = new Client({...config.db})
    try {
        await client.connect()
    } catch {
        // No database yet: the processor waits for it and reports it; the next start renders.
        return config
    }
    try {
        if (config.fromChain.ss58Prefix) {
            const stored = await storedPrefix(client, config.chainId)
            if (stored == null || stored == config.ss58Prefix) return config
            console.error(`pop-squid: the chain did not announce its SS58 prefix; keeping ${stored}, the one the database was written with (set SS58_PREFIX to change it)`)
            return {...config, ss58Prefix: stored}
        }
        await rerenderAddresses(client, config)
        return config
    } catch (err) {
        console.error(`pop-squid: could not render the stored addresses with SS58 prefix ${config.ss58Prefix}: ${(err as Error).message}; nothing was changed`)
        process.exit(1)
    } finally {
        await client.end().catch(() => {})
    }
}

/** Stops before writing anything when the last final block indexed is not on the chain any more. */
async function refuseMismatchedChain(config: Config): Promise<void> {
    const client = new Client({...config.db})
    try {
        await client.connect()
        const problem = await checkIndexedChain(client, config)
        if (problem) {
            console.error(`pop-squid: ${describeProblem(problem, config)}`)
            process.exit(EXIT_CHAIN_MISMATCH)
        }
    } catch (err) {
        // No database or no RPC yet: the processor itself waits and reports those.
        console.error(redactUrls(`pop-squid: could not check the indexed chain against the RPC: ${(err as Error).message}`))
    } finally {
        await client.end().catch(() => {})
    }
}

if (require.main === module) {
    let config: Config
    try {
        config = loadConfig()
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message)
            process.exit(2)
        }
        throw err
    }
    runProcessor(config).catch((err) => {
        console.error(err)
        process.exit(1)
    })
}
