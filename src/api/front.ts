import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type {ApiSettings} from '../config/env'
import {redactUrls} from '../config/redact'
import {DirectQueries} from './direct'
import {GraphqlRequest, guardRequest} from './guard'
import {clientKey, RateLimiter} from './rate-limit'
import {createSubscriptionRelay, SubscriptionRelay} from './subscriptions'

export interface FrontServerOptions {
    settings: ApiSettings
    /** Directory of the dashboard's static files (`index.html`, `app.js`). */
    dashboardDir: string
    /** The GraphQL server's loopback port, once it listens. */
    backendPort(): number | undefined
    /** Entity queries answered in this process (src/api/direct.ts); without it every request is forwarded. */
    direct?: DirectQueries
    log(message: string): void
}

/** What the dashboard directory may serve: nothing else is read from disk. */
const DASHBOARD_FILES: Record<string, string> = {
    'index.html': 'text/html; charset=utf-8',
    'app.js': 'text/javascript; charset=utf-8',
}

const DASHBOARD_HEADERS = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}

/** Headers that belong to one connection, not to the message: never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'])
/** Headers of the GraphQL server's answers that the front server sets itself, or never shows. */
const DROPPED_ANSWER_HEADERS = /^(x-powered-by|access-control-.*|etag)$/
/** An error answer longer than this is replaced: refusals are small. */
const MAX_ERROR_BODY = 16 * 1024
/** Time on the GraphQL server that a request's cost already pays for; each further slice costs one more unit. */
const FREE_MS = 100
const MS_PER_UNIT = 100
/** Requests a client may have waiting, per place it may have in progress. */
const MAX_WAITING_PER_PLACE = 4
/**
 * An idle connection to the GraphQL server is closed by the front server after this long, well
 * before the GraphQL server would close it (BACKEND_KEEP_ALIVE_MS, src/api/backend.ts): a request
 * is then never sent on a connection the other side is closing at that moment.
 */
export const IDLE_UPSTREAM_MS = 4_000
export const BACKEND_KEEP_ALIVE_MS = 30_000

/**
 * The API's public HTTP server, on API_HOST:GQL_PORT:
 *   /graphql, /console   to the GraphQL server on loopback; /graphql requests are checked first
 *                        (src/api/guard.ts), then charged to their client's budget by their cost;
 *                        WebSockets on /graphql carry subscriptions (src/api/subscriptions.ts)
 *   /dashboard/          the dashboard page (static; it reads /graphql like any client)
 *   /                    redirects to /dashboard/
 * Everything it refuses is a small JSON answer with a message and a code.
 */
export function createFrontServer(opts: FrontServerOptions): http.Server & {subscriptions: SubscriptionRelay} {
    const {settings} = opts
    const dashboard = loadDashboard(opts.dashboardDir)
    const limiter = settings.rateLimit ? new RateLimiter(settings.rateLimit) : undefined
    const inFlight = new Map<string, number>()
    const waiting = new Map<string, (() => void)[]>()
    const agent = new http.Agent({keepAlive: true, maxSockets: 256, timeout: IDLE_UPSTREAM_MS})
    const refused = new Map<string, number>()
    const countRefusal = (client: string) => refused.set(client, (refused.get(client) ?? 0) + 1)

    const server = http.createServer((req, res) => {
        res.on('error', () => {})
        const pathname = (req.url ?? '/').split('?')[0]
        const cors = corsHeaders(settings, req)
        if (pathname == '/graphql' || pathname == '/graphql/') {
            if (req.method == 'OPTIONS') {
                req.resume()
                res.writeHead(204, {...cors, 'access-control-max-age': '600', 'content-length': '0'})
                return res.end()
            }
            return graphql(req, res, cors)
        }
        if (pathname == '/console' || pathname.startsWith('/console/')) {
            if (req.method != 'GET' && req.method != 'HEAD') return refuse(req, res, 405, 'the console is read with GET', 'METHOD_NOT_ALLOWED', {allow: 'GET, HEAD'})
            return forward(req, res, undefined, {}, true)
        }
        if (req.method != 'GET' && req.method != 'HEAD') return refuse(req, res, 405, `${req.method} is not allowed here`, 'METHOD_NOT_ALLOWED', {allow: 'GET, HEAD'})
        if (pathname == '/') return redirect(res, 302, '/dashboard/')
        if (pathname == '/dashboard') return redirect(res, 301, '/dashboard/')
        if (pathname.startsWith('/dashboard/')) {
            const name = pathname.slice('/dashboard/'.length) || 'index.html'
            const file = dashboard.get(name)
            if (!file) return sendJson(res, 404, {error: 'no such dashboard file'})
            res.writeHead(200, {...DASHBOARD_HEADERS, 'content-type': file.type, 'content-length': String(file.body.length)})
            return res.end(req.method == 'HEAD' ? undefined : file.body)
        }
        sendJson(res, 404, {error: 'nothing here: the API is at /graphql, the dashboard at /dashboard/'})
    })
    const subscriptions = createSubscriptionRelay({settings, limiter, backendPort: opts.backendPort, refused: countRefusal})
    server.on('upgrade', subscriptions.upgrade)
    server.on('clientError', (_err, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
        else socket.destroy()
    })

    /** /graphql: read the request, check it, charge it, forward it. */
    function graphql(req: http.IncomingMessage, res: http.ServerResponse, cors: Record<string, string>): void {
        const client = clientKey(req, settings.trustedProxies)
        if (req.method == 'GET') {
            const params = new URL(req.url ?? '/', 'http://x').searchParams
            // The console page itself (a browser asking for HTML, no query): no GraphQL to check.
            if (!params.has('query')) return forward(req, res, undefined, cors, true)
            let variables: unknown
            try {
                variables = params.has('variables') ? JSON.parse(params.get('variables')!) : undefined
            } catch {
                return refuse(req, res, 400, '"variables" is not valid JSON', 'BAD_REQUEST', cors)
            }
            return admit(req, res, cors, client, {
                query: params.get('query'), variables, operationName: params.get('operationName') ?? undefined, extensions: params.get('extensions') ?? undefined,
            }, undefined)
        }
        if (req.method != 'POST') return refuse(req, res, 405, 'send GraphQL requests with POST (or GET with ?query=)', 'METHOD_NOT_ALLOWED', {...cors, allow: 'GET, POST, OPTIONS'})
        const max = settings.maxRequestBytes
        const declared = Number(req.headers['content-length'])
        if (Number.isFinite(declared) && declared > max) return refuse(req, res, 413, `the request body is larger than ${max / 1024} KB (GQL_MAX_REQUEST_KB)`, 'REQUEST_TOO_LARGE', cors)
        const chunks: Buffer[] = []
        let received = 0
        let over = false
        req.on('data', (chunk: Buffer) => {
            if (over) return
            received += chunk.length
            if (received > max) {
                over = true
                chunks.length = 0
                return refuse(req, res, 413, `the request body is larger than ${max / 1024} KB (GQL_MAX_REQUEST_KB)`, 'REQUEST_TOO_LARGE', cors)
            }
            chunks.push(chunk)
        })
        req.on('error', () => res.destroy())
        req.on('end', () => {
            if (over || res.writableEnded) return
            const body = Buffer.concat(chunks)
            let request: unknown
            try {
                request = JSON.parse(body.toString('utf8'))
            } catch {
                return refuse(req, res, 400, 'the request body is not valid JSON: send {"query": "...", "variables": {...}} with content-type application/json', 'BAD_REQUEST', cors)
            }
            admit(req, res, cors, client, request, body)
        })
    }

    function admit(req: http.IncomingMessage, res: http.ServerResponse, cors: Record<string, string>, client: string, request: unknown, body: Buffer | undefined): void {
        const verdict = guardRequest(request, settings.guard)
        if (!verdict.ok) {
            countRefusal(client)
            return refuse(req, res, verdict.code == 'QUERY_TOO_COMPLEX' ? 422 : 400, verdict.message, verdict.code, cors)
        }
        if (limiter) {
            const admission = limiter.take(client, verdict.cost)
            if (!admission.allowed) {
                countRefusal(client)
                const {ratePerSecond, burst} = limiter.settings
                return refuse(req, res, 429,
                    `rate limit exceeded: each client may spend ${ratePerSecond} cost units per second (bursts of ${burst}); this query costs ${verdict.cost}; retry after ${admission.retryAfterSeconds} s`,
                    'RATE_LIMITED', {...cors, 'retry-after': String(admission.retryAfterSeconds)}, {retryAfterSeconds: admission.retryAfterSeconds, cost: verdict.cost})
            }
        }
        const start = () => {
            inFlight.set(client, (inFlight.get(client) ?? 0) + 1)
            const started = performance.now()
            res.once('close', () => {
                const left = (inFlight.get(client) ?? 1) - 1
                if (left > 0) inFlight.set(client, left)
                else inFlight.delete(client)
                const elapsed = performance.now() - started
                if (limiter && elapsed > FREE_MS) limiter.charge(client, Math.floor((elapsed - FREE_MS) / MS_PER_UNIT))
                // The client's next waiting request, if any, takes the freed place.
                const queue = waiting.get(client)
                const next = queue?.shift()
                if (queue && queue.length == 0) waiting.delete(client)
                next?.()
            })
            if (opts.direct && verdict.operation == 'query') return answerDirect(req, res, body, cors, request as GraphqlRequest, verdict)
            // Only a query may be sent again (a mutation could have run before the connection broke).
            forward(req, res, body, cors, verdict.operation == 'query')
        }
        const max = settings.maxConcurrentPerClient
        if (max == 0 || (inFlight.get(client) ?? 0) < max) return start()
        // Over the client's share of places: wait in its own line (a few at most), or be refused.
        const queue = waiting.get(client) ?? []
        if (queue.length >= MAX_WAITING_PER_PLACE * max) {
            countRefusal(client)
            return refuse(req, res, 429, `too many requests at once: each client may have ${max} in progress and ${MAX_WAITING_PER_PLACE * max} waiting (GQL_MAX_CONCURRENT)`, 'RATE_LIMITED', {...cors, 'retry-after': '1'})
        }
        const entry = () => {
            if (!res.destroyed && !res.writableEnded) start()
            else {
                // The client went away while waiting: pass the place on.
                const q = waiting.get(client)
                const next = q?.shift()
                if (q && q.length == 0) waiting.delete(client)
                next?.()
            }
        }
        queue.push(entry)
        waiting.set(client, queue)
    }

    /** An entity query answered here; any other query, or one whose execution reported an error, is forwarded. */
    function answerDirect(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | undefined, cors: Record<string, string>,
        request: GraphqlRequest, verdict: Extract<ReturnType<typeof guardRequest>, {ok: true}>): void {
        const send = (text: string | undefined) => {
            if (res.destroyed || res.writableEnded) return
            if (text == null) return forward(req, res, body, cors, true)
            res.writeHead(200, {...cors, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text))})
            res.end(text)
        }
        opts.direct!.answer({
            query: request.query as string, document: verdict.document, operation: verdict.chosen,
            operationName: request.operationName as string | undefined, variables: request.variables as Record<string, unknown> | undefined,
            extensions: request.extensions,
        }).then(send).catch((err) => {
            // A defect of this path or a lost connection: the GraphQL server still answers, and it is counted and reported.
            opts.direct!.noteProblem(err)
            if (res.headersSent || res.writableEnded) return res.destroy()
            try {
                forward(req, res, body, cors, true)
            } catch {
                res.destroy()
            }
        })
    }

    /**
     * Sends the request (its checked body, when it was read) to the GraphQL server and relays the
     * answer. `mayRetry`: the request reads only (GET, HEAD, a query), so it may be sent once more.
     */
    function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | undefined, cors: Record<string, string>, mayRetry: boolean): void {
        const port = opts.backendPort()
        if (port == null) {
            return refuse(req, res, 503, 'the GraphQL server is starting or restarting; retry in a moment', 'STARTING', {...cors, 'retry-after': '1'})
        }
        const headers: http.OutgoingHttpHeaders = {}
        for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value != null) headers[name] = value
        if (body) {
            headers['content-length'] = String(body.length)
            headers['content-type'] = 'application/json'
        }
        let answered = false
        const upstream = http.request({
            host: '127.0.0.1', port, agent, method: req.method, path: req.url, headers,
            timeout: settings.sqlStatementTimeoutMs + 30_000,
        }, (answer) => {
            answered = true
            const status = answer.statusCode ?? 502
            const out: http.OutgoingHttpHeaders = {...cors}
            for (const [name, value] of Object.entries(answer.headers)) {
                if (!HOP_BY_HOP.has(name) && !DROPPED_ANSWER_HEADERS.test(name) && value != null) out[name] = value
            }
            if (status < 400) {
                res.writeHead(status, out)
                answer.pipe(res)
                answer.on('error', () => res.destroy())
                return
            }
            // Error answers are read whole and passed on only when small and JSON (never an HTML stack page).
            const parts: Buffer[] = []
            let size = 0
            answer.on('data', (chunk: Buffer) => {
                size += chunk.length
                if (size <= MAX_ERROR_BODY) parts.push(chunk)
            })
            answer.on('error', () => res.destroy())
            answer.on('end', () => {
                const text = Buffer.concat(parts).toString('utf8')
                const json = size <= MAX_ERROR_BODY && /json/.test(String(answer.headers['content-type'])) ? safeJson(text) : undefined
                if (json && Array.isArray(json.errors)) return sendJson(res, status, json, cors)
                sendJson(res, status >= 500 ? 502 : status, graphqlError(status >= 500 ? 'the GraphQL server failed to answer this request' : 'the request was refused', {code: status >= 500 ? 'BAD_GATEWAY' : 'BAD_REQUEST'}), cors)
            })
        })
        upstream.on('timeout', () => upstream.destroy(new Error('no answer in time')))
        upstream.on('error', (err: NodeJS.ErrnoException) => {
            // A kept-alive connection that broke before any answer: most likely the GraphQL server
            // closed it just as this request went out. A request that only reads is sent once more
            // on a new connection.
            if (mayRetry && !answered && upstream.reusedSocket && err.code == 'ECONNRESET' && !res.headersSent) {
                return forward(req, res, body, cors, false)
            }
            if (res.headersSent) return res.destroy()
            if (!res.writableEnded) sendJson(res, 502, graphqlError('the GraphQL server did not answer; retry in a moment', {code: 'BAD_GATEWAY'}), cors)
        })
        res.on('close', () => {
            if (!res.writableFinished) upstream.destroy()
        })
        if (body) upstream.end(body)
        else if (req.readableEnded) upstream.end()
        else req.pipe(upstream)
    }

    function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}): void {
        req.resume() // read and drop the rest of the body, so the client sees the answer rather than a reset
        if (res.headersSent || res.writableEnded) return
        sendJson(res, status, graphqlError(message, {code, ...extensions}), headers)
    }

    // Refusals are summed up once a minute, never dropped silently and never one line each.
    const report = setInterval(() => {
        limiter?.sweep()
        const problems = opts.direct?.takeProblems()
        if (problems) {
            opts.log(`${problems.count} entity queries failed in the front server in the last minute (not the clients' doing) and were answered by the GraphQL server instead; last: ${redactUrls(problems.last).slice(0, 300)}`)
        }
        if (refused.size == 0) return
        const total = [...refused.values()].reduce((a, b) => a + b, 0)
        const top = [...refused.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c, n]) => `${c} ${n}`).join(', ')
        opts.log(`refused ${total} GraphQL requests from ${refused.size} clients in the last minute (limits, rate or malformed; most: ${top})`)
        refused.clear()
    }, 60_000)
    report.unref()
    server.on('close', () => {
        clearInterval(report)
        agent.destroy()
    })
    return Object.assign(server, {subscriptions})
}

/** CORS headers for an answer to this request, by GQL_CORS_ORIGINS. */
function corsHeaders(settings: ApiSettings, req: http.IncomingMessage): Record<string, string> {
    const origin = req.headers.origin
    if (settings.corsOrigins == '*') {
        return {'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type'}
    }
    if (origin && settings.corsOrigins.includes(origin)) {
        return {
            'access-control-allow-origin': origin, vary: 'origin',
            'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type, authorization',
        }
    }
    return {}
}

function safeJson(text: string): any {
    try {
        return JSON.parse(text)
    } catch {
        return undefined
    }
}

function loadDashboard(dir: string): Map<string, {type: string, body: Buffer}> {
    const files = new Map<string, {type: string, body: Buffer}>()
    for (const [name, type] of Object.entries(DASHBOARD_FILES)) {
        const file = path.join(dir, name)
        try {
            files.set(name, {type, body: fs.readFileSync(file)})
        } catch (err) {
            throw new Error(`the dashboard file ${file} cannot be read: ${(err as Error).message}`)
        }
    }
    return files
}

function graphqlError(message: string, extensions: Record<string, unknown>): unknown {
    return {errors: [{message, extensions}]}
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text))})
    res.end(text)
}

function redirect(res: http.ServerResponse, status: number, location: string): void {
    res.writeHead(status, {location, 'content-length': '0'})
    res.end()
}
