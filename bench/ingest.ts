/** End-to-end ingest of a served chain into PostgreSQL by a processor process, timed. */
import {Client} from 'pg'
import {BenchProcess, sleep} from './proc'

export interface IngestResult {
    blocks: number
    events: number
    /** From the first block written to the last (start-up excluded). */
    seconds: number
    /** From spawn to the last block written. */
    wallSeconds: number
    blocksPerS: number
    eventsPerS: number
    peakRssMb?: number
    /**
     * CPU time of the process from the first block written to the last, per 1,000 events: what the
     * work costs whatever else the machine runs (the rates move with it).
     */
    cpuMsPer1kEvents?: number
}

/**
 * How often the indexed height is read. The quick run's window is about 1.5 s: a 250 ms poll
 * made its rates ±17% (the query reads one index entry).
 */
const POLL_MS = 50

/**
 * Waits until `heightSql` (a query giving the highest indexed height) reaches `target`, polling
 * every POLL_MS; reports progress; samples the process's peak RSS as it goes (it may exit at the end).
 */
export async function timeIngest(opts: {
    proc: BenchProcess
    client: Client
    heightSql: string
    target: number
    /** Events served in heights (from, to]. */
    eventsIn: (from: number, to: number) => number
    label: string
    progress: (msg: string) => void
    timeoutMs: number
}): Promise<IngestResult> {
    const {proc, client, target} = opts
    const spawnedAt = Date.now()
    let first: {at: number, height: number, cpu: number | undefined} | undefined
    let peak = 0
    let lastReport = 0
    while (true) {
        const rss = proc.peakRssMb()
        if (rss != null) peak = Math.max(peak, rss)
        const {rows} = await client.query(opts.heightSql)
        const height = rows[0]?.h == null ? -1 : Number(rows[0].h)
        const now = Date.now()
        if (height >= 0 && first == null) first = {at: now, height, cpu: proc.cpuSeconds()}
        if (height >= target) {
            const seconds = (now - first!.at) / 1000
            const blocks = target - first!.height
            const cpu = proc.cpuSeconds()
            const events = opts.eventsIn(first!.height, target)
            return {
                blocks: target + 1,
                events: opts.eventsIn(-1, target),
                seconds,
                wallSeconds: (now - spawnedAt) / 1000,
                blocksPerS: blocks / seconds,
                eventsPerS: events / seconds,
                peakRssMb: peak || undefined,
                cpuMsPer1kEvents: cpu != null && first!.cpu != null && events > 0 ? 1e6 * (cpu - first!.cpu) / events : undefined,
            }
        }
        if (!proc.isRunning && height < target) {
            throw new Error(`${proc.name} exited at #${height} of ${target} (code ${proc.exitCode}):\n${proc.tail()}`)
        }
        if (now - spawnedAt > opts.timeoutMs) throw new Error(`${opts.label}: not done after ${opts.timeoutMs / 1000} s (at #${height} of ${target}):\n${proc.tail()}`)
        if (now - lastReport > 5000) {
            lastReport = now
            const rate = first && now > first.at ? ((height - first.height) / ((now - first.at) / 1000)).toFixed(0) : '-'
            opts.progress(`${opts.label}: #${Math.max(height, 0)} of ${target} (${(100 * Math.max(height, 0) / target).toFixed(0)}%, ${rate} blocks/s, RSS peak ${peak} MiB)`)
        }
        await sleep(POLL_MS)
    }
}
