import {accountRenderer, keyOf} from '../../decode/accounts'
import {Store} from '@subsquid/typeorm-store'
import {In} from 'typeorm'
import {Config} from '../../config/env'
import {AssetRef, assetKey, isValueEvent, readValueEvent, ValueRecord} from '../../decode/assets/events'
import {classifyFees} from '../../decode/assets/fees'
import {isHex, isRecord, readAccountAddress, toBigInt} from '../../decode/typed'
import {Asset, AssetApproval, AssetBalance, AssetKind, NftItem, Transfer, TransferKind, XcmMessage} from '../../model'
import type {BlockHeader, Event as RawEvent, ProcessorContext} from '../../processor'
import {ChainBatch, chainModule, linkAccount, rejectEvent} from '../chain'
import {DomainModule, RoutedBlock} from '../module'
import {type XcmBatch, xcmModule} from '../xcm'
import {ASSETS_ROLLBACK} from './rollback'
import {VOLUME_KINDS} from './kinds'
import {readOpening} from './opening'
import {assetIdArg, reconcileWithStorage, StorageReads} from './reconcile'
import {AssetsBatch, newApproval, newAsset, rolesSet} from './state'
import {findByIds, insertMany, upsertMany} from '../../db/bulk'

export {newAsset} from './state'
export type {AssetsBatch} from './state'

/**
 * Every movement of value in the batch as a `Transfer` row, and the assets' and accounts' state
 * after it. Reads each event's args once, loads the rows it touches once, applies in chain order.
 * On the first batch of a chain the opening balances are read from storage (see `opening.ts`).
 */
export async function mapAssets(ctx: ProcessorContext<Store>, config: Config, chain: ChainBatch, xcm: XcmBatch, routed: RoutedBlock[] = ctx.blocks as RoutedBlock[]): Promise<AssetsBatch> {
    const chainId = config.chainId
    const address = accountRenderer(config.ss58Prefix)
    const out: AssetsBatch = {assets: new Map(), balances: new Map(), items: new Map(), approvals: new Map(), transfers: [], newHolders: [], decodeFailures: 0, adjustments: 0, roleHeights: new Map()}

    // Pass 1: read every value event once; collect the rows to load.
    const records: {header: BlockHeader, event: RawEvent, record: ValueRecord}[] = []
    const assetIds = new Set<string>([`${chainId}:native`])
    const balanceIds = new Set<string>()
    const itemIds = new Set<string>()
    const approvalIds = new Set<string>()
    for (const {header, events} of routed) {
        for (const event of events) {
            if (!isValueEvent(event.name)) continue
            const read = readValueEvent(event, header._runtime.hasEvent('Balances.Held'))
            if (!read.ok) {
                rejectEvent(chain, chainId, event.id, read.reason)
                out.decodeFailures++
                continue
            }
            const r = read.value
            if (r.kind == 'none') continue
            records.push({header, event, record: r})
            const asset = 'asset' in r ? `${chainId}:${assetKey(r.asset)}` : `${chainId}:native`
            assetIds.add(asset)
            for (const who of accountsOf(r)) balanceIds.add(`${asset}:${keyOf(who)}`)
            if (r.kind == 'move' && r.item != null) itemIds.add(`${asset}:${r.item}`)
            if (r.kind == 'item-metadata') itemIds.add(`${asset}:${r.item}`)
            if (r.kind == 'approval') approvalIds.add(`${asset}:${keyOf(r.owner)}:${keyOf(r.delegate)}`)
            if (r.kind == 'move' && r.delegate && r.from) approvalIds.add(`${asset}:${keyOf(r.from)}:${keyOf(r.delegate)}`)
        }
    }

    // The comparison with storage reads these accounts at the batch's last block: start now, so
    // that the reads travel while the rows load and the movements apply.
    const last = ctx.blocks[ctx.blocks.length - 1].header
    const reads = new StorageReads(last._runtime, last.hash)
    if (config.reconcileBalances != 'off') {
        const native = new Set<string>()
        const fungible: [number | bigint, string][] = []
        for (const {record: r} of records) {
            const ref: AssetRef = 'asset' in r ? r.asset : {kind: 'NATIVE'}
            for (const who of accountsOf(r)) {
                if (who.length != 66) continue
                if (ref.kind == 'NATIVE') native.add(who)
                else if (ref.kind == 'FUNGIBLE') fungible.push([assetIdArg(ref.id), who])
            }
        }
        reads.start('System.Account', [...native])
        if (fungible.length && last._runtime.hasStorageItem('Assets.Account')) reads.start('Assets.Account', fungible)
        if (last._runtime.hasStorageItem('Balances.TotalIssuance')) reads.value('Balances.TotalIssuance')
    }
    for (const a of await findByIds(ctx.store, Asset, [...assetIds])) out.assets.set(a.id, a)
    if (!out.assets.has(`${chainId}:native`)) {
        try {
            await readOpening(ctx, config, out, address)
        } catch (err) {
            throw new Error(`could not read the opening balances from storage at the block before #${ctx.blocks[0].header.height}: ${(err as Error).message}\n` +
                `The RPC must serve state_getKeysPaged and state_queryStorageAt there (an archive node). To start every balance at zero instead, set OPENING_BALANCES=none.`)
        }
    }
    if (balanceIds.size) for (const b of await findByIds(ctx.store, AssetBalance, [...balanceIds].filter((id) => !out.balances.has(id)))) out.balances.set(b.id, b)
    if (itemIds.size) for (const i of await findByIds(ctx.store, NftItem, [...itemIds])) out.items.set(i.id, i)
    if (approvalIds.size) for (const a of await ctx.store.find(AssetApproval, {where: {id: In([...approvalIds])}, relations: {asset: true}})) out.approvals.set(a.id, a)
    // Destroyed assets: every holder's balance goes, so load them all.
    const destroyed = records.filter((r) => r.record.kind == 'destroyed').map((r) => `${chainId}:${assetKey((r.record as any).asset)}`)
    if (destroyed.length) {
        for (const b of await ctx.store.find(AssetBalance, {where: {asset: {id: In(destroyed)}}, relations: {asset: true}})) {
            if (!out.balances.has(b.id)) out.balances.set(b.id, b)
        }
    }

    const assetOf = (ref: AssetRef, height: number): Asset => {
        const id = `${chainId}:${assetKey(ref)}`
        let asset = out.assets.get(id)
        if (!asset) {
            asset = newAsset(chainId, ref, config, height)
            out.assets.set(id, asset)
        }
        return asset
    }
    const balanceOf = (asset: Asset, who: string, height: number, timestamp: Date | undefined | null): AssetBalance => {
        const account = address(who)
        const id = `${asset.id}:${keyOf(who)}`
        let b = out.balances.get(id)
        if (!b) {
            b = new AssetBalance({
                id, chain: chainId, asset, account, balance: 0n, reserved: asset.kind == AssetKind.NATIVE ? 0n : undefined,
                isFrozen: false, firstReceivedHeight: height, lastChangeHeight: height,
            })
            out.balances.set(id, b)
            out.newHolders.push({assetKey: asset.key, account, timestamp})
        }
        b.asset = asset
        return b
    }
    const approvalOf = (asset: Asset, owner: string, delegate: string, height: number): AssetApproval => {
        let a = out.approvals.get(`${asset.id}:${keyOf(owner)}:${keyOf(delegate)}`)
        if (!a) {
            a = newApproval(chainId, asset, owner, delegate, height, address)
            out.approvals.set(a.id, a)
        }
        a.asset = asset
        return a
    }
    const credit = (asset: Asset, who: string, amount: bigint, height: number, timestamp: Date | null | undefined, reserved = false) => {
        const b = balanceOf(asset, who, height, timestamp)
        if (b.balance == 0n && amount > 0n) asset.holderCount++
        b.balance += amount
        if (reserved && b.reserved != null) b.reserved += amount
        b.lastChangeHeight = height
        asset.supply += amount
    }
    const debit = (asset: Asset, who: string, amount: bigint, height: number, timestamp: Date | null | undefined, reserved = false) => {
        const b = balanceOf(asset, who, height, timestamp)
        const before = b.balance
        b.balance -= amount
        if (b.reserved != null) b.reserved = reserved ? b.reserved - amount : b.reserved > b.balance ? b.balance : b.reserved
        if (before > 0n && b.balance <= 0n) asset.holderCount--
        b.lastChangeHeight = height
        asset.supply -= amount
    }

    // Pass 2: apply in chain order.
    const feeEvents = classifyFees(ctx.blocks)
    let n = 0
    // One timestamp per block, shared by its movements.
    let timestampOf: BlockHeader | undefined
    let timestamp: Date | undefined
    for (const {header, event, record: r} of records) {
        const height = header.height
        if (timestampOf !== header) {
            timestampOf = header
            timestamp = header.timestamp == null || header.timestamp == 0 ? undefined : new Date(header.timestamp)
        }
        const eventRow = chain.eventOf.get(event.id)
        const extrinsicHash = event.extrinsic?.hash
        const extrinsic = event.extrinsic ? chain.extrinsicOf.get(event.extrinsic.id) : undefined
        const row = (kind: TransferKind, asset: Asset, amount: bigint, from?: string, to?: string, extra?: Partial<Transfer>, suffix = '') => {
            const t = new Transfer({
                id: `${chainId}:${event.id}${suffix}`, chain: chainId, kind, asset, amount,
                from: from ? address(from) : undefined, to: to ? address(to) : undefined,
                eventName: event.name, event: eventRow, blockHeight: height, timestamp, extrinsicHash, extrinsic,
            })
            if (extra) Object.assign(t, extra)
            if (VOLUME_KINDS.includes(kind)) {
                asset.transfersCount++
                asset.volume += amount
            }
            out.transfers.push(t)
            return t
        }
        n++
        switch (r.kind) {
            case 'move': {
                const asset = assetOf(r.asset, height)
                if (event.name == 'Assets.TransferredApproved') {
                    // Runtimes whose approved transfer also emits `Assets.Transferred` for the same
                    // move: that row gets the spender, the value moves once.
                    const same = out.transfers.find((t) => t.eventName == 'Assets.Transferred' && t.extrinsicHash == extrinsicHash && t.blockHeight == height
                        && t.asset.id == asset.id && t.amount == r.amount && t.from == address(r.from!) && t.to == address(r.to!) && t.delegate == null)
                    if (same) {
                        same.delegate = r.delegate ? address(r.delegate) : undefined
                        break
                    }
                }
                const inbound = xcm.effectOf.get(event.id)
                const outbound = event.extrinsic ? xcm.sentBy.get(event.extrinsic.id) : undefined
                let kind: TransferKind
                let link: XcmMessage | undefined
                if (r.role == 'transfer') kind = TransferKind.TRANSFER
                else if (r.role == 'dust') kind = TransferKind.DUST
                else if (feeEvents.has(event.id)) kind = TransferKind.FEE
                else if (inbound && (r.role == 'credit' || r.role == 'mint')) { kind = TransferKind.XCM_IN; link = inbound }
                else if (outbound && (r.role == 'debit' || r.role == 'burn')) { kind = TransferKind.XCM_OUT; link = outbound }
                else kind = r.role == 'credit' || r.role == 'mint' ? TransferKind.MINT : TransferKind.BURN
                if (r.from) debit(asset, r.from, r.amount, height, timestamp)
                if (r.to) credit(asset, r.to, r.amount, height, timestamp)
                // Runtimes that emit only `Assets.Transferred` for an approved transfer: the spender signed the call.
                const delegate = r.delegate ?? (event.name == 'Assets.Transferred' && event.extrinsic?.call?.name == 'Assets.transfer_approved'
                    ? readAccountAddress(event.extrinsic.signature?.address) : undefined)
                row(kind, asset, r.amount, r.from, r.to, {item: r.item, delegate: delegate ? address(delegate) : undefined, xcmMessage: link})
                if (r.delegate && r.from && asset.kind == AssetKind.FUNGIBLE) {
                    // Spent through an approval: what is left of it (pallet-assets removes it at zero).
                    const approval = approvalOf(asset, r.from, r.delegate, height)
                    approval.amount = approval.amount > r.amount ? approval.amount - r.amount : 0n
                    approval.active = approval.amount > 0n
                    approval.updatedAtHeight = height
                }
                if (r.item != null) moveItem(out, chainId, asset, r.item, r.role == 'burn' ? undefined : r.to && address(r.to), height, r.role == 'transfer')
                break
            }
            case 'reserve': {
                const b = balanceOf(assetOf({kind: 'NATIVE'}, height), r.who, height, timestamp)
                // Unknown (null) after a reindex: a reserve is not a movement, so it cannot be recomputed.
                if (b.reserved != null) b.reserved += r.amount
                break
            }
            case 'repatriate': {
                const asset = assetOf({kind: 'NATIVE'}, height)
                debit(asset, r.from, r.amount, height, timestamp, r.fromReserved)
                if (r.to) {
                    credit(asset, r.to, r.amount, height, timestamp, r.toReserved)
                    row(TransferKind.TRANSFER, asset, r.amount, r.from, r.to)
                } else {
                    row(TransferKind.BURN, asset, r.amount, r.from)
                }
                break
            }
            case 'set-free': {
                const asset = assetOf({kind: 'NATIVE'}, height)
                const b = balanceOf(asset, r.who, height, timestamp)
                const delta = r.free - (b.balance - (b.reserved ?? 0n))
                if (delta > 0n) {
                    credit(asset, r.who, delta, height, timestamp)
                    row(TransferKind.MINT, asset, delta, undefined, r.who)
                } else if (delta < 0n) {
                    debit(asset, r.who, -delta, height, timestamp)
                    row(TransferKind.BURN, asset, -delta, r.who)
                }
                break
            }
            case 'asset': {
                const asset = assetOf(r.asset, height)
                const c = r.change
                if (c.created) {
                    asset.createdAtHeight = height
                    asset.destroyedAtHeight = undefined
                }
                if (c.owner !== undefined) asset.owner = address(c.owner)
                if (c.issuer !== undefined) asset.issuer = address(c.issuer)
                if (c.admin !== undefined) asset.admin = address(c.admin)
                if (c.owner !== undefined || c.issuer !== undefined || c.admin !== undefined) rolesSet(out, asset, height)
                if (c.name !== undefined) asset.name = c.name
                if (c.symbol !== undefined) asset.symbol = c.symbol
                if (c.decimals !== undefined) asset.decimals = c.decimals
                if (c.metadata !== undefined) asset.metadata = c.metadata
                break
            }
            case 'freeze': {
                const asset = assetOf(r.asset, height)
                if (r.who) {
                    const b = balanceOf(asset, r.who, height, timestamp)
                    b.isFrozen = r.frozen
                } else {
                    asset.isFrozen = r.frozen
                }
                break
            }
            case 'item-metadata': {
                const asset = assetOf(r.asset, height)
                const item = itemOf(out, chainId, asset, r.item, height)
                item.metadata = r.data
                break
            }
            case 'approval': {
                const approval = approvalOf(assetOf(r.asset, height), r.owner, r.delegate, height)
                if (r.change == 'approve') {
                    // pallet-assets adds to an existing approval.
                    if (!approval.active) {
                        approval.amount = 0n
                        approval.createdAtHeight = height
                    }
                    approval.amount += r.amount
                    approval.active = true
                } else {
                    approval.amount = 0n
                    approval.active = false
                }
                approval.updatedAtHeight = height
                break
            }
            case 'destroyed': {
                // Destruction removes every account without a burn event each: write them as burns.
                const asset = assetOf(r.asset, height)
                let k = 0
                for (const b of out.balances.values()) {
                    if (b.asset.id != asset.id || b.balance == 0n) continue
                    const amount = b.balance
                    debit(asset, b.account, amount, height, timestamp)
                    row(TransferKind.BURN, asset, amount, b.account, undefined, {}, `-${k++}`)
                }
                asset.destroyedAtHeight = height
                break
            }
        }
    }
    if (config.reconcileBalances != 'off') {
        try {
            const result = await reconcileWithStorage(ctx, config, out, address, reads, {balanceOf, assetOf})
            out.adjustments = result.adjusted
        } catch (err) {
            throw new Error(`could not compare the balances with the chain's storage at #${ctx.blocks[ctx.blocks.length - 1].header.height}: ${(err as Error).message}\n` +
                `The RPC must serve state_queryStorageAt and state_getKeysPaged there. To trust the events alone, set RECONCILE_BALANCES=off (balances may then differ from the chain's).`)
        }
    }
    linkAccounts(out, chain, chainId, ctx.blocks[ctx.blocks.length - 1].header.height)
    return out
}

/** Every party of the batch's movements and balances gets its account row, and they point at it. */
function linkAccounts(out: AssetsBatch, chain: ChainBatch, chainId: string, lastHeight: number): void {
    const link = (address: string | null | undefined, height: number) => linkAccount(chain, chainId, address, height)
    for (const t of out.transfers) {
        if (t.from) t.fromAccount = link(t.from, t.blockHeight)
        if (t.to) t.toAccount = link(t.to, t.blockHeight)
        if (t.delegate) t.delegateAccount = link(t.delegate, t.blockHeight)
        // An NFT movement points at its item (written before the movements, in this batch or earlier).
        if (t.item != null) t.nftItem = out.items.get(`${t.asset.id}:${t.item}`)
    }
    for (const b of out.balances.values()) b.holder = link(b.account, b.firstReceivedHeight)
    for (const a of out.approvals.values()) {
        a.ownerAccount = link(a.owner, a.createdAtHeight)
        a.delegateAccount = link(a.delegate, a.createdAtHeight)
    }
    // An item's owner is named by the movement that gave it (MINT, TRANSFER or OPENING, linked above
    // at its height, which the account's first height keeps): the batch's last height changes nothing.
    for (const i of out.items.values()) i.ownerAccount = i.owner ? link(i.owner, lastHeight) : null
    // Roles set in this batch are linked at the height they were set; the others name accounts already there.
    for (const a of out.assets.values()) {
        const height = out.roleHeights.get(a.id) ?? lastHeight
        a.ownerAccount = a.owner ? link(a.owner, height) : null
        a.issuerAccount = a.issuer ? link(a.issuer, height) : null
        a.adminAccount = a.admin ? link(a.admin, height) : null
        a.freezerAccount = a.freezer ? link(a.freezer, height) : null
    }
}

export async function saveAssets(store: Store, batch: AssetsBatch): Promise<void> {
    await upsertMany(store, [...batch.assets.values()])
    await upsertMany(store, [...batch.balances.values()])
    await upsertMany(store, [...batch.items.values()])
    await upsertMany(store, [...batch.approvals.values()])
    await insertMany(store, batch.transfers)
}


function itemOf(out: AssetsBatch, chainId: string, collection: Asset, item: string, height: number): NftItem {
    const id = `${collection.id}:${item}`
    let row = out.items.get(id)
    if (!row) {
        row = new NftItem({id, chain: chainId, collection, item, mintedAtHeight: height, transfersCount: 0})
        out.items.set(id, row)
    }
    return row
}

function moveItem(out: AssetsBatch, chainId: string, collection: Asset, item: string, owner: string | undefined, height: number, transfer: boolean): void {
    const row = itemOf(out, chainId, collection, item, height)
    row.owner = owner
    if (owner == null) row.burnedAtHeight = height
    else if (!transfer) {
        row.mintedAtHeight = height
        row.burnedAtHeight = undefined
    }
    if (transfer) row.transfersCount++
}

function accountsOf(r: ValueRecord): string[] {
    switch (r.kind) {
        case 'move': return [r.from, r.to].filter((x): x is string => !!x)
        case 'reserve': case 'set-free': return [r.who]
        case 'repatriate': return [r.from, r.to].filter((x) => !!x)
        case 'freeze': return r.who ? [r.who] : []
        default: return []
    }
}


/**
 * Every movement of value (native token, pallet-assets, pallet-nfts) and the state after it,
 * compared with the chain's storage. Reads the value events; fees are read from the extrinsics'
 * own events.
 */
export const assetsModule: DomainModule<AssetsBatch> = {
    name: 'assets',
    reads: {events: isValueEvent, calls: 'none'},
    map: ({ctx, config, blocks, output}) => mapAssets(ctx, config, output(chainModule), output(xcmModule), blocks),
    save: saveAssets,
    failures: (out) => out.decodeFailures,
    rollback: ASSETS_ROLLBACK,
}
