import {codec} from '@subsquid/ss58'

const renderers = new Map<number, (hex: string) => string>()
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
        }
        return s
    }
    renderers.set(prefix, render)
    return render
}
