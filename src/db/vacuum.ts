import {Client} from 'pg'
import type {Config} from '../config/env'
import {redactUrls} from '../config/redact'

/**
 * After a long catch-up the tables' planner statistics still describe them nearly empty and no page
 * is marked all-visible: the API's plans are poor and its counts read the tables themselves until
 * autovacuum passes (or never, where it is off). So, once the processor has indexed at least
 * `config.vacuumAfterCatchUp` blocks since it started and reaches the head, it runs
 * `VACUUM (ANALYZE)` once, on its own connection beside the batches (which it does not block).
 * A failure is logged and changes nothing else.
 */
export function vacuumAfterCatchUp(config: Config, log: (line: string) => void = (line) => console.error(line)): {onBatch(blocks: number, isHead: boolean): Promise<void> | undefined} {
    let indexed = 0
    let done = config.vacuumAfterCatchUp == 0
    return {
        onBatch(blocks, isHead) {
            if (done) return undefined
            indexed += blocks
            if (!isHead || indexed < config.vacuumAfterCatchUp) return undefined
            done = true
            return run(config, indexed, log)
        },
    }
}

async function run(config: Config, indexed: number, log: (line: string) => void): Promise<void> {
    const started = Date.now()
    log(`pop-squid: caught up after ${indexed} blocks; running VACUUM (ANALYZE) in the background so the API plans with fresh statistics (VACUUM_AFTER_CATCH_UP=0 turns this off)`)
    const client = new Client(config.db)
    client.on('error', () => {})
    try {
        await client.connect()
        await client.query('VACUUM (ANALYZE)')
        log(`pop-squid: VACUUM (ANALYZE) done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    } catch (err) {
        log(redactUrls(`pop-squid: VACUUM (ANALYZE) after the catch-up failed (${(err as Error).message}); indexing goes on, autovacuum will catch up`))
    } finally {
        await client.end().catch(() => {})
    }
}
