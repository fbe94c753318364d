/**
 * The peer: a minimal template-style squid on the same data request as the project's processor
 * (every block, events with topics, calls, extrinsics), writing one row per event and nothing
 * else. Configured by RPC_ENDPOINT, FINALITY_CONFIRMATION and the DB_* variables.
 */
import {SubstrateBatchProcessor} from '@subsquid/substrate-processor'
import {TypeormDatabase} from '@subsquid/typeorm-store'
import {BenchEvent} from './lib/model'

const processor = new SubstrateBatchProcessor()
    .setRpcEndpoint({url: process.env.RPC_ENDPOINT!, requestTimeout: 30_000})
    .setFinalityConfirmation(Number(process.env.FINALITY_CONFIRMATION ?? 1))
    .includeAllBlocks()
    .setFields({
        block: {timestamp: true},
        extrinsic: {hash: true, fee: true, tip: true, error: true, success: true, signature: true, version: true},
        call: {name: true, args: true, origin: true, success: true, error: true},
        event: {name: true, args: true, phase: true, topics: true},
    })
    .addEvent({extrinsic: true})
    .addCall({})

processor.run(new TypeormDatabase({supportHotBlocks: true, projectDir: __dirname}), async (ctx) => {
    const rows: BenchEvent[] = []
    for (const block of ctx.blocks) {
        for (const event of block.events) {
            rows.push(new BenchEvent({
                id: event.id,
                blockNumber: block.header.height,
                timestamp: block.header.timestamp == null ? undefined : new Date(block.header.timestamp),
                name: event.name,
                args: event.args,
                extrinsicHash: event.extrinsic?.hash,
            }))
        }
    }
    await ctx.store.insert(rows)
})

