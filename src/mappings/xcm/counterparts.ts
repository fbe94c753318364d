import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {CounterpartAsset, CounterpartChain, XcmAsset} from '../../model'
import {findByIds, upsertMany} from '../../db/bulk'

/** What one message did to its counterpart's totals, noted by the XCM mapping. */
export interface CounterpartActivity {
    counterpart: string
    kind: 'in' | 'out' | 'processed' | 'failed'
    height: number
    timestamp?: Date | null
    /** The relay token moved (in / out). */
    value: bigint
    /** The assets moved (in / out), ids as the indexed chain reads them. */
    assets: XcmAsset[]
}

/** The relay token as the indexed chain reads it: `Parent` on a parachain, `Here` on the relay. */
export function relayTokenId(selfParaId: number | undefined): string {
    return selfParaId == null ? 'Here' : 'Parent'
}

/** How much of the relay token a message moves (its assets as the indexed chain reads them). */
export function relayTokenAmount(localAssets: XcmAsset[], selfParaId: number | undefined): bigint {
    const id = relayTokenId(selfParaId)
    let total = 0n
    for (const a of localAssets) if (a.id == id && a.amount != null) total += a.amount
    return total
}

/** A fungible amount, or 1 for a non-fungible item. */
function amountOf(asset: XcmAsset): bigint {
    return asset.amount ?? (asset.instance != null ? 1n : 0n)
}

export interface CounterpartsBatch {
    chains: Map<string, CounterpartChain>
    assets: Map<string, CounterpartAsset>
}

/** Updates the counterparts' totals in memory (their hourly and daily series are analytics' CounterpartStat): one read per entity type. */
export async function mapCounterparts(store: Store, config: Config, activity: CounterpartActivity[]): Promise<CounterpartsBatch> {
    const out: CounterpartsBatch = {chains: new Map(), assets: new Map()}
    if (activity.length == 0) return out
    const chainId = config.chainId
    const chainIds = [...new Set(activity.map((a) => `${chainId}:${a.counterpart}`))]
    for (const c of await findByIds(store, CounterpartChain, chainIds)) out.chains.set(c.id, c)
    const assetIds = [...new Set(activity.flatMap((a) => a.assets.map((x) => `${chainId}:${a.counterpart}:${x.id}`)))]
    if (assetIds.length > 0) for (const x of await findByIds(store, CounterpartAsset, assetIds)) out.assets.set(x.id, x)
    for (const a of activity) {
        const id = `${chainId}:${a.counterpart}`
        let chain = out.chains.get(id)
        if (!chain) {
            const para = /^para:(\d+)$/.exec(a.counterpart)
            chain = new CounterpartChain({
                id, chain: chainId, counterpart: a.counterpart, paraId: para ? Number(para[1]) : undefined,
                messagesIn: 0, messagesOut: 0, processedIn: 0, failedIn: 0, valueIn: 0n, valueOut: 0n,
                firstActivityHeight: a.height, lastActivityHeight: a.height, firstActivityTime: a.timestamp, lastActivityTime: a.timestamp,
            })
            out.chains.set(id, chain)
        }
        if (a.kind == 'in') {
            chain.messagesIn++
            chain.valueIn += a.value
        } else if (a.kind == 'out') {
            chain.messagesOut++
            chain.valueOut += a.value
        } else if (a.kind == 'processed') {
            chain.processedIn++
        } else {
            chain.failedIn++
            chain.valueIn -= a.value
        }
        const counted = new Set<string>()
        for (const asset of a.kind == 'in' || a.kind == 'out' ? a.assets : []) {
            const assetId = `${id}:${asset.id}`
            let row = out.assets.get(assetId)
            if (!row) {
                row = new CounterpartAsset({
                    id: assetId, chain: chainId, counterpart: a.counterpart, counterpartChain: chain, assetId: asset.id,
                    messagesIn: 0, messagesOut: 0, amountIn: 0n, amountOut: 0n, lastActivityHeight: a.height, lastActivityTime: a.timestamp,
                })
                out.assets.set(assetId, row)
            }
            // A message counts once per asset, however many times it names it.
            const first = !counted.has(asset.id)
            counted.add(asset.id)
            if (a.kind == 'in') {
                if (first) row.messagesIn++
                row.amountIn += amountOf(asset)
            } else {
                if (first) row.messagesOut++
                row.amountOut += amountOf(asset)
            }
            if (a.height >= row.lastActivityHeight) {
                row.lastActivityHeight = a.height
                row.lastActivityTime = a.timestamp
            }
        }
        if (a.height >= chain.lastActivityHeight) {
            chain.lastActivityHeight = a.height
            chain.lastActivityTime = a.timestamp
        }
    }
    return out
}

export async function saveCounterparts(store: Store, batch: CounterpartsBatch): Promise<void> {
    await upsertMany(store, [...batch.chains.values()])
    await upsertMany(store, [...batch.assets.values()])
}
