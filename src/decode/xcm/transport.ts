import {hexToU8a} from '@polkadot/util'
import {blake2AsHex} from '@polkadot/util-crypto'
import type {Call} from '../../processor'
import {isHex, isRecord} from '../typed'
import {decodeVersionedXcms, VersionedXcmDecoding} from './message'

/** One message carried into the block by `set_validation_data`. */
export interface InboundBytes {
    transport: 'dmp' | 'hrmp'
    counterpart: string
    index: string
    bytes: Uint8Array
}

/** Downward and horizontal messages in `set_validation_data` (as the processor decodes its args). */
export function readInboundMessages(call: Call): InboundBytes[] {
    const data = call.args?.data ?? call.args
    const out: InboundBytes[] = []
    const downward: unknown[] = Array.isArray(data?.downwardMessages) ? data.downwardMessages : []
    downward.forEach((m: any, i) => {
        if (isHex(m?.msg)) out.push({transport: 'dmp', counterpart: 'relay', index: String(i), bytes: hexToU8a(m.msg)})
    })
    const horizontal = data?.horizontalMessages
    const channels: [unknown, unknown][] = Array.isArray(horizontal) ? horizontal : isRecord(horizontal) ? Object.entries(horizontal) : []
    for (const [para, messages] of channels) {
        ;(Array.isArray(messages) ? messages : []).forEach((m: any, i) => {
            if (!isHex(m?.data)) return
            const bytes = hexToU8a(m.data)
            // XCMP pages start with a format byte: 0x00 = concatenated VersionedXcm.
            if (bytes[0] != 0) return
            out.push({transport: 'hrmp', counterpart: `para:${para}`, index: `${para}:${i}`, bytes: bytes.subarray(1)})
        })
    }
    return out
}

/** Why a `*.Sent` event's args cannot be read as a sent message; undefined when they can. */
export function sentArgsProblem(name: string, args: unknown): string | undefined {
    if (!isRecord(args)) return `${name}: the args are not a record`
    if (!Array.isArray(args.message)) return `${name}: the args have no message (a list of instructions)`
    if (!isHex(args.messageId)) return `${name}: the args have no messageId (hex)`
    return undefined
}

/** A message found in a block's outbound queues, by the hash its transport event carries. */
export interface OutboundQueued {
    decoding: VersionedXcmDecoding
    transport: 'ump' | 'hrmp'
    counterpart: string
}

/**
 * The messages of a block's outbound queues (`ParachainSystem.UpwardMessages`,
 * `HrmpOutboundMessages`), by hash: blake2-256 of the upward message, or of the `VersionedXcm`
 * inside an XCMP page (format byte 0x00) for HRMP.
 */
export function decodeOutboundQueues(runtime: Parameters<typeof decodeVersionedXcms>[0], upward: unknown[], hrmp: unknown[]): Map<string, OutboundQueued> {
    const found = new Map<string, OutboundQueued>()
    for (const m of upward) {
        if (!isHex(m)) continue
        for (const d of decodeVersionedXcms(runtime, hexToU8a(m))) found.set(blake2AsHex(hexToU8a(m), 256), {decoding: d, transport: 'ump', counterpart: 'relay'})
    }
    for (const m of hrmp as any[]) {
        if (!isHex(m?.data)) continue
        const bytes = hexToU8a(m.data)
        if (bytes[0] != 0) continue
        for (const d of decodeVersionedXcms(runtime, bytes.subarray(1))) found.set(d.hash, {decoding: d, transport: 'hrmp', counterpart: `para:${m.recipient}`})
    }
    return found
}

/** The messages a relay's downward queues (`Dmp.DownwardMessageQueues` pairs) got at `height`. */
export function downwardSentAt(queues: [unknown, unknown][], height: number): {para: unknown, bytes: Uint8Array}[] {
    const out: {para: unknown, bytes: Uint8Array}[] = []
    for (const [para, messages] of queues) {
        for (const m of Array.isArray(messages) ? messages : []) {
            if (Number(m?.sentAt) != height || !isHex(m?.msg)) continue
            out.push({para, bytes: hexToU8a(m.msg)})
        }
    }
    return out
}

/** `MessageQueue` origins: `Parent` (relay), `Sibling(id)`, `Here`. */
export function originCounterpart(origin: unknown): string {
    if (isRecord(origin)) {
        if (origin.__kind == 'Parent') return 'relay'
        if (origin.__kind == 'Sibling') return `para:${origin.value}`
        // On a relay: `Ump(Para(id))`.
        if (origin.__kind == 'Ump' && isRecord(origin.value) && origin.value.__kind == 'Para') return `para:${origin.value.value}`
        if (origin.__kind == 'Here') return 'here'
    }
    return JSON.stringify(origin)
}
