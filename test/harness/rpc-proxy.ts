/**
 * A fault-injecting JSON-RPC proxy on loopback, in front of a chain's HTTP and WebSocket RPC:
 * error answers, 429 and 5xx HTTP answers, requests never answered, dropped WebSockets, a node
 * whose head stops moving (its head subscription goes silent and its head reads stay put), an
 * endpoint that goes away and comes back, and an upstream swapped for another.
 */
import http from 'node:http'
import {AddressInfo, Socket} from 'node:net'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const WS = require('ws') as any

export type Fault =
    | {kind: 'none'}
    /** A JSON-RPC error answer (code -32603) instead of the real one. */
    | {kind: 'error', rate: number}
    /** HTTP requests answered with this status (WebSocket requests: an error answer). */
    | {kind: 'status', status: 429 | 500 | 502 | 503 | 504, rate: number}
    /** Requests swallowed, never answered. */
    | {kind: 'timeout', rate: number}
    /** Each WebSocket connection is cut after this many requests through it (HTTP: the socket destroyed). */
    | {kind: 'drop', every: number}
    /** The node's head stops: no head notifications, head reads answered at the frozen head. */
    | {kind: 'stall'}

export interface ProxyStats {
    requests: number
    injected: number
}

interface RpcMessage {
    jsonrpc?: string
    id?: unknown
    method?: string
    params?: any
    result?: any
    error?: any
}

export class RpcFaultProxy {
    fault: Fault = {kind: 'none'}
    stats: ProxyStats = {requests: 0, injected: 0}
    private server!: http.Server
    private wss: any
    private sockets = new Set<Socket>()
    private clients = new Set<any>()
    private frozen?: {hash: string, height: number}
    private port = 0

    private constructor(private upstreamHttp: string, private upstreamWs: string) {}

    static async start(upstreamHttp: string, upstreamWs: string): Promise<RpcFaultProxy> {
        const proxy = new RpcFaultProxy(upstreamHttp, upstreamWs)
        await proxy.listen()
        return proxy
    }

    get httpUrl(): string {
        return `http://127.0.0.1:${this.port}`
    }

    get wsUrl(): string {
        return `ws://127.0.0.1:${this.port}`
    }

    async set(fault: Fault): Promise<void> {
        this.fault = fault
        this.frozen = undefined
        if (fault.kind == 'stall') {
            const header = await this.upstream<any>('chain_getHeader', [])
            this.frozen = {hash: await this.upstream<string>('chain_getBlockHash', [parseInt(header.number, 16)]), height: parseInt(header.number, 16)}
        }
    }

    /** Points the proxy at another upstream; open WebSockets are cut (their clients reconnect to the new one). */
    swap(upstreamHttp: string, upstreamWs: string): void {
        this.upstreamHttp = upstreamHttp
        this.upstreamWs = upstreamWs
        for (const c of this.clients) c.terminate()
    }

    /** The endpoint goes away: the port refuses connections and every open one is cut. */
    async down(): Promise<void> {
        for (const c of this.clients) c.terminate()
        for (const s of this.sockets) s.destroy()
        await new Promise<void>((resolve) => this.server.close(() => resolve()))
        this.wss.close()
    }

    /** ...and comes back on the same port. */
    async up(): Promise<void> {
        await this.listen(this.port)
    }

    async stop(): Promise<void> {
        await this.down().catch(() => {})
    }

    private async listen(port = 0): Promise<void> {
        this.server = http.createServer((req, res) => this.onHttp(req, res))
        this.server.on('connection', (s) => {
            this.sockets.add(s)
            s.once('close', () => this.sockets.delete(s))
        })
        this.wss = new WS.WebSocketServer({server: this.server})
        this.wss.on('connection', (client: any) => this.onWs(client))
        await new Promise<void>((resolve, reject) => {
            this.server.once('error', reject)
            this.server.listen(port, '127.0.0.1', () => resolve())
        })
        this.port = (this.server.address() as AddressInfo).port
    }

    private pick(rate: number): boolean {
        return Math.random() < rate
    }

    private async upstream<T>(method: string, params: unknown[]): Promise<T> {
        const res = await fetch(this.upstreamHttp, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params})})
        const body: any = await res.json()
        if (body.error) throw new Error(`${method}: ${body.error.message}`)
        return body.result
    }

    /** A stalled node answers head reads at its frozen head and knows no block above it. */
    private stalledAnswer(msg: RpcMessage): RpcMessage | undefined {
        const f = this.frozen
        if (!f || !msg.method) return undefined
        const params = Array.isArray(msg.params) ? msg.params : []
        switch (msg.method) {
            case 'chain_getHead':
            case 'chain_getFinalizedHead':
            case 'chain_getFinalisedHead':
                return {jsonrpc: '2.0', id: msg.id, result: f.hash}
            case 'chain_getBlockHash':
                if (params[0] == null) return {jsonrpc: '2.0', id: msg.id, result: f.hash}
                if (Number(params[0]) > f.height) return {jsonrpc: '2.0', id: msg.id, result: null}
                return undefined
            default:
                return undefined
        }
    }

    private rewriteForStall(msg: RpcMessage): RpcMessage {
        if (this.frozen && msg.method == 'chain_getHeader' && (!Array.isArray(msg.params) || msg.params[0] == null)) {
            return {...msg, params: [this.frozen.hash]}
        }
        return msg
    }

    private injectedError(msg: RpcMessage): RpcMessage {
        this.stats.injected++
        return {jsonrpc: '2.0', id: msg.id, error: {code: -32603, message: 'Internal error (injected by the fault proxy)'}}
    }

    private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', async () => {
            this.stats.requests++
            const fault = this.fault
            if (fault.kind == 'status' && this.pick(fault.rate)) {
                this.stats.injected++
                res.writeHead(fault.status, {'content-type': 'text/plain'}).end(`injected ${fault.status}`)
                return
            }
            if (fault.kind == 'timeout' && this.pick(fault.rate)) {
                this.stats.injected++
                return // never answered; the client's timeout fires
            }
            if (fault.kind == 'drop' && this.stats.requests % fault.every == 0) {
                this.stats.injected++
                req.socket.destroy()
                return
            }
            let body: RpcMessage | RpcMessage[]
            try {
                body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
            } catch {
                res.writeHead(400).end()
                return
            }
            const one = async (m: RpcMessage): Promise<RpcMessage> => {
                if (fault.kind == 'error' && this.pick(fault.rate)) return this.injectedError(m)
                const stalled = this.stalledAnswer(m)
                if (stalled) return stalled
                const r = await fetch(this.upstreamHttp, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(this.rewriteForStall(m))})
                return await r.json() as RpcMessage
            }
            try {
                const answer = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body)
                res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(answer))
            } catch (err) {
                res.writeHead(502).end(String(err))
            }
        })
    }

    private onWs(client: any): void {
        this.clients.add(client)
        const upstream = new WS(this.upstreamWs)
        const pending: string[] = []
        let count = 0
        const close = () => {
            this.clients.delete(client)
            client.terminate()
            upstream.terminate()
        }
        upstream.on('open', () => {
            for (const m of pending.splice(0)) upstream.send(m)
        })
        upstream.on('message', (data: Buffer) => {
            const text = data.toString('utf8')
            if (this.frozen) {
                // A stalled node sends no new heads.
                try {
                    const msg = JSON.parse(text)
                    if (msg.method && msg.params?.subscription != null && /head/i.test(msg.method)) return
                } catch {
                    // not JSON: pass it on as is
                }
            }
            if (client.readyState == WS.OPEN) client.send(text)
        })
        upstream.on('close', close)
        upstream.on('error', close)
        client.on('close', close)
        client.on('error', close)
        client.on('message', (data: Buffer) => {
            this.stats.requests++
            count++
            const fault = this.fault
            let msg: RpcMessage
            try {
                msg = JSON.parse(data.toString('utf8'))
            } catch {
                return close()
            }
            if (fault.kind == 'drop' && count % fault.every == 0) {
                this.stats.injected++
                return close()
            }
            if (Array.isArray(msg)) {
                // Batches over WebSocket are passed through (faults apply to single calls).
                return send(JSON.stringify(msg))
            }
            if ((fault.kind == 'error' || fault.kind == 'status') && msg.method && !/subscribe/i.test(msg.method) && this.pick(fault.rate)) {
                return client.send(JSON.stringify(this.injectedError(msg)))
            }
            if (fault.kind == 'timeout' && msg.method && !/subscribe/i.test(msg.method) && this.pick(fault.rate)) {
                this.stats.injected++
                return
            }
            const stalled = this.stalledAnswer(msg)
            if (stalled) return client.send(JSON.stringify(stalled))
            send(JSON.stringify(this.rewriteForStall(msg)))
        })
        function send(text: string) {
            if (upstream.readyState == WS.OPEN) upstream.send(text)
            else pending.push(text)
        }
    }
}
