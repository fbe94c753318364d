import type {IncomingMessage} from 'node:http'
import {clientKey, normalizeAddress, RateLimiter} from '../../src/api/rate-limit'
import {ConfigError, loadApiSettings} from '../../src/config/env'
import {DEFAULT_GUARD_LIMITS} from '../../src/api/guard'

function limiterAt(rate: number, burst: number) {
    const clock = {ms: 0}
    return {clock, limiter: new RateLimiter({ratePerSecond: rate, burst}, () => clock.ms)}
}

describe('token bucket per client', () => {
    test('a burst passes, the next request waits for a token, with the time to wait', () => {
        const {clock, limiter} = limiterAt(2, 3)
        expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true])
        expect(limiter.take('a')).toEqual({allowed: false, retryAfterSeconds: 1})
        clock.ms += 499
        expect(limiter.take('a').allowed).toBe(false)
        clock.ms += 2 // 501 ms at 2/s: one token
        expect(limiter.take('a').allowed).toBe(true)
        expect(limiter.take('a').allowed).toBe(false)
    })

    test('a request takes its cost; a dear one waits for a full bucket; time spent is charged after', () => {
        const {clock, limiter} = limiterAt(10, 20)
        expect(limiter.take('a', 15).allowed).toBe(true)
        expect(limiter.take('a', 10)).toEqual({allowed: false, retryAfterSeconds: 1})
        clock.ms += 500
        expect(limiter.take('a', 10).allowed).toBe(true)
        // Dearer than the burst: charged as a full bucket.
        clock.ms += 2000
        expect(limiter.take('a', 1000).allowed).toBe(true)
        expect(limiter.take('a', 1).allowed).toBe(false)
        // Time on the server after the fact: debt, down to one burst below empty.
        clock.ms += 2000
        limiter.charge('a', 100)
        expect(limiter.take('a', 1)).toEqual({allowed: false, retryAfterSeconds: 3})
        expect(limiter.take('b', 1).allowed).toBe(true)
    })

    test('clients do not share buckets', () => {
        const {limiter} = limiterAt(1, 1)
        expect(limiter.take('a').allowed).toBe(true)
        expect(limiter.take('a').allowed).toBe(false)
        expect(limiter.take('b').allowed).toBe(true)
    })

    test('Retry-After is long enough at a slow rate', () => {
        const {limiter} = limiterAt(1, 1)
        limiter.take('a')
        expect(limiter.take('a')).toEqual({allowed: false, retryAfterSeconds: 1})
        const slow = limiterAt(1, 5).limiter
        for (let i = 0; i < 5; i++) slow.take('a')
        expect(slow.take('a')).toEqual({allowed: false, retryAfterSeconds: 1})
    })

    test('a sustained rate at the limit is never refused; twice the limit is refused about half the time', () => {
        const {clock, limiter} = limiterAt(10, 10)
        let refused = 0
        for (let i = 0; i < 1000; i++) {
            clock.ms += 100
            if (!limiter.take('a').allowed) refused++
        }
        expect(refused).toBe(0)
        for (let i = 0; i < 1000; i++) {
            clock.ms += 50
            if (!limiter.take('a').allowed) refused++
        }
        expect(refused).toBeGreaterThanOrEqual(490)
        expect(refused).toBeLessThanOrEqual(500)
    })

    test('refilled buckets are forgotten', () => {
        const {clock, limiter} = limiterAt(10, 10)
        limiter.take('a')
        limiter.take('b')
        for (let i = 0; i < 10; i++) limiter.take('c')
        expect(limiter.size).toBe(3)
        clock.ms += 150
        limiter.sweep()
        expect(limiter.size).toBe(1) // c needs a second to refill
        clock.ms += 1_000
        limiter.sweep()
        expect(limiter.size).toBe(0)
    })
})

test('memory stays bounded: past maxClients, the longest-known clients start over', () => {
    const clock = {ms: 0}
    const limiter = new RateLimiter({ratePerSecond: 1, burst: 1}, () => clock.ms, 10)
    for (let i = 0; i < 10; i++) expect(limiter.take(`c${i}`).allowed).toBe(true)
    expect(limiter.take('c9').allowed).toBe(false)
    expect(limiter.size).toBe(10)
    expect(limiter.take('new').allowed).toBe(true)
    expect(limiter.size).toBeLessThanOrEqual(10)
    expect(limiter.take('c0').allowed).toBe(true) // forgotten: a full bucket again
    expect(limiter.take('c9').allowed).toBe(false) // the newest are kept
})

describe('which client a request counts against', () => {
    const req = (remoteAddress: string, xff?: string | string[]) =>
        ({socket: {remoteAddress}, headers: xff == null ? {} : {'x-forwarded-for': xff}}) as unknown as IncomingMessage

    test('without trusted proxies X-Forwarded-For is ignored', () => {
        expect(clientKey(req('10.0.0.1', '1.2.3.4'), 0)).toBe('10.0.0.1')
        expect(clientKey(req('::ffff:10.0.0.1'), 0)).toBe('10.0.0.1')
    })

    test('with one trusted proxy, the address it appended (the rightmost); what the client wrote is not believed', () => {
        expect(clientKey(req('10.0.0.1', '203.0.113.7'), 1)).toBe('203.0.113.7')
        expect(clientKey(req('10.0.0.1', 'spoofed, 203.0.113.7'), 1)).toBe('203.0.113.7')
        expect(clientKey(req('10.0.0.1', ['1.1.1.1', '203.0.113.7']), 1)).toBe('203.0.113.7')
        expect(clientKey(req('10.0.0.1', '1.1.1.1, 203.0.113.7, 10.0.0.9'), 2)).toBe('203.0.113.7')
        expect(clientKey(req('10.0.0.1', '203.0.113.7:5123'), 1)).toBe('203.0.113.7')
        expect(clientKey(req('10.0.0.1'), 1)).toBe('10.0.0.1')
        expect(clientKey(req('10.0.0.1', 'garbage'), 1)).toBe('10.0.0.1')
    })

    test('IPv6 clients count per /64', () => {
        expect(normalizeAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
        expect(normalizeAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
        expect(normalizeAddress('2001:db8::1')).toBe('2001:db8:0:0::/64')
        expect(normalizeAddress('::1')).toBe('0:0:0:0::/64')
        expect(clientKey(req('10.0.0.1', '[2001:db8:1:2::5]:443'), 1)).toBe('2001:db8:1:2::/64')
    })
})

describe('API settings from the environment', () => {
    const problems = (env: Record<string, string>) => {
        try {
            loadApiSettings(env)
            return []
        } catch (err) {
            if (err instanceof ConfigError) return err.problems
            throw err
        }
    }

    test('defaults: 20 cost units per second per client, bursts of 40, 8 at once, no proxy trusted, 256 KB requests, CORS for reads', () => {
        expect(loadApiSettings({})).toEqual({
            port: 4350, host: '0.0.0.0', corsOrigins: '*', maxConcurrentPerClient: 8,
            rateLimit: {ratePerSecond: 20, burst: 40}, trustedProxies: 0, maxRequestBytes: 256 * 1024,
            maxRootFields: 20, maxResponseNodes: 100_000, sqlStatementTimeoutMs: 10_000, guard: DEFAULT_GUARD_LIMITS,
            subscriptions: {perClient: 5, total: 100, pollMs: 1_000},
            dbPoolSize: 5, directQueries: true,
        })
        expect(loadApiSettings({}, {host: '127.0.0.1'}).host).toBe('127.0.0.1')
        expect(loadApiSettings({API_HOST: '::1'}, {host: '127.0.0.1'}).host).toBe('::1')
    })

    test('listen address, CORS and query limits', () => {
        expect(loadApiSettings({GQL_CORS_ORIGINS: 'https://a.example, http://localhost:3000'}).corsOrigins).toEqual(['https://a.example', 'http://localhost:3000'])
        expect(loadApiSettings({GQL_CORS_ORIGINS: 'none'}).corsOrigins).toEqual([])
        expect(loadApiSettings({GQL_MAX_TOKENS: '500', GQL_MAX_DEPTH: '6', GQL_INTROSPECTION: 'off'}).guard).toMatchObject({maxTokens: 500, maxDepth: 6, introspection: false})
        expect(loadApiSettings({GQL_RATE_LIMIT: '0'}).maxConcurrentPerClient).toBe(0)
        expect(problems({API_HOST: 'example.com', GQL_CORS_ORIGINS: 'https://a.example/path', GQL_INTROSPECTION: 'maybe'})).toEqual([
            'API_HOST="example.com" must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one interface\'s address',
            'GQL_CORS_ORIGINS contains "https://a.example/path": give *, none, or origins like https://explorer.example (scheme and host, no path)',
            'GQL_INTROSPECTION="maybe" must be true or false',
        ])
    })

    test('the entity queries the front server answers itself: on by default; its connections', () => {
        expect(loadApiSettings({GQL_DIRECT_QUERIES: 'false', GQL_DB_CONNECTION_POOL_SIZE: '12'})).toMatchObject({directQueries: false, dbPoolSize: 12})
        expect(problems({GQL_DIRECT_QUERIES: 'sometimes', GQL_DB_CONNECTION_POOL_SIZE: '0'})).toEqual([
            'GQL_DB_CONNECTION_POOL_SIZE=0 is out of range: give an integer in 1..1000',
            'GQL_DIRECT_QUERIES="sometimes" must be true or false',
        ])
    })

    test('settings, and 0 turns the rate limit off', () => {
        expect(loadApiSettings({GQL_RATE_LIMIT: '5', GQL_TRUST_PROXY: 'true'})).toMatchObject({rateLimit: {ratePerSecond: 5, burst: 10}, trustedProxies: 1})
        expect(loadApiSettings({GQL_RATE_LIMIT: '5', GQL_RATE_BURST: '1', GQL_TRUST_PROXY: '2'})).toMatchObject({rateLimit: {ratePerSecond: 5, burst: 1}, trustedProxies: 2})
        expect(loadApiSettings({GQL_RATE_LIMIT: '0', GQL_TRUST_PROXY: 'false'}).rateLimit).toBeUndefined()
    })

    test('subscriptions: per client, in all, poll interval; 0 per client turns them off', () => {
        expect(loadApiSettings({GQL_SUBSCRIPTIONS_PER_CLIENT: '0'}).subscriptions.perClient).toBe(0)
        expect(loadApiSettings({GQL_SUBSCRIPTIONS_PER_CLIENT: '2', GQL_SUBSCRIPTIONS_MAX: '50', GQL_SUBSCRIPTION_POLL_MS: '250'}).subscriptions).toEqual({perClient: 2, total: 50, pollMs: 250})
        expect(problems({GQL_SUBSCRIPTION_POLL_MS: '10', GQL_SUBSCRIPTIONS_MAX: '0'})).toEqual([
            'GQL_SUBSCRIPTIONS_MAX=0 is out of range: give an integer in 1..100000',
            'GQL_SUBSCRIPTION_POLL_MS=10 is out of range: give an integer in 100..600000',
        ])
    })

    test('bad values are refused, every one named', () => {
        expect(problems({GQL_RATE_LIMIT: 'lots', GQL_RATE_BURST: '0', GQL_TRUST_PROXY: 'maybe', GQL_MAX_REQUEST_KB: '-1'})).toEqual([
            'GQL_RATE_LIMIT="lots" is not a whole number: give an integer in 0..1000000',
            'GQL_RATE_BURST=0 is out of range: give an integer in 1..1000000',
            'GQL_TRUST_PROXY="maybe" must be true (one proxy in front appends to X-Forwarded-For), false, or the number of such proxies (0-10)',
            'GQL_MAX_REQUEST_KB=-1 is out of range: give an integer in 1..1048576',
        ])
    })
})
