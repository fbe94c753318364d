import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {accountKey} from '../../decode/accounts'
import {isRecord, toBigInt} from '../../decode/typed'
import {Asset, AssetApproval, AssetBalance, AssetKind, Transfer, TransferKind} from '../../model'
import type {BlockHeader, ProcessorContext} from '../../processor'
import {AssetsBatch, newApproval, rolesSet} from './state'

/** What an ADJUSTMENT movement says about itself (its `eventName`). */
export const ADJUSTMENT_REASON = 'state changed without an event'
const KEYS_PER_QUERY = 500
const PAGE = 1000

/** When the last full comparison ran, per chain (in memory: a restart compares again at the head). */
const lastFull = new Map<string, number>()

export interface ReconcileResult {
    compared: number
    adjusted: number
    full: boolean
}

/**
 * Balances are the chain's: after the batch's movements are applied, the balances it touched (and,
 * every RECONCILE_INTERVAL blocks at the head, every balance) are compared with the chain's storage
 * at the batch's last block: `System.Account` (free + reserved), `Assets.Account`. Where they
 * differ, the stored figure wins and an ADJUSTMENT movement records the difference, so that each
 * balance is still the sum of its movements and nobody is misled about where it came from. The
 * assets' own counters (`Balances.TotalIssuance`, `Assets.Asset` supply, min balance, roles) are
 * read at the same block, and so are the approvals the batch touched (`Assets.Approvals`). One
 * storage query per 500 keys.
 */
export async function reconcileWithStorage(ctx: ProcessorContext<Store>, config: Config, out: AssetsBatch, address: (hex: string) => string, reads: StorageReads,
    helpers: {balanceOf(asset: Asset, who: string, height: number, timestamp: Date | null | undefined): AssetBalance, assetOf(ref: {kind: 'NATIVE'} | {kind: 'FUNGIBLE', id: string}, height: number): Asset}): Promise<ReconcileResult> {
    const last = ctx.blocks[ctx.blocks.length - 1].header
    const chainId = config.chainId
    const height = last.height
    const full = config.reconcileBalances == 'batch' && ctx.isHead && height - (lastFull.get(chainId) ?? -Infinity) >= config.reconcileInterval
    if (full) await loadEveryBalance(ctx, config, out, last, address, helpers)

    const runtime = last._runtime
    const timestamp = last.timestamp == null || last.timestamp == 0 ? undefined : new Date(last.timestamp)
    // The storage key of an account as the index renders it (AccountId32 only: H160 accounts have no System.Account entry of their own).
    const toKey = (account: string) => {
        const key = accountKey(account)
        return key?.length == 66 ? key : undefined
    }
    const native: AssetBalance[] = []
    const fungible: AssetBalance[] = []
    for (const b of out.balances.values()) {
        if (b.asset.kind == AssetKind.NATIVE) native.push(b)
        else if (b.asset.kind == AssetKind.FUNGIBLE && b.asset.assetId != null && runtime.hasStorageItem('Assets.Account')) fungible.push(b)
    }
    let adjusted = 0
    const settle = (b: AssetBalance, onChain: bigint, reserved?: bigint) => {
        const diff = onChain - b.balance
        if (reserved !== undefined) b.reserved = reserved
        if (diff == 0n) return
        const asset = b.asset
        if (b.balance <= 0n && onChain > 0n) asset.holderCount++
        if (b.balance > 0n && onChain <= 0n) asset.holderCount--
        asset.supply += diff
        b.balance = onChain
        b.lastChangeHeight = height
        out.transfers.push(new Transfer({
            id: `${chainId}:adjustment:${height}:${asset.key}:${b.id.slice(asset.id.length + 1)}`, chain: chainId, kind: TransferKind.ADJUSTMENT, asset,
            amount: diff > 0n ? diff : -diff, from: diff < 0n ? b.account : undefined, to: diff > 0n ? b.account : undefined,
            eventName: ADJUSTMENT_REASON, blockHeight: height, timestamp,
        }))
        adjusted++
    }

    // Every read at once (one round trip's wait, not five in a row): touched native and asset
    // balances, touched approvals, the native issuance and the assets' details.
    const nativeKeys = native.map((b) => toKey(b.account))
    const fungibleKeys = fungible.map((b) => {
        const who = toKey(b.account)
        return who == null ? undefined : [assetIdArg(b.asset.assetId!), who]
    })
    const approvals = runtime.hasStorageItem('Assets.Approvals') ? [...out.approvals.values()].filter((a) => a.asset.assetId != null) : []
    const approvalKeys = approvals.map((a) => {
        const owner = toKey(a.owner)
        const delegate = toKey(a.delegate)
        return owner && delegate ? [assetIdArg(a.asset.assetId!), owner, delegate] : undefined
    })
    const nativeAsset = out.assets.get(`${chainId}:native`)
    const readIssuance = !!nativeAsset && runtime.hasStorageItem('Balances.TotalIssuance')
    const fungibleAssets = runtime.hasStorageItem('Assets.Asset') ? [...out.assets.values()].filter((a) => a.kind == AssetKind.FUNGIBLE && a.assetId != null) : []
    const [nativeValues, fungibleValues, approvalValues, issuance, details] = await Promise.all([
        reads.get('System.Account', nativeKeys.filter((k) => k != null)),
        reads.get('Assets.Account', fungibleKeys.filter((k) => k != null)),
        reads.get('Assets.Approvals', approvalKeys.filter((k) => k != null)),
        readIssuance ? reads.value('Balances.TotalIssuance') : undefined,
        reads.get('Assets.Asset', fungibleAssets.map((a) => assetIdArg(a.assetId!))),
    ])

    let i = 0
    native.forEach((b, j) => {
        if (nativeKeys[j] == null) return
        const info = nativeValues[i++]
        const free = toBigInt(info?.data?.free) ?? 0n
        const reserved = toBigInt(info?.data?.reserved) ?? 0n
        settle(b, free + reserved, reserved)
    })
    i = 0
    fungible.forEach((b, j) => {
        if (fungibleKeys[j] == null) return
        const account = fungibleValues[i++]
        settle(b, toBigInt(account?.balance) ?? 0n)
        if (isRecord(account?.status)) b.isFrozen = account.status.__kind != 'Liquid'
    })

    // Approvals: what the delegate may still move is the chain's.
    i = 0
    approvals.forEach((a, j) => {
        if (approvalKeys[j] == null) return
        const v = approvalValues[i++]
        const amount = toBigInt(v?.amount) ?? 0n
        if (amount != a.amount || (amount > 0n) != a.active) a.updatedAtHeight = height
        a.amount = amount
        a.active = amount > 0n
        a.deposit = toBigInt(v?.deposit) ?? a.deposit
        a.reconciledAtHeight = height
    })

    // The assets' own figures.
    if (nativeAsset && readIssuance) {
        nativeAsset.chainSupply = toBigInt(issuance) ?? undefined
        nativeAsset.reconciledAtHeight = height
    }
    fungibleAssets.forEach((a, j) => {
        const d = details[j]
        if (!isRecord(d)) return
        a.chainSupply = toBigInt(d.supply) ?? undefined
        a.minBalance = toBigInt(d.minBalance) ?? undefined
        const roles = [a.freezer, a.owner]
        if (typeof d.freezer == 'string') a.freezer = address(d.freezer)
        if (typeof d.owner == 'string') a.owner = address(d.owner)
        if (a.freezer != roles[0] || a.owner != roles[1]) rolesSet(out, a, height)
        a.reconciledAtHeight = height
    })
    if (full) {
        lastFull.set(chainId, height)
        console.log(`pop-squid: balances compared with storage at #${height}: ${native.length + fungible.length} balances, ${adjusted} adjusted`)
    } else if (adjusted > 0) {
        console.log(`pop-squid: ${adjusted} balance${adjusted == 1 ? '' : 's'} at #${height} differed from storage (${ADJUSTMENT_REASON}): adjusted`)
    }
    return {compared: native.length + fungible.length, adjusted, full}
}

/** Every balance the index holds for this chain, and every account storage has: a full comparison. */
async function loadEveryBalance(ctx: ProcessorContext<Store>, config: Config, out: AssetsBatch, last: BlockHeader, address: (hex: string) => string,
    helpers: Parameters<typeof reconcileWithStorage>[5]): Promise<void> {
    const chainId = config.chainId
    for (const b of await ctx.store.find(AssetBalance, {where: {chain: chainId}, relations: {asset: true}})) {
        if (out.balances.has(b.id)) continue
        const asset = out.assets.get(b.asset.id)
        if (asset) b.asset = asset
        else out.assets.set(b.asset.id, b.asset)
        out.balances.set(b.id, b)
    }
    const runtime = last._runtime
    const timestamp = last.timestamp == null || last.timestamp == 0 ? undefined : new Date(last.timestamp)
    // Accounts the index has never seen, that hold something: a row each (their values are read again below, with the rest).
    for await (const page of runtime.getStoragePairsPaged(PAGE, last.hash, 'System.Account')) {
        for (const [who, info] of page) {
            const total = (toBigInt(info?.data?.free) ?? 0n) + (toBigInt(info?.data?.reserved) ?? 0n)
            if (typeof who == 'string' && total > 0n) helpers.balanceOf(helpers.assetOf({kind: 'NATIVE'}, last.height), who, last.height, timestamp)
        }
    }
    for (const a of await ctx.store.find(AssetApproval, {where: {chain: chainId, active: true}, relations: {asset: true}})) {
        if (out.approvals.has(a.id)) continue
        a.asset = out.assets.get(a.asset.id) ?? a.asset
        out.approvals.set(a.id, a)
    }
    if (runtime.hasStorageItem('Assets.Approvals')) {
        for await (const page of runtime.getStoragePairsPaged(PAGE, last.hash, 'Assets.Approvals')) {
            for (const [key] of page) {
                const [id, owner, delegate] = key as [unknown, string, string]
                if (typeof owner != 'string' || typeof delegate != 'string') continue
                const row = newApproval(chainId, helpers.assetOf({kind: 'FUNGIBLE', id: String(id)}, last.height), owner, delegate, last.height, address)
                if (!out.approvals.has(row.id)) out.approvals.set(row.id, row)
            }
        }
    }
    if (runtime.hasStorageItem('Assets.Account')) {
        for await (const page of runtime.getStoragePairsPaged(PAGE, last.hash, 'Assets.Account')) {
            for (const [key, account] of page) {
                const [id, who] = key as [unknown, string]
                if ((toBigInt(account?.balance) ?? 0n) > 0n) helpers.balanceOf(helpers.assetOf({kind: 'FUNGIBLE', id: String(id)}, last.height), who, last.height, timestamp)
            }
        }
    }
}

async function queryMany(runtime: {queryStorage(hash: string, name: string, keys?: any[]): Promise<any[]>}, hash: string, name: string, keys: unknown[]): Promise<any[]> {
    if (keys.length == 0) return []
    const out: any[] = []
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) out.push(...await runtime.queryStorage(hash, name, keys.slice(i, i + KEYS_PER_QUERY)))
    return out
}

/**
 * The storage reads of one batch, at its last block: started as soon as the keys are known (the
 * accounts a batch's value events name are known before any row is loaded, so their reads travel
 * while the database answers), taken by the comparison, which reads whatever is still missing.
 */
export class StorageReads {
    private started = new Map<string, Promise<any>>()

    constructor(private runtime: {queryStorage(hash: string, name: string, keys?: any[]): Promise<any[]>, getStorage(hash: string, name: string): Promise<any>}, private hash: string) {}

    /** Starts reading `keys` of the storage map `name` (those not started yet), in queries of 500 keys. */
    start(name: string, keys: unknown[]): void {
        const todo: unknown[] = []
        const seen = new Set<string>()
        for (const k of keys) {
            const id = `${name}|${keyText(k)}`
            if (!this.started.has(id) && !seen.has(id)) {
                seen.add(id)
                todo.push(k)
            }
        }
        if (todo.length == 0) return
        const all = queryMany(this.runtime, this.hash, name, todo)
        todo.forEach((k, i) => this.keep(`${name}|${keyText(k)}`, all.then((values) => values[i])))
    }

    /** The values of `keys`, in order (read now where not started before). */
    get(name: string, keys: unknown[]): Promise<any[]> {
        this.start(name, keys)
        return Promise.all(keys.map((k) => this.started.get(`${name}|${keyText(k)}`)))
    }

    /** A plain storage value (no key), read once. */
    value(name: string): Promise<any> {
        if (!this.started.has(name)) this.keep(name, this.runtime.getStorage(this.hash, name))
        return this.started.get(name)!
    }

    private keep(id: string, read: Promise<any>): void {
        // A read nobody takes (the batch failed before the comparison) must not end the process.
        read.catch(() => {})
        this.started.set(id, read)
    }
}

function keyText(key: unknown): string {
    return Array.isArray(key) ? key.map(String).join(',') : String(key)
}

export function assetIdArg(id: string): number | bigint {
    const n = BigInt(id)
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}
