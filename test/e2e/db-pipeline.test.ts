/**
 * The write pipeline (src/db/pipeline.ts) on a real PostgreSQL: statements go out without waiting
 * for each other's answers, run in the order given (a query queued in between included), each
 * gets its own outcome, a refused COPY or statement leaves the connection in step, and a lost
 * connection fails every statement instead of leaving one waiting.
 */
import {Client} from 'pg'
import {checkPipelineClient, pipelined, PipelineClient} from '../../src/db/pipeline'
import {TestDatabase} from '../harness/db'

let db: TestDatabase
let client: Client & PipelineClient

beforeAll(async () => {
    db = await TestDatabase.create('pipeline')
    await db.query('CREATE TABLE pl (n int PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), note text)')
    await db.query('CREATE SEQUENCE pl_order')
    await db.query(`CREATE TABLE ord (seq bigint NOT NULL DEFAULT nextval('pl_order'), note text)`)
}, 60_000)

beforeEach(async () => {
    client = new Client({host: db.env.DB_HOST, port: Number(db.env.DB_PORT), user: db.env.DB_USER, password: db.env.DB_PASS, database: db.env.DB_NAME}) as Client & PipelineClient
    await client.connect()
    checkPipelineClient(client)
    await db.query('TRUNCATE pl, ord')
})

afterEach(async () => {
    await client.end().catch(() => {})
})

afterAll(async () => {
    await db?.drop()
})

const copyRows = (...ns: number[]) => ({copy: 'COPY pl (n, note) FROM STDIN', rows: Buffer.from(ns.map((n) => `${n}\tcopied ${n}\n`).join(''))})
const insert = (n: number) => ({sql: 'INSERT INTO pl (n, note) VALUES ($1, $2)', params: [n, `inserted ${n}`]})

/** Holds Node's event loop for `ms` (as a batch's decoding does). */
function busy(ms: number): number {
    const end = Date.now() + ms
    while (Date.now() < end) { /* the event loop turns no more than this */ }
    return Date.now()
}

test('every statement is sent at once: PostgreSQL runs them all while the event loop is held', async () => {
    const answers: Promise<void>[] = []
    for (let i = 0; i < 20; i++) answers.push(pipelined(client, i % 2 ? copyRows(i) : insert(i)))
    const released = busy(1500)
    await Promise.all(answers)
    const rows = await db.query('SELECT n, at FROM pl ORDER BY n')
    expect(rows.map((r) => r.n)).toEqual([...Array(20).keys()])
    // Through pg's own queue, each statement would have waited for the event loop: all run after `released`.
    for (const r of rows) expect(new Date(r.at).getTime()).toBeLessThan(released)
})

test('statements and a query queued between them run in the order given', async () => {
    const order = (label: string) => ({sql: 'INSERT INTO ord (note) VALUES ($1)', params: [label]})
    const a = pipelined(client, order('a'))
    const b = client.query(`INSERT INTO ord (note) VALUES ('b')`)
    const c = pipelined(client, order('c'))
    const d = pipelined(client, {copy: 'COPY ord (note) FROM STDIN', rows: Buffer.from('d\n')})
    const e = client.query(`INSERT INTO ord (note) VALUES ('e')`)
    const f = pipelined(client, order('f'))
    await Promise.all([a, b, c, d, e, f])
    const rows = await db.query('SELECT note FROM ord ORDER BY seq')
    expect(rows.map((r) => r.note)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
})

test('a refused COPY fails alone outside a transaction: its rows are dropped, the statements around it run, the connection stays in step', async () => {
    const results = await Promise.allSettled([
        pipelined(client, insert(1)),
        pipelined(client, {copy: 'COPY pl (n, note) FROM STDIN', rows: Buffer.from('2\tfine\nnot a number\tbad\n3\tnever\n')}),
        pipelined(client, {copy: 'COPY no_such_table (n) FROM STDIN', rows: Buffer.from('4\n5\n')}),
        pipelined(client, {sql: 'SELECT 1 / (n - n) FROM pl', params: []}),
        pipelined(client, copyRows(6, 7)),
        pipelined(client, insert(8)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/invalid input syntax for type integer/)
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/relation "no_such_table" does not exist/)
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/division by zero/)
    expect((await db.query('SELECT n FROM pl ORDER BY n')).map((r) => r.n)).toEqual([1, 6, 7, 8])
    // pg's own queries on the same client go on as before.
    expect((await client.query('SELECT count(*)::int AS c FROM pl')).rows[0].c).toBe(4)
})

test('in a transaction, the first refusal is its own error, the rest say the transaction is aborted, and nothing is written', async () => {
    await client.query('BEGIN')
    const results = await Promise.allSettled([insert(1), copyRows(1), insert(2), copyRows(3)].map((s) => pipelined(client, s)))
    await client.query('ROLLBACK')
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/)
    for (const r of results.slice(2)) expect(String((r as PromiseRejectedResult).reason)).toMatch(/current transaction is aborted/)
    expect(await db.query('SELECT n FROM pl')).toEqual([])
})

test('a value pg cannot send fails its statement before anything is written', async () => {
    const bad = {toPostgres: () => { throw new Error('cannot be sent') }}
    const results = await Promise.allSettled([pipelined(client, insert(1)), pipelined(client, {sql: 'INSERT INTO pl (n) VALUES ($1)', params: [bad]}), pipelined(client, insert(2))])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await db.query('SELECT n FROM pl ORDER BY n')).map((r) => r.n)).toEqual([1, 2])
})

test('a lost connection fails every statement still waiting, and those given after it', async () => {
    const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
    client.on('error', () => {})
    const waiting = [pipelined(client, {sql: 'SELECT pg_sleep(5)', params: []}), pipelined(client, insert(1)), pipelined(client, copyRows(2))]
    await new Promise((r) => setTimeout(r, 200))
    await db.query('SELECT pg_terminate_backend($1)', [pid])
    const results = await Promise.allSettled(waiting)
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/terminat|Connection/i)
    await expect(pipelined(client, insert(3))).rejects.toThrow(/not queryable|closed/i)
    expect(await db.query('SELECT n FROM pl')).toEqual([])
}, 20_000)

test('with pg\'s query_timeout: a pipeline answered in time clears its timer; one that times out fails every statement and closes the connection, out of step with nothing', async () => {
    const timed = new Client({host: db.env.DB_HOST, port: Number(db.env.DB_PORT), user: db.env.DB_USER, password: db.env.DB_PASS, database: db.env.DB_NAME, query_timeout: 400}) as Client & PipelineClient
    await timed.connect()
    timed.on('error', () => {})
    try {
        await pipelined(timed, insert(1))
        // The timer would fire (and throw inside pg) after 400 ms if it had not been cleared.
        await new Promise((r) => setTimeout(r, 700))
        expect((await timed.query('SELECT 1 AS one')).rows).toEqual([{one: 1}])
        const results = await Promise.allSettled([pipelined(timed, {sql: 'SELECT pg_sleep(1)', params: []}), pipelined(timed, insert(2))])
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
        // Closed rather than handing the late answers to the next query.
        await expect(timed.query('SELECT 2')).rejects.toThrow()
    } finally {
        await timed.end().catch(() => {})
    }
    expect((await db.query('SELECT n FROM pl ORDER BY n')).map((r) => r.n)).toEqual([1])
})

test('a COPY given as SQL is refused before anything is sent (through Parse/Bind the server would wait for rows)', async () => {
    await expect(pipelined(client, {sql: 'COPY pl (n) FROM STDIN', params: []})).rejects.toThrow(/as \{copy, rows\}/)
    await pipelined(client, insert(1))
    expect((await db.query('SELECT n FROM pl')).map((r) => r.n)).toEqual([1])
})

test('checkPipelineClient refuses a client without the internals the pipeline drives', () => {
    expect(() => checkPipelineClient({query() {}})).toThrow(/update src\/db\/pipeline.ts/)
})
