import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {decodeDispatchError} from '../../decode/chain/dispatch-error'
import {decodeNewAccount, RUNTIME_CODE_EVENTS} from '../../decode/chain/events'
import {readAccountAddress, readSignedOrigin} from '../../decode/typed'
import {accountKey, accountRenderer} from '../../decode/accounts'
import {DomainModule} from '../module'
import {CHAIN_ROLLBACK} from './rollback'
import {Account, Block, Call as CallRow, ChainState, Event, EventPhase, Extrinsic, IndexedChain, RuntimeUpgrade, RuntimeVersion} from '../../model'
import type {BlockHeader, ProcessorContext} from '../../processor'
import {findByIds, insertMany, upsertMany} from '../../db/bulk'

/** The chain-level rows of one batch, built in memory and written once per entity type. */
export interface ChainBatch {
    chain?: IndexedChain
    /** Where the chain's processor state lives (internal; written with the chain's row). */
    chainState?: ChainState
    blocks: Block[]
    extrinsics: Extrinsic[]
    events: Event[]
    /** The rows above by the processor's own id of what they record (`header.id`, `extrinsic.id`, `event.id`): the other domains link to them. */
    blockOf: Map<string, Block>
    extrinsicOf: Map<string, Extrinsic>
    eventOf: Map<string, Event>
    accounts: Map<string, Account>
    /**
     * Accounts seen in this batch by key (lower-case hex): signers and `System.NewAccount` here,
     * every other party (senders, recipients, holders, callers, deployers) by the other domains
     * through `touchAccount`. `resolveAccounts` turns them into rows once every domain has mapped.
     */
    touched: Map<string, TouchedAccount>
    /** The calls nested in the batch's extrinsics' calls. */
    calls: CallRow[]
    runtimeVersions: RuntimeVersion[]
    runtimeUpgrades: RuntimeUpgrade[]
    decodeFailures: number
    /** Events another domain could not read, by row id, with why: stored on the rows in `settle`. */
    rejected: Map<string, string>
}

interface TouchedAccount {
    publicKey: string
    first: number
    /** Highest height it signed an extrinsic or got `System.NewAccount` at (-1: only seen as a party). */
    last: number
    extrinsics: number
}

/**
 * Notes an account seen in this batch and gives the relation to its row (which `resolveAccounts`
 * creates when the database does not have it). A party (`extrinsics` undefined) only makes sure
 * the row exists: `lastSeenHeight` and `extrinsicsCount` follow signed extrinsics and NewAccount.
 */
export function touchAccount(batch: ChainBatch, chainId: string, publicKey: string, height: number, extrinsics?: number): Account {
    const key = publicKey.toLowerCase()
    const t = batch.touched.get(key)
    if (!t) batch.touched.set(key, {publicKey: key, first: height, last: extrinsics == null ? -1 : height, extrinsics: extrinsics ?? 0})
    else {
        // Domains touch in their own order, not the chain's.
        t.first = Math.min(t.first, height)
        if (extrinsics != null) {
            t.last = Math.max(t.last, height)
            t.extrinsics += extrinsics
        }
    }
    return new Account({id: `${chainId}:${key}`})
}

/** The relation to the account row of an address (hex or SS58), noted as seen at `height`; undefined for no address. */
export function linkAccount(batch: ChainBatch, chainId: string, address: string | null | undefined, height: number): Account | undefined {
    const key = address ? accountKey(address) : undefined
    return key ? touchAccount(batch, chainId, key, height) : undefined
}

/**
 * A domain could not read this event: the event's row (the chain module's) says why, stored by
 * the chain module once every domain has mapped. The domain counts it in its own failures.
 */
export function rejectEvent(batch: ChainBatch, chainId: string, eventId: string, reason: string): void {
    batch.rejected.set(`${chainId}:${eventId}`, reason)
}

/** The reasons other domains gave, on the event rows. */
function storeRejections(batch: ChainBatch): void {
    if (batch.rejected.size == 0) return
    for (const row of batch.events) {
        const reason = batch.rejected.get(row.id)
        if (reason !== undefined) row.decodeError = reason
    }
}

const pallets = new Map<string, string>()

/** The pallet of a `Pallet.name` (memoised: a chain has a few hundred names). */
function palletOf(name: string): string {
    let pallet = pallets.get(name)
    if (pallet === undefined) {
        if (pallets.size > 10_000) pallets.clear()
        pallets.set(name, pallet = name.split('.')[0])
    }
    return pallet
}

export function blockId(config: Config, header: BlockHeader): string {
    return `${config.chainId}:${header.id}`
}

export async function mapChain(ctx: ProcessorContext<Store>, config: Config): Promise<ChainBatch> {
    const chainId = config.chainId
    const batch: ChainBatch = {
        blocks: [], extrinsics: [], events: [], blockOf: new Map(), extrinsicOf: new Map(), eventOf: new Map(), accounts: new Map(), touched: new Map(), calls: [], runtimeVersions: [], runtimeUpgrades: [], decodeFailures: 0, rejected: new Map(),
    }
    const touch = (publicKey: string, height: number, extrinsics: number) => touchAccount(batch, chainId, publicKey, height, extrinsics)
    const versions = new Map<string, {header: BlockHeader, block: Block}>()
    let previousCodeEvent: string | undefined

    for (const {header, extrinsics, calls, events} of ctx.blocks) {
        // The genesis block has no Timestamp.set: the chain says 0, which is no time at all.
        const timestamp = header.timestamp == null || (header.height == 0 && header.timestamp == 0) ? undefined : new Date(header.timestamp)
        const block = new Block({
            id: blockId(config, header),
            chain: chainId,
            height: header.height,
            hash: header.hash,
            parentHash: header.parentHash,
            timestamp,
            specName: header.specName,
            specVersion: header.specVersion,
            extrinsicsCount: extrinsics.length,
            callsCount: calls.length,
            eventsCount: events.length,
        })
        batch.blocks.push(block)
        batch.blockOf.set(header.id, block)

        const versionKey = `${chainId}:${header.specName}@${header.specVersion}`
        if (!versions.has(versionKey)) versions.set(versionKey, {header, block})
        const prev = header._runtimeOfPrevBlock
        if (header.height > 0 && prev && prev.specVersion != header.specVersion) {
            batch.runtimeUpgrades.push(new RuntimeUpgrade({
                id: `${chainId}:${header.height}`,
                chain: chainId,
                height: header.height,
                block,
                fromSpecVersion: prev.specVersion,
                toSpecVersion: header.specVersion,
                version: new RuntimeVersion({id: versionKey}),
                cause: previousCodeEvent,
            }))
        }
        previousCodeEvent = undefined

        const extrinsicById = new Map<number, Extrinsic>()
        for (const ex of extrinsics) {
            const signer = readAccountAddress(ex.signature?.address)
            const callName = ex.call?.name ?? 'Unknown.unknown'
            const error = ex.success ? undefined : decodeDispatchError(header._runtime, ex.error)
            const row = new Extrinsic({
                id: `${chainId}:${ex.id}`,
                chain: chainId,
                block,
                blockHeight: header.height,
                timestamp,
                index: ex.index,
                hash: ex.hash,
                version: ex.version,
                signer: signer ? new Account({id: `${chainId}:${signer}`}) : undefined,
                nonce: readNonce(ex.signature),
                callName,
                pallet: palletOf(callName),
                callArgs: ex.call?.args,
                fee: ex.fee,
                tip: ex.tip,
                success: ex.success ?? true,
                error: ex.error ?? undefined,
                errorName: error?.name,
                errorDocs: error?.docs,
            })
            extrinsicById.set(ex.index, row)
            batch.extrinsics.push(row)
            batch.extrinsicOf.set(ex.id, row)
            if (signer) touch(signer, header.height, 1)
        }

        // Calls nested in an extrinsic's call (its own call is the extrinsic row).
        for (const call of calls) {
            if (call.address.length == 0) continue
            const extrinsic = extrinsicById.get(call.extrinsicIndex)
            if (!extrinsic) continue
            const origin = readSignedOrigin(call.origin)
            const error = call.success === false ? decodeDispatchError(header._runtime, call.error) : undefined
            const parent = call.parentCall
            batch.calls.push(new CallRow({
                id: `${chainId}:${call.id}`,
                chain: chainId,
                blockHeight: header.height,
                timestamp,
                extrinsic,
                parent: parent && parent.address.length > 0 ? new CallRow({id: `${chainId}:${parent.id}`}) : undefined,
                address: call.address,
                depth: call.address.length,
                name: call.name,
                pallet: palletOf(call.name),
                args: call.args,
                success: call.success ?? extrinsic.success,
                errorName: error?.name,
                origin,
                originAccount: linkAccount(batch, chainId, origin, header.height),
            }))
        }

        for (const ev of events) {
            const row = new Event({
                id: `${chainId}:${ev.id}`,
                chain: chainId,
                block,
                blockHeight: header.height,
                timestamp,
                extrinsic: ev.extrinsicIndex == null ? undefined : extrinsicById.get(ev.extrinsicIndex),
                index: ev.index,
                phase: EventPhase[ev.phase],
                pallet: palletOf(ev.name),
                name: ev.name,
                args: ev.args,
                topics: ev.topics ?? [],
            })
            if (ev.name == 'System.NewAccount') {
                const decoded = decodeNewAccount(ev)
                if (decoded.ok) touch(decoded.value.account, header.height, 0)
                else row.decodeError = decoded.reason
            } else if ((RUNTIME_CODE_EVENTS as readonly string[]).includes(ev.name)) {
                previousCodeEvent = ev.name
            }
            if (row.decodeError) batch.decodeFailures++
            batch.events.push(row)
            batch.eventOf.set(ev.id, row)
        }
    }

    if (versions.size > 0) {
        const known = new Set((await findByIds(ctx.store, RuntimeVersion, [...versions.keys()])).map((v) => v.id))
        for (const [id, {header, block}] of versions) {
            if (known.has(id)) continue
            batch.runtimeVersions.push(new RuntimeVersion({
                id,
                chain: chainId,
                specName: header.specName,
                specVersion: header.specVersion,
                implVersion: header.implVersion,
                firstHeight: header.height,
                firstBlock: block,
            }))
        }
    }

    const first = ctx.blocks[0]?.header
    if (first) {
        const known = await ctx.store.get(IndexedChain, chainId)
        if (!known) {
            batch.chain = new IndexedChain({
                id: chainId,
                preset: config.preset,
                paraId: config.paraId,
                ss58Prefix: config.ss58Prefix,
                tokenSymbol: config.tokenSymbol,
                tokenDecimals: config.tokenDecimals,
                genesisHash: first.height == 0 ? first.hash : undefined,
                firstIndexedHeight: first.height,
            })
            batch.chainState = new ChainState({id: chainId, stateSchema: config.stateSchema})
        }
    }
    return batch
}

/**
 * The rows of the accounts every domain touched in this batch: loaded once (one query), created
 * for those seen the first time, counters moved on for signers. Runs after every domain has mapped
 * and before anything is written (their rows point at these).
 */
export async function resolveAccounts(store: Store, config: Config, batch: ChainBatch): Promise<void> {
    if (batch.touched.size == 0) return
    const chainId = config.chainId
    const render = accountRenderer(config.ss58Prefix)
    const ids = [...batch.touched.keys()].map((k) => `${chainId}:${k}`)
    for (const a of await findByIds(store, Account, ids)) batch.accounts.set(a.id, a)
    for (const t of batch.touched.values()) {
        const id = `${chainId}:${t.publicKey}`
        let account = batch.accounts.get(id)
        if (!account) {
            account = new Account({
                id, chain: chainId, publicKey: t.publicKey, address: render(t.publicKey),
                firstSeenHeight: t.first, lastSeenHeight: Math.max(t.first, t.last), extrinsicsCount: 0,
            })
            batch.accounts.set(id, account)
        } else if (t.first < account.firstSeenHeight) {
            // Seen earlier than its row says (a row written before parties had accounts): every row
            // that points at an account is at or after its first height, which reindex relies on.
            account.firstSeenHeight = t.first
        } else if (t.last < 0 && t.extrinsics == 0) {
            // Only seen as a party, and already there: nothing to write.
            batch.accounts.delete(id)
            continue
        }
        if (t.last >= 0) account.lastSeenHeight = Math.max(account.lastSeenHeight, t.last)
        account.extrinsicsCount += t.extrinsics
    }
}

/** Writes a batch: parents before children, one call per entity type. */
export async function saveChain(store: Store, batch: ChainBatch): Promise<void> {
    if (batch.chain) await upsertMany(store, [batch.chain])
    if (batch.chainState) await upsertMany(store, [batch.chainState])
    await insertMany(store, batch.blocks)
    await upsertMany(store, [...batch.accounts.values()])
    await insertMany(store, batch.extrinsics)
    // Parents first: a call's row points at its parent's, which must be there (or in the same statement).
    await insertMany(store, batch.calls.sort((a, b) => a.depth - b.depth))
    await insertMany(store, batch.events)
    await store.insert(batch.runtimeVersions)
    await store.insert(batch.runtimeUpgrades)
}

/** The nonce a signed extrinsic carries in its CheckNonce extension (a number, or a compact as a string). */
function readNonce(signature: unknown): number | undefined {
    const ext = (signature as {signedExtensions?: Record<string, unknown>} | undefined)?.signedExtensions
    const raw = ext?.checkNonce ?? ext?.CheckNonce
    const n = typeof raw == 'number' ? raw : typeof raw == 'bigint' ? Number(raw) : typeof raw == 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined
    return n != null && Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : undefined
}

/** Every block, extrinsic, call and event; the accounts every domain named (see `DomainModule`). */
export const chainModule: DomainModule<ChainBatch> = {
    name: 'chain',
    reads: {events: 'all', calls: 'all'},
    map: ({ctx, config}) => mapChain(ctx, config),
    async settle({ctx, config}, out) {
        storeRejections(out)
        await resolveAccounts(ctx.store, config, out)
    },
    save: saveChain,
    failures: (out) => out.decodeFailures,
    rollback: CHAIN_ROLLBACK,
}
