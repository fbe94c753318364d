/**
 * The limit: the rows the processor wrote, written again straight into PostgreSQL (a fresh,
 * migrated database: same tables, same indexes and constraints) with multi-row INSERT and
 * with COPY FROM STDIN, without the processor. Only the writes are timed, not the reads.
 */
import {Client} from 'pg'
import {copyText as copyValue} from '../src/db/copy'
import {pipelined, PipelineClient} from '../src/db/pipeline'

export interface RawWriteResult {
    tables: number
    rows: number
    insertSeconds: number
    copySeconds: number
    insertRowsPerS: number
    copyRowsPerS: number
    /** Rows of each table. */
    perTable: Record<string, number>
}

const READ_CHUNK = 10_000
const INSERT_ROWS = 1000

/** Reads every value as PostgreSQL's text form (what COPY and untyped parameters take). */
const TEXT = {getTypeParser: () => (v: string) => v} as any

/** Tables of the public schema with rows, parents before children (foreign keys). */
async function tablesInOrder(client: Client): Promise<string[]> {
    const {rows: tables} = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`)
    const {rows: fks} = await client.query(`
        SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`)
    const names = tables.map((t) => t.tablename as string)
    const unquote = (s: string) => s.replace(/^"|"$/g, '')
    const parents = new Map(names.map((n) => [n, new Set<string>()]))
    for (const fk of fks) parents.get(unquote(fk.child))?.add(unquote(fk.parent))
    const out: string[] = []
    const visit = (n: string, path: Set<string>) => {
        if (out.includes(n) || path.has(n)) return
        path.add(n)
        for (const p of parents.get(n) ?? []) visit(p, path)
        path.delete(n)
        out.push(n)
    }
    for (const n of names) visit(n, new Set())
    return out
}

export async function rawWrites(source: Client, insertTarget: Client, copyTarget: Client, progress: (msg: string) => void): Promise<RawWriteResult> {
    const result: RawWriteResult = {tables: 0, rows: 0, insertSeconds: 0, copySeconds: 0, insertRowsPerS: 0, copyRowsPerS: 0, perTable: {}}
    for (const table of await tablesInOrder(source)) {
        let last: string | null = null
        let count = 0
        while (true) {
            const res: any = await source.query({
                text: `SELECT * FROM "${table}" ${last == null ? '' : 'WHERE id > $1'} ORDER BY id LIMIT ${READ_CHUNK}`,
                values: last == null ? [] : [last],
                rowMode: 'array',
                types: TEXT,
            })
            const rows: (string | null)[][] = res.rows
            if (rows.length == 0) break
            const columns: string[] = res.fields.map((f: any) => `"${f.name}"`)
            const idIndex = res.fields.findIndex((f: any) => f.name == 'id')
            if (idIndex < 0) throw new Error(`table ${table} has no id column`)
            last = rows[rows.length - 1][idIndex]

            // Multi-row INSERT, as many rows per statement as fit (at most INSERT_ROWS).
            const perStatement = Math.max(1, Math.min(INSERT_ROWS, Math.floor(65_000 / columns.length)))
            const statements: {text: string, values: (string | null)[]}[] = []
            for (let i = 0; i < rows.length; i += perStatement) {
                const slice = rows.slice(i, i + perStatement)
                const values: (string | null)[] = []
                const tuples = slice.map((row) => '(' + row.map((v) => { values.push(v); return '$' + values.length }).join(',') + ')')
                statements.push({text: `INSERT INTO "${table}" (${columns.join(',')}) VALUES ${tuples.join(',')}`, values})
            }
            let t = process.hrtime.bigint()
            for (const s of statements) await insertTarget.query(s)
            result.insertSeconds += Number(process.hrtime.bigint() - t) / 1e9

            const data = Buffer.from(rows.map((row) => row.map(copyValue).join('\t') + '\n').join(''))
            t = process.hrtime.bigint()
            await pipelined(copyTarget as unknown as PipelineClient, {copy: `COPY "${table}" (${columns.join(',')}) FROM STDIN`, rows: data})
            result.copySeconds += Number(process.hrtime.bigint() - t) / 1e9

            count += rows.length
            if (rows.length < READ_CHUNK) break
        }
        if (count > 0) {
            result.perTable[table] = count
            result.tables++
            result.rows += count
            progress(`raw writes: ${table}: ${count} rows (INSERT ${result.insertSeconds.toFixed(1)} s, COPY ${result.copySeconds.toFixed(1)} s so far)`)
        }
    }
    result.insertRowsPerS = result.rows / result.insertSeconds
    result.copyRowsPerS = result.rows / result.copySeconds
    return result
}
