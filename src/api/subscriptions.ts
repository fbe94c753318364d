/**
 * GraphQL subscriptions (live queries) through the front server. A client opens a WebSocket on
 * /graphql speaking graphql-ws (`graphql-transport-ws`); the front server opens one to the GraphQL
 * server on loopback and relays messages both ways, reading each one:
 *   - a `subscribe` is checked like an HTTP query (src/api/guard.ts), must be a subscription
 *     (queries and mutations go over HTTP, where the admin check runs), and is charged to the
 *     client's budget by its cost; each client holds at most GQL_SUBSCRIPTIONS_PER_CLIENT, the
 *     server GQL_SUBSCRIPTIONS_MAX;
 *   - every later result pushed costs the subscription's cost again: a client whose budget is
 *     spent has the subscription ended with a RATE_LIMITED error (the first result is paid by the
 *     subscribe);
 *   - anything that is not the protocol closes the socket (4400), as the GraphQL server would.
 * The GraphQL server re-runs each subscription's query every GQL_SUBSCRIPTION_POLL_MS and pushes
 * the whole answer when it changed.
 */
import http from 'node:http'
import type {Duplex} from 'node:stream'
import {RawData, WebSocket, WebSocketServer} from 'ws'
import type {ApiSettings} from '../config/env'
import {guardRequest} from './guard'
import {clientKey, RateLimiter} from './rate-limit'

export const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws'
/** Messages a client may send before the GraphQL server's socket is open. */
const MAX_EARLY_MESSAGES = 16
/** Answers a client has not read yet, past which it is too slow and is disconnected. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
/** Clients are pinged this often; one that did not answer the last ping is disconnected. */
const PING_MS = 30_000
const MAX_ID_LENGTH = 128
/** Messages a client may send per second on one socket (pings included); more close it. */
const MAX_MESSAGES_PER_SECOND = 50
/** Subscribes one socket may send in its life (ids are never reused); past that, reconnect. */
const MAX_SUBSCRIBES_PER_SOCKET = 1_000
/** A close reason is at most 123 bytes (WebSocket frame limit). */
const MAX_REASON_BYTES = 123

export interface SubscriptionRelayOptions {
    settings: ApiSettings
    limiter?: RateLimiter
    backendPort(): number | undefined
    /** Counts a refusal against the client, for the front server's summary line. */
    refused(client: string): void
}

export interface SubscriptionRelay {
    /** The front server's `upgrade` handler. */
    upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void
    /** Open WebSockets and subscriptions held, for /health. */
    stats(): {connections: number, subscriptions: number}
    /** Closes every WebSocket (the server is stopping). */
    close(): void
}

interface Holder {
    connections: number
    subscriptions: number
}

export function createSubscriptionRelay(opts: SubscriptionRelayOptions): SubscriptionRelay {
    const {settings, limiter} = opts
    const limits = settings.subscriptions
    const wss = new WebSocketServer({
        noServer: true,
        maxPayload: settings.maxRequestBytes,
        handleProtocols: (protocols) => protocols.has(GRAPHQL_WS_PROTOCOL) ? GRAPHQL_WS_PROTOCOL : false,
    })
    const holders = new Map<string, Holder>()
    const sockets = new Set<WebSocket>()
    let total = 0

    const holder = (client: string) => {
        let h = holders.get(client)
        if (!h) holders.set(client, h = {connections: 0, subscriptions: 0})
        return h
    }
    const forget = (client: string, h: Holder) => {
        if (h.connections == 0 && h.subscriptions == 0) holders.delete(client)
    }

    const alive = new WeakSet<WebSocket>()
    const pinger = setInterval(() => {
        for (const ws of sockets) {
            if (!alive.has(ws)) {
                ws.terminate()
                continue
            }
            alive.delete(ws)
            ws.ping()
        }
    }, PING_MS)
    pinger.unref()

    function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
        socket.on('error', () => {})
        const client = clientKey(req as http.IncomingMessage, settings.trustedProxies)
        const pathname = (req.url ?? '/').split('?')[0]
        const deny = (status: number, message: string, code: string) => {
            opts.refused(client)
            rejectUpgrade(socket, status, message, code)
        }
        if (pathname != '/graphql' && pathname != '/graphql/') return deny(404, 'WebSocket connections are served on /graphql only', 'NOT_FOUND')
        if (limits.perClient == 0) return deny(404, 'subscriptions are turned off on this server (GQL_SUBSCRIPTIONS_PER_CLIENT=0)', 'NOT_FOUND')
        const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
        if (!offered.includes(GRAPHQL_WS_PROTOCOL)) return deny(400, `subscriptions speak the graphql-ws protocol: offer the WebSocket subprotocol ${GRAPHQL_WS_PROTOCOL}`, 'BAD_REQUEST')
        if (!originAllowed(settings, req)) return deny(403, 'pages of this origin may not open subscriptions here (GQL_CORS_ORIGINS)', 'FORBIDDEN')
        const port = opts.backendPort()
        if (port == null) return deny(503, 'the GraphQL server is starting or restarting; retry in a moment', 'STARTING')
        // A socket without a subscription is of no use: there are never more sockets than subscriptions allowed.
        if (sockets.size >= limits.total) return deny(503, 'the server holds as many subscription connections as it may (GQL_SUBSCRIPTIONS_MAX); retry later', 'RATE_LIMITED')
        const h = holder(client)
        if (h.connections >= limits.perClient) {
            forget(client, h)
            return deny(429, `each client may have ${limits.perClient} subscription connections open (GQL_SUBSCRIPTIONS_PER_CLIENT); one connection carries many subscriptions`, 'RATE_LIMITED')
        }
        forget(client, h)
        wss.handleUpgrade(req, socket, head, (ws) => {
            const held = holder(client)
            held.connections++
            relay(ws, client, held, port)
        })
    }

    function relay(ws: WebSocket, client: string, h: Holder, port: number): void {
        sockets.add(ws)
        alive.add(ws)
        ws.on('pong', () => alive.add(ws))
        const upstream = new WebSocket(`ws://127.0.0.1:${port}/graphql`, GRAPHQL_WS_PROTOCOL, {perMessageDeflate: false, handshakeTimeout: 10_000})
        const early: string[] = []
        /** This connection's admitted subscriptions: id → cost per result. */
        const active = new Map<string, number>()
        /** Subscriptions whose first result the subscribe paid for. */
        const paid = new Set<string>()
        /**
         * Every id this socket subscribed with. An id is never taken again: the GraphQL server may
         * still be starting a completed subscription, and a second one under its id would leave the
         * first running where no complete reaches it.
         */
        const used = new Set<string>()
        let closed = false
        let second = 0
        let messages = 0

        const release = (id: string) => {
            if (!active.delete(id)) return
            paid.delete(id)
            h.subscriptions--
            total--
        }
        const toClient = (message: unknown) => {
            if (ws.readyState != WebSocket.OPEN) return
            if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return finish(1008, 'the client reads its results too slowly')
            ws.send(typeof message == 'string' ? message : JSON.stringify(message))
        }
        const toUpstream = (text: string) => {
            if (upstream.readyState == WebSocket.OPEN) return upstream.send(text)
            if (early.length >= MAX_EARLY_MESSAGES) return finish(1008, 'too many messages before the server was ready')
            early.push(text)
        }
        const refuse = (id: string, message: string, code: string, extensions: Record<string, unknown> = {}) => {
            opts.refused(client)
            toClient({id, type: 'error', payload: [{message, extensions: {code, ...extensions}}]})
        }
        /** Ends both sockets once (a close code the client may be sent, a short reason). */
        function finish(code: number, reason: string): void {
            if (closed) return
            closed = true
            for (const id of [...active.keys()]) release(id)
            h.connections--
            forget(client, h)
            sockets.delete(ws)
            if (ws.readyState == WebSocket.OPEN || ws.readyState == WebSocket.CONNECTING) closeSafely(ws, code, reason)
            if (upstream.readyState == WebSocket.CONNECTING) upstream.terminate()
            else if (upstream.readyState == WebSocket.OPEN) upstream.close(1000)
        }

        ws.on('message', (data: RawData, isBinary: boolean) => {
            if (closed) return
            const now = Math.floor(performance.now() / 1000)
            if (now != second) {
                second = now
                messages = 0
            }
            if (++messages > MAX_MESSAGES_PER_SECOND) return finish(1008, `more than ${MAX_MESSAGES_PER_SECOND} messages a second`)
            if (isBinary) return finish(4400, 'send text messages (JSON)')
            const text = data.toString()
            let msg: any
            try {
                msg = JSON.parse(text)
            } catch {
                return finish(4400, 'a message is not valid JSON')
            }
            if (msg == null || typeof msg != 'object' || Array.isArray(msg) || typeof msg.type != 'string') return finish(4400, 'a message is not an object with a "type"')
            switch (msg.type) {
                case 'connection_init':
                case 'ping':
                case 'pong':
                    return toUpstream(text)
                case 'complete':
                    if (typeof msg.id == 'string') release(msg.id)
                    return toUpstream(text)
                case 'subscribe':
                    break
                default:
                    return finish(4400, 'unknown message type')
            }
            const id = msg.id
            if (typeof id != 'string' || id.length == 0 || id.length > MAX_ID_LENGTH) return finish(4400, `a subscribe message needs an "id" of 1 to ${MAX_ID_LENGTH} characters`)
            if (used.has(id)) return finish(4409, 'Subscriber for this id already exists (ids may not be reused)')
            if (used.size >= MAX_SUBSCRIBES_PER_SOCKET) return finish(1008, `more than ${MAX_SUBSCRIBES_PER_SOCKET} subscribes on one socket: reconnect`)
            used.add(id)
            const verdict = guardRequest(msg.payload, settings.guard)
            if (!verdict.ok) return refuse(id, verdict.message, verdict.code)
            if (verdict.operation != 'subscription') return refuse(id, 'this WebSocket carries subscriptions only: send queries and mutations with POST /graphql', 'BAD_REQUEST')
            if (h.subscriptions >= limits.perClient) {
                return refuse(id, `each client may hold ${limits.perClient} subscriptions (GQL_SUBSCRIPTIONS_PER_CLIENT): complete one first`, 'RATE_LIMITED')
            }
            if (total >= limits.total) return refuse(id, `the server holds as many subscriptions as it may (GQL_SUBSCRIPTIONS_MAX); retry later`, 'RATE_LIMITED', {retryAfterSeconds: 30})
            if (limiter) {
                const admission = limiter.take(client, verdict.cost)
                if (!admission.allowed) {
                    return refuse(id, `rate limit exceeded: this subscription costs ${verdict.cost} per result; retry after ${admission.retryAfterSeconds} s`, 'RATE_LIMITED', {retryAfterSeconds: admission.retryAfterSeconds, cost: verdict.cost})
                }
            }
            active.set(id, verdict.cost)
            paid.add(id)
            h.subscriptions++
            total++
            toUpstream(text)
        })
        ws.on('close', () => finish(1000, ''))
        ws.on('error', () => finish(1011, 'connection error'))

        upstream.on('open', () => {
            for (const text of early.splice(0)) upstream.send(text)
        })
        upstream.on('message', (data: RawData) => {
            if (closed) return
            const text = data.toString()
            let msg: any
            try {
                msg = JSON.parse(text)
            } catch {
                return finish(1011, 'the GraphQL server sent an unreadable message')
            }
            const id = typeof msg?.id == 'string' ? msg.id : undefined
            if (id != null && (msg.type == 'next' || msg.type == 'error' || msg.type == 'complete')) {
                // Messages of a subscription ended here (a refusal, a complete) are not the client's any more.
                if (!active.has(id)) return
                if (msg.type == 'next') {
                    const cost = active.get(id)!
                    if (!paid.delete(id) && limiter) {
                        const admission = limiter.take(client, cost)
                        if (!admission.allowed) {
                            release(id)
                            upstream.send(JSON.stringify({id, type: 'complete'}))
                            return refuse(id, `rate limit exceeded: this subscription's results cost ${cost} each, more than the client's budget (GQL_RATE_LIMIT); subscribe again after ${admission.retryAfterSeconds} s, or ask for fewer values`, 'RATE_LIMITED', {retryAfterSeconds: admission.retryAfterSeconds, cost})
                        }
                    }
                } else {
                    release(id)
                }
            }
            toClient(text)
        })
        upstream.on('close', (code: number, reason: Buffer) => {
            // The GraphQL server's protocol refusals (4xxx) reach the client as they are; its internal
            // failures (4500) without their reason, which may quote the database; anything else is a restart.
            if (code == 4500) finish(4500, 'internal error in the GraphQL server; reconnect')
            else if (code >= 4000 && code <= 4999) finish(code, reason.toString())
            else finish(1012, 'the GraphQL server restarted; reconnect')
        })
        upstream.on('error', () => finish(1011, 'the GraphQL server did not answer; reconnect in a moment'))
    }

    return {
        upgrade,
        stats: () => ({connections: sockets.size, subscriptions: total}),
        close() {
            clearInterval(pinger)
            for (const ws of sockets) ws.terminate()
            wss.close()
        },
    }
}

/**
 * Browsers send the page's origin with a WebSocket and apply no CORS to it: the front server does
 * what CORS would. Clients that are not browsers send none and are allowed; so are pages of the
 * server's own origin.
 */
function originAllowed(settings: ApiSettings, req: http.IncomingMessage): boolean {
    const origin = req.headers.origin
    if (!origin || settings.corsOrigins == '*') return true
    if (settings.corsOrigins.includes(origin)) return true
    try {
        return new URL(origin).host == req.headers.host
    } catch {
        return false
    }
}

/** Closes with a reason cut to what a close frame holds; a socket that cannot close cleanly is dropped. */
function closeSafely(ws: WebSocket, code: number, reason: string): void {
    let text = reason
    while (Buffer.byteLength(text) > MAX_REASON_BYTES) text = text.slice(0, -1)
    try {
        ws.close(code, text)
    } catch {
        ws.terminate()
    }
}

function rejectUpgrade(socket: Duplex, status: number, message: string, code: string): void {
    if (!socket.writable) return void socket.destroy()
    const body = JSON.stringify({errors: [{message, extensions: {code}}]})
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
}
