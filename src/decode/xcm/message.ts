import {Src} from '@subsquid/scale-codec'
import type {Runtime} from '@subsquid/substrate-runtime'
import {blake2AsHex} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import {isHex, isRecord} from '../typed'
import {normalizeInstructions, XcmInstructionRecord} from './instructions'

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

/** An asset as the project records it, whatever the XCM version. */
export interface XcmAsset {
    id: string
    /** Fungible amount, decimal. */
    amount?: string
    /** Non-fungible instance, rendered: `Index(1)`, `Array4(0x…)`, `Undefined`. */
    instance?: string
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

export function renderAsset(asset: unknown): XcmAsset {
    const a = asset as any
    // v3: {id: {__kind: 'Concrete', value: location}, fun}; v4/v5: {id: location, fun}
    const id = a?.id?.__kind == 'Concrete' ? renderLocation(a.id.value) : a?.id?.__kind == 'Abstract' ? `Abstract(${a.id.value})` : renderLocation(a?.id)
    const fun = a?.fun
    if (fun?.__kind == 'Fungible') return {id, amount: String(fun.value)}
    return {id, instance: renderInstance(fun?.value)}
}

/** A non-fungible instance as a short string: `Index(1)`, `Array4(0x01020304)`, `Undefined`. */
function renderInstance(instance: unknown): string {
    const i = instance as any
    if (i && typeof i == 'object' && typeof i.__kind == 'string') return i.value == null ? i.__kind : `${i.__kind}(${typeof i.value == 'object' ? JSON.stringify(i.value) : i.value})`
    return instance === undefined ? 'Undefined' : typeof instance == 'string' ? instance : JSON.stringify(instance)
}

/**
 * A location as a short string: `Here`, `Parent`, `Sibling(1000)`, `Parent/Parachain(1000)/AccountId32(0x…)`,
 * `AccountId32(0x…)`: junctions joined by `/`, `Parent` for each parent.
 */
export function renderLocation(location: unknown): string {
    const l = location as any
    if (!l || typeof l != 'object') return String(location)
    const parents = Number(l.parents ?? 0)
    const junctions = interiorJunctions(l.interior)
    if (parents == 1 && junctions.length == 1 && junctions[0].__kind == 'Parachain') return `Sibling(${junctions[0].value})`
    const parts = [...Array(parents).fill('Parent'), ...junctions.map(renderJunction)]
    return parts.length == 0 ? 'Here' : parts.join('/')
}

function interiorJunctions(interior: any): any[] {
    if (!interior || interior.__kind == 'Here') return []
    // v3: X1(j) / X2(j, j) as value (a junction or an array); v4/v5: X1([j]) ...
    const value = interior.value
    return Array.isArray(value) ? value : value ? [value] : []
}

function renderJunction(j: any): string {
    switch (j?.__kind) {
        case 'Parachain': return `Parachain(${j.value})`
        case 'AccountId32': return `AccountId32(${j.id ?? j.value?.id})`
        case 'AccountKey20': return `AccountKey20(${j.key ?? j.value?.key})`
        case 'PalletInstance': return `PalletInstance(${j.value})`
        case 'GeneralIndex': return `GeneralIndex(${j.value})`
        case 'GlobalConsensus': return `GlobalConsensus(${typeof j.value == 'object' ? j.value?.__kind ?? JSON.stringify(j.value) : j.value})`
        default: return `${j?.__kind}(${JSON.stringify(j?.value ?? '')})`
    }
}

/** The counterpart chain of a location: `relay`, `para:<id>` (a sibling, or a parachain seen from its relay), or the location itself. */
export function counterpartOf(location: string): string {
    if (location == 'Parent' || location.startsWith('Parent/') && !location.startsWith('Parent/Parachain(')) return 'relay'
    const sibling = /^Sibling\((\d+)\)/.exec(location) ?? /^Parent\/Parachain\((\d+)\)/.exec(location) ?? /^Parachain\((\d+)\)/.exec(location)
    if (sibling) return `para:${sibling[1]}`
    return location
}

const JUNCTIONS = new Set(['Parachain', 'AccountId32', 'AccountIndex64', 'AccountKey20', 'PalletInstance', 'GeneralIndex', 'GeneralKey', 'OnlyChild', 'Plurality', 'GlobalConsensus'])

/** A rendered location taken apart: parents and the junctions as rendered (`Sibling(n)` split back). */
function parseLocation(location: string): {parents: number, junctions: string[]} | undefined {
    if (location == 'Here') return {parents: 0, junctions: []}
    const parsed = {parents: 0, junctions: [] as string[]}
    for (const part of location.split('/')) {
        const sibling = /^Sibling\((\d+)\)$/.exec(part)
        if (part == 'Parent' && parsed.junctions.length == 0) parsed.parents++
        else if (sibling && parsed.junctions.length == 0) {
            parsed.parents++
            parsed.junctions.push(`Parachain(${sibling[1]})`)
        } else if (JUNCTIONS.has(/^(\w+)\(/.exec(part)?.[1] ?? '')) parsed.junctions.push(part)
        else return undefined
    }
    return parsed
}

function joinLocation(parents: number, junctions: string[]): string {
    if (parents == 1 && junctions.length == 1 && junctions[0].startsWith('Parachain(')) return `Sibling(${junctions[0].slice(10, -1)})`
    const parts = [...Array(parents).fill('Parent'), ...junctions]
    return parts.length == 0 ? 'Here' : parts.join('/')
}

/**
 * An asset id as the indexed chain reads it, from the id as `counterpart` (`relay` or `para:<id>`)
 * reads it: an outbound message is written for its receiver (the relay token is `Here` to the
 * relay, Pop's own token `Parachain(4001)` there). `selfParaId` is the indexed chain's para id,
 * undefined on a relay chain. Ids that are not locations are returned as they are.
 */
export function toLocalAssetId(id: string, counterpart: string, selfParaId: number | undefined): string {
    const asset = parseLocation(id)
    const para = /^para:(\d+)$/.exec(counterpart)?.[1]
    if (!asset || (!para && counterpart != 'relay')) return id
    // Where the receiver is, seen from here.
    const junctions = para ? [`Parachain(${para})`] : []
    let parents = selfParaId == null ? 0 : 1
    for (let i = 0; i < asset.parents; i++) {
        if (junctions.length > 0) junctions.pop()
        else parents++
    }
    junctions.push(...asset.junctions)
    // Back to ourselves: `Parent/Parachain(self)/…` is `…` here.
    if (selfParaId != null && parents == 1 && junctions[0] == `Parachain(${selfParaId})`) return joinLocation(0, junctions.slice(1))
    return joinLocation(parents, junctions)
}
