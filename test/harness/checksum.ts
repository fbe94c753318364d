/**
 * Table checksums: a run's data compared with another run's, table by table (row count and md5
 * of the rows in a fixed order). Covers every table of the project (schema `public`), never the
 * processor's state schemas (`squid_processor_*`: heights and hot blocks of that one run).
 */

/** Anything that runs SQL and returns rows (TestDatabase, or a wrapped pg Client). */
export interface Queryable {
    query(sql: string, params?: unknown[]): Promise<any[]>
}

/**
 * Columns that legitimately differ between two runs that indexed the same chain, so are left out:
 * - contract_abi.registered_time: the wall-clock time `pop-squid abi add` ran (an operator action,
 *   not chain data);
 * - contract_abi.redecode_*: the progress counters of that command's re-decode, which depend on
 *   how many events existed when the ABI was added (a clean run that had the ABI from the start
 *   re-decodes nothing). The decoded events themselves are compared in contract_event.
 * - asset.reconciled_at_height, asset_approval.reconciled_at_height: the block of the last
 *   comparison with the chain's storage, which runs at the end of a batch (where batches end
 *   differs between runs); the figures it read are compared (supply, amounts).
 */
export const EXCLUDED_COLUMNS: Record<string, string[]> = {
    contract_abi: ['registered_time', 'redecode_status', 'redecode_total', 'redecode_done'],
    asset: ['reconciled_at_height'],
    asset_approval: ['reconciled_at_height'],
}

/** Tables that are not indexed data: the migration log (names and the time they were applied). */
export const EXCLUDED_TABLES = ['migrations']

export interface TableChecksum {
    rows: number
    md5: string
}

async function projectColumns(db: Queryable): Promise<Map<string, string[]>> {
    const columns = await db.query(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')
         ORDER BY table_name, ordinal_position`)
    const tables = new Map<string, string[]>()
    for (const {table_name: table, column_name: column} of columns) {
        if (EXCLUDED_TABLES.includes(table)) continue
        if (EXCLUDED_COLUMNS[table]?.includes(column)) continue
        tables.set(table, [...(tables.get(table) ?? []), column])
    }
    if (tables.size == 0) throw new Error('no project tables found: are the migrations applied?')
    return tables
}

export async function tableChecksums(db: Queryable): Promise<Record<string, TableChecksum>> {
    const tables = await projectColumns(db)
    const out: Record<string, TableChecksum> = {}
    for (const [table, cols] of tables) {
        const row = cols.map((c) => `"${c}"`).join(', ')
        const [r] = await db.query(
            `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS md5
             FROM (SELECT ROW(${row})::text AS r FROM "${table}") s`)
        out[table] = {rows: r.rows, md5: r.md5}
    }
    return out
}

/** The tables whose checksums differ, with both sides: empty when the two runs hold the same data. */
export function checksumDiff(a: Record<string, TableChecksum>, b: Record<string, TableChecksum>): Record<string, {a?: TableChecksum, b?: TableChecksum}> {
    const diff: Record<string, {a?: TableChecksum, b?: TableChecksum}> = {}
    for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (a[table]?.rows !== b[table]?.rows || a[table]?.md5 !== b[table]?.md5) diff[table] = {a: a[table], b: b[table]}
    }
    return diff
}

/** For a table that differs: up to `limit` rows only one side has (as row text), to say what differs. */
export async function rowDiff(a: Queryable, b: Queryable, table: string, limit = 5): Promise<{onlyA: string[], onlyB: string[]}> {
    const cols = (await projectColumns(a)).get(table) ?? []
    const sql = `SELECT ROW(${cols.map((c) => `"${c}"`).join(', ')})::text AS r FROM "${table}"`
    const rowsA = new Set((await a.query(sql)).map((r) => r.r as string))
    const rowsB = new Set((await b.query(sql)).map((r) => r.r as string))
    return {
        onlyA: [...rowsA].filter((r) => !rowsB.has(r)).slice(0, limit),
        onlyB: [...rowsB].filter((r) => !rowsA.has(r)).slice(0, limit),
    }
}

/** A short figure for logs and docs: total rows and a digest of all tables' md5s. */
export function checksumSummary(sums: Record<string, TableChecksum>): string {
    const {createHash} = require('node:crypto') as typeof import('node:crypto')
    const tables = Object.keys(sums).sort()
    const rows = tables.reduce((n, t) => n + sums[t].rows, 0)
    const digest = createHash('md5').update(tables.map((t) => `${t}:${sums[t].rows}:${sums[t].md5}`).join('\n')).digest('hex')
    return `${tables.length} tables, ${rows} rows, digest ${digest}`
}
