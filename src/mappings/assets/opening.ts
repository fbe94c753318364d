import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {keyOf} from '../../decode/accounts'
import {assetKey, AssetRef, text} from '../../decode/assets/events'
import {isRecord, toBigInt} from '../../decode/typed'
import {AssetBalance, AssetKind, NftItem, Transfer, TransferKind} from '../../model'
import type {ProcessorContext} from '../../processor'
import {AssetsBatch, newApproval, newAsset, rolesSet} from './state'

const PAGE = 1000

/**
 * The chain's value state before the first indexed block, read from storage once per chain:
 * `System.Account` (free + reserved), `Assets.Asset` / `Metadata` / `Account` / `Approvals`, `Nfts.Collection`
 * / `Item`. Written as current state plus one `OPENING` movement per balance, so that every
 * balance equals the sum of its movements. Genesis balances have no events: without this, no
 * balance would match the chain.
 */
export async function readOpening(ctx: ProcessorContext<Store>, config: Config, out: AssetsBatch, address: (hex: string) => string): Promise<void> {
    const chainId = config.chainId
    const first = ctx.blocks[0].header
    const native = newAsset(chainId, {kind: 'NATIVE'}, config, first.height)
    out.assets.set(native.id, native)
    if (config.openingBalances == 'none') return
    const runtime = first._runtime
    const at = first.height == 0 ? first.hash : first.parentHash
    const timestamp = first.timestamp == null || first.timestamp == 0 ? undefined : new Date(first.timestamp)
    const started = Date.now()
    let count = 0

    const open = (ref: AssetRef, who: string, amount: bigint, reserved?: bigint, frozen = false) => {
        const asset = out.assets.get(`${chainId}:${assetKey(ref)}`) ?? newAsset(chainId, ref, config, first.height)
        out.assets.set(asset.id, asset)
        const account = address(who)
        const id = `${asset.id}:${keyOf(who)}`
        out.balances.set(id, new AssetBalance({
            id, chain: chainId, asset, account, balance: amount, reserved, isFrozen: frozen,
            firstReceivedHeight: first.height, lastChangeHeight: first.height,
        }))
        asset.supply += amount
        if (amount > 0n) asset.holderCount++
        out.transfers.push(new Transfer({
            id: `${chainId}:opening:${asset.key}:${keyOf(who)}`, chain: chainId, kind: TransferKind.OPENING, asset, amount,
            to: account, eventName: 'opening balance', blockHeight: first.height, timestamp,
        }))
        count++
    }

    for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'System.Account')) {
        for (const [who, info] of page) {
            const free = toBigInt(info?.data?.free) ?? 0n
            const reserved = toBigInt(info?.data?.reserved) ?? 0n
            if (typeof who == 'string' && free + reserved > 0n) open({kind: 'NATIVE'}, who, free + reserved, reserved)
        }
    }
    if (runtime.hasStorageItem('Assets.Asset')) {
        for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Assets.Asset')) {
            for (const [id, details] of page) {
                const asset = newAsset(chainId, {kind: 'FUNGIBLE', id: String(id)}, config, first.height)
                asset.createdAtHeight = undefined
                if (isRecord(details)) {
                    for (const role of ['owner', 'issuer', 'admin'] as const) {
                        if (typeof details[role] == 'string') asset[role] = address(details[role] as string)
                    }
                    rolesSet(out, asset, first.height)
                    asset.isFrozen = isRecord(details.status) ? details.status.__kind == 'Frozen' : false
                }
                out.assets.set(asset.id, asset)
            }
        }
        for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Assets.Metadata')) {
            for (const [id, meta] of page) {
                const asset = out.assets.get(`${chainId}:asset:${id}`)
                if (!asset || !isRecord(meta)) continue
                asset.name = text(meta.name) ?? undefined
                asset.symbol = text(meta.symbol) ?? undefined
                asset.decimals = typeof meta.decimals == 'number' ? meta.decimals : undefined
            }
        }
        for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Assets.Account')) {
            for (const [key, account] of page) {
                const [id, who] = key as [unknown, string]
                const balance = toBigInt(account?.balance) ?? 0n
                const frozen = isRecord(account?.status) ? account.status.__kind != 'Liquid' : false
                open({kind: 'FUNGIBLE', id: String(id)}, who, balance, undefined, frozen)
            }
        }
        if (runtime.hasStorageItem('Assets.Approvals')) {
            for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Assets.Approvals')) {
                for (const [key, approval] of page) {
                    const [id, owner, delegate] = key as [unknown, string, string]
                    const asset = out.assets.get(`${chainId}:asset:${id}`)
                    if (!asset || typeof owner != 'string' || typeof delegate != 'string') continue
                    const row = newApproval(chainId, asset, owner, delegate, first.height, address)
                    row.reconciledAtHeight = first.height
                    row.amount = toBigInt(approval?.amount) ?? 0n
                    row.deposit = toBigInt(approval?.deposit) ?? undefined
                    row.active = row.amount > 0n
                    out.approvals.set(row.id, row)
                }
            }
        }
    }
    if (runtime.hasStorageItem('Nfts.Collection')) {
        for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Nfts.Collection')) {
            for (const [id, details] of page) {
                const asset = newAsset(chainId, {kind: 'NFT', id: String(id)}, config, first.height)
                asset.createdAtHeight = undefined
                if (isRecord(details) && typeof details.owner == 'string') asset.owner = address(details.owner)
                rolesSet(out, asset, first.height)
                out.assets.set(asset.id, asset)
            }
        }
        const held = new Map<string, {ref: AssetRef, who: string, items: bigint}>()
        for await (const page of runtime.getStoragePairsPaged(PAGE, at, 'Nfts.Item')) {
            for (const [key, details] of page) {
                const [collection, item] = key as [unknown, unknown]
                const owner = isRecord(details) && typeof details.owner == 'string' ? details.owner : undefined
                if (!owner) continue
                const ref: AssetRef = {kind: 'NFT', id: String(collection)}
                const k = `${collection}:${owner}`
                const h = held.get(k) ?? {ref, who: owner, items: 0n}
                h.items++
                held.set(k, h)
                const asset = out.assets.get(`${chainId}:nft:${collection}`) ?? newAsset(chainId, ref, config, first.height)
                out.assets.set(asset.id, asset)
                out.items.set(`${asset.id}:${item}`, new NftItem({
                    id: `${asset.id}:${item}`, chain: chainId, collection: asset, item: String(item), owner: address(owner),
                    mintedAtHeight: first.height, transfersCount: 0,
                }))
            }
        }
        for (const h of held.values()) open(h.ref, h.who, h.items)
    }
    for (const a of out.assets.values()) if (a.kind == AssetKind.NATIVE) a.createdAtHeight = undefined
    console.log(`pop-squid: opening balances at block #${first.height == 0 ? 0 : first.height - 1}: ${count} balances read from storage in ${Date.now() - started} ms`)
}
