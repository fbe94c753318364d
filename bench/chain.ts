/**
 * A long chain made from recorded blocks: renumbered, timestamps rewritten into the
 * `timestamp.set` inherent, and re-hashed (blake2-256 of the SCALE header) so that every
 * block's `parentHash` is the hash of the block before it.
 */
import {compactFromU8a, compactToU8a, hexToU8a, u8aConcat, u8aToHex} from '@polkadot/util'
import {blake2AsU8a} from '@polkadot/util-crypto'
import {Recording, RecordedBlock, RpcHeader} from './recording'

export type MixName = 'sparse' | 'dense'
export type Pattern = Exclude<keyof Recording['groups'], 'setup'>

/** Relative weights of the recorded patterns in each mix (after the setup prefix). */
export const MIXES: Record<MixName, Partial<Record<Pattern, number>>> = {
    // Mostly empty blocks (inherents only), now and then a transfer, rarely more.
    sparse: {empty: 96, transfer: 3, xcmIn: 0.5, contracts: 0.5},
    // Busy blocks: transfers, contract calls with events, assets, XCM both ways.
    dense: {transfers: 30, contracts: 30, assets: 20, xcmIn: 5, xcmOut: 5, transfer: 5, empty: 5},
}

/** Deterministic PRNG (mulberry32): the same mix and seed give the same chain. */
export function prng(seed: number): () => number {
    let a = seed >>> 0
    return () => {
        a = (a + 0x6d2b79f5) >>> 0
        let t = a
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
}

/**
 * Recorded block indexes for heights 0, 1, ...: the setup prefix, then patterns drawn by weight,
 * until the chain has `blocks` blocks (exactly) or at least `events` events.
 */
export function planChain(recording: Recording, mix: MixName, size: {blocks: number} | {events: number}, seed = 1): number[] {
    const plan = [...recording.groups.setup]
    const blocks = 'blocks' in size ? size.blocks : Infinity
    const events = 'events' in size ? size.events : Infinity
    if (blocks < plan.length) throw new Error(`a chain needs at least ${plan.length} blocks (the recorded setup)`)
    const weights = Object.entries(MIXES[mix]).filter(([g]) => recording.groups[g as Pattern].length > 0) as [Pattern, number][]
    if (weights.length == 0) throw new Error(`the recording has none of the patterns of the ${mix} mix`)
    const total = weights.reduce((s, [, w]) => s + w, 0)
    const random = prng(seed)
    let eventCount = plan.reduce((s, i) => s + recording.blocks[i].eventCount, 0)
    while (plan.length < blocks && eventCount < events) {
        let x = random() * total
        let group = weights[weights.length - 1][0]
        for (const [g, w] of weights) {
            if (x < w) { group = g; break }
            x -= w
        }
        const runs = recording.groups[group]
        for (const i of runs[Math.floor(random() * runs.length)]) {
            plan.push(i)
            eventCount += recording.blocks[i].eventCount
        }
    }
    return blocks == Infinity ? plan : plan.slice(0, blocks)
}

/** SCALE encoding of a header as the RPC gives it (hash = blake2-256 of this). */
export function encodeHeader(h: RpcHeader): Uint8Array {
    return u8aConcat(
        hexToU8a(h.parentHash),
        compactToU8a(BigInt(h.number)),
        hexToU8a(h.stateRoot),
        hexToU8a(h.extrinsicsRoot),
        compactToU8a(h.digest.logs.length),
        ...h.digest.logs.map((l) => hexToU8a(l)),
    )
}

export function hashHeader(h: RpcHeader): string {
    return u8aToHex(blake2AsU8a(encodeHeader(h), 256))
}

/** The `timestamp.set` inherent of `original` with its moment replaced (unsigned extrinsic: version, call index, compact moment). */
export function setTimestamp(original: string, moment: number): string {
    const bytes = hexToU8a(original)
    const [offset, length] = compactFromU8a(bytes)
    const body = bytes.subarray(offset, offset + length.toNumber())
    if (body.length < 4 || (body[0] & 0x80) != 0) throw new Error(`not an unsigned extrinsic: ${original}`)
    const newBody = u8aConcat(body.subarray(0, 3), compactToU8a(BigInt(moment)))
    return u8aToHex(u8aConcat(compactToU8a(newBody.length), newBody))
}

/** The moment of a `timestamp.set` inherent. */
export function readTimestamp(extrinsic: string): number {
    const bytes = hexToU8a(extrinsic)
    const [offset] = compactFromU8a(bytes)
    const [, moment] = compactFromU8a(bytes.subarray(offset + 3))
    return moment.toNumber()
}

/** The served form of one recorded block, prepared once: its extrinsics JSON split around the timestamp. */
interface Prepared {
    block: RecordedBlock
    /** `[...extrinsics before the timestamp, "` and `", ...after]` */
    before: string
    after: string
    logsJson: string
}

export interface ChainOptions {
    /** Timestamp of the last block of the initial chain, ms. */
    endMs: number
    /** Milliseconds between blocks. */
    intervalMs: number
}

export class SyntheticChain {
    private hashes: string[] = []
    private byHash = new Map<string, number>()
    private sources: number[] = []
    private timestamps: number[] = []
    private prepared: Prepared[]
    eventCount = 0
    extrinsicCount = 0

    constructor(readonly recording: Recording, plan: number[], options: ChainOptions) {
        this.prepared = recording.blocks.map((block) => {
            const ex = block.extrinsics.map((e) => JSON.stringify(e))
            const t = block.timestampIndex
            if (t >= 0) {
                const moment = readTimestamp(block.extrinsics[t])
                if (setTimestamp(block.extrinsics[t], moment) != block.extrinsics[t]) {
                    throw new Error(`block ${block.hash}: re-encoding its timestamp inherent does not give back its bytes`)
                }
            }
            return {
                block,
                before: '[' + ex.slice(0, Math.max(t, 0)).map((e) => e + ',').join('') + '"',
                after: '"' + ex.slice(t + 1).map((e) => ',' + e).join('') + ']',
                logsJson: JSON.stringify(block.header.digest.logs),
            }
        })
        const start = options.endMs - (plan.length - 1) * options.intervalMs
        plan.forEach((source, i) => this.push(source, start + i * options.intervalMs))
    }

    get height(): number {
        return this.hashes.length - 1
    }

    get headHash(): string {
        return this.hashes[this.hashes.length - 1]
    }

    /** Appends a block made from recorded block `source`; returns its height. */
    push(source: number, timestampMs: number): number {
        const height = this.hashes.length
        const block = this.recording.blocks[source]
        if (block == null) throw new Error(`no recorded block ${source}`)
        const prev = this.timestamps[height - 1]
        if (prev != null && timestampMs <= prev) timestampMs = prev + 1
        this.sources.push(source)
        this.timestamps.push(timestampMs)
        const hash = hashHeader(this.header(height))
        this.hashes.push(hash)
        this.byHash.set(hash, height)
        this.eventCount += block.eventCount
        this.extrinsicCount += block.extrinsics.length
        return height
    }

    hashAt(height: number): string | undefined {
        return this.hashes[height]
    }

    heightOf(hash: string): number | undefined {
        return this.byHash.get(hash)
    }

    sourceAt(height: number): RecordedBlock {
        return this.recording.blocks[this.sources[height]]
    }

    timestampAt(height: number): number {
        return this.timestamps[height]
    }

    /** Events served at a height (the recorded block's). */
    eventCountAt(height: number): number {
        return this.sourceAt(height).eventCount
    }

    header(height: number): RpcHeader {
        const h = this.sourceAt(height).header
        return {
            parentHash: height == 0 ? h.parentHash : this.hashes[height - 1],
            number: '0x' + height.toString(16),
            stateRoot: h.stateRoot,
            extrinsicsRoot: h.extrinsicsRoot,
            digest: h.digest,
        }
    }

    headerJson(height: number): string {
        const p = this.prepared[this.sources[height]]
        const h = p.block.header
        return `{"parentHash":"${height == 0 ? h.parentHash : this.hashes[height - 1]}","number":"0x${height.toString(16)}","stateRoot":"${h.stateRoot}","extrinsicsRoot":"${h.extrinsicsRoot}","digest":{"logs":${p.logsJson}}}`
    }

    extrinsics(height: number): string[] {
        const block = this.sourceAt(height)
        const t = block.timestampIndex
        if (t < 0) return block.extrinsics
        const out = [...block.extrinsics]
        out[t] = setTimestamp(out[t], this.timestamps[height])
        return out
    }

    /** `chain_getBlock`'s result as JSON text. */
    blockJson(height: number): string {
        const p = this.prepared[this.sources[height]]
        const t = p.block.timestampIndex
        const extrinsics = t < 0 ? JSON.stringify(p.block.extrinsics) : p.before + setTimestamp(p.block.extrinsics[t], this.timestamps[height]) + p.after
        return `{"block":{"header":${this.headerJson(height)},"extrinsics":${extrinsics}},"justifications":null}`
    }
}
