import {Store} from '@subsquid/typeorm-store'
import {In} from 'typeorm'
import {Config} from '../../config/env'
import {CounterpartChain, CounterpartDay, XcmMessage} from '../../model'

/** What one message did to its counterpart's totals, noted by the XCM mapping. */
export interface CounterpartActivity {
    counterpart: string
    kind: 'in' | 'out' | 'processed' | 'failed'
    height: number
    timestamp?: Date | null
    value: bigint
}

/**
 * The relay token is the one value every counterpart shares. A message is written as its receiver
 * reads it: the relay token is `Here` to the relay (a parachain's upward messages, outbound on the
 * parachain or inbound on the relay) and `Parent` to a parachain (everything else).
 */
export function relayTokenAmount(message: XcmMessage): bigint {
    const toRelay = message.direction == 'out' ? message.counterpart == 'relay' : message.transport == 'ump'
    const id = toRelay ? 'Here' : 'Parent'
    let total = 0n
    for (const a of (message.assets as {id: string, amount?: string}[] | null | undefined) ?? []) {
        if (a.id == id && a.amount && /^\d+$/.test(a.amount)) total += BigInt(a.amount)
    }
    return total
}

export interface CounterpartsBatch {
    chains: Map<string, CounterpartChain>
    days: Map<string, CounterpartDay>
}

/** Updates the counterparts' totals and daily rows in memory: one read per entity type. */
export async function mapCounterparts(store: Store, config: Config, activity: CounterpartActivity[]): Promise<CounterpartsBatch> {
    const out: CounterpartsBatch = {chains: new Map(), days: new Map()}
    if (activity.length == 0) return out
    const chainId = config.chainId
    const dayOf = (a: CounterpartActivity) => (a.timestamp ?? new Date(0)).toISOString().slice(0, 10)
    const chainIds = [...new Set(activity.map((a) => `${chainId}:${a.counterpart}`))]
    const dayIds = [...new Set(activity.map((a) => `${chainId}:${a.counterpart}:${dayOf(a)}`))]
    for (const c of await store.findBy(CounterpartChain, {id: In(chainIds)})) out.chains.set(c.id, c)
    for (const d of await store.findBy(CounterpartDay, {id: In(dayIds)})) out.days.set(d.id, d)
    for (const a of activity) {
        const id = `${chainId}:${a.counterpart}`
        let chain = out.chains.get(id)
        if (!chain) {
            const para = /^para:(\d+)$/.exec(a.counterpart)
            chain = new CounterpartChain({
                id, chain: chainId, counterpart: a.counterpart, paraId: para ? Number(para[1]) : undefined,
                messagesIn: 0, messagesOut: 0, processedIn: 0, failedIn: 0, valueIn: 0n, valueOut: 0n,
                firstActivityHeight: a.height, lastActivityHeight: a.height, firstActivityAt: a.timestamp, lastActivityAt: a.timestamp,
            })
            out.chains.set(id, chain)
        }
        const day = dayOf(a)
        const dayId = `${id}:${day}`
        let d = out.days.get(dayId)
        if (!d) {
            d = new CounterpartDay({
                id: dayId, chain: chainId, counterpart: a.counterpart, counterpartChain: chain, day: new Date(`${day}T00:00:00Z`),
                messagesIn: 0, messagesOut: 0, processedIn: 0, failedIn: 0, valueIn: 0n, valueOut: 0n,
            })
            out.days.set(dayId, d)
        }
        for (const row of [chain, d]) {
            if (a.kind == 'in') {
                row.messagesIn++
                row.valueIn += a.value
            } else if (a.kind == 'out') {
                row.messagesOut++
                row.valueOut += a.value
            } else if (a.kind == 'processed') {
                row.processedIn++
            } else {
                row.failedIn++
            }
        }
        if (a.height >= chain.lastActivityHeight) {
            chain.lastActivityHeight = a.height
            chain.lastActivityAt = a.timestamp
        }
    }
    return out
}

export async function saveCounterparts(store: Store, batch: CounterpartsBatch): Promise<void> {
    await store.upsert([...batch.chains.values()])
    await store.upsert([...batch.days.values()])
}
