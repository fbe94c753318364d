import {
    BlockHeader as _BlockHeader,
    DataHandlerContext,
    Event as _Event,
    Extrinsic as _Extrinsic,
    Call as _Call,
    SubstrateBatchProcessor,
    SubstrateBatchProcessorFields,
} from '@subsquid/substrate-processor'
import fs from 'node:fs'
import {Config} from './config/env'
import {RpcFailover} from './rpc/failover'

/** The finalized blocks per batch our patch of @subsquid/substrate-data-raw sets (the library's own: 10, not configurable). */
export const PATCHED_SPLIT_SIZE = 100

/**
 * The split size the installed @subsquid/substrate-data-raw uses for finalized blocks (each split
 * is one batch, one transaction), read from its source; undefined when it cannot be found. The
 * project patches it to 100 (patches/, applied by `npm ci`): an install that skipped the patch
 * works, but commits ten times as often (sparse ingest about 2.5 times slower).
 */
export function installedSplitSize(source?: string): number | undefined {
    let text = source
    if (text == null) {
        try {
            text = fs.readFileSync(require.resolve('@subsquid/substrate-data-raw/lib/datasource.js'), 'utf8')
        } catch {
            return undefined
        }
    }
    const m = /splitSize:\s*(\d+)/.exec(text)
    return m ? Number(m[1]) : undefined
}

/** One line on stderr when the batching patch is not in place. */
export function warnUnpatchedSplitSize(): void {
    const size = installedSplitSize()
    if (size === PATCHED_SPLIT_SIZE) return
    console.error(`pop-squid: warning: @subsquid/substrate-data-raw batches ${size ?? 'an unknown number of'} blocks per transaction, not ${PATCHED_SPLIT_SIZE}: `
        + `its patch (patches/, applied by npm ci through patch-package) is missing, so catching up will be slower. Run npm ci (or npx patch-package) to apply it.`)
}

/** The data request: every block, every event with its topics, every call and extrinsic. */
export function createProcessor(config: Config) {
    const processor = new SubstrateBatchProcessor()
        .setRpcEndpoint(config.rpcForwarder
            // Several endpoints: the loopback forwarder (rate limits apply to each endpoint there).
            ? {url: config.rpcForwarder, requestTimeout: config.rpcRequestTimeoutMs * (config.rpcEndpoints.length + 1)}
            : {url: config.rpcEndpoints[0], rateLimit: config.rpcRateLimit, capacity: config.rpcCapacity, requestTimeout: config.rpcRequestTimeoutMs})
        .setBlockRange({from: config.startBlock, to: config.endBlock})
        .setFinalityConfirmation(config.finalityConfirmation)
        .includeAllBlocks()
        .setFields({
            block: {timestamp: true},
            extrinsic: {hash: true, fee: true, tip: true, error: true, success: true, signature: true, version: true},
            call: {name: true, args: true, origin: true, success: true, error: true},
            // Topics matter: pallet-contracts puts a ContractEmitted's topics in the event record.
            event: {name: true, args: true, phase: true, topics: true},
        })
        .addEvent({extrinsic: true})
        .addCall({})
    // Over HTTP the processor polls the head (so a silent subscription cannot stall it).
    if (config.rpcForwarder) processor.setRpcDataIngestionSettings({headPollInterval: 2_000})
    if (config.gateway) processor.setGateway(config.gateway)
    if (config.prometheusPort != null) processor.setPrometheusPort(config.prometheusPort)
    return processor
}

/**
 * With several RPC endpoints (a comma list in RPC_ENDPOINT): starts the failover forwarder and
 * returns the config pointing the processor at it; with one, the config unchanged.
 */
export async function withRpcFailover(config: Config): Promise<Config> {
    if (config.rpcEndpoints.length < 2) return config
    const failover = await RpcFailover.start({
        endpoints: config.rpcEndpoints,
        requestTimeoutMs: config.rpcRequestTimeoutMs,
        stallTimeoutMs: config.rpcStallTimeoutMs,
        headCheckIntervalMs: Math.min(5_000, Math.ceil(config.rpcStallTimeoutMs / 4)),
        rateLimit: config.rpcRateLimit,
        capacity: config.rpcCapacity,
    })
    return {...config, rpcForwarder: failover.url}
}

export type Fields = SubstrateBatchProcessorFields<ReturnType<typeof createProcessor>>
export type BlockHeader = _BlockHeader<Fields>
export type Event = _Event<Fields>
export type Call = _Call<Fields>
export type Extrinsic = _Extrinsic<Fields>
export type ProcessorContext<Store> = DataHandlerContext<Store, Fields>
