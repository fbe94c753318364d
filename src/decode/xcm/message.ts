import {Src} from '@subsquid/scale-codec'
import type {Runtime} from '@subsquid/substrate-runtime'
import {blake2AsHex} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import {isHex, isRecord} from '../typed'
import {normalizeInstructions, XcmInstructionRecord} from './instructions'
import type {XcmAsset} from './location'

export {counterpartOf, renderAsset, renderLocation, toLocalAssetId} from './location'
export type {XcmAsset} from './location'

/** A message normalised once, whatever its XCM version; the rest of the code sees only this. */
export interface XcmRecord {
    /** XCM version (2 to 5), when the message was versioned. */
    version?: number
    /** The instructions as the project's own records (version-free). */
    instructions: XcmInstructionRecord[]
    /** The `SetTopic` id, when the message ends with one. */
    topic?: string
    /** Assets the message moves: `{id, fungible | nonFungible}` with the id as a location string. */
    assets: XcmAsset[]
    /** Where `DepositAsset` / `DepositReserveAsset` put them, as a location string. */
    beneficiary?: string
}


export type VersionedXcmDecoding = {ok: true, bytes: string, hash: string, record: XcmRecord} | {ok: false, bytes: string, hash: string, reason: string}

const versionedXcmTypes = new WeakMap<Runtime, number | null>()

/** The `VersionedXcm` type of this runtime, found by its path in the metadata (no version hard-coded). */
function versionedXcmType(runtime: Runtime): number | undefined {
    let ti = versionedXcmTypes.get(runtime)
    if (ti === undefined) {
        ti = runtime.description.types.findIndex((t) => {
            const path = t.path ?? []
            return path[path.length - 1] == 'VersionedXcm' && (path[0] == 'xcm' || path[0] == 'staging_xcm')
        })
        if (ti < 0) ti = null
        versionedXcmTypes.set(runtime, ti)
    }
    return ti ?? undefined
}

/**
 * Decodes one or more concatenated `VersionedXcm` (a downward message holds one; an XCMP page,
 * after its format byte, may hold several) with the block's own metadata. A message that cannot
 * be decoded is returned raw with the reason, never dropped.
 */
export function decodeVersionedXcms(runtime: Runtime, bytes: Uint8Array): VersionedXcmDecoding[] {
    const ti = versionedXcmType(runtime)
    const whole = u8aToHex(bytes)
    if (ti == null) return [{ok: false, bytes: whole, hash: blake2AsHex(bytes, 256), reason: 'this runtime has no VersionedXcm type in its metadata'}]
    const out: VersionedXcmDecoding[] = []
    const src = new BoundedSrc(bytes)
    let start = 0
    while (src.hasBytes()) {
        let value: any
        try {
            value = runtime.scaleCodec.decode(ti, src)
        } catch (err) {
            const rest = bytes.subarray(start)
            out.push({ok: false, bytes: u8aToHex(rest), hash: blake2AsHex(rest, 256), reason: `bad XCM at byte ${start}: ${(err as Error).message}`})
            break
        }
        const end = bytes.length - remaining(src, bytes.length)
        const one = bytes.subarray(start, end)
        start = end
        out.push({ok: true, bytes: u8aToHex(one), hash: blake2AsHex(one, 256), record: normalizeVersionedXcm(toJson(value))})
    }
    return out
}

/** Decoded SCALE values for JSON: bigints as decimal strings (as the processor's own args are). */
function toJson(value: unknown): unknown {
    if (typeof value == 'bigint') return value.toString()
    if (Array.isArray(value)) return value.map(toJson)
    if (value instanceof Uint8Array) return u8aToHex(value)
    if (value && typeof value == 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]))
    return value
}

/**
 * A Src that refuses a length prefix larger than the message could hold: every element of an XCM
 * sequence takes at least one byte (a bit sequence, one bit). Without it a forged compact length
 * in a few bytes makes the decoder allocate an array of millions of slots (about a second and
 * hundreds of MB per message) before it finds the data missing.
 */
class BoundedSrc extends Src {
    constructor(private readonly data: Uint8Array) {
        super(data)
    }

    compactLength(): number {
        const len = super.compactLength()
        const left = remaining(this, this.data.length)
        if (len > left * 8) throw new Error(`length prefix ${len} at byte ${this.data.length - left} is more than the ${left} bytes left could hold`)
        return len
    }
}

/** Bytes left in a Src (it keeps its position private). */
function remaining(src: Src, total: number): number {
    return total - (src as unknown as {idx: number}).idx
}

/** `{__kind: 'V4', value: [...]}` (as JSON) -> XcmRecord. */
export function normalizeVersionedXcm(versioned: unknown): XcmRecord {
    if (!isRecord(versioned) || typeof versioned.__kind != 'string' || !Array.isArray(versioned.value)) {
        throw new Error(`not a VersionedXcm: ${JSON.stringify(versioned).slice(0, 200)}`)
    }
    const record = normalizeXcm(versioned.value)
    record.version = Number(versioned.__kind.slice(1))
    return record
}

/** A message's instructions (any XCM version, as the metadata decodes them) as the project's records, and what matters to an indexer in them. */
export function normalizeXcm(instructions: unknown[]): XcmRecord {
    return summarize(normalizeInstructions(instructions))
}

const MOVES_ASSETS = new Set(['WithdrawAsset', 'ReserveAssetDeposited', 'ReceiveTeleportedAsset', 'TransferAsset', 'TransferReserveAsset'])
const DEPOSITS = new Set(['DepositAsset', 'DepositReserveAsset', 'TransferAsset', 'TransferReserveAsset'])

function summarize(instructions: XcmInstructionRecord[]): XcmRecord {
    const record: XcmRecord = {instructions, assets: []}
    for (const ins of instructions) {
        if (MOVES_ASSETS.has(ins.kind)) record.assets.push(...ins.assets ?? [])
        if (DEPOSITS.has(ins.kind) && ins.beneficiary) record.beneficiary = ins.beneficiary
        if (ins.kind == 'SetTopic' && ins.topic && isHex(ins.topic)) record.topic = ins.topic
    }
    // A transfer through a reserve nests the deposit in the message for the next hop.
    if (!record.beneficiary) {
        for (const ins of instructions) {
            const inner = ins.xcm ? summarize(ins.xcm) : undefined
            if (inner?.beneficiary) {
                record.beneficiary = inner.beneficiary
                break
            }
        }
    }
    return record
}
