import {createLogger, Logger} from '@subsquid/logger'
import {TypeormDatabase, TypeormDatabaseOptions} from '@subsquid/typeorm-store'

/**
 * The processor's database, waiting out a PostgreSQL outage (a restart, a failover, a network cut)
 * instead of exiting: a batch transaction that fails because the connection is gone is rolled
 * back by PostgreSQL, so it is run again once the database answers (as the store already does
 * after a serialization failure). Each wait and the recovery are logged.
 */
export class ResilientDatabase extends TypeormDatabase {
    private readonly log: Logger

    constructor(options: TypeormDatabaseOptions & {maxWaitMs?: number}, log?: Logger) {
        super(options)
        this.log = log ?? createLogger('pop-squid:db')
        const maxWaitMs = options.maxWaitMs ?? Infinity
        // `submit` runs every batch's transaction; it is private in the typings, hence the cast.
        const self = this as unknown as {submit(tx: unknown): Promise<unknown>}
        const submit = self.submit.bind(this)
        self.submit = (tx) => this.waiting('write a batch', () => submit(tx), maxWaitMs)
        const connect = this.connect.bind(this)
        this.connect = () => this.waiting('connect', connect, maxWaitMs)
    }

    private async waiting<T>(what: string, attempt: () => Promise<T>, maxWaitMs: number): Promise<T> {
        let since: number | undefined
        let lastLog = 0
        let pause = 500
        while (true) {
            try {
                const result = await attempt()
                if (since != null) this.log.info(`database is back after ${((Date.now() - since) / 1000).toFixed(1)} s; resuming`)
                return result
            } catch (err) {
                if (!isConnectionError(err)) throw err
                const now = Date.now()
                since ??= now
                if (now - since > maxWaitMs) throw err
                if (now - lastLog >= 5_000) {
                    lastLog = now
                    this.log.warn(`database unavailable (${describe(err)}): could not ${what}; waiting for it, retrying every ${Math.round(pause / 1000) || 1} s`)
                }
                await new Promise((r) => setTimeout(r, pause))
                pause = Math.min(pause * 2, 5_000)
            }
        }
    }
}

/** PostgreSQL or the network going away, as opposed to an error in a statement. */
export function isConnectionError(err: unknown): boolean {
    const e = err as {code?: string, message?: string, driverError?: unknown}
    if (e?.driverError && e.driverError !== err && isConnectionError(e.driverError)) return true
    const code = e?.code ?? ''
    // 08xxx connection exceptions; 57P01-57P03 admin shutdown, crash shutdown, cannot connect now.
    if (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true
    return /Connection terminated|connection (is )?closed|not queryable|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i.test(e?.message ?? '')
}

function describe(err: unknown): string {
    const e = err as {code?: string, message?: string}
    return [e?.code, e?.message?.split('\n')[0]].filter(Boolean).join(': ')
}
