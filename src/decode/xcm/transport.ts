import {hexToU8a} from '@polkadot/util'
import type {Call} from '../../processor'
import {isHex, isRecord} from '../typed'

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
