import {Store} from '@subsquid/typeorm-store'
import {In} from 'typeorm'
import {Config} from '../../config/env'
import {isHex, isRecord, readAccountAddress} from '../../decode/typed'
import {decodeOutboundQueues, downwardSentAt, originCounterpart, OutboundQueued, readInboundMessages, sentArgsProblem} from '../../decode/xcm/transport'
import {counterpartOf, decodeVersionedXcms, normalizeXcm, renderAsset, renderLocation, toLocalAssetId, VersionedXcmDecoding} from '../../decode/xcm/message'
import {CounterpartChain, XcmAsset, XcmDirection, XcmInstruction, XcmMessage, XcmStatus, XcmTransport} from '../../model'
import type {XcmAsset as XcmAssetRecord} from '../../decode/xcm/message'
import type {XcmInstructionRecord} from '../../decode/xcm/instructions'
import type {BlockHeader, Call, Event as RawEvent, ProcessorContext} from '../../processor'
import {ChainBatch, chainModule, linkAccount, rejectEvent} from '../chain'
import {DomainModule, names, RoutedBlock} from '../module'
import {CounterpartActivity, CounterpartsBatch, mapCounterparts, relayTokenAmount, saveCounterparts} from './counterparts'
import {COUNTERPARTS_REBUILD, COUNTERPARTS_ROLLBACK, XCM_ROLLBACK} from './rollback'
import {untrackedQuery, upsertMany} from '../../db/bulk'

export interface XcmBatch {
    messages: Map<string, XcmMessage>
    decodeFailures: number
    /** What changed for each counterpart, in chain order. */
    activity: CounterpartActivity[]
    /** The inbound message whose execution emitted an event (deposits, mints), by raw event id. */
    effectOf: Map<string, XcmMessage>
    /** The first outbound message of an extrinsic, by raw extrinsic id. */
    sentBy: Map<string, XcmMessage>
}

/**
 * XCM messages of one batch. Outbound: `PolkadotXcm.Sent` with the transport event of the same
 * extrinsic. Inbound: the downward and horizontal messages of `set_validation_data`, enqueued in
 * that block and matched (by id) to `MessageQueue.Processed` / `ProcessingFailed` /
 * `OverweightEnqueued`, in this batch or a later one.
 */
export async function mapXcm(ctx: ProcessorContext<Store>, config: Config, chain: ChainBatch, routed: RoutedBlock[] = ctx.blocks as RoutedBlock[]): Promise<XcmBatch> {
    const chainId = config.chainId
    const out: XcmBatch = {messages: new Map(), decodeFailures: 0, activity: [], effectOf: new Map(), sentBy: new Map()}
    const note = (m: XcmMessage, kind: CounterpartActivity['kind'], height: number, timestamp: Date | null | undefined) => {
        const moves = kind == 'in' || kind == 'out'
        if (moves) localize(m, config.paraId)
        const assets = moves ? m.localAssets ?? [] : []
        // A failed inbound message deposited nothing: its value comes off the counterpart's value in.
        const value = relayTokenAmount(kind == 'failed' ? m.localAssets ?? [] : assets, config.paraId)
        out.activity.push({counterpart: m.counterpart, kind, height, timestamp, assets, value})
        // Every message noted has its counterpart's row (the counterparts mapping makes it from this activity).
        m.counterpartChain = new CounterpartChain({id: `${chainId}:${m.counterpart}`})
    }
    const blocks = chain.blockOf
    const extrinsics = chain.extrinsicOf
    const outcomes: {header: BlockHeader, event: RawEvent, effects: RawEvent[]}[] = []
    const unannounced: {header: BlockHeader, event: RawEvent}[] = []
    /** Relay blocks whose downward queues may hold messages sent in them. */
    const downward: DownwardCandidates[] = []
    /**
     * Inbound messages waiting for their outcome, by `<counterpart>|<id>`, under both ids an outcome
     * can carry: the SetTopic (after execution), or the hash of the bytes (a message refused before
     * it ran, e.g. by the barrier, keeps the hash).
     */
    const waiting = new Map<string, XcmMessage[]>()
    const wait = (m: XcmMessage) => {
        for (const id of new Set([m.messageId, m.messageHash ?? m.messageId])) {
            const key = `${m.counterpart}|${id}`
            const queue = waiting.get(key)
            if (queue) queue.push(m)
            else waiting.set(key, [m])
        }
    }
    const matched = new Set<XcmMessage>()
    const take = (counterpart: string, id: string): XcmMessage | undefined => {
        const queue = waiting.get(`${counterpart}|${id}`) ?? []
        while (queue.length > 0) {
            const m = queue.shift()!
            if (!matched.has(m)) {
                matched.add(m)
                return m
            }
        }
        return undefined
    }

    for (const {header, calls, events} of routed) {
        const block = blocks.get(header.id)!
        const base = (extra: Partial<XcmMessage>) => new XcmMessage({
            chain: chainId, blockHeight: header.height, timestamp: block.timestamp, block, ...extra,
        })
        for (const call of calls) {
            if (call.name != 'ParachainSystem.set_validation_data') continue
            for (const m of readInboundMessages(call)) {
                const decoded = decodeVersionedXcms(header._runtime, m.bytes)
                decoded.forEach((d, k) => {
                    const row = base({
                        id: `${chainId}:in:${header.id}:${m.transport}:${m.index}:${k}`,
                        direction: XcmDirection.in,
                        transport: XcmTransport[m.transport],
                        counterpart: m.counterpart,
                        status: XcmStatus.enqueued,
                        extrinsic: call.extrinsic ? extrinsics.get(call.extrinsic.id) : undefined,
                        ...fromDecoding(d),
                    })
                    if (!d.ok) out.decodeFailures++
                    out.messages.set(row.id, row)
                    note(row, 'in', header.height, block.timestamp)
                    wait(row)
                })
            }
        }
        // What a message's execution did is emitted just before its outcome event, in the same phase.
        let effects: RawEvent[] = []
        let phase: string | undefined
        let relaySends: DownwardCandidates | undefined
        for (const event of events) {
            if (/^(XcmPallet|Hrmp)\./.test(event.name) && header._runtime.hasStorageItem('Dmp.DownwardMessageQueues')) {
                if (!relaySends) downward.push(relaySends = {header, sent: [], extrinsics: new Set()})
                // The executor ran for this extrinsic (a transfer): what it sent is its.
                if (event.name == 'XcmPallet.Attempted' && event.extrinsic) relaySends.extrinsics.add(event.extrinsic)
            }
            if (event.phase != phase || event.phase == 'ApplyExtrinsic') effects = []
            phase = event.phase
            if (EFFECT_EVENTS.has(event.name)) effects.push(event)
            if (event.name == 'MessageQueue.Processed' || event.name == 'MessageQueue.ProcessingFailed' || event.name == 'MessageQueue.OverweightEnqueued') {
                outcomes.push({header, event, effects})
                effects = []
            } else if ((event.name == 'ParachainSystem.UpwardMessageSent' || event.name == 'XcmpQueue.XcmpMessageSent')
                && !(event.extrinsic?.events ?? []).some((e) => SENT_EVENTS.has(e.name))) {
                // Sent without a PolkadotXcm.Sent (a transfer routed via its reserve): read the message from storage.
                unannounced.push({header, event})
            } else if (SENT_EVENTS.has(event.name)) {
                const row = readSent(event, chainId, base, extrinsics)
                if (row) {
                    out.messages.set(row.id, row)
                    relaySends?.sent.push(row)
                    if (event.extrinsic && !out.sentBy.has(event.extrinsic.id)) out.sentBy.set(event.extrinsic.id, row)
                    note(row, 'out', header.height, block.timestamp)
                } else {
                    // Not a message row (no id to give it): the event row keeps its raw args and says why.
                    rejectEvent(chain, chainId, event.id, sentArgsProblem(event.name, event.args) ?? `${event.name}: unreadable`)
                    out.decodeFailures++
                }
            }
        }
    }

    for (const row of await readUnannounced(unannounced, chainId, blocks, extrinsics)) {
        out.messages.set(row.id, row)
        if (row.decodeError) out.decodeFailures++
        note(row, 'out', row.blockHeight, row.timestamp)
        const extrinsicId = row.extrinsic?.id.slice(chainId.length + 1)
        if (extrinsicId && !out.sentBy.has(extrinsicId)) out.sentBy.set(extrinsicId, row)
    }

    for (const {row, extrinsicId} of await readDownward(downward, chainId, blocks, extrinsics)) {
        out.messages.set(row.id, row)
        if (row.decodeError) out.decodeFailures++
        note(row, 'out', row.blockHeight, row.timestamp)
        if (extrinsicId && !out.sentBy.has(extrinsicId)) out.sentBy.set(extrinsicId, row)
    }

    // Outcomes of messages enqueued in earlier batches: load those still waiting, once.
    const ids = outcomes.map(({event}) => event.args?.id).filter(isHex)
    if (ids.length > 0) {
        const earlier = await ctx.store.find(XcmMessage, {
            where: [{chain: chainId, direction: XcmDirection.in, status: XcmStatus.enqueued, messageId: In(ids)}, {chain: chainId, direction: XcmDirection.in, status: XcmStatus.enqueued, messageHash: In(ids)}],
            order: {blockHeight: 'ASC', id: 'ASC'},
        })
        for (const m of earlier) if (!out.messages.has(m.id)) wait(m)
    }
    for (const {header, event, effects} of outcomes) {
        const counterpart = originCounterpart(event.args?.origin)
        const id = isHex(event.args?.id) ? event.args.id.toLowerCase() : undefined
        let row = id ? take(counterpart, id) : undefined
        const block = blocks.get(header.id)!
        if (!row) {
            // The message itself was not seen: keep the outcome anyway.
            const upward = isRecord(event.args?.origin) && event.args.origin.__kind == 'Ump'
            row = new XcmMessage({
                id: `${chainId}:in:${event.id}`, chain: chainId, direction: XcmDirection.in, transport: upward ? XcmTransport.ump : counterpart == 'relay' ? XcmTransport.dmp : XcmTransport.hrmp, counterpart,
                messageId: id ?? '0x', blockHeight: header.height, timestamp: block.timestamp, block, instructionKinds: [], assetIds: [],
                decodeError: upward
                    ? 'an upward message: the relay takes it from the parachain\'s candidate, which the indexer does not read; only its outcome is known (the sender\'s row has its instructions when that chain is indexed)'
                    : 'the message was enqueued before the first indexed block: only its outcome is known',
            })
            note(row, 'in', header.height, block.timestamp)
        }
        row.effects = effects.length ? effects.map((e) => ({event: e.name, args: e.args})) : undefined
        for (const e of effects) out.effectOf.set(e.id, row)
        const trapped = effects.filter((e) => e.name == 'PolkadotXcm.AssetsTrapped' || e.name == 'XcmPallet.AssetsTrapped')
        row.trappedAssets = trapped.length ? assetModels(trapped.flatMap((e) => renderVersionedAssets(e.args?.assets))) : undefined
        if (event.name == 'MessageQueue.ProcessingFailed') row.error = describeError(event.args?.error)
        if (event.name == 'MessageQueue.OverweightEnqueued') {
            row.status = XcmStatus.overweight
        } else {
            const success = event.name == 'MessageQueue.Processed' && event.args?.success !== false
            row.status = success ? XcmStatus.processed : XcmStatus.failed
            row.success = success
            row.weightUsed = event.args?.weightUsed ?? undefined
            note(row, success ? 'processed' : 'failed', header.height, block.timestamp)
        }
        row.processedAtHeight = header.height
        out.messages.set(row.id, row)
    }
    for (const m of out.messages.values()) if (m.sender) m.senderAccount = linkAccount(chain, chainId, m.sender, m.blockHeight)
    return out
}

/**
 * Sets the message's assets as the indexed chain reads them (`localAssets`) and its filterable
 * `assetIds` from them: inbound messages are written for us already, outbound ones for their receiver.
 */
function localize(m: XcmMessage, selfParaId: number | undefined): void {
    const assets = m.assets ?? []
    m.localAssets = m.direction == 'in' ? assets
        : assets.map((a) => new XcmAsset({id: toLocalAssetId(a.id, m.counterpart, selfParaId), amount: a.amount, instance: a.instance}))
    m.assetIds = [...new Set(m.localAssets.map((a) => a.id))]
}

function instructionKinds(instructions: XcmInstructionRecord[]): string[] {
    return instructions.map((i) => i.kind)
}

/** The decoder's plain records as the model's JSON classes (what the store writes). */
function assetModels(assets: XcmAssetRecord[]): XcmAsset[]
function assetModels(assets: XcmAssetRecord[] | undefined): XcmAsset[] | undefined
function assetModels(assets: XcmAssetRecord[] | undefined): XcmAsset[] | undefined {
    return assets?.map((a) => new XcmAsset(undefined, a))
}

function instructionModels(instructions: XcmInstructionRecord[]): XcmInstruction[] {
    return instructions.map((i) => new XcmInstruction(undefined, i))
}

function assetIds(assets: {id: string}[]): string[] {
    return [...new Set(assets.map((a) => a.id))]
}

/** Events a message's execution causes that an explorer wants beside it: deposits, mints, trapped assets. */
const EFFECT_EVENTS = new Set([
    'Balances.Minted', 'Balances.Deposit', 'Balances.Endowed', 'Balances.Issued',
    'Assets.Issued', 'Assets.Deposited', 'ForeignAssets.Issued', 'ForeignAssets.Deposited',
    'PolkadotXcm.AssetsTrapped', 'XcmPallet.AssetsTrapped', 'PolkadotXcm.AssetsClaimed', 'XcmPallet.AssetsClaimed',
])

/** pallet-xcm's `Sent`: `PolkadotXcm` on parachains, `XcmPallet` on relay chains. */
const SENT_EVENTS = new Set(['PolkadotXcm.Sent', 'XcmPallet.Sent'])

function renderVersionedAssets(assets: unknown): XcmAssetRecord[] {
    const list = isRecord(assets) && Array.isArray(assets.value) ? assets.value : Array.isArray(assets) ? assets : []
    return list.map(renderAsset)
}

function describeError(error: unknown): string | undefined {
    if (error == null) return undefined
    if (isRecord(error) && typeof error.__kind == 'string') return error.value == null ? error.__kind : `${error.__kind}(${JSON.stringify(error.value)})`
    return JSON.stringify(error)
}

export async function saveXcm(store: Store, batch: XcmBatch): Promise<void> {
    await upsertMany(store, [...batch.messages.values()])
}

/**
 * Outbound messages that no `PolkadotXcm.Sent` announced, from the block's outbound queues in
 * storage (`ParachainSystem.UpwardMessages`, `HrmpOutboundMessages`), matched to their transport
 * event by hash: blake2-256 of the upward message, or of the `VersionedXcm` for HRMP.
 */
async function readUnannounced(items: {header: BlockHeader, event: RawEvent}[], chainId: string, blocks: Map<string, any>, extrinsics: Map<string, any>): Promise<XcmMessage[]> {
    const byBlock = new Map<string, {header: BlockHeader, events: RawEvent[]}>()
    for (const {header, event} of items) {
        const entry = byBlock.get(header.hash) ?? {header, events: []}
        entry.events.push(event)
        byBlock.set(header.hash, entry)
    }
    const rows: XcmMessage[] = []
    await Promise.all([...byBlock.values()].map(async ({header, events}) => {
        const runtime = header._runtime
        let found: Map<string, OutboundQueued> = new Map()
        let storageError: string | undefined
        try {
            const upward: unknown[] = runtime.hasStorageItem('ParachainSystem.UpwardMessages') ? await runtime.getStorage(header.hash, 'ParachainSystem.UpwardMessages') ?? [] : []
            const hrmp: unknown[] = runtime.hasStorageItem('ParachainSystem.HrmpOutboundMessages') ? await runtime.getStorage(header.hash, 'ParachainSystem.HrmpOutboundMessages') ?? [] : []
            found = decodeOutboundQueues(runtime, upward, hrmp)
        } catch (err) {
            storageError = `the outbound queues could not be read at this block: ${(err as Error).message}`
        }
        const block = blocks.get(header.id)!
        for (const event of events) {
            const hash = isHex(event.args?.messageHash) ? event.args.messageHash.toLowerCase() : '0x'
            const hit = found.get(hash)
            const transport = event.name == 'ParachainSystem.UpwardMessageSent' ? XcmTransport.ump : XcmTransport.hrmp
            const extrinsic = event.extrinsic
            rows.push(new XcmMessage({
                id: `${chainId}:out:${event.id}`, chain: chainId, direction: XcmDirection.out, transport,
                counterpart: hit?.counterpart ?? (transport == 'ump' ? 'relay' : 'unknown'),
                status: XcmStatus.sent, blockHeight: header.height, timestamp: block.timestamp, block,
                extrinsic: extrinsic ? extrinsics.get(extrinsic.id) : undefined,
                sender: readAccountAddress(extrinsic?.signature?.address),
                fees: readFees(extrinsic?.events ?? []),
                ...(hit ? fromDecoding(hit.decoding) : {messageId: hash, messageHash: hash, instructionKinds: [], assetIds: [], decodeError: storageError ?? 'no message with this hash in the block\'s outbound queues'}),
                messageHash: hash,
            }))
        }
    }))
    return rows
}

/** `PolkadotXcm.FeesPaid` of the same extrinsic: what the sender paid for delivery. */
function readFees(events: RawEvent[]): XcmAsset[] | undefined {
    const paid = events.find((e) => e.name == 'PolkadotXcm.FeesPaid' || e.name == 'XcmPallet.FeesPaid')
    return Array.isArray(paid?.args?.fees) ? assetModels(paid!.args.fees.map(renderAsset)) : undefined
}


function fromDecoding(d: VersionedXcmDecoding): Partial<XcmMessage> {
    if (!d.ok) return {messageId: d.hash, messageHash: d.hash, raw: d.bytes, decodeError: d.reason, instructionKinds: [], assetIds: []}
    return {
        instructionKinds: instructionKinds(d.record.instructions),
        assetIds: assetIds(d.record.assets),
        messageId: d.record.topic ?? d.hash,
        messageHash: d.hash,
        raw: d.bytes,
        version: d.record.version,
        instructions: instructionModels(d.record.instructions),
        assets: assetModels(d.record.assets),
        beneficiary: d.record.beneficiary,
    }
}

function readSent(event: RawEvent, chainId: string, base: (extra: Partial<XcmMessage>) => XcmMessage, extrinsics: Map<string, any>): XcmMessage | undefined {
    const a = event.args
    if (sentArgsProblem(event.name, a) != null) return undefined
    const destination = renderLocation(a.destination)
    const record = normalizeXcm(a.message)
    // The transport event of the same extrinsic says how the message left, and its hash.
    const siblings: RawEvent[] = event.extrinsic?.events ?? []
    const ump = siblings.find((e) => e.name == 'ParachainSystem.UpwardMessageSent')
    const hrmp = siblings.find((e) => e.name == 'XcmpQueue.XcmpMessageSent')
    const hashOf = (e: RawEvent | undefined) => isHex(e?.args?.messageHash) ? e!.args.messageHash.toLowerCase() : undefined
    const origin = renderLocation(a.origin)
    const sender = /AccountId32\((0x[0-9a-f]{64})\)/i.exec(origin)?.[1]?.toLowerCase()
    return base({
        id: `${chainId}:out:${event.id}`,
        direction: XcmDirection.out,
        transport: ump ? XcmTransport.ump : hrmp ? XcmTransport.hrmp : counterpartOf(destination) == 'relay' ? XcmTransport.ump : /^Parachain\(/.test(destination) ? XcmTransport.dmp : XcmTransport.hrmp,
        counterpart: counterpartOf(destination),
        messageId: a.messageId.toLowerCase(),
        messageHash: hashOf(ump) ?? hashOf(hrmp),
        status: XcmStatus.sent,
        instructions: instructionModels(record.instructions),
        instructionKinds: instructionKinds(record.instructions),
        assets: assetModels(record.assets),
        assetIds: assetIds(record.assets),
        beneficiary: record.beneficiary,
        sender,
        fees: readFees(siblings),
        extrinsic: event.extrinsic ? extrinsics.get(event.extrinsic.id) : undefined,
    })
}

interface DownwardCandidates {
    header: BlockHeader
    /** Rows of the block's `XcmPallet.Sent` events. */
    sent: XcmMessage[]
    /** Extrinsics with `XcmPallet.Attempted`: who sent what no `Sent` announced, when there is one. */
    extrinsics: Set<NonNullable<RawEvent['extrinsic']>>
}

/**
 * On a relay chain: the downward messages sent in a block, from `Dmp.DownwardMessageQueues`
 * (entries whose `sentAt` is the block). A message announced by `XcmPallet.Sent` gets its hash
 * and bytes; one that nothing announced (a reserve transfer sends through the executor, with no
 * `Sent` event) becomes its own row, credited to the block's one extrinsic with `XcmPallet.Attempted`
 * (none when there are several, or for the pallet's own version discovery). Read only
 * in blocks with `XcmPallet` or `Hrmp` events: downward messages other pallets send without
 * either are not seen.
 */
async function readDownward(items: DownwardCandidates[], chainId: string, blocks: Map<string, any>, extrinsics: Map<string, any>): Promise<{row: XcmMessage, extrinsicId?: string}[]> {
    const rows: {row: XcmMessage, extrinsicId?: string}[] = []
    await Promise.all(items.map(async ({header, sent, extrinsics: attempted}) => {
        const block = blocks.get(header.id)!
        const queues: [unknown, unknown][] = []
        try {
            // Paged: some nodes (and chopsticks) do not serve the unpaged `state_getKeys`.
            for await (const page of header._runtime.getStoragePairsPaged(100, header.hash, 'Dmp.DownwardMessageQueues')) queues.push(...page)
        } catch (err) {
            for (const row of sent) row.decodeError = `the downward queues could not be read at this block: ${(err as Error).message}`
            return
        }
        let n = 0
        for (const {para, bytes} of downwardSentAt(queues, header.height)) {
            const counterpart = `para:${para}`
            for (const d of decodeVersionedXcms(header._runtime, bytes)) {
                const id = d.ok ? d.record.topic ?? d.hash : d.hash
                const announced = sent.find((r) => r.counterpart == counterpart && r.messageHash == null && (r.messageId == id || r.messageId == d.hash))
                if (announced) {
                    announced.messageHash = d.hash
                    announced.raw = d.bytes
                    continue
                }
                // Version discovery and query responses are the pallet's own, not an extrinsic's.
                const own = d.ok && ['SubscribeVersion', 'UnsubscribeVersion', 'QueryResponse'].includes(instructionKinds(d.record.instructions)[0])
                const extrinsic = attempted.size == 1 && !own ? [...attempted][0] : undefined
                rows.push({
                    extrinsicId: extrinsic?.id,
                    row: new XcmMessage({
                        id: `${chainId}:out:${header.id}:dmp:${para}:${n++}`, chain: chainId, direction: XcmDirection.out, transport: XcmTransport.dmp, counterpart,
                        status: XcmStatus.sent, blockHeight: header.height, timestamp: block.timestamp, block,
                        extrinsic: extrinsic ? extrinsics.get(extrinsic.id) : undefined,
                        sender: readAccountAddress(extrinsic?.signature?.address),
                        fees: readFees(extrinsic?.events ?? []),
                        ...fromDecoding(d),
                    }),
                })
            }
        }
    }))
    return rows
}


/** Which events the XCM mapping reads: what a message's execution did, outcomes, sends, and a relay's own sends. */
const XCM_EVENTS = names([
    ...EFFECT_EVENTS, ...SENT_EVENTS,
    'MessageQueue.Processed', 'MessageQueue.ProcessingFailed', 'MessageQueue.OverweightEnqueued',
    'ParachainSystem.UpwardMessageSent', 'XcmpQueue.XcmpMessageSent',
], ['XcmPallet.', 'Hrmp.'])

/** XCM messages in (from `set_validation_data`) and out, with their outcomes, and the counterpart chains' totals. */
export const xcmModule: DomainModule<XcmBatch & {counterparts: CounterpartsBatch}> = {
    name: 'xcm',
    reads: {events: XCM_EVENTS, calls: names(['ParachainSystem.set_validation_data'])},
    async map({ctx, config, blocks, output}) {
        const out = await mapXcm(ctx, config, output(chainModule), blocks)
        // Per counterpart chain and asset: what the messages moved.
        return {...out, counterparts: await mapCounterparts(ctx.store, config, out.activity)}
    },
    async save(store, out) {
        // The messages point at their counterparts' rows: those first.
        await saveCounterparts(store, out.counterparts)
        await saveXcm(store, out)
        await linkReceipts(store, out)
    },
    failures: (out) => out.decodeFailures,
    rollback: [...XCM_ROLLBACK, ...COUNTERPARTS_ROLLBACK],
    rebuild: COUNTERPARTS_REBUILD,
}

/** How the chain `c` (an `indexed_chain` alias) is named by its counterparts: `para:<id>`, or `relay`. */
const LABEL = (c: string) => `CASE WHEN ${c}.para_id IS NULL THEN 'relay' ELSE 'para:' || ${c}.para_id END`
/** Inbound row r received outbound row s (on another chain of the database): `xcmJourney`'s match. */
const RECEIVED = `r.direction = 'in' AND s.direction = 'out' AND r.chain <> s.chain AND s.counterpart = ${LABEL('rc')} AND r.counterpart = ${LABEL('sc')}
    AND (r.message_id = s.message_id OR (s.message_hash IS NOT NULL AND (r.message_id = s.message_hash OR r.message_hash = s.message_hash)))`

/**
 * Links sent messages to their receipts on other chains indexed in the same database, from both
 * sides: this batch's receipts to the sends waiting for them, this batch's sends to receipts already
 * there. Two processors doing this at once take turns (a transaction lock held until commit), so
 * the second always sees the first's rows. A receipt a fork or reindex removes clears the link
 * (ON DELETE SET NULL).
 */
async function linkReceipts(store: Store, out: XcmBatch): Promise<void> {
    const received: string[] = [], sent: string[] = []
    for (const m of out.messages.values()) (m.direction == XcmDirection.in ? received : sent).push(m.id)
    if (received.length == 0 && sent.length == 0) return
    await untrackedQuery(store, `SELECT pg_advisory_xact_lock(hashtext('pop-squid: xcm receipts'))`, [])
    if (received.length) {
        await untrackedQuery(store, `UPDATE xcm_message s SET receipt_id = r.id
            FROM xcm_message r JOIN indexed_chain rc ON rc.id = r.chain, indexed_chain sc
            WHERE r.id = ANY($1) AND s.receipt_id IS NULL AND sc.id = s.chain AND ${RECEIVED}`, [received])
    }
    if (sent.length) {
        await untrackedQuery(store, `UPDATE xcm_message t SET receipt_id = m.receipt FROM (
                SELECT DISTINCT ON (s.id) s.id AS sent, r.id AS receipt
                FROM xcm_message s JOIN indexed_chain sc ON sc.id = s.chain, xcm_message r JOIN indexed_chain rc ON rc.id = r.chain
                WHERE s.id = ANY($1) AND s.receipt_id IS NULL AND ${RECEIVED}
                ORDER BY s.id, r.block_height, r.id) m
            WHERE t.id = m.sent`, [sent])
    }
}
