import http from 'node:http'
import {Client} from 'pg'
import {Config} from '../config/env'
import type {DirectStats} from '../api/direct'
import type {RunningApi} from './api'

/**
 * Health endpoints for a load balancer or orchestrator, on HEALTH_HOST:HEALTH_PORT beside the API:
 *   GET /health   200 while the API serves (a restarting GraphQL server is 503), with its restart count
 *   GET /ready    200 when the API answers a query and PostgreSQL answers; 503 with the reason otherwise
 *   GET /metrics  the API's own Prometheus metrics (pop_squid_api_*)
 * The query goes to the GraphQL server behind the front server, so that probes never count
 * against the rate limit of the address they come from. Answers never carry a URL or a credential.
 */
export function startHealthServer(port: number, host: string, config: Config, api: RunningApi): http.Server {
    const server = http.createServer(async (req, res) => {
        const reply = (status: number, body: Record<string, unknown>) => {
            res.writeHead(status, {'content-type': 'application/json'})
            res.end(JSON.stringify(body))
        }
        if (req.method != 'GET') return reply(405, {error: 'GET only'})
        if (req.url == '/health') {
            return reply(api.isRunning() ? 200 : 503, {api: api.isRunning() ? 'running' : 'restarting', restarts: api.restarts(), subscriptions: api.subscriptions()})
        }
        if (req.url == '/metrics') {
            const text = [
                '# HELP pop_squid_api_restarts_total Times the GraphQL server stopped on its own and was restarted',
                '# TYPE pop_squid_api_restarts_total counter',
                `pop_squid_api_restarts_total ${api.restarts()}`,
                '# HELP pop_squid_api_up Whether the GraphQL server process runs',
                '# TYPE pop_squid_api_up gauge',
                `pop_squid_api_up ${api.isRunning() ? 1 : 0}`,
                '# HELP pop_squid_api_subscriptions GraphQL subscriptions held (GQL_SUBSCRIPTIONS_MAX caps them)',
                '# TYPE pop_squid_api_subscriptions gauge',
                `pop_squid_api_subscriptions ${api.subscriptions().subscriptions}`,
                '# HELP pop_squid_api_subscription_sockets WebSockets open for subscriptions',
                '# TYPE pop_squid_api_subscription_sockets gauge',
                `pop_squid_api_subscription_sockets ${api.subscriptions().connections}`,
                ...directMetrics(api.directStats()),
                '',
            ].join('\n')
            res.writeHead(200, {'content-type': 'text/plain; version=0.0.4'})
            return res.end(text)
        }
        if (req.url != '/ready') return reply(404, {error: 'try /health, /ready or /metrics'})
        const problems: string[] = []
        if (!api.isRunning()) problems.push('the GraphQL server is not running')
        const url = api.backendUrl()
        if (!url) {
            problems.push('the GraphQL server is not listening yet')
        } else {
            try {
                const r = await fetch(url, {
                    method: 'POST', headers: {'content-type': 'application/json'}, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(2_000),
                })
                if (!r.ok) problems.push(`the GraphQL server answered HTTP ${r.status}`)
            } catch {
                problems.push('the GraphQL server does not answer')
            }
        }
        const client = new Client({...config.db, connectionTimeoutMillis: 2_000})
        try {
            await client.connect()
            await client.query('SELECT 1')
        } catch {
            problems.push('PostgreSQL does not answer')
        } finally {
            await client.end().catch(() => {})
        }
        reply(problems.length ? 503 : 200, problems.length ? {ready: false, problems} : {ready: true})
    })
    server.listen(port, host)
    return server
}

/** The queries the front server answered itself (src/api/direct.ts), when GQL_DIRECT_QUERIES is on. */
function directMetrics(stats: DirectStats | undefined): string[] {
    if (!stats) return []
    return [
        '# HELP pop_squid_api_direct_queries_total GraphQL queries by who answered: answered (the front server, entity queries), passed (the GraphQL server), retried (the GraphQL server, after an error here)',
        '# TYPE pop_squid_api_direct_queries_total counter',
        `pop_squid_api_direct_queries_total{outcome="answered"} ${stats.answered}`,
        `pop_squid_api_direct_queries_total{outcome="passed"} ${stats.passed}`,
        `pop_squid_api_direct_queries_total{outcome="retried"} ${stats.retried}`,
    ]
}
