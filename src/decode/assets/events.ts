import {isHex, isRecord, toBigInt} from '../typed'
import type {Event} from '../../processor'

/**
 * Version-free records of the value events of pallet-balances, pallet-assets and pallet-nfts,
 * read from the processor's JSON args (field names from the runtime's own metadata, camelCased).
 * Field shapes are checked: an event whose args do not have them yields a reason instead.
 */
export type ValueRecord =
    | {kind: 'move', asset: AssetRef, from?: string, to?: string, amount: bigint, item?: string, delegate?: string, role?: MoveRole}
    /** Native free <-> reserved (held) shifts: the total stays. */
    | {kind: 'reserve', who: string, amount: bigint}
    | {kind: 'repatriate', from: string, to: string, amount: bigint, toReserved: boolean, fromReserved: boolean}
    | {kind: 'set-free', who: string, free: bigint}
    | {kind: 'asset', asset: AssetRef, change: AssetChange}
    | {kind: 'freeze', asset: AssetRef, who?: string, frozen: boolean}
    | {kind: 'item-metadata', asset: AssetRef, item: string, data?: string}
    | {kind: 'destroyed', asset: AssetRef}
    /** pallet-assets approvals: `amount` added (approve) or the approval removed (cancel). Spending is a `move` with a delegate. */
    | {kind: 'approval', asset: AssetRef, owner: string, delegate: string, change: 'approve' | 'cancel', amount: bigint}
    | {kind: 'none'}

export type AssetRef = {kind: 'NATIVE'} | {kind: 'FUNGIBLE', id: string} | {kind: 'NFT', id: string}

/** What a movement event is before the extrinsic and XCM context classify it. */
export type MoveRole = 'transfer' | 'credit' | 'debit' | 'mint' | 'burn' | 'dust'

export interface AssetChange {
    created?: boolean
    owner?: string
    issuer?: string
    admin?: string
    name?: string | null
    symbol?: string | null
    decimals?: number | null
    metadata?: string | null
}

export function assetKey(ref: AssetRef): string {
    return ref.kind == 'NATIVE' ? 'native' : ref.kind == 'FUNGIBLE' ? `asset:${ref.id}` : `nft:${ref.id}`
}

const NATIVE: AssetRef = {kind: 'NATIVE'}

/**
 * pallet-contracts moves storage and code deposits with fungible holds. Runtimes whose
 * pallet-balances has no `Held` event yet (Pop spec 100) record those moves only in the contracts
 * pallet's own events; newer runtimes emit `Balances.Held` / `TransferAndHold` for them.
 */
const SILENT_HOLD_EVENTS = new Set([
    'Contracts.StorageDepositTransferredAndHeld', 'Contracts.StorageDepositTransferredAndReleased', 'Contracts.CodeStored', 'Contracts.CodeRemoved',
])

/** Events this module reads; every other event is not a value event. */
export function isValueEvent(name: string): boolean {
    const pallet = name.slice(0, name.indexOf('.'))
    return pallet == 'Balances' || pallet == 'Assets' || pallet == 'Nfts' || SILENT_HOLD_EVENTS.has(name)
}

/** The record of one value event, or why its args could not be read. */
export function readValueEvent(event: Pick<Event, 'name' | 'args'>, holdsHaveEvents = false): {ok: true, value: ValueRecord} | {ok: false, reason: string} {
    if (holdsHaveEvents && SILENT_HOLD_EVENTS.has(event.name)) return {ok: true, value: {kind: 'none'}}
    try {
        const value = read(event.name, event.args)
        if (value) return {ok: true, value}
    } catch (err) {
        return {ok: false, reason: `${event.name}: ${(err as Error).message}`}
    }
    return {ok: false, reason: `${event.name}: the args do not have the expected shape`}
}

function read(name: string, args: unknown): ValueRecord | undefined {
    const a = isRecord(args) ? args : {}
    switch (name) {
        // pallet-balances
        case 'Balances.Transfer': return move(NATIVE, acc(a.from), acc(a.to), num(a.amount), 'transfer')
        case 'Balances.Deposit': return move(NATIVE, undefined, acc(a.who), num(a.amount), 'credit')
        case 'Balances.Minted': case 'Balances.Restored': return move(NATIVE, undefined, acc(a.who), num(a.amount), 'mint')
        case 'Balances.Withdraw': return move(NATIVE, acc(a.who), undefined, num(a.amount), 'debit')
        case 'Balances.Burned': case 'Balances.Slashed': case 'Balances.Suspended': return move(NATIVE, acc(a.who), undefined, num(a.amount), 'burn')
        case 'Balances.DustLost': return move(NATIVE, acc(a.account), undefined, num(a.amount), 'dust')
        case 'Balances.BalanceSet': return need({kind: 'set-free', who: acc(a.who)!, free: num(a.free)!})
        case 'Balances.Reserved': case 'Balances.Held': return need({kind: 'reserve', who: acc(a.who)!, amount: num(a.amount)!})
        case 'Balances.Unreserved': case 'Balances.Released': {
            const amount = num(a.amount)
            return need({kind: 'reserve', who: acc(a.who)!, amount: amount == null ? amount! : -amount})
        }
        case 'Balances.BurnedHeld': {
            const who = acc(a.who)
            const amount = num(a.amount)
            return need({kind: 'repatriate', from: who!, to: '', amount: amount!, toReserved: false, fromReserved: true})
        }
        case 'Balances.ReserveRepatriated': {
            const status = isRecord(a.destinationStatus) ? a.destinationStatus.__kind : a.destinationStatus
            return need({kind: 'repatriate', from: acc(a.from)!, to: acc(a.to)!, amount: num(a.amount)!, toReserved: status == 'Reserved', fromReserved: true})
        }
        case 'Balances.TransferOnHold':
            return need({kind: 'repatriate', from: acc(a.source)!, to: acc(a.dest)!, amount: num(a.amount)!, toReserved: true, fromReserved: true})
        case 'Balances.TransferAndHold':
            return need({kind: 'repatriate', from: acc(a.source)!, to: acc(a.dest)!, amount: num(a.transferred)!, toReserved: true, fromReserved: false})
        // pallet-contracts deposits moved with holds (see SILENT_HOLD_EVENTS)
        case 'Contracts.StorageDepositTransferredAndHeld':
            return need({kind: 'repatriate', from: acc(a.from)!, to: acc(a.to)!, amount: num(a.amount)!, toReserved: true, fromReserved: false})
        case 'Contracts.StorageDepositTransferredAndReleased':
            return need({kind: 'repatriate', from: acc(a.from)!, to: acc(a.to)!, amount: num(a.amount)!, toReserved: false, fromReserved: true})
        case 'Contracts.CodeStored': return need({kind: 'reserve', who: acc(a.uploader)!, amount: num(a.depositHeld)!})
        case 'Contracts.CodeRemoved': {
            const amount = num(a.depositReleased)
            return need({kind: 'reserve', who: acc(a.remover)!, amount: amount == null ? amount! : -amount})
        }
        // pallet-assets
        case 'Assets.Created': return need({kind: 'asset', asset: fungible(a.assetId)!, change: {created: true, owner: acc(a.owner)!, issuer: acc(a.owner), admin: acc(a.owner)}})
        case 'Assets.ForceCreated': return need({kind: 'asset', asset: fungible(a.assetId)!, change: {created: true, owner: acc(a.owner)!, issuer: acc(a.owner), admin: acc(a.owner)}})
        case 'Assets.OwnerChanged': return need({kind: 'asset', asset: fungible(a.assetId)!, change: {owner: acc(a.owner)!}})
        case 'Assets.TeamChanged': return need({kind: 'asset', asset: fungible(a.assetId)!, change: {issuer: acc(a.issuer)!, admin: acc(a.admin)!}})
        case 'Assets.MetadataSet': {
            const decimals = typeof a.decimals == 'number' ? a.decimals : undefined
            return need({kind: 'asset', asset: fungible(a.assetId)!, change: {name: text(a.name)!, symbol: text(a.symbol)!, decimals: decimals!}})
        }
        case 'Assets.MetadataCleared': return need({kind: 'asset', asset: fungible(a.assetId)!, change: {name: null, symbol: null, decimals: null}})
        case 'Assets.Issued': return move(fungible(a.assetId), undefined, acc(a.owner), num(a.amount), 'mint')
        case 'Assets.Deposited': return move(fungible(a.assetId), undefined, acc(a.who), num(a.amount), 'credit')
        case 'Assets.Transferred': return move(fungible(a.assetId), acc(a.from), acc(a.to), num(a.amount), 'transfer')
        case 'Assets.TransferredApproved': {
            const m = move(fungible(a.assetId), acc(a.owner), acc(a.destination), num(a.amount), 'transfer')
            return m && m.kind == 'move' ? {...m, delegate: acc(a.delegate)} : m
        }
        case 'Assets.ApprovedTransfer':
            return need({kind: 'approval', asset: fungible(a.assetId)!, owner: acc(a.source)!, delegate: acc(a.delegate)!, change: 'approve', amount: num(a.amount)!})
        case 'Assets.ApprovalCancelled':
            return need({kind: 'approval', asset: fungible(a.assetId)!, owner: acc(a.owner)!, delegate: acc(a.delegate)!, change: 'cancel', amount: 0n})
        case 'Assets.Burned': return move(fungible(a.assetId), acc(a.owner), undefined, num(a.balance), 'burn')
        case 'Assets.Withdrawn': return move(fungible(a.assetId), acc(a.who), undefined, num(a.amount), 'debit')
        case 'Assets.Frozen': case 'Assets.Blocked': return need({kind: 'freeze', asset: fungible(a.assetId)!, who: acc(a.who)!, frozen: true})
        case 'Assets.Thawed': return need({kind: 'freeze', asset: fungible(a.assetId)!, who: acc(a.who)!, frozen: false})
        case 'Assets.AssetFrozen': return need({kind: 'freeze', asset: fungible(a.assetId)!, frozen: true})
        case 'Assets.AssetThawed': return need({kind: 'freeze', asset: fungible(a.assetId)!, frozen: false})
        case 'Assets.Destroyed': return need({kind: 'destroyed', asset: fungible(a.assetId)!})
        // pallet-nfts: a collection is an asset, its items count one each
        case 'Nfts.Created': case 'Nfts.ForceCreated': return need({kind: 'asset', asset: nft(a.collection)!, change: {created: true, owner: acc(a.owner)!, admin: acc(a.owner), issuer: acc(a.owner)}})
        case 'Nfts.OwnerChanged': return need({kind: 'asset', asset: nft(a.collection)!, change: {owner: acc(a.newOwner)!}})
        case 'Nfts.CollectionMetadataSet': return need({kind: 'asset', asset: nft(a.collection)!, change: {metadata: text(a.data)!}})
        case 'Nfts.CollectionMetadataCleared': return need({kind: 'asset', asset: nft(a.collection)!, change: {metadata: null}})
        case 'Nfts.Issued': return move(nft(a.collection), undefined, acc(a.owner), 1n, 'mint', id(a.item))
        case 'Nfts.Transferred': return move(nft(a.collection), acc(a.from), acc(a.to), 1n, 'transfer', id(a.item))
        case 'Nfts.Burned': return move(nft(a.collection), acc(a.owner), undefined, 1n, 'burn', id(a.item))
        case 'Nfts.ItemMetadataSet': return need({kind: 'item-metadata', asset: nft(a.collection)!, item: id(a.item)!, data: text(a.data)!})
        case 'Nfts.ItemMetadataCleared': return need({kind: 'item-metadata', asset: nft(a.collection)!, item: id(a.item)!})
        case 'Nfts.Destroyed': return need({kind: 'destroyed', asset: nft(a.collection)!})
        default: return {kind: 'none'}
    }
}

function move(asset: AssetRef | undefined, from: string | undefined, to: string | undefined, amount: bigint | undefined, role: MoveRole, item?: string): ValueRecord | undefined {
    if (!asset || amount == null || amount < 0n) return undefined
    const needsFrom = role == 'transfer' || role == 'debit' || role == 'burn' || role == 'dust'
    const needsTo = role == 'transfer' || role == 'credit' || role == 'mint'
    if ((needsFrom && !from) || (needsTo && !to)) return undefined
    if (asset.kind == 'NFT' && item == null) return undefined
    return {kind: 'move', asset, from, to, amount, item, role}
}

/** Undefined fields (a failed read) make the whole record undefined. */
function need(record: ValueRecord): ValueRecord | undefined {
    for (const value of Object.values(record)) if (value === undefined) return undefined
    const change = (record as any).change
    if (change) for (const [k, v] of Object.entries(change)) if (v === undefined && k != 'issuer' && k != 'admin') return undefined
    return record
}

function acc(value: unknown): string | undefined {
    return isHex(value) && (value.length == 66 || value.length == 42) ? value.toLowerCase() : undefined
}

function num(value: unknown): bigint | undefined {
    return toBigInt(value)
}

function id(value: unknown): string | undefined {
    const n = toBigInt(value)
    return n == null ? undefined : n.toString()
}

function fungible(value: unknown): AssetRef | undefined {
    const n = id(value)
    return n == null ? undefined : {kind: 'FUNGIBLE', id: n}
}

function nft(value: unknown): AssetRef | undefined {
    const n = id(value)
    return n == null ? undefined : {kind: 'NFT', id: n}
}

/** Bytes as UTF-8 text when they are printable text, else hex. */
export function text(value: unknown): string | undefined {
    if (!isHex(value)) return undefined
    const bytes = Buffer.from(value.slice(2), 'hex')
    const s = bytes.toString('utf8')
    return Buffer.from(s, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s) ? s : value
}
