/** Minimal JSON-RPC over HTTP, enough to drive chopsticks' dev_* methods and read heads. */
export class RpcError extends Error {
    constructor(readonly method: string, readonly code: number | undefined, message: string) {
        super(`${method}: ${message}`)
    }
}

let nextId = 1

export async function rpcCall<T = any>(url: string, method: string, params: unknown[] = [], timeoutMs = 60_000): Promise<T> {
    const res = await fetch(url, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({jsonrpc: '2.0', id: nextId++, method, params}),
        signal: AbortSignal.timeout(timeoutMs),
    })
    if (!res.ok) throw new RpcError(method, res.status, `HTTP ${res.status} ${await res.text()}`)
    const body: any = await res.json()
    if (body.error) throw new RpcError(method, body.error.code, body.error.message ?? JSON.stringify(body.error))
    return body.result as T
}

export function toHttpUrl(url: string): string {
    return url.replace(/^ws(s?):\/\//, 'http$1://')
}
