import type {Event} from '../processor'

/** What every event decoder returns: a version-free record, or the reason it could not read the event. */
export type Decoded<T> = {ok: true, value: T} | {ok: false, reason: string}

/** The part of a typegen `EventType` that decoders use. */
export interface TypedEvent<T> {
    is(event: Event): boolean
    decode(event: Event): T
}

/**
 * Decodes an event with the first generated type whose shape matches the block's own runtime
 * (typegen checks the type structurally, so the same spec version on two chains with different
 * metadata is told apart), else with a shape-checked read of the processor's JSON `args`.
 */
export function decodeEvent<R>(
    event: Event,
    typed: {type: TypedEvent<any>, map: (value: any) => R}[],
    fallback: (args: unknown) => R | undefined
): Decoded<R> {
    for (const {type, map} of typed) {
        if (type.is(event)) {
            try {
                return {ok: true, value: map(type.decode(event))}
            } catch (err) {
                return {ok: false, reason: `${event.name}: typed decoding failed: ${(err as Error).message}`}
            }
        }
    }
    let value: R | undefined
    try {
        value = fallback(event.args)
    } catch (err) {
        value = undefined
    }
    if (value !== undefined) return {ok: true, value}
    return {
        ok: false,
        reason: `${event.name} in ${event.block.specName}@${event.block.specVersion}: no generated type matches and the args do not have the expected shape`,
    }
}

export function isHex(value: unknown): value is string {
    return typeof value == 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return value != null && typeof value == 'object' && !Array.isArray(value)
}

/**
 * The account (hex public key, or H160) in an extrinsic's signer address: a plain AccountId, or a
 * MultiAddress `Id` / `Address32` / `Address20`. Other kinds (an index, raw bytes) name no key.
 */
export function readAccountAddress(address: unknown): string | undefined {
    if (isHex(address)) return address.toLowerCase()
    if (isRecord(address) && (address.__kind == 'Id' || address.__kind == 'Address32' || address.__kind == 'Address20') && isHex(address.value)) {
        return address.value.toLowerCase()
    }
    return undefined
}

/** An integer from decoded args (bigint, safe number, or decimal string), else undefined. */
export function toBigInt(value: unknown): bigint | undefined {
    if (typeof value == 'bigint') return value
    if ((typeof value == 'number' && Number.isSafeInteger(value)) || (typeof value == 'string' && /^\d+$/.test(value))) return BigInt(value)
    return undefined
}

/** The account of a call's signed origin (`{__kind: 'system', value: {__kind: 'Signed', value: '0x…'}}`), lower-case hex. */
export function readSignedOrigin(origin: unknown): string | undefined {
    if (isRecord(origin) && isRecord(origin.value) && origin.value.__kind == 'Signed' && isHex(origin.value.value)) return origin.value.value.toLowerCase()
    return undefined
}
