import {codec, decode} from '@subsquid/ss58'

const renderers = new Map<number, (hex: string) => string>()
/** Rendered address -> its key, filled by the renderers and by `accountKey`. */
const keys = new Map<string, string>()
const MAX_CACHED = 200_000

/**
 * An account as the index renders it: SS58 under `prefix` for a 32-byte key, any other key (H160)
 * as it is. Memoised: a batch names the same few accounts thousands of times, and SS58 encoding
 * (base58 of a blake2b checksum) was a few percent of dense ingest.
 */
export function accountRenderer(prefix: number): (hex: string) => string {
    let render = renderers.get(prefix)
    if (render) return render
    const ss58 = codec(prefix)
    const cache = new Map<string, string>()
    render = (hex: string) => {
        if (hex.length != 66) return hex
        let s = cache.get(hex)
        if (s === undefined) {
            if (cache.size >= MAX_CACHED) cache.clear()
            s = ss58.encode(hex)
            cache.set(hex, s)
            remember(s, hex.toLowerCase())
        }
        return s
    }
    renderers.set(prefix, render)
    return render
}

/**
 * The key (lower-case hex) of an address given as hex (32 or 20 bytes) or as the SS58 of a
 * 32-byte key under any prefix; undefined when it is neither. Longer text than any SS58 address is refused before decoding
 * (base58 decoding is quadratic).
 */
export function accountKey(address: string): string | undefined {
    if (/^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(address)) return address.toLowerCase()
    const known = keys.get(address)
    if (known) return known
    if (address.length > 80) return undefined
    try {
        const bytes = decode(address).bytes.toLowerCase()
        if (bytes.length != 66) return undefined
        remember(address, bytes)
        return bytes
    } catch {
        return undefined
    }
}

/**
 * The key an account is stored under in ids and relations: its lower-case hex public key (H160 for
 * revive accounts), whatever form it came in. Text that is no address at all stays as it is.
 */
export function keyOf(address: string): string {
    if (address.length == 66 || address.length == 42) {
        if (address.charCodeAt(0) == 48 && address.charCodeAt(1) == 120 && isLowerHex(address)) return address
    }
    return accountKey(address) ?? address
}

function isLowerHex(s: string): boolean {
    for (let i = 2; i < s.length; i++) {
        const c = s.charCodeAt(i)
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
    }
    return true
}

function remember(address: string, key: string): void {
    if (keys.size >= MAX_CACHED) keys.clear()
    keys.set(address, key)
}
