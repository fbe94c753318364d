import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type {ApiSettings} from '../config/env'
import {clientKey, RateLimiter} from './rate-limit'

export interface FrontServerOptions {
    settings: ApiSettings
    /** Directory of the dashboard's static files (`index.html`, `app.js`). */
    dashboardDir: string
    /** The GraphQL server's loopback port, once it listens. */
    backendPort(): number | undefined
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

/**
 * The API's public HTTP server, on GQL_PORT:
 *   /graphql, /console   proxied to the GraphQL server on loopback; /graphql is rate limited per client
 *   /dashboard/          the dashboard page (static; it reads /graphql like any client)
 *   /                    redirects to /dashboard/
 * Requests larger than GQL_MAX_REQUEST_KB are refused here with 413 before reaching the GraphQL server.
 */
export function createFrontServer(opts: FrontServerOptions): http.Server {
    const {settings} = opts
    const dashboard = loadDashboard(opts.dashboardDir)
    const limiter = settings.rateLimit ? new RateLimiter(settings.rateLimit) : undefined
    const agent = new http.Agent({keepAlive: true, maxSockets: 256})
    const refused = new Map<string, number>()

    const server = http.createServer((req, res) => {
        const pathname = (req.url ?? '/').split('?')[0]
        if (pathname == '/graphql' || pathname.startsWith('/graphql/')) {
            if (limiter) {
                const client = clientKey(req, settings.trustedProxies)
                const admission = limiter.take(client)
                if (!admission.allowed) {
                    refused.set(client, (refused.get(client) ?? 0) + 1)
                    req.resume()
                    const {ratePerSecond, burst} = limiter.settings
                    return sendJson(res, 429, graphqlError(
                        `rate limit exceeded: each client may make ${ratePerSecond} requests per second to /graphql (bursts of ${burst}); retry after ${admission.retryAfterSeconds} s`,
                        {code: 'RATE_LIMITED', retryAfterSeconds: admission.retryAfterSeconds},
                    ), {'retry-after': String(admission.retryAfterSeconds)})
                }
            }
            return proxy(req, res)
        }
        if (pathname == '/console' || pathname.startsWith('/console/')) return proxy(req, res)
        if (req.method != 'GET' && req.method != 'HEAD') return sendJson(res, 405, {error: `${req.method} is not allowed on ${pathname}`}, {allow: 'GET, HEAD'})
        if (pathname == '/') return redirect(res, 302, '/dashboard/')
        if (pathname == '/dashboard') return redirect(res, 301, '/dashboard/')
        if (pathname.startsWith('/dashboard/')) {
            const name = pathname.slice('/dashboard/'.length) || 'index.html'
            const file = dashboard.get(name)
            if (!file) return sendJson(res, 404, {error: `no dashboard file ${JSON.stringify(name)}`})
            res.writeHead(200, {...DASHBOARD_HEADERS, 'content-type': file.type, 'content-length': String(file.body.length)})
            return res.end(req.method == 'HEAD' ? undefined : file.body)
        }
        sendJson(res, 404, {error: `nothing at ${pathname}: the API is at /graphql, the dashboard at /dashboard/`})
    })

    function proxy(req: http.IncomingMessage, res: http.ServerResponse): void {
        const port = opts.backendPort()
        if (port == null) {
            req.resume()
            return sendJson(res, 503, graphqlError('the GraphQL server is starting; retry in a moment', {code: 'STARTING'}), {'retry-after': '1'})
        }
        const max = settings.maxRequestBytes
        const tooLarge = () => sendJson(res, 413, graphqlError(`request body is larger than ${max / 1024} KB (GQL_MAX_REQUEST_KB)`, {code: 'REQUEST_TOO_LARGE'}))
        const declared = Number(req.headers['content-length'])
        if (Number.isFinite(declared) && declared > max) {
            req.resume() // read and drop the body, so the client sees the answer rather than a reset
            return tooLarge()
        }
        const headers: http.OutgoingHttpHeaders = {}
        for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value != null) headers[name] = value
        const upstream = http.request({
            host: '127.0.0.1', port, agent, method: req.method, path: req.url, headers,
            timeout: settings.sqlStatementTimeoutMs + 30_000,
        }, (answer) => {
            const out: http.OutgoingHttpHeaders = {}
            for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value != null) out[name] = value
            res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out)
            answer.pipe(res)
            answer.on('error', () => res.destroy())
        })
        upstream.on('timeout', () => upstream.destroy(new Error('no answer in time')))
        upstream.on('error', (err) => {
            if (res.headersSent) return res.destroy()
            if (!res.writableEnded) sendJson(res, 502, graphqlError(`the GraphQL server did not answer: ${err.message}`, {code: 'BAD_GATEWAY'}))
        })
        let received = 0
        req.on('data', (chunk: Buffer) => {
            received += chunk.length
            if (received <= max) {
                if (!upstream.write(chunk)) {
                    req.pause()
                    upstream.once('drain', () => req.resume())
                }
                return
            }
            if (upstream.destroyed) return
            upstream.destroy()
            req.resume()
            if (!res.headersSent) tooLarge()
        })
        req.on('end', () => {
            if (!upstream.destroyed) upstream.end()
        })
        res.on('close', () => {
            if (!res.writableFinished) upstream.destroy()
        })
    }

    // Refusals are summed up once a minute, never dropped silently and never one line each.
    const report = setInterval(() => {
        limiter?.sweep()
        if (refused.size == 0) return
        const total = [...refused.values()].reduce((a, b) => a + b, 0)
        const top = [...refused.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c, n]) => `${c} ${n}`).join(', ')
        opts.log(`rate limit: refused ${total} requests from ${refused.size} clients in the last minute (most: ${top})`)
        refused.clear()
    }, 60_000)
    report.unref()
    server.on('close', () => {
        clearInterval(report)
        agent.destroy()
    })
    return server
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
