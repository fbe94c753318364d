import http from 'node:http'
import {AddressInfo} from 'node:net'
import {createLogger, Logger} from '@subsquid/logger'
import {RpcClient, RpcError} from '@subsquid/rpc-client'

/**
 * Several RPC endpoints for one processor: a small JSON-RPC forwarder on loopback that the
 * processor talks to (over HTTP, so it polls heads rather than relying on a subscription), and
 * that sends each request to the current endpoint, moving to the next one when the current one
 * fails (connection errors, timeouts, 429 and 5xx answers, error answers another endpoint does not
 * give) or stalls (its head stays behind another endpoint's for `stallTimeoutMs`). Every switch
 * is logged with its reason.
 */
export interface FailoverOptions {
    endpoints: string[]
    /** Per request to an endpoint; past it, the endpoint counts as failed for this request. */
    requestTimeoutMs: number
    /** How long the current endpoint's head may stay behind another endpoint's before a switch. */
    stallTimeoutMs: number
    /** How often every endpoint's head is read. */
    headCheckIntervalMs: number
    rateLimit?: number
    capacity?: number
    log?: Logger
}

interface Upstream {
    url: string
    client: RpcClient
    head?: number
    /** Since when the head has been behind the best endpoint's (undefined: not behind). */
    behindSince?: number
    failures: number
    lastError?: string
}

interface Call {
    jsonrpc?: string
    id?: unknown
    method: string
    params?: unknown
}

type Answer = {jsonrpc: '2.0', id: unknown, result: unknown} | {jsonrpc: '2.0', id: unknown, error: {code: number, message: string, data?: unknown}}

class AllEndpointsDown extends Error {}

export class RpcFailover {
    private current = 0
    private timer?: NodeJS.Timeout
    private checking = false
    readonly log: Logger

    private constructor(private server: http.Server, private upstreams: Upstream[], private options: FailoverOptions) {
        this.log = options.log ?? createLogger('pop-squid:rpc')
    }

    /** Starts the forwarder on a free loopback port. */
    static async start(options: FailoverOptions): Promise<RpcFailover> {
        if (options.endpoints.length == 0) throw new Error('RpcFailover needs at least one endpoint')
        const upstreams = options.endpoints.map((url): Upstream => ({
            url,
            client: new RpcClient({
                url,
                requestTimeout: options.requestTimeoutMs,
                rateLimit: options.rateLimit,
                capacity: options.capacity,
                // No retries here: a failure moves the request to another endpoint at once.
                retryAttempts: 0,
                log: null,
            }),
            failures: 0,
        }))
        let failover!: RpcFailover
        const server = http.createServer((req, res) => failover.handle(req, res))
        failover = new RpcFailover(server, upstreams, options)
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject)
            server.listen(0, '127.0.0.1', () => resolve())
        })
        failover.log.info(`forwarding RPC to ${upstreams.length} endpoints, first ${safeUrl(upstreams[0].url)}; switching on errors, timeouts and a head more than ${options.stallTimeoutMs} ms behind another endpoint`)
        failover.timer = setInterval(() => failover.checkHeads(), options.headCheckIntervalMs)
        failover.timer.unref()
        return failover
    }

    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    }

    get currentEndpoint(): string {
        return this.upstreams[this.current].url
    }

    async close(): Promise<void> {
        clearInterval(this.timer)
        for (const u of this.upstreams) u.client.close()
        await new Promise<void>((resolve) => this.server.close(() => resolve()))
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', async () => {
            let body: Call | Call[]
            try {
                body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
            } catch {
                res.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({jsonrpc: '2.0', id: null, error: {code: -32700, message: 'parse error'}}))
                return
            }
            try {
                const answer = Array.isArray(body) ? await Promise.all(body.map((c) => this.forward(c))) : await this.forward(body)
                res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(answer))
            } catch (err) {
                // Every endpoint failed: 503 makes the processor's client back off and retry.
                res.writeHead(503, {'content-type': 'text/plain'}).end((err as Error).message)
            }
        })
    }

    /** One call: the current endpoint, then the others in order, until one answers. */
    private async forward(call: Call): Promise<Answer> {
        const start = this.current
        let rpcError: {upstream: Upstream, error: RpcError} | undefined
        const problems: string[] = []
        for (let i = 0; i < this.upstreams.length; i++) {
            const index = (start + i) % this.upstreams.length
            const upstream = this.upstreams[index]
            try {
                const result = await upstream.client.call(call.method, call.params as any[] | undefined)
                if (i > 0) {
                    const reason = rpcError && rpcError.upstream !== upstream
                        ? `it answered ${call.method} with an error (${rpcError.error.message}) that ${safeUrl(upstream.url)} did not give`
                        : problems.join('; ')
                    this.switchTo(index, start, reason)
                }
                return {jsonrpc: '2.0', id: call.id, result}
            } catch (err) {
                if (err instanceof RpcError && !isTransient(err)) {
                    // An answer about the request (an unknown block, a bad parameter): another
                    // endpoint may answer it, or give the same error, which is then the answer.
                    rpcError ??= {upstream, error: err}
                } else {
                    upstream.failures++
                    upstream.lastError = describe(err)
                }
                problems.push(`${safeUrl(upstream.url)}: ${describe(err)}`)
            }
        }
        // The same error everywhere is the answer (an unknown block, a bad parameter): pass it on.
        if (rpcError) return {jsonrpc: '2.0', id: call.id, error: {code: rpcError.error.code, message: rpcError.error.message, data: rpcError.error.data}}
        throw new AllEndpointsDown(`every RPC endpoint failed for ${call.method}: ${problems.join('; ')}`)
    }

    private switchTo(index: number, from: number, reason: string): void {
        // Concurrent requests can all see the same failure: switch (and log) once.
        if (this.current !== from || index === from) return
        this.current = index
        this.upstreams[index].behindSince = undefined
        this.log.warn(`switching RPC endpoint from ${safeUrl(this.upstreams[from].url)} to ${safeUrl(this.upstreams[index].url)}: ${reason}`)
    }

    /** Reads every endpoint's head; moves away from a current endpoint that stays behind. */
    private async checkHeads(): Promise<void> {
        if (this.checking) return
        this.checking = true
        try {
            await Promise.all(this.upstreams.map(async (u) => {
                try {
                    const header: any = await u.client.call('chain_getHeader', [])
                    u.head = parseInt(header.number, 16)
                } catch (err) {
                    u.head = undefined
                    u.lastError = describe(err)
                }
            }))
            const now = Date.now()
            const best = Math.max(...this.upstreams.map((u) => u.head ?? -1))
            for (const u of this.upstreams) {
                if (u.head != null && u.head >= best) u.behindSince = undefined
                else u.behindSince ??= now
            }
            const cur = this.upstreams[this.current]
            if (cur.behindSince != null && now - cur.behindSince >= this.options.stallTimeoutMs) {
                const target = this.upstreams.findIndex((u) => u.head === best)
                if (target >= 0) {
                    const was = cur.head == null ? `not answering (${cur.lastError ?? 'no head'})` : `stalled at #${cur.head}`
                    this.switchTo(target, this.current, `${was} for ${Math.round((now - cur.behindSince) / 1000)} s while ${safeUrl(this.upstreams[target].url)} is at #${best}`)
                }
            }
        } finally {
            this.checking = false
        }
    }
}

/**
 * An error answer that says the server failed, not the request: JSON-RPC internal error (-32603),
 * the implementation-defined server errors (-32000 to -32099), rate limits, timeouts, overload.
 * Treated like a transport failure: another endpoint is tried, and when all fail the processor
 * gets a 503 and retries (a passed-on error answer would stop it).
 */
function isTransient(err: RpcError): boolean {
    return err.code == -32603 || (err.code <= -32000 && err.code >= -32099) || /rate limit|timed out|timeout|busy|overload|too many/i.test(err.message)
}

function describe(err: unknown): string {
    const e = err as Error & {response?: {status?: number}}
    if (e?.response?.status) return `HTTP ${e.response.status}`
    return e?.message ?? String(err)
}

/** Endpoint URLs in logs without credentials. */
function safeUrl(url: string): string {
    try {
        const u = new URL(url)
        u.username = ''
        u.password = ''
        return u.toString().replace(/\/$/, '')
    } catch {
        return url
    }
}
