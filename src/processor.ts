import {
    BlockHeader as _BlockHeader,
    DataHandlerContext,
    Event as _Event,
    Extrinsic as _Extrinsic,
    Call as _Call,
    SubstrateBatchProcessor,
    SubstrateBatchProcessorFields,
} from '@subsquid/substrate-processor'
import {Config} from './config/env'
import {RpcFailover} from './rpc/failover'

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
