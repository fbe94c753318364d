import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {AccountStat, ActivityMark, AssetStat, ChainStat, ContractStat, CounterpartChain, CounterpartStat, PalletStat, TransferKind} from '../../model'
import {type AssetsBatch, assetsModule} from '../assets'
import {ACTIVITY_KINDS, VOLUME_KINDS} from '../assets/kinds'
import {type ChainBatch, chainModule} from '../chain'
import {type ContractsBatch, contractsModule} from '../contracts'
import type {CounterpartActivity} from '../xcm/counterparts'
import {xcmModule} from '../xcm'
import {DomainModule} from '../module'
import {ANALYTICS_REBUILD, ANALYTICS_ROLLBACK} from './rebuild'
import {findByIds, insertMany, upsertMany} from '../../db/bulk'
import {accountRenderer, keyOf} from '../../decode/accounts'

export const PERIODS = ['hour', 'day'] as const
export type Period = typeof PERIODS[number]

/** Start (ms) of the UTC hour or day of a moment (no timestamp counts as the epoch, as block 0 has none). */
function bucketStartMs(period: Period, ms: number): number {
    const size = period == 'hour' ? 3_600_000 : 86_400_000
    return ms - (((ms % size) + size) % size)
}

type StatClass = typeof ChainStat | typeof PalletStat | typeof AssetStat | typeof ContractStat | typeof AccountStat | typeof CounterpartStat

/** A period's bucket: its start, and the start as ISO text (in ids). */
interface Bucket {
    period: Period
    start: Date
    iso: string
}

/** Counters to add to one bucket row, and the fields that make a new row. */
interface Pending {
    cls: StatClass
    base: Record<string, unknown>
    add: Record<string, number | bigint>
}

export interface AnalyticsBatch {
    /** Bucket rows already stored, with this batch's counts added. */
    rows: Map<StatClass, unknown[]>
    /** Bucket rows this batch opens (none stored under their id): appended rather than upserted. */
    fresh: Map<StatClass, unknown[]>
    marks: ActivityMark[]
}

const MOVED = new Set(VOLUME_KINDS)
const ACTIVE = new Set(ACTIVITY_KINDS)

/**
 * The hourly and daily series of one batch, added to the stored rows: one read per entity type,
 * one upsert per entity type for the buckets already stored, one COPY for those the batch opens.
 * Distinct counts (active accounts, distinct callers) keep one `ActivityMark` per account and
 * bucket, so an account is counted once however many batches it appears in. Rows written at hot
 * blocks roll back with them, so the series stay exact under forks.
 */
export async function mapAnalytics(
    store: Store, config: Config, chain: ChainBatch, contracts: ContractsBatch, assets: AssetsBatch, xcm: CounterpartActivity[],
): Promise<AnalyticsBatch> {
    const chainId = config.chainId
    const renderAccount = accountRenderer(config.ss58Prefix)
    // Every count of the batch goes through here, a few per event: keyed by the class, the subject
    // and the bucket itself (one object per bucket, so no key text is built per count).
    const buckets: Record<Period, Map<number, Bucket>> = {hour: new Map(), day: new Map()}
    const bucketOf = (period: Period, ms: number): Bucket => {
        const startMs = bucketStartMs(period, ms)
        let b = buckets[period].get(startMs)
        if (!b) {
            const start = new Date(startMs)
            buckets[period].set(startMs, b = {period, start, iso: start.toISOString()})
        }
        return b
    }
    // The buckets of each timestamp seen (a batch has one per block).
    const bucketCache = new Map<number, Bucket[]>()
    const bucketsOf = (timestamp: Date | null | undefined): Bucket[] => {
        const ms = timestamp?.getTime() ?? 0
        let b = bucketCache.get(ms)
        if (!b) bucketCache.set(ms, b = PERIODS.map((period) => bucketOf(period, ms)))
        return b
    }
    const pending = new Map<StatClass, Map<string, Map<Bucket, Pending>>>()
    const rowsOf = (cls: StatClass, subject: string): Map<Bucket, Pending> => {
        let bySubject = pending.get(cls)
        if (!bySubject) pending.set(cls, bySubject = new Map())
        let rows = bySubject.get(subject)
        if (!rows) bySubject.set(subject, rows = new Map())
        return rows
    }
    const bump = (cls: StatClass, subject: string, base: Record<string, unknown>, timestamp: Date | null | undefined, add: Record<string, number | bigint>) => {
        const rows = rowsOf(cls, subject)
        for (const bucket of bucketsOf(timestamp)) {
            let p = rows.get(bucket)
            if (!p) {
                const id = `${chainId}:${subject ? subject + ':' : ''}${bucket.period}:${bucket.iso}`
                rows.set(bucket, p = {cls, base: {id, chain: chainId, period: bucket.period, start: bucket.start, ...base}, add: {}})
            }
            for (const k in add) {
                const v = add[k]
                p.add[k] = typeof v == 'bigint' ? ((p.add[k] as bigint | undefined) ?? 0n) + v : ((p.add[k] as number | undefined) ?? 0) + v
            }
        }
    }
    /** Distinct-count candidates: per class, subject and bucket, the field they count in and each account's first height there. */
    const candidates = new Map<StatClass, Map<string, Map<Bucket, {field: string, accounts: Map<string, number>}>>>()
    const distinct = (cls: StatClass, subject: string, timestamp: Date | null | undefined, account: string, field: string, height: number) => {
        let bySubject = candidates.get(cls)
        if (!bySubject) candidates.set(cls, bySubject = new Map())
        let byBucket = bySubject.get(subject)
        if (!byBucket) bySubject.set(subject, byBucket = new Map())
        for (const bucket of bucketsOf(timestamp)) {
            let c = byBucket.get(bucket)
            if (!c) byBucket.set(bucket, c = {field, accounts: new Map()})
            // The first height the account was seen at in the bucket: the same whatever the batch boundaries.
            const seen = c.accounts.get(account)
            if (seen === undefined || height < seen) c.accounts.set(account, height)
        }
    }

    for (const b of chain.blocks) bump(ChainStat, '', {}, b.timestamp, {blocks: 1})
    // Extrinsics and events share their block's timestamp: counted per (timestamp, pallet) first,
    // then added to the buckets once per group rather than once per row.
    const perPallet = new Map<string, {timestamp: Date | null | undefined, pallet: string, calls: number, failed: number, events: number}>()
    const group = (timestamp: Date | null | undefined, pallet: string) => {
        const key = `${timestamp?.getTime() ?? 0}|${pallet}`
        let g = perPallet.get(key)
        if (!g) perPallet.set(key, g = {timestamp, pallet, calls: 0, failed: 0, events: 0})
        return g
    }
    for (const x of chain.extrinsics) {
        const g = group(x.timestamp, x.pallet)
        g.calls++
        if (!x.success) g.failed++
        if (x.signer) {
            // Ids hold the key; the rendered address is a field (re-rendered when the prefix changes).
            const key = x.signer.id.slice(chainId.length + 1)
            bump(AccountStat, key, {account: renderAccount(key), holder: x.signer}, x.timestamp, {extrinsics: 1})
        }
    }
    for (const e of chain.events) group(e.timestamp, e.pallet).events++
    for (const g of perPallet.values()) {
        bump(PalletStat, g.pallet, {pallet: g.pallet}, g.timestamp, {calls: g.calls, events: g.events})
        bump(ChainStat, '', {}, g.timestamp, {extrinsics: g.calls, failedExtrinsics: g.failed, events: g.events})
    }
    for (const c of contracts.calls) {
        bump(ContractStat, c.contractAddress, {contractAddress: c.contractAddress}, c.timestamp, {calls: 1, failures: c.success ? 0 : 1})
        if (c.caller) distinct(ContractStat, c.contractAddress, c.timestamp, c.caller, 'distinctCallers', c.blockHeight)
    }
    for (const e of contracts.events) bump(ContractStat, e.contractAddress, {contractAddress: e.contractAddress}, e.timestamp, {events: 1})
    for (const t of assets.transfers) {
        if (t.kind == TransferKind.OPENING) continue
        const key = t.asset.key
        bump(AssetStat, key, {assetKey: key}, t.timestamp, MOVED.has(t.kind) ? {volume: t.amount, transfers: 1} : {})
        for (const [account, holder] of [[t.from, t.fromAccount], [t.to, t.toAccount]] as const) {
            if (!account) continue
            const who = keyOf(account)
            distinct(AssetStat, key, t.timestamp, who, 'activeAccounts', t.blockHeight)
            if (ACTIVE.has(t.kind)) bump(AccountStat, who, {account, holder}, t.timestamp, {transfers: 1})
        }
    }
    for (const h of assets.newHolders) bump(AssetStat, h.assetKey, {assetKey: h.assetKey}, h.timestamp, {newHolders: 1})
    for (const a of xcm) {
        const base = {counterpart: a.counterpart, counterpartChain: new CounterpartChain({id: `${chainId}:${a.counterpart}`})}
        // A failed message deposited nothing: the value it brought comes off again, in the bucket of the failure.
        bump(CounterpartStat, a.counterpart, base, a.timestamp,
            a.kind == 'in' ? {messagesIn: 1, valueIn: a.value}
                : a.kind == 'out' ? {messagesOut: 1, valueOut: a.value}
                    : a.kind == 'processed' ? {processedIn: 1} : {failedIn: 1, valueIn: -a.value})
    }

    // Distinct counts: only accounts not already marked in that bucket count.
    const marks: ActivityMark[] = []
    const counted: {id: string, height: number, row: Pending | undefined, field: string}[] = []
    // Mark ids hold no class: one subject in two classes would name the same mark twice (none does today).
    const markIds = new Set<string>()
    for (const [cls, bySubject] of candidates) {
        for (const [subject, byBucket] of bySubject) {
            const rows = pending.get(cls)?.get(subject)
            for (const [bucket, {field, accounts}] of byBucket) {
                const prefix = `${chainId}:${subject}:${bucket.period}:${bucket.iso}:`
                const row = rows?.get(bucket)
                for (const [account, height] of accounts) {
                    const id = prefix + account
                    if (markIds.has(id)) continue
                    markIds.add(id)
                    counted.push({id, height, row, field})
                }
            }
        }
    }
    if (counted.length) {
        const seen = new Set<string>()
        for (const m of await findByIds(store, ActivityMark, counted.map((c) => c.id))) seen.add(m.id)
        for (const c of counted) {
            if (seen.has(c.id)) continue
            marks.push(new ActivityMark({id: c.id, chain: chainId, height: c.height}))
            if (c.row) c.row.add[c.field] = ((c.row.add[c.field] as number | undefined) ?? 0) + 1
        }
    }

    // Add to the stored rows: one read per entity type.
    const rows = new Map<StatClass, unknown[]>()
    const fresh = new Map<StatClass, unknown[]>()
    for (const [cls, bySubject] of pending) {
        const list: Pending[] = []
        for (const byBucket of bySubject.values()) for (const p of byBucket.values()) list.push(p)
        const stored = new Map<string, any>()
        for (const row of await findByIds<any>(store, cls, list.map((p) => p.base.id as string))) stored.set(row.id, row)
        const updated: unknown[] = []
        const opened: unknown[] = []
        for (const p of list) {
            let row = stored.get(p.base.id as string)
            if (row) updated.push(row)
            else opened.push(row = new (cls as any)({...p.base, ...ZERO[cls.name]}))
            for (const [k, v] of Object.entries(p.add)) row[k] = row[k] + v
        }
        rows.set(cls, updated)
        fresh.set(cls, opened)
    }
    return {rows, fresh, marks}
}

export async function saveAnalytics(store: Store, batch: AnalyticsBatch): Promise<void> {
    for (const list of batch.rows.values()) await upsertMany(store, list as {id: string}[])
    // Read by id in this transaction and not found: no row can be there (one writer per chain).
    for (const list of batch.fresh.values()) await insertMany(store, list as {id: string}[])
    await insertMany(store, batch.marks)
}

const ZERO: Record<string, Record<string, number | bigint>> = {
    ChainStat: {blocks: 0, extrinsics: 0, failedExtrinsics: 0, events: 0},
    PalletStat: {events: 0, calls: 0},
    AssetStat: {volume: 0n, transfers: 0, activeAccounts: 0, newHolders: 0},
    ContractStat: {calls: 0, events: 0, failures: 0, distinctCallers: 0},
    AccountStat: {extrinsics: 0, transfers: 0},
    CounterpartStat: {messagesIn: 0, messagesOut: 0, processedIn: 0, failedIn: 0, valueIn: 0n, valueOut: 0n},
}

/** The hourly and daily series dashboards read, from every other module's rows; rebuilt from the raw rows by reindex. */
export const analyticsModule: DomainModule<AnalyticsBatch> = {
    name: 'analytics',
    reads: {events: 'none', calls: 'none'},
    map: ({ctx, config, output}) => mapAnalytics(ctx.store, config, output(chainModule), output(contractsModule), output(assetsModule), output(xcmModule).activity),
    save: saveAnalytics,
    failures: () => 0,
    rollback: ANALYTICS_ROLLBACK,
    rebuild: ANALYTICS_REBUILD,
}
