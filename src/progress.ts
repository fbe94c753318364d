import type {Store} from '@subsquid/typeorm-store'
import {Config} from './config/env'
import {DOMAIN_MODULES} from './mappings'
import {chainModule} from './mappings/chain'
import {contractsModule} from './mappings/contracts'
import {BatchOutputs, outputOf} from './mappings/module'
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
        onBatch(ctx: ProcessorContext<Store>, outputs: BatchOutputs) {
            const batch = outputOf(outputs, chainModule)
            const contracts = outputOf(outputs, contractsModule)
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
                    decodeFailures: DOMAIN_MODULES.reduce((n, m) => n + m.failures(outputs.get(m)), 0),
                    contractEvents: contracts.events.length,
                    contractEventsUndecoded: contracts.events.filter((e) => !e.decoded).length,
                },
            }, `indexed ${config.chainId} to #${last.height}${ctx.isHead ? ' (head)' : ''}`)
        },
    }
}
