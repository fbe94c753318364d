import type {Store} from '@subsquid/typeorm-store'
import {Config} from './config/env'
import type {ChainBatch} from './mappings/chain'
import type {ContractsBatch} from './mappings/contracts'
import type {ProcessorContext} from './processor'

/**
 * One structured line per batch (at most every 5 s, and always at the head) with the indexed
 * height, the rate since start, and what the batch wrote; `pop-squid` turns it into a progress bar.
 */
export function createProgressReporter(config: Config) {
    const started = Date.now()
    let blocks = 0
    let events = 0
    let lastReport = 0
    return {
        onBatch(ctx: ProcessorContext<Store>, batch: ChainBatch, contracts: ContractsBatch) {
            blocks += batch.blocks.length
            events += batch.events.length
            const now = Date.now()
            if (!ctx.isHead && now - lastReport < 5_000) return
            lastReport = now
            const last = ctx.blocks[ctx.blocks.length - 1].header
            const seconds = Math.max((now - started) / 1000, 0.001)
            ctx.log.info({
                progress: {
                    chain: config.chainId,
                    height: last.height,
                    isHead: ctx.isHead,
                    blocksPerSecond: Math.round(blocks / seconds * 10) / 10,
                    eventsPerSecond: Math.round(events / seconds),
                    batchBlocks: batch.blocks.length,
                    batchEvents: batch.events.length,
                    decodeFailures: batch.decodeFailures + contracts.decodeFailures,
                    contractEvents: contracts.events.length,
                    contractEventsUndecoded: contracts.events.filter((e) => !e.decoded).length,
                },
            }, `indexed ${config.chainId} to #${last.height}${ctx.isHead ? ' (head)' : ''}`)
        },
    }
}
