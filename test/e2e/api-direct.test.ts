/**
 * The front server's own execution of entity queries (src/api/direct.ts), on a real PostgreSQL
 * with the project's migrations: what it takes and what it leaves to the GraphQL server, the
 * statements it keeps prepared on a connection (bounded, and prepared again when a migration
 * changed their result), and that its connections cannot write. That its answers are the GraphQL
 * server's own is checked on a real indexed chain in hostile-api.test.ts.
 */
import net from 'node:net'
import path from 'node:path'
import {parse, OperationDefinitionNode} from 'graphql'
import {DirectQueries} from '../../src/api/direct'
import {loadApiSettings} from '../../src/config/env'
import {PROJECT_DIR, TestDatabase} from '../harness/db'

let db: TestDatabase
let direct: DirectQueries

function open(opts: {maxPrepared?: number, randomPageCost?: string, env?: Record<string, string>, port?: number} = {}): DirectQueries {
    const settings = loadApiSettings({...db.env, ...opts.env})
    const {DB_HOST: host, DB_PORT: port, DB_NAME: database, DB_USER: user, DB_PASS: password} = db.env
    return new DirectQueries({
        settings, db: {host, port: opts.port ?? Number(port), database, user, password},
        schemaFile: path.join(PROJECT_DIR, 'schema.graphql'), poolSize: 1, ...opts,
    })
}

function ask(d: DirectQueries, query: string, variables?: Record<string, unknown>, extensions?: unknown): Promise<string | undefined> {
    const document = parse(query)
    const operation = document.definitions.find((def): def is OperationDefinitionNode => def.kind == 'OperationDefinition')!
    return d.answer({query, document, operation, variables, extensions})
}

/** A TCP relay to PostgreSQL that a test can cut (reset) or stall (stop relaying). */
async function relay(): Promise<{port: number, cut(): void, stall(): void, close(): Promise<void>}> {
    const sockets = new Set<net.Socket>()
    let stalled = false
    const server = net.createServer((inbound) => {
        const outbound = net.connect(Number(db.env.DB_PORT), db.env.DB_HOST)
        for (const [a, b] of [[inbound, outbound], [outbound, inbound]]) {
            sockets.add(a)
            a.on('data', (chunk) => { if (!stalled) b.write(chunk) })
            a.on('error', () => b.destroy())
            a.on('close', () => b.destroy())
        }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
        port: (server.address() as net.AddressInfo).port,
        cut: () => { for (const s of sockets) s.resetAndDestroy() },
        stall: () => { stalled = true },
        close: () => {
            for (const s of sockets) s.destroy()
            return new Promise((resolve) => server.close(() => resolve()))
        },
    }
}

beforeAll(async () => {
    db = await TestDatabase.create('direct')
    for (let h = 1; h <= 3; h++) {
        await db.query(`INSERT INTO block (id, chain, height, hash, parent_hash, timestamp, spec_name, spec_version, extrinsics_count, calls_count, events_count)
            VALUES ($1, 'local', $2, $3, '0x00', '2026-01-02T03:04:05.678Z', 'pop', 1, 0, 0, 0)`, [`local:${h}`, h, `0x${h}`])
    }
    direct = open()
}, 60_000)

afterAll(async () => {
    await direct?.close()
    await db?.drop()
})

test('an entity list and an entity by id are answered here, as the GraphQL server writes them', async () => {
    const before = {...direct.stats}
    expect(await ask(direct, '{ blocks(orderBy: height_DESC, limit: 2) { height hash timestamp } }'))
        .toBe('{"data":{"blocks":[{"height":3,"hash":"0x3","timestamp":"2026-01-02T03:04:05.678000Z"},{"height":2,"hash":"0x2","timestamp":"2026-01-02T03:04:05.678000Z"}]}}\n')
    expect(await ask(direct, 'query($id: String!) { blockById(id: $id) { id specVersion } }', {id: 'local:1'}))
        .toBe('{"data":{"blockById":{"id":"local:1","specVersion":1}}}\n')
    expect(direct.stats.answered - before.answered).toBe(2)
})

test('what this path does not take is left to the GraphQL server, and counted', async () => {
    const before = {...direct.stats}
    const left = [
        ['a connection', '{ blocksConnection(orderBy: id_ASC, first: 1) { totalCount } }'],
        ['two root fields', '{ a: blocks(limit: 1) { id } b: blocks(limit: 1) { id } }'],
        ['a root field with a directive', 'query($x: Boolean!) { blocks(limit: 1) @include(if: $x) { id } }', {x: true}],
        ['a field of another schema part', '{ indexerStatus { chain } }'],
        ['a mutation', 'mutation { registerContractAbi(address: "x", abi: "{}") { id } }'],
        ['a validation error', '{ blocks(limit: 1) { nope } }'],
        ['an unknown argument', '{ blocks(limit: 1, nope: 2) { id } }'],
        ['an unused variable', 'query($x: Int) { blocks(limit: 1) { id } }'],
        ['a negative limit', 'query($l: Int!) { blocks(limit: $l) { id } }', {l: -1}],
        ['only __typename', '{ blocks(limit: 1) { __typename } }'],
    ] as const
    for (const [what, query, variables] of left) {
        expect({what, answer: await ask(direct, query, variables as Record<string, unknown> | undefined)}).toEqual({what, answer: undefined})
    }
    // Persisted queries are the GraphQL server's (it checks the hash against the text).
    expect(await ask(direct, '{ blocks(limit: 1) { id } }', undefined, {persistedQuery: {version: 1, sha256Hash: 'deadbeef'}})).toBeUndefined()
    expect(direct.stats.passed - before.passed).toBe(left.length + 1)
    expect(direct.stats.answered).toBe(before.answered)
})

test('a request whose execution reports an error is left to the GraphQL server', async () => {
    const before = {...direct.stats}
    expect(await ask(direct, 'query($h: Int!) { blocks(where: {height_eq: $h}) { id } }', {h: 'tall'})).toBeUndefined()
    expect(await ask(direct, 'query($s: String!) { blocks(where: {hash_eq: $s}) { id } }', {s: 'a\u0000b'})).toBeUndefined()
    expect(direct.stats.retried - before.retried).toBe(2)
    // The connection is still good after PostgreSQL refused a value.
    expect(await ask(direct, '{ blocks(orderBy: height_ASC, limit: 1) { height } }')).toBe('{"data":{"blocks":[{"height":1}]}}\n')
})

test('a connection keeps at most maxPrepared statements; each is parsed once while it is kept', async () => {
    const small = open({maxPrepared: 3})
    try {
        for (let round = 0; round < 2; round++) {
            for (let limit = 1; limit <= 6; limit++) {
                expect(await ask(small, `{ blocks(orderBy: height_ASC, limit: ${limit}) { height } }`)).toMatch(/^\{"data"/)
            }
        }
        const rows = await small.query('SELECT name FROM pg_prepared_statements', [])
        expect(rows.length).toBeLessThanOrEqual(3)
        expect(rows.length).toBeGreaterThan(0)
        // The same text again: the statement prepared for it is reused, not prepared again.
        const preparedAt = async () => (await small.query(`SELECT prepare_time FROM pg_prepared_statements WHERE statement LIKE '%LIMIT 6'`, []))
            .map((r) => String(r[0]))
        const first = await preparedAt()
        expect(first.length).toBe(1)
        await ask(small, '{ blocks(orderBy: height_ASC, limit: 6) { height } }')
        expect(await preparedAt()).toEqual(first)
    } finally {
        await small.close()
    }
})

test('a migration that changes a column under a prepared statement: one request is retried, the next is answered here', async () => {
    const own = open()
    try {
        const query = '{ blocks(orderBy: height_ASC, limit: 1) { height specName } }'
        expect(await ask(own, query)).toBe('{"data":{"blocks":[{"height":1,"specName":"pop"}]}}\n')
        await db.query('ALTER TABLE block ALTER COLUMN spec_name TYPE varchar(64)')
        const before = {...own.stats}
        // PostgreSQL refuses the kept statement (its result's type changed): the GraphQL server answers
        // this one, and the statement is prepared again for the next.
        expect(await ask(own, query)).toBeUndefined()
        expect(own.stats.retried - before.retried).toBe(1)
        expect(own.takeProblems()).toMatchObject({count: 1, last: expect.stringMatching(/cached plan must not change result type/)})
        expect(await ask(own, query)).toBe('{"data":{"blocks":[{"height":1,"specName":"pop"}]}}\n')
    } finally {
        await own.close()
        await db.query('ALTER TABLE block ALTER COLUMN spec_name TYPE text')
    }
})

test('its connections read only, with the API planner setting', async () => {
    const own = open({randomPageCost: '1.1'})
    try {
        await expect(own.query(`INSERT INTO block (id, chain, height, hash, parent_hash, spec_name, spec_version, extrinsics_count, calls_count, events_count)
            VALUES ('x', 'local', 9, '0x9', '0x00', 'pop', 1, 0, 0, 0)`, [])).rejects.toMatchObject({code: '25006'})
        expect(await own.query('SHOW random_page_cost', [])).toEqual([['1.1']])
        expect(await db.query(`SELECT id FROM block WHERE id = 'x'`)).toEqual([])
    } finally {
        await own.close()
    }
    expect(() => open({randomPageCost: '1; DROP TABLE block'})).toThrow(/is not a number/)
})

test('a statement timeout is answered here, as the GraphQL server answers it, not run again', async () => {
    await db.query(`INSERT INTO block (id, chain, height, hash, parent_hash, spec_name, spec_version, extrinsics_count, calls_count, events_count)
        SELECT 'many:' || g, 'many', g, '0x' || g, '0x00', 'pop', 1, 0, 0, 0 FROM generate_series(1, 50000) g`)
    const own = open({env: {GQL_SQL_STATEMENT_TIMEOUT_MS: '1'}})
    try {
        const before = {...own.stats}
        expect(await ask(own, '{ blocks(where: {specName_contains: "none"}, orderBy: id_ASC, limit: 5) { id } }')).toBe(
            '{"errors":[{"message":"the query ran longer than the server allows (GQL_SQL_STATEMENT_TIMEOUT_MS): narrow it with a filter or a smaller limit",' +
            '"path":["blocks"],"extensions":{"code":"QUERY_TIMEOUT"}}],"data":null}\n')
        expect(own.stats.answered - before.answered).toBe(1)
        expect(own.stats.retried).toBe(before.retried)
    } finally {
        await own.close()
        await db.query(`DELETE FROM block WHERE chain = 'many'`)
    }
}, 60_000)

test('a connection reset under a query fails that query only; the process and the next query go on', async () => {
    const proxy = await relay()
    const own = open({port: proxy.port})
    try {
        expect(await ask(own, '{ blocks(orderBy: height_ASC, limit: 1) { height } }')).toBe('{"data":{"blocks":[{"height":1}]}}\n')
        const slow = own.query('SELECT pg_sleep(2)', [])
        await new Promise((r) => setTimeout(r, 300))
        proxy.cut()
        await expect(slow).rejects.toThrow()
        expect(await ask(own, '{ blocks(orderBy: height_ASC, limit: 1) { height } }')).toBe('{"data":{"blocks":[{"height":1}]}}\n')
        expect(own.takeProblems()).toBeUndefined()
    } finally {
        await own.close()
        await proxy.close()
    }
})

test('a connection that stops answering fails its query soon after the statement timeout, and is closed', async () => {
    const proxy = await relay()
    const own = open({port: proxy.port, env: {GQL_SQL_STATEMENT_TIMEOUT_MS: '200'}})
    try {
        expect(await ask(own, '{ blocks(orderBy: height_ASC, limit: 1) { height } }')).toMatch(/^\{"data"/)
        proxy.stall()
        const started = Date.now()
        // A lost connection is not the client's doing: the GraphQL server answers, and it is reported.
        expect(await ask(own, '{ blocks(orderBy: height_DESC, limit: 1) { height } }')).toBeUndefined()
        expect(Date.now() - started).toBeLessThan(9_000)
        expect(own.takeProblems()).toMatchObject({count: 1, last: expect.stringMatching(/timeout/i)})
    } finally {
        await own.close()
        await proxy.close()
    }
}, 30_000)
