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

/** The data request: every block, every event with its topics, every call and extrinsic. */
export function createProcessor(config: Config) {
    const processor = new SubstrateBatchProcessor()
        .setRpcEndpoint({
            url: config.rpcEndpoints[0],
            rateLimit: config.rpcRateLimit,
            capacity: config.rpcCapacity,
            requestTimeout: config.rpcRequestTimeoutMs,
        })
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
    if (config.gateway) processor.setGateway(config.gateway)
    if (config.prometheusPort != null) processor.setPrometheusPort(config.prometheusPort)
    return processor
}

export type Fields = SubstrateBatchProcessorFields<ReturnType<typeof createProcessor>>
export type BlockHeader = _BlockHeader<Fields>
export type Event = _Event<Fields>
export type Call = _Call<Fields>
export type Extrinsic = _Extrinsic<Fields>
export type ProcessorContext<Store> = DataHandlerContext<Store, Fields>
