import {Store} from '@subsquid/typeorm-store'
import type {EntityManager, EntityTarget, ObjectLiteral} from 'typeorm'
import type {ColumnMetadata} from 'typeorm/metadata/ColumnMetadata'
import {arrayLiteral, CopyWriter, storableJson, storableText} from './copy'
import {checkPipelineClient, pipelined, PipelineClient, Statement} from './pipeline'

/** Rows per statement: per COPY, or per `INSERT … unnest` (each column one array parameter). */
const CHUNK = 5000
/** The largest buffer a COPY chunk starts with (it grows beyond when its rows need it). */
const COPY_BUFFER_MAX = 16 << 20
/** Upserts go in typeorm-store's own batches (1,000 rows), so that the columns each overwrites are chosen over the same rows. */
const UPSERT_CHUNK = 1000

interface Plan {
    table: string
    sql: string
    /** Inserts: the COPY statement, each column's text form, and the bytes a row took last time (to size the buffer). */
    copy?: {statement: string, encode: Encoder[], rowBytes: number}
    /** Upserts: the statement per set of columns to overwrite (key: their indexes). */
    upserts?: Map<string, string>
    columns: ColumnMetadata[]
    /** Each column's value in a row, as `getEntityValue(row, true)` gives it (`readerFor`). */
    read: ((row: any) => unknown)[]
    /**
     * Columns sent as JSON text: lists (text[]..., which an array parameter would read as a second
     * dimension; turned back into an array in SQL) and JSON columns (whose values may be strings or lists).
     */
    asJson: boolean[]
}

const plans = new WeakMap<Function, Plan>()
const upsertPlans = new WeakMap<Function, Plan>()

/**
 * Appends new rows of one entity class with `COPY … FROM STDIN` (text format), one per 5,000 rows,
 * on the store's own connection and transaction, instead of typeorm's query builder (a parameter
 * and a placeholder per value, built per row).
 * Hot blocks stay exact: the insert is recorded in the store's change log first, as the store's
 * own `insert` does, so a fork rolls these rows back like any other.
 *
 * For rows that are only ever inserted (events, extrinsics, movements, calls...). Reaches into the
 * store's transaction (`em`) and change log (`changes`); `checkBulkInsert` verifies at start that
 * this @subsquid/typeorm-store still has them.
 */
export async function insertMany<E extends {id: string}>(store: Store, entities: E[]): Promise<void> {
    if (entities.length == 0) return
    const inner = store as unknown as StoreInternals
    const type = entities[0].constructor
    const tracked = inner.changes?.trackInsert(type, entities)
    if (tracked) await alongside(inner.em(), tracked)
    await write(inner.em(), planFor(inner.em(), type, false), entities)
}

/**
 * Waits for a change-log write (`tracked`) of the store's own tracker, except inside `writeBehind`:
 * there the rows it records go out without waiting for it (both are in the transaction, which
 * commits only once every answer is in), and its outcome joins the batch's answers. A hot block
 * then pays no round trip per inserted table for its change log.
 */
function alongside(em: EntityManager, tracked: Promise<void>): Promise<void> {
    const sent = sentBehind.get(em)
    if (!sent) return tracked
    sent.answers.push(tracked.catch((error) => { sent.failed ??= {error} }))
    return Promise.resolve()
}

/**
 * Rows of one entity class by id, in the store's transaction: `WHERE id = ANY($1)`, the ids one
 * array parameter. typeorm's `findBy({id: In(ids)})` builds a placeholder and a parameter per id,
 * which for the thousands of ids a batch reads (bucket rows, marks, accounts) cost more than the
 * query, and capped a read at 65,535 ids. Same rows, no relations loaded (as `findBy`).
 */
export async function findByIds<E extends ObjectLiteral>(store: Store, type: EntityTarget<E>, ids: readonly string[]): Promise<E[]> {
    if (ids.length == 0) return []
    const em = (store as unknown as StoreInternals).em()
    return em.createQueryBuilder(type, 'e').where('e.id = ANY(:ids)', {ids}).getMany()
}

/** Statements sent inside `writeBehind` and not yet answered, and the first that failed. */
interface Sent {
    answers: Promise<void>[]
    failed?: {error: unknown}
}
const sentBehind = new WeakMap<EntityManager, Sent>()

/**
 * Runs `save` with `insertMany`, `upsertMany` and `untrackedQuery` sending their statements without
 * waiting for each answer: they go out pipelined (src/db/pipeline.ts), and while PostgreSQL runs
 * one, the next is built. Their order is kept (one connection, statements in the order given), so
 * every later statement and read of the transaction, the commit included, comes after them.
 * Returns once every statement has been answered; throws the first that failed (those after it
 * only say the transaction was aborted).
 */
export async function writeBehind(store: Store, save: () => Promise<void>): Promise<void> {
    const em = (store as unknown as StoreInternals).em()
    const sent: Sent = {answers: []}
    sentBehind.set(em, sent)
    let failure: {error: unknown} | undefined
    try {
        await save()
    } catch (error) {
        failure = {error}
    } finally {
        sentBehind.delete(em)
    }
    if (!failure) allSent.get(store)?.()
    await Promise.all(sent.answers)
    if (sent.failed) throw sent.failed.error
    if (failure) throw failure.error
}

const allSent = new WeakMap<Store, () => void>()

/** `then` is called when a `writeBehind` on this store has sent its last statement (src/db/pipelined.ts). */
export function onAllSent(store: Store, then: () => void): void {
    allSent.set(store, then)
}

/**
 * Sends a statement on the store's connection, pipelined behind the ones before it (src/db/pipeline.ts;
 * on PGlite through pg's queue, one at a time). Inside `writeBehind` returns at once; otherwise
 * once the statement is answered.
 */
function send(em: EntityManager, statement: Statement): Promise<void> {
    const client = connectionOf(em)
    // Without COPY (PGlite) `write` builds none, only `INSERT … unnest`.
    const answer = copyWrites ? pipelined(client, statement)
        : 'copy' in statement ? Promise.reject(new Error('a COPY was built for a server that takes none'))
        : client.query(statement.sql, statement.params as unknown[]).then(() => {})
    const sent = sentBehind.get(em)
    if (!sent) return answer
    sent.answers.push(answer.catch((error) => { sent.failed ??= {error} }))
    return Promise.resolve()
}

/**
 * Inserts or replaces rows of one entity class by id: one
 * `INSERT … SELECT … FROM unnest(…) ON CONFLICT (id) DO UPDATE` per 1,000 rows. As the store's own
 * `upsert`, the rows' previous versions go to the change log first (hot blocks roll back to them).
 * The list must not hold one id twice (PostgreSQL refuses to update a row twice in one statement).
 * As typeorm-store's `upsert` does, rows are grouped by which relations they hold (a row loaded
 * without its relations keeps the stored ones; unlike the store, rows need not be consecutive to
 * share a statement), and within a group of up to 1,000 rows a column left `undefined` in every
 * row keeps its stored value.
 */
export async function upsertMany<E extends {id: string}>(store: Store, entities: E[]): Promise<void> {
    if (entities.length == 0) return
    const inner = store as unknown as StoreInternals
    const type = entities[0].constructor
    await inner.changes?.trackUpsert(type, entities)
    const plan = planFor(inner.em(), type, true)
    const relations = plan.columns.filter((c) => c.relationMetadata)
    if (relations.length == 0) return write(inner.em(), plan, entities, UPSERT_CHUNK)
    // Grouped whatever their order (ids are distinct, so no row is written twice): loaded and new
    // rows often alternate, and a group per run of them was a statement per few rows.
    const groups = new Map<string, E[]>()
    for (const e of entities) {
        let signature = ''
        for (const c of relations) signature += c.getEntityValue(e) === undefined ? '0' : '1'
        const group = groups.get(signature)
        if (group) group.push(e)
        else groups.set(signature, [e])
    }
    for (const group of groups.values()) await write(inner.em(), plan, group, UPSERT_CHUNK)
}

/**
 * False on a server that cannot take COPY FROM STDIN (PGlite's wire protocol): inserts go by
 * `INSERT … unnest` then, and statements one at a time through pg's queue (no pipelining).
 */
let copyWrites = true

/**
 * Chooses how `insertMany` writes, by the server (asked in the first batch's transaction): COPY,
 * except on PGlite (the embedded PostgreSQL of `pop-squid dev`), whose socket server never answers
 * a COPY. Says so when it falls back.
 */
export async function chooseBulkWrites(store: Store, log: (line: string) => void = (line) => console.error(line)): Promise<void> {
    const [{version}] = await (store as unknown as StoreInternals).em().query('SELECT version() AS version')
    copyWrites = !/PGlite/i.test(version)
    if (!copyWrites) log('pop-squid: the database is PGlite (embedded), which takes no COPY: new rows are written with INSERT')
}

async function write(em: EntityManager, plan: Plan, entities: {id: string}[], size = CHUNK): Promise<void> {
    if (plan.copy && copyWrites) return copyRows(em, plan, plan.copy, entities)
    for (let i = 0; i < entities.length; i += size) {
        const chunk = entities.slice(i, i + size)
        // Upserts only: which columns some row defines, as the row holds them (a null the transformer
        // turns into undefined is still a null to write).
        const defined = plan.columns.map((c) => plan.upserts != null && chunk.some((e) => c.getEntityValue(e) !== undefined))
        let nuls = 0
        let first: string | undefined
        const storable = (text: string, json: boolean, id: string) => {
            const out = json ? storableJson(text) : storableText(text)
            if (out !== text) {
                nuls++
                first ??= id
            }
            return out
        }
        const params = plan.columns.map((c, k) => chunk.map((e) => {
            const v = plan.read[k](e)
            if (v == null) return null
            if (plan.asJson[k]) return storable(JSON.stringify(v), true, e.id)
            return typeof v == 'string' ? storable(v, false, e.id) : v
        }))
        if (nuls > 0) reportNuls(plan, nuls, first!)
        const sql = plan.upserts ? upsertSql(plan, defined) : plan.sql
        await send(em, {sql, params})
    }
}

async function copyRows(em: EntityManager, plan: Plan, copy: NonNullable<Plan['copy']>, entities: {id: string}[]): Promise<void> {
    const {columns, read} = plan
    const {encode} = copy
    for (let i = 0; i < entities.length; i += CHUNK) {
        const end = Math.min(entities.length, i + CHUNK)
        // Sized from the rows before, so that the buffer rarely grows (each growth copies it); at
        // most 16 MiB up front, as one huge row (a runtime upgrade's code) says little of the next.
        const out = new CopyWriter(Math.min(COPY_BUFFER_MAX, Math.max(1 << 12, Math.ceil(1.2 * copy.rowBytes * (end - i)))))
        let first: string | undefined
        for (let r = i; r < end; r++) {
            const e = entities[r]
            const nuls = out.nuls
            for (let k = 0; k < columns.length; k++) {
                if (k > 0) out.tab()
                const v = read[k](e)
                if (v == null) out.nul()
                else encode[k](out, v)
            }
            out.newline()
            if (out.nuls != nuls) first ??= e.id
        }
        if (out.nuls > 0) reportNuls(plan, out.nuls, first!)
        const rows = out.take()
        copy.rowBytes = rows.length / (end - i)
        await send(em, {copy: copy.statement, rows})
    }
}

/** The pg client under the store's transaction (a typeorm EntityManager bound to its query runner); `checkBulkInsert` verifies it at start. */
function connectionOf(em: EntityManager): PgClient {
    return (em.queryRunner as unknown as {databaseConnection?: PgClient} | undefined)?.databaseConnection!
}

/** What bulk writes use of a pg client: `query` with a statement and its parameters, or with a submittable (a COPY, a pipeline). */
interface PgClient extends PipelineClient {
    query(statement: string, params: unknown[]): Promise<unknown>
    query(submittable: unknown): unknown
}

/** Says that values of a write held NUL characters, stored as U+FFFD (`storableText`): the data changed, so not silently. */
function reportNuls(plan: Plan, values: number, firstId: string): void {
    console.log(`pop-squid: ${values} value${values == 1 ? '' : 's'} written to ${plan.table} held a NUL character, which PostgreSQL stores in no text: written as U+FFFD (the first in row ${JSON.stringify(firstId)})`)
}

/** Writes a non-null value in COPY's text format. */
type Encoder = (out: CopyWriter, v: unknown) => void

/** The last timestamp written and its text: the rows of a block share their block's. */
let lastTime = NaN
let lastIso = ''

/** A non-null value in COPY's text format, by the column's kind. */
function encoderFor(type: string, list: boolean, json: boolean): Encoder {
    if (list) return (out, v) => out.text(arrayLiteral(v as unknown[]))
    if (json) {
        return (out, v) => {
            const json = JSON.stringify(v)
            const storable = storableJson(json)
            if (storable !== json) out.nuls++
            out.text(storable)
        }
    }
    if (type == 'boolean') return (out, v) => out.text(v ? 't' : 'f')
    if (type.startsWith('timestamp') || type == 'date') {
        return (out, v) => {
            if (!(v instanceof Date)) return out.text(String(v))
            const time = v.getTime()
            if (time !== lastTime) {
                lastIso = v.toISOString()
                lastTime = time
            }
            out.text(lastIso)
        }
    }
    if (type == 'bytea') return (out, v) => out.hex(v instanceof Uint8Array ? v : Buffer.from(v as Uint8Array))
    return (out, v) => {
        if (typeof v == 'string') out.text(v)
        else if (typeof v == 'number' && Number.isSafeInteger(v) && v >= 0) out.uint(v)
        else out.text(String(v))
    }
}

/**
 * SQL inside the store's transaction that the change log does not record: only for writes whose
 * undoing needs no log (the receipt link is cleared by its foreign key when a receipt is removed).
 */
export async function untrackedQuery(store: Store, sql: string, params: unknown[]): Promise<void> {
    await send((store as unknown as StoreInternals).em(), {sql, params})
}

interface StoreInternals {
    em(): EntityManager
    changes?: {
        trackInsert(type: Function, entities: {id: string}[]): Promise<void>
        trackUpsert(type: Function, entities: {id: string}[]): Promise<void>
    }
}

/** Throws when the store no longer has what `insertMany` relies on (a dependency upgrade changed it). */
export function checkBulkInsert(store: Store): void {
    const inner = store as unknown as Partial<StoreInternals> & {changes?: unknown}
    if (typeof inner.em != 'function' || !('changes' in inner)) {
        throw new Error('@subsquid/typeorm-store no longer exposes its transaction (em) and change log (changes): update src/db/bulk.ts for this version')
    }
    const client = connectionOf(inner.em())
    if (typeof client?.query != 'function') {
        throw new Error('the store\'s transaction no longer exposes its pg client (queryRunner.databaseConnection), which COPY writes through: update src/db/bulk.ts for this version')
    }
    checkPipelineClient(client)
}

function planFor(em: EntityManager, type: Function, upsert: boolean): Plan {
    const cache = upsert ? upsertPlans : plans
    let plan = cache.get(type)
    if (plan) return plan
    const meta = em.connection.getMetadata(type)
    const driver = em.connection.driver
    const columns = meta.columns.filter((c) => c.isInsert && !c.isVirtualProperty && !c.isGenerated)
    const lists = columns.map((c) => c.isArray)
    const names = columns.map((c) => `"${c.databaseName}"`)
    const types = columns.map((c) => driver.normalizeType(c))
    const asJson = columns.map((c, k) => lists[k] || types[k] == 'jsonb' || types[k] == 'json')
    const args = columns.map((c, k) => lists[k] ? '$' + (k + 1) + '::text[]' : `$${k + 1}::${types[k]}[]`)
    const select = columns.map((c, k) => lists[k]
        ? `CASE WHEN u.c${k} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.c${k}::jsonb))::${types[k]}[] END`
        : `u.c${k}`)
    const sql = `INSERT INTO "${meta.tableName}" (${names.join(', ')}) SELECT ${select.join(', ')} FROM unnest(${args.join(', ')}) AS u(${columns.map((_, k) => `c${k}`).join(', ')})`
    const copy = upsert ? undefined : {
        statement: `COPY "${meta.tableName}" (${names.join(', ')}) FROM STDIN`,
        encode: columns.map((c, k) => encoderFor(types[k], lists[k], asJson[k] && !lists[k])),
        rowBytes: 64,
    }
    plan = {table: meta.tableName, sql, columns, read: columns.map(readerFor), asJson, copy, upserts: upsert ? new Map() : undefined}
    cache.set(type, plan)
    return plan
}

/**
 * A column's value in a row, as typeorm's `getEntityValue(row, true)` gives it, read straight from
 * the property for the model's kinds of column (plain, transformed, a relation to its target's id):
 * that general function was the writes' largest cost after the COPY text. Any other kind
 * (embedded, lazy, chained references) keeps the general function.
 */
export function readerFor(c: ColumnMetadata): (row: any) => unknown {
    const general = (row: any) => c.getEntityValue(row, true)
    const t = c.transformer
    if (c.embeddedMetadata || Array.isArray(t)) return general
    const prop = c.propertyName
    let read: (row: any) => unknown = (row) => row[prop]
    if (c.referencedColumn) {
        const rel = c.relationMetadata
        const ref = c.referencedColumn
        if (!rel || rel.isLazy || rel.embeddedMetadata || rel.propertyName != prop ||
            ref.embeddedMetadata || ref.relationMetadata || ref.referencedColumn || ref.transformer) return general
        const key = ref.propertyName
        read = (row) => {
            const target = row[prop]
            return target != null && typeof target == 'object' && !Buffer.isBuffer(target) ? target[key] : target
        }
    }
    return t ? (row) => t.to(read(row)) : read
}

/** The upsert statement overwriting the columns some row of the chunk defines (as typeorm's upsert chooses them). */
function upsertSql(plan: Plan, defined: boolean[]): string {
    const key = defined.map((d) => d ? '1' : '0').join('')
    let sql = plan.upserts!.get(key)
    if (!sql) {
        const updates = plan.columns.filter((c, k) => defined[k] && !c.isPrimary).map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`)
        sql = plan.sql + (updates.length ? ` ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}` : ` ON CONFLICT ("id") DO NOTHING`)
        plan.upserts!.set(key, sql)
    }
    return sql
}
