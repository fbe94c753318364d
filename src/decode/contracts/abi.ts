import {Abi} from '@polkadot/api-contract'
import {hexToU8a} from '@polkadot/util'
import type {Codec} from '@polkadot/types/types'
import {decodeEventLog, type Abi as SolidityAbi} from 'viem'

export type AbiKind = 'ink-v4' | 'ink-v5' | 'ink-v6' | 'solidity'

/** Largest ABI accepted, in bytes of JSON. Real ink! metadata is tens of kilobytes. */
export const MAX_ABI_BYTES = 2 * 1024 * 1024
/** Deepest JSON nesting accepted: real metadata stays far below; a hostile one could exhaust the stack. */
const MAX_ABI_DEPTH = 64

export interface DecodedContractEvent {
    name: string
    args: Record<string, unknown>
}

export type ContractEventDecoding = {ok: true, value: DecodedContractEvent} | {ok: false, reason: string}

/** An ABI checked and ready to decode events. */
export interface LoadedAbi {
    kind: AbiKind
    contractName?: string
    /** The code hash the metadata names (ink! `source.hash`), when it has one. */
    codeHash?: string
    decodeEvent(data: string, topics: string[]): ContractEventDecoding
}

export class AbiError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'AbiError'
    }
}

/**
 * Parses and validates an ABI: ink! metadata v4, v5 or v6 (the JSON `cargo contract` writes, with
 * or without the wasm), or a Solidity JSON ABI (an array, or an object with an `abi` array).
 * Throws AbiError with what is wrong.
 */
export function loadAbi(source: string | unknown, ss58Prefix: number): LoadedAbi {
    let json: unknown = source
    if (typeof source == 'string') {
        if (Buffer.byteLength(source) > MAX_ABI_BYTES) throw new AbiError(`ABI is larger than ${MAX_ABI_BYTES} bytes`)
        try {
            json = JSON.parse(source)
        } catch (err) {
            throw new AbiError(`ABI is not JSON: ${(err as Error).message}`)
        }
    }
    checkDepth(json, 0)
    const solidity = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.abi) ? json.abi : undefined
    if (solidity) return loadSolidityAbi(solidity)
    if (!isObject(json)) throw new AbiError('ABI must be a JSON object (ink! metadata) or array (Solidity ABI)')
    return loadInkAbi(json, ss58Prefix)
}

function loadInkAbi(json: Record<string, any>, ss58Prefix: number): LoadedAbi {
    const version = json.version == null ? undefined : String(json.version)
    if (version != '4' && version != '5' && version != '6') {
        throw new AbiError(`unsupported ink! metadata version ${JSON.stringify(json.version ?? null)}: ink! v4, v5 and v6 are supported`)
    }
    if (!isObject(json.spec) || !Array.isArray(json.spec.events) || !Array.isArray(json.types)) {
        throw new AbiError('ink! metadata needs `spec.events` and `types`')
    }
    let abi: Abi
    try {
        abi = new Abi(json as any)
    } catch (err) {
        throw new AbiError(`invalid ink! metadata: ${(err as Error).message}`)
    }
    abi.registry.setChainProperties(abi.registry.createType('ChainProperties', {ss58Format: ss58Prefix}) as any)
    const kind = `ink-v${version}` as AbiKind
    const hash = json.source?.hash
    return {
        kind,
        contractName: typeof json.contract?.name == 'string' ? json.contract.name : undefined,
        codeHash: typeof hash == 'string' && /^0x[0-9a-fA-F]{64}$/.test(hash) ? hash.toLowerCase() : undefined,
        decodeEvent: (data, topics) => decodeInkEvent(abi, kind, data, topics),
    }
}

function decodeInkEvent(abi: Abi, kind: AbiKind, dataHex: string, topics: string[]): ContractEventDecoding {
    const data = hexToU8a(dataHex)
    let event: (typeof abi.events)[number] | undefined
    let offset = 0
    if (kind == 'ink-v4') {
        // v4: the data starts with the event's index in the metadata.
        if (data.length == 0) return {ok: false, reason: 'bad data at byte 0: empty (ink! v4 events start with their index)'}
        event = abi.events[data[0]]
        if (!event) return {ok: false, reason: `unknown event index ${data[0]} (the ABI has ${abi.events.length} events)`}
        offset = 1
    } else {
        // v5/v6: the first topic is the signature topic, unless the event is anonymous.
        const signature = topics[0]?.toLowerCase()
        event = signature ? abi.events.find((e) => e.signatureTopic?.toLowerCase() == signature) : undefined
        if (!event) {
            const anonymous = abi.events.filter((e) => e.signatureTopic == null && e.args.filter((a) => a.indexed).length == topics.length)
            if (anonymous.length == 1) event = anonymous[0]
            else if (anonymous.length > 1) return {ok: false, reason: `ambiguous anonymous event: ${anonymous.map((e) => e.identifier.split('::').pop()).join(', ')} all have ${topics.length} topics`}
            else return {ok: false, reason: `unknown topic ${signature ?? '(no topics)'}: no event of the ABI has this signature topic`}
        }
    }
    // v5 identifiers carry the module path (`crate::module::Transfer`): the name is the last part.
    const name = event.identifier.split('::').pop()!
    const args: Record<string, unknown> = {}
    for (const arg of event.args) {
        let value: Codec
        try {
            value = abi.registry.createTypeUnsafe(arg.type.lookupName || arg.type.type, [data.subarray(offset)], {isPedantic: false})
        } catch (err) {
            return {ok: false, reason: `bad data at byte ${offset}: ${name}.${arg.name} (${arg.type.type}): ${(err as Error).message}`}
        }
        if (offset + value.encodedLength > data.length) {
            return {ok: false, reason: `bad data at byte ${data.length}: ${name}.${arg.name} needs ${offset + value.encodedLength - data.length} more bytes`}
        }
        offset += value.encodedLength
        args[arg.name] = renderInk(value)
    }
    if (offset != data.length) {
        return {ok: false, reason: `bad data at byte ${offset}: ${data.length - offset} bytes left after the fields of ${name}`}
    }
    return {ok: true, value: {name, args}}
}

function loadSolidityAbi(items: unknown[]): LoadedAbi {
    if (items.length == 0) throw new AbiError('the Solidity ABI is an empty list')
    if (!items.every((i) => isObject(i) && typeof i.type == 'string')) throw new AbiError('a Solidity JSON ABI is a list of objects, each with a `type` (function, event, error, constructor, ...)')
    const events = items.filter((i) => isObject(i) && i.type == 'event')
    for (const e of events as any[]) {
        if (typeof e.name != 'string' || !Array.isArray(e.inputs)) throw new AbiError('every Solidity ABI event needs a `name` and `inputs`')
    }
    const abi = items as SolidityAbi
    return {
        kind: 'solidity',
        decodeEvent(data, topics) {
            try {
                const decoded = decodeEventLog({abi, data: data as `0x${string}`, topics: topics as [`0x${string}`, ...`0x${string}`[]], strict: true})
                return {ok: true, value: {name: String(decoded.eventName), args: renderSolidity(decoded.args ?? {}) as Record<string, unknown>}}
            } catch (err) {
                const e = err as Error & {name: string}
                if (e.name == 'AbiEventSignatureNotFoundError' || e.name == 'AbiEventSignatureEmptyTopicsError') {
                    return {ok: false, reason: `unknown topic ${topics[0] ?? '(no topics)'}: no event of the ABI has this signature`}
                }
                return {ok: false, reason: `bad data: ${e.message.split('\n')[0]}`}
            }
        },
    }
}

/**
 * SCALE values for JSON: accounts as SS58 addresses (the registry's prefix), integers wider than
 * 32 bits as decimal strings, options as the value or null, structs as objects, enums as
 * `{Variant: value}` (or the bare name for unit variants), bytes as hex.
 */
function renderInk(codec: Codec): unknown {
    const c = codec as any
    if (typeof c.bitLength == 'function' && typeof c.toBn == 'function') {
        return c.bitLength() > 32 ? c.toBn().toString() : c.toNumber()
    }
    if (typeof c.isNone == 'boolean' && typeof c.unwrap == 'function') return c.isNone ? null : renderInk(c.unwrap())
    if (typeof c.isBasic == 'boolean' && typeof c.type == 'string' && 'value' in c) {
        return c.isBasic ? c.type : {[c.type]: renderInk(c.value)}
    }
    if (c instanceof Map) return Object.fromEntries([...c.entries()].map(([k, v]) => [k, renderInk(v)]))
    if (Array.isArray(c) && c.every((v) => v && typeof v.toPrimitive == 'function')) return c.map(renderInk)
    return c.toPrimitive()
}

/** bigint -> decimal string, recursively; addresses stay as viem renders them (checksummed). */
function renderSolidity(value: unknown): unknown {
    if (typeof value == 'bigint') return value.toString()
    if (Array.isArray(value)) return value.map(renderSolidity)
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderSolidity(v)]))
    return value
}

function checkDepth(value: unknown, depth: number): void {
    if (depth > MAX_ABI_DEPTH) throw new AbiError(`ABI is nested deeper than ${MAX_ABI_DEPTH} levels`)
    if (Array.isArray(value)) for (const v of value) checkDepth(v, depth + 1)
    else if (isObject(value)) for (const v of Object.values(value)) checkDepth(v, depth + 1)
}

function isObject(value: unknown): value is Record<string, any> {
    return value != null && typeof value == 'object' && !Array.isArray(value)
}

