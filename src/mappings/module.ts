import type {Store} from '@subsquid/typeorm-store'
import type {Config} from '../config/env'
import {writeBehind} from '../db/bulk'
import type {BlockHeader, Call, Event, ProcessorContext} from '../processor'

/**
 * A domain of the index (chain, contracts, XCM, assets, analytics): what it reads, how it maps a
 * batch, how it saves, and how reindex rolls it back. `src/mappings/index.ts` lists the modules in
 * order; each batch is routed once (`routeBatch`), every module maps in that order (a module reads
 * the outputs of those before it), then every module saves in that order (`processBatch`).
 */
export interface DomainModule<Out = unknown> {
    /** Its name in metrics (`domain` label) and progress. */
    readonly name: string
    /** The events and calls it reads (by `Pallet.name`). */
    readonly reads: {events: Selector, calls: Selector}
    map(batch: DomainBatch): Promise<Out>
    /** After every module has mapped, before anything is saved (e.g. the accounts every domain named). */
    settle?(batch: DomainBatch, out: Out): Promise<void>
    save(store: Store, out: Out): Promise<void>
    /** What it could not decode in the batch (each stored raw with the reason). */
    failures(out: Out): number
    /**
     * Reindex: statements removing its rows from height $2 on for chain $1 (run for every module in
     * reverse order, children first), and statements rebuilding what it derives from the rows that
     * remain (run in module order once every module is rolled back).
     */
    readonly rollback: readonly string[]
    readonly rebuild?: readonly string[]
}

/** Which names a module reads: `all`, `none`, or a test on `Pallet.name`. */
export type Selector = 'all' | 'none' | ((name: string) => boolean)

/** One block's events and calls that a module reads, in chain order. */
export interface RoutedBlock {
    header: BlockHeader
    events: Event[]
    calls: Call[]
}

export interface DomainBatch {
    ctx: ProcessorContext<Store>
    config: Config
    /** The blocks of the batch with what this module reads (blocks where it reads nothing are left out, unless it reads `all`). */
    blocks: RoutedBlock[]
    /** The output of a module listed before this one. */
    output<T>(module: DomainModule<T>): T
}

/** A selector from a list of names and of pallet prefixes (`Contracts.`). */
export function names(list: Iterable<string>, pallets: Iterable<string> = []): (name: string) => boolean {
    const exact = new Set(list)
    const prefixes = [...pallets]
    return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p))
}

/**
 * One pass over the batch: each event and call goes to the modules whose selector takes its name
 * (decided once per name). Modules reading `all` get the blocks as they are.
 */
export function routeBatch(blocks: ProcessorContext<Store>['blocks'], modules: readonly DomainModule[]): Map<DomainModule, RoutedBlock[]> {
    const out = new Map<DomainModule, RoutedBlock[]>()
    const routed: {module: DomainModule, index: number}[] = []
    modules.forEach((m) => {
        if (m.reads.events == 'all' && m.reads.calls == 'all') out.set(m, blocks as RoutedBlock[])
        else {
            out.set(m, [])
            routed.push({module: m, index: routed.length})
        }
    })
    if (routed.length == 0) return out
    const eventRoutes = new Map<string, number[]>()
    const callRoutes = new Map<string, number[]>()
    const targets = (cache: Map<string, number[]>, name: string, kind: 'events' | 'calls'): number[] => {
        let t = cache.get(name)
        if (!t) {
            t = routed.filter(({module}) => {
                const s = module.reads[kind]
                return s == 'all' || (s != 'none' && s(name))
            }).map((r) => r.index)
            cache.set(name, t)
        }
        return t
    }
    const lists = routed.map((r) => out.get(r.module)!)
    for (const {header, events, calls} of blocks) {
        const views: (RoutedBlock | undefined)[] = new Array(routed.length)
        const view = (i: number) => views[i] ??= {header, events: [], calls: []}
        for (const call of calls) for (const i of targets(callRoutes, call.name, 'calls')) view(i).calls.push(call)
        for (const event of events) for (const i of targets(eventRoutes, event.name, 'events')) view(i).events.push(event)
        views.forEach((v, i) => v && lists[i].push(v))
    }
    return out
}

/** Output of each module for one batch, by module. */
export type BatchOutputs = Map<DomainModule<any>, unknown>

/** A module's output in a processed batch. */
export function outputOf<T>(outputs: BatchOutputs, module: DomainModule<T>): T {
    return outputs.get(module) as T
}

/**
 * One batch through every module: routed once, mapped in order (each reading the outputs of those
 * before it), settled, then saved in order.
 */
export async function processBatch(ctx: ProcessorContext<Store>, config: Config, modules: readonly DomainModule<any>[]): Promise<BatchOutputs> {
    const routes = routeBatch(ctx.blocks, modules)
    const outputs: BatchOutputs = new Map()
    const batchFor = (m: DomainModule<any>): DomainBatch => ({
        ctx, config, blocks: routes.get(m)!,
        output<T>(other: DomainModule<T>): T {
            if (!outputs.has(other)) throw new Error(`module ${m.name} reads ${other.name}, which is not listed before it`)
            return outputs.get(other) as T
        },
    })
    for (const m of modules) outputs.set(m, await m.map(batchFor(m)))
    for (const m of modules) await m.settle?.(batchFor(m), outputs.get(m))
    // Each statement is built while PostgreSQL runs the one before (src/db/bulk.ts).
    await writeBehind(ctx.store, async () => {
        for (const m of modules) await m.save(ctx.store, outputs.get(m))
    })
    return outputs
}
