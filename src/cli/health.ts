import http from 'node:http'
import {Client} from 'pg'
import {Config} from '../config/env'

/**
 * Health endpoints for a load balancer or orchestrator, on HEALTH_PORT beside the API:
 *   GET /health  200 while the API process runs
 *   GET /ready   200 when the API answers a query and PostgreSQL answers; 503 with the reason otherwise
 * The query goes to the GraphQL server behind the front server (`graphqlUrl`), so that probes
 * never count against the rate limit of the address they come from.
 */
export function startHealthServer(port: number, config: Config, isApiRunning: () => boolean, graphqlUrl: () => string | undefined): http.Server {
    const server = http.createServer(async (req, res) => {
        const reply = (status: number, body: Record<string, unknown>) => {
            res.writeHead(status, {'content-type': 'application/json'})
            res.end(JSON.stringify(body))
        }
        if (req.method != 'GET') return reply(405, {error: 'GET only'})
        if (req.url == '/health') return reply(isApiRunning() ? 200 : 503, {api: isApiRunning() ? 'running' : 'stopped'})
        if (req.url != '/ready') return reply(404, {error: 'try /health or /ready'})
        const problems: string[] = []
        if (!isApiRunning()) problems.push('the GraphQL server is not running')
        const url = graphqlUrl()
        if (!url) {
            problems.push('the GraphQL server is not listening yet')
        } else {
            try {
                const r = await fetch(url, {
                    method: 'POST', headers: {'content-type': 'application/json'}, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(2_000),
                })
                if (!r.ok) problems.push(`the GraphQL server answered HTTP ${r.status}`)
            } catch (err) {
                problems.push(`the GraphQL server does not answer: ${(err as Error).message}`)
            }
        }
        const client = new Client({...config.db, connectionTimeoutMillis: 2_000})
        try {
            await client.connect()
            await client.query('SELECT 1')
        } catch (err) {
            problems.push(`PostgreSQL does not answer: ${(err as Error).message}`)
        } finally {
            await client.end().catch(() => {})
        }
        reply(problems.length ? 503 : 200, problems.length ? {ready: false, problems} : {ready: true})
    })
    server.listen(port, '0.0.0.0')
    return server
}
