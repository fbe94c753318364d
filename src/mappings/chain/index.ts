import {codec} from '@subsquid/ss58'
import {Store} from '@subsquid/typeorm-store'
import {In} from 'typeorm'
import {Config} from '../../config/env'
import {decodeDispatchError} from '../../decode/chain/dispatch-error'
import {decodeNewAccount, RUNTIME_CODE_EVENTS} from '../../decode/chain/events'
import {readAccountAddress} from '../../decode/typed'
import {Account, Block, Event, Extrinsic, IndexedChain, RuntimeUpgrade, RuntimeVersion} from '../../model'
import type {BlockHeader, ProcessorContext} from '../../processor'
import {insertMany, upsertMany} from '../../db/bulk'

/** The chain-level rows of one batch, built in memory and written once per entity type. */
export interface ChainBatch {
    chain?: IndexedChain
    blocks: Block[]
    extrinsics: Extrinsic[]
    events: Event[]
    accounts: Map<string, Account>
    runtimeVersions: RuntimeVersion[]
    runtimeUpgrades: RuntimeUpgrade[]
    decodeFailures: number
}

export function blockId(config: Config, header: BlockHeader): string {
    return `${config.chainId}:${header.id}`
}

export async function mapChain(ctx: ProcessorContext<Store>, config: Config): Promise<ChainBatch> {
    const chainId = config.chainId
    const ss58 = codec(config.ss58Prefix)
    const batch: ChainBatch = {
        blocks: [], extrinsics: [], events: [], accounts: new Map(), runtimeVersions: [], runtimeUpgrades: [], decodeFailures: 0,
    }
    // Accounts touched in this batch: prefetch existing rows once, then mutate in memory.
    const touched = new Map<string, {publicKey: string, first: number, last: number, extrinsics: number}>()
    const touch = (publicKey: string, height: number, extrinsics: number) => {
        const key = publicKey.toLowerCase()
        const t = touched.get(key)
        if (t) {
            t.last = height
            t.extrinsics += extrinsics
        } else {
            touched.set(key, {publicKey: key, first: height, last: height, extrinsics})
        }
    }
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
                pallet: callName.split('.')[0],
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
            if (signer) touch(signer, header.height, 1)
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
                phase: ev.phase,
                pallet: ev.name.split('.')[0],
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
        }
    }

    if (touched.size > 0) {
        const ids = [...touched.keys()].map((k) => `${chainId}:${k}`)
        const existing = await ctx.store.findBy(Account, {id: In(ids)})
        for (const a of existing) batch.accounts.set(a.id, a)
        for (const t of touched.values()) {
            const id = `${chainId}:${t.publicKey}`
            let account = batch.accounts.get(id)
            if (!account) {
                account = new Account({
                    id,
                    chain: chainId,
                    publicKey: t.publicKey,
                    address: ss58.encode(t.publicKey),
                    firstSeenHeight: t.first,
                    lastSeenHeight: t.last,
                    extrinsicsCount: 0,
                })
                batch.accounts.set(id, account)
            }
            account.lastSeenHeight = Math.max(account.lastSeenHeight, t.last)
            account.extrinsicsCount += t.extrinsics
        }
    }

    if (versions.size > 0) {
        const known = new Set((await ctx.store.findBy(RuntimeVersion, {id: In([...versions.keys()])})).map((v) => v.id))
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
                stateSchema: config.stateSchema,
            })
        }
    }
    return batch
}

/** Writes a batch: parents before children, one call per entity type. */
export async function saveChain(store: Store, batch: ChainBatch): Promise<void> {
    if (batch.chain) await upsertMany(store, [batch.chain])
    await insertMany(store, batch.blocks)
    await upsertMany(store, [...batch.accounts.values()])
    await insertMany(store, batch.extrinsics)
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
