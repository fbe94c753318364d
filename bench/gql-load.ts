/** A small GraphQL load generator: keep-alive HTTP, a fixed number of concurrent clients, latencies per request. */
import http from 'node:http'

export interface LoadResult {
    requests: number
    errors: number
    firstError?: string
    seconds: number
    rps: number
    p50: number
    p95: number
    p99: number
}

export function percentile(sorted: number[], p: number): number {
    if (sorted.length == 0) return NaN
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
    return sorted[i]
}

/** One POST over the agent; resolves with the body. */
export function post(url: URL, agent: http.Agent, body: string): Promise<{status: number, body: string}> {
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
            headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)},
        }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c) => chunks.push(c))
            res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')}))
            res.on('error', reject)
        })
        req.on('error', reject)
        req.end(body)
    })
}

/**
 * Runs `concurrency` clients for `seconds`, each sending the next query of `makeQuery()` as soon
 * as the previous answer arrived. A response with `errors` (or not HTTP 200) counts as an error.
 */
export async function runLoad(endpoint: string, makeQuery: () => {query: string, variables?: Record<string, unknown>}, opts: {concurrency: number, seconds: number, warmupSeconds?: number}): Promise<LoadResult> {
    const url = new URL(endpoint)
    const agent = new http.Agent({keepAlive: true, maxSockets: opts.concurrency})
    const one = async (): Promise<{ms: number, error?: string}> => {
        const body = JSON.stringify(makeQuery())
        const t = process.hrtime.bigint()
        try {
            const res = await post(url, agent, body)
            const ms = Number(process.hrtime.bigint() - t) / 1e6
            if (res.status != 200) return {ms, error: `HTTP ${res.status}: ${res.body.slice(0, 300)}`}
            if (res.body.includes('"errors"')) return {ms, error: res.body.slice(0, 300)}
            return {ms}
        } catch (err) {
            return {ms: Number(process.hrtime.bigint() - t) / 1e6, error: (err as Error).message}
        }
    }
    const phase = async (seconds: number) => {
        const latencies: number[] = []
        let errors = 0
        let firstError: string | undefined
        const end = Date.now() + seconds * 1000
        const started = process.hrtime.bigint()
        await Promise.all(Array.from({length: opts.concurrency}, async () => {
            while (Date.now() < end) {
                const r = await one()
                latencies.push(r.ms)
                if (r.error) {
                    errors++
                    firstError ??= r.error
                }
            }
        }))
        return {latencies, errors, firstError, seconds: Number(process.hrtime.bigint() - started) / 1e9}
    }
    try {
        if (opts.warmupSeconds) await phase(opts.warmupSeconds)
        const {latencies, errors, firstError, seconds} = await phase(opts.seconds)
        latencies.sort((a, b) => a - b)
        return {
            requests: latencies.length, errors, firstError, seconds,
            rps: latencies.length / seconds,
            p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
        }
    } finally {
        agent.destroy()
    }
}
