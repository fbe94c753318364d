import type {IncomingMessage} from 'node:http'
import net from 'node:net'

export interface RateLimitSettings {
    /** Requests per second each client may make on average; 0 turns the limit off. */
    ratePerSecond: number
    /** Requests a client may make at once after being idle (the bucket's size). */
    burst: number
}

export type Admission = {allowed: true} | {allowed: false, retryAfterSeconds: number}

interface Bucket {
    tokens: number
    updatedMs: number
}

/**
 * A token bucket per client: each holds up to `burst` tokens, refills at `ratePerSecond`, and a
 * request takes one. Full buckets are forgotten (a new client starts full), so memory follows
 * the clients active in the last `burst / rate` seconds, and never more than `maxClients` buckets
 * are kept (past that, the longest-known clients start over with a full bucket: memory stays
 * bounded, and no client is refused for lack of room).
 */
export class RateLimiter {
    private buckets = new Map<string, Bucket>()

    constructor(readonly settings: RateLimitSettings, private now: () => number = () => performance.now(), private maxClients = 200_000) {
        if (!(settings.ratePerSecond > 0) || !(settings.burst >= 1)) throw new Error('a rate limiter needs ratePerSecond > 0 and burst >= 1')
    }

    /**
     * Takes `cost` tokens (at most a full bucket: a query dearer than the burst still runs, alone,
     * once the bucket is full). Refused while the bucket holds less than that.
     */
    take(client: string, cost = 1): Admission {
        const {ratePerSecond, burst} = this.settings
        const need = Math.min(Math.max(cost, 1), burst)
        const bucket = this.refilled(client)
        if (bucket.tokens >= need) {
            bucket.tokens -= need
            return {allowed: true}
        }
        return {allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((need - bucket.tokens) / ratePerSecond))}
    }

    /**
     * Charges what a request turned out to cost after it ran (its time on the server): the bucket
     * may go into debt, down to one burst below empty, and the client waits it out.
     */
    charge(client: string, cost: number): void {
        if (!(cost > 0)) return
        const bucket = this.refilled(client)
        bucket.tokens = Math.max(-this.settings.burst, bucket.tokens - cost)
    }

    private refilled(client: string): Bucket {
        const {ratePerSecond, burst} = this.settings
        const now = this.now()
        let bucket = this.buckets.get(client)
        if (!bucket) {
            if (this.buckets.size >= this.maxClients) this.makeRoom()
            bucket = {tokens: burst, updatedMs: now}
            this.buckets.set(client, bucket)
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedMs) / 1000 * ratePerSecond)
        bucket.updatedMs = now
        return bucket
    }

    /** Drops the buckets that have refilled: they are the same as no bucket. */
    sweep(): void {
        const {ratePerSecond, burst} = this.settings
        const now = this.now()
        for (const [client, b] of this.buckets) {
            if (b.tokens + (now - b.updatedMs) / 1000 * ratePerSecond >= burst) this.buckets.delete(client)
        }
    }

    private makeRoom(): void {
        this.sweep()
        const excess = this.buckets.size - Math.floor(this.maxClients * 0.9)
        if (excess <= 0) return
        let n = 0
        for (const client of this.buckets.keys()) {
            if (n++ >= excess) break
            this.buckets.delete(client)
        }
    }

    get size(): number {
        return this.buckets.size
    }
}

/**
 * The client a request counts against. Without trusted proxies, the peer's address. With
 * `trustedProxies` = n, the n-th address from the right of X-Forwarded-For (each trusted proxy
 * appends the peer it saw, so entries further left are whatever the client sent and are never
 * believed). IPv6 clients count per /64, the block one subscriber usually gets.
 */
export function clientKey(req: IncomingMessage, trustedProxies: number): string {
    let address = req.socket.remoteAddress ?? 'unknown'
    if (trustedProxies > 0) {
        const header = req.headers['x-forwarded-for']
        const chain = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean)
        if (chain.length > 0) {
            const candidate = stripPort(chain[Math.max(0, chain.length - trustedProxies)])
            if (net.isIP(candidate)) address = candidate
        }
    }
    return normalizeAddress(address)
}

function stripPort(value: string): string {
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
    if (bracketed) return bracketed[1]
    const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(value)
    return v4WithPort ? v4WithPort[1] : value
}

export function normalizeAddress(address: string): string {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return mapped[1]
    if (net.isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
    return address
}

function expandIPv6(address: string): string[] {
    const [head, tail] = address.split('%')[0].split('::')
    const left = head ? head.split(':') : []
    const right = tail != null ? (tail ? tail.split(':') : []) : []
    const missing = 8 - left.length - right.length
    const groups = tail != null ? [...left, ...Array(Math.max(0, missing)).fill('0'), ...right] : left
    return groups.map((g) => (parseInt(g, 16) || 0).toString(16))
}
