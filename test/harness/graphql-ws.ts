/**
 * A small graphql-ws (`graphql-transport-ws`) client for tests: it keeps every message it gets,
 * so a test can wait for one that matches, and how the socket closed.
 */
import {WebSocket} from 'ws'

export interface WsMessage {
    type: string
    id?: string
    payload?: any
    /** performance.now() when it arrived. */
    at: number
}

export class GraphqlWsClient {
    readonly messages: WsMessage[] = []
    closed?: {code: number, reason: string}
    private waiters: (() => void)[] = []

    private constructor(readonly socket: WebSocket) {
        socket.on('message', (data) => {
            const msg = JSON.parse(data.toString())
            if (msg.type == 'ping') socket.send(JSON.stringify({type: 'pong'}))
            this.messages.push({...msg, at: performance.now()})
            this.wake()
        })
        socket.on('close', (code, reason) => {
            this.closed = {code, reason: reason.toString()}
            this.wake()
        })
        socket.on('error', () => {})
    }

    /** Opens the socket (as the client `forwardedFor`, when the server trusts X-Forwarded-For) and, unless told not to, sends connection_init and waits for the ack. */
    static async connect(url: string, opts: {forwardedFor?: string, protocol?: string | null, init?: boolean, origin?: string} = {}): Promise<GraphqlWsClient> {
        const headers: Record<string, string> = {}
        if (opts.forwardedFor) headers['x-forwarded-for'] = opts.forwardedFor
        if (opts.origin) headers.origin = opts.origin
        const protocol = opts.protocol === undefined ? 'graphql-transport-ws' : opts.protocol
        const socket = new WebSocket(url, protocol == null ? [] : [protocol], {headers})
        await new Promise<void>((resolve, reject) => {
            socket.once('open', () => resolve())
            socket.once('unexpected-response', (_req, res) => {
                let body = ''
                res.on('data', (d) => { body += d })
                res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)))
            })
            socket.once('error', reject)
        })
        const client = new GraphqlWsClient(socket)
        if (opts.init !== false) {
            client.send({type: 'connection_init'})
            await client.waitFor((m) => m.type == 'connection_ack', 5_000)
        }
        return client
    }

    send(message: unknown): void {
        this.socket.send(typeof message == 'string' ? message : JSON.stringify(message))
    }

    subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
        this.send({id, type: 'subscribe', payload: {query, variables}})
    }

    /** The first message (from `from` on) that matches, waiting up to `ms`. */
    async waitFor(match: (m: WsMessage) => boolean, ms: number, from = 0): Promise<WsMessage> {
        const until = performance.now() + ms
        for (;;) {
            const found = this.messages.slice(from).find(match)
            if (found) return found
            if (this.closed) throw new Error(`the socket closed (${this.closed.code} ${this.closed.reason}) before the message came`)
            const left = until - performance.now()
            if (left <= 0) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.messages.slice(from).slice(-5))}`)
            await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, left)
                this.waiters.push(() => {
                    clearTimeout(timer)
                    resolve()
                })
            })
        }
    }

    async waitClosed(ms: number): Promise<{code: number, reason: string}> {
        const until = performance.now() + ms
        while (!this.closed) {
            const left = until - performance.now()
            if (left <= 0) throw new Error(`the socket did not close within ${ms} ms`)
            await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, left)
                this.waiters.push(() => {
                    clearTimeout(timer)
                    resolve()
                })
            })
        }
        return this.closed
    }

    close(): void {
        this.socket.close()
    }

    private wake(): void {
        for (const w of this.waiters.splice(0)) w()
    }
}

export class UpgradeRefused extends Error {
    constructor(readonly status: number, readonly body: string) {
        super(`the upgrade was refused with HTTP ${status}: ${body}`)
    }
}
