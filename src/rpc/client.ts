/** Minimal JSON-RPC over HTTP, enough to drive chopsticks' dev_* methods and read heads. */
export class RpcError extends Error {
    constructor(readonly method: string, readonly code: number | undefined, message: string) {
        super(`${method}: ${message}`)
    }
}

let nextId = 1

/** Methods that change the chain: never sent twice. */
const NOT_RETRIED = /^(dev_|author_)/

/**
 * One JSON-RPC call. A read whose connection was closed under it (a kept-alive socket the server
 * had just closed: "other side closed") is tried once more on a new connection.
 */
export async function rpcCall<T = any>(url: string, method: string, params: unknown[] = [], timeoutMs = 60_000): Promise<T> {
    let res: Response
    try {
        res = await post(url, method, params, timeoutMs)
    } catch (err) {
        const cause = (err as any)?.cause
        const closed = err instanceof TypeError && /closed|reset|ECONNRESET|socket/i.test(String(cause?.message ?? cause?.code ?? ''))
        if (!closed || NOT_RETRIED.test(method)) throw err
        res = await post(url, method, params, timeoutMs)
    }
    if (!res.ok) throw new RpcError(method, res.status, `HTTP ${res.status} ${await res.text()}`)
    const body: any = await res.json()
    if (body.error) throw new RpcError(method, body.error.code, body.error.message ?? JSON.stringify(body.error))
    return body.result as T
}

function post(url: string, method: string, params: unknown[], timeoutMs: number): Promise<Response> {
    // fetch refuses a URL with credentials in it: they go in an Authorization header instead.
    const parsed = new URL(url)
    const headers: Record<string, string> = {'content-type': 'application/json'}
    if (parsed.username || parsed.password) {
        headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
        parsed.username = ''
        parsed.password = ''
    }
    return fetch(parsed, {
        method: 'POST',
        headers,
        body: JSON.stringify({jsonrpc: '2.0', id: nextId++, method, params}),
        signal: AbortSignal.timeout(timeoutMs),
    })
}

export function toHttpUrl(url: string): string {
    return url.replace(/^ws(s?):\/\//, 'http$1://')
}
