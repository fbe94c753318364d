/**
 * The front server's own execution of entity queries (src/api/direct.ts), on a real PostgreSQL
 * with the project's migrations: what it takes and what it leaves to the GraphQL server, the
 * statements it keeps prepared on a connection (bounded, and prepared again when a migration
 * changed their result), and that its connections cannot write. That its answers are the GraphQL
 * server's own is checked on a real indexed chain in hostile-api.test.ts.
 */
import path from 'node:path'
import {parse, OperationDefinitionNode} from 'graphql'
import {DirectQueries} from '../../src/api/direct'
import {loadApiSettings} from '../../src/config/env'
import {PROJECT_DIR, TestDatabase} from '../harness/db'

let db: TestDatabase
let direct: DirectQueries

function open(opts: {maxPrepared?: number, randomPageCost?: string} = {}): DirectQueries {
    const settings = loadApiSettings(db.env)
    return new DirectQueries({settings, db: settings.db, schemaFile: path.join(PROJECT_DIR, 'schema.graphql'), poolSize: 1, ...opts})
}

function ask(d: DirectQueries, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<string | undefined> {
    const document = parse(query)
    const operation = document.definitions.find((def): def is OperationDefinitionNode =>
        def.kind == 'OperationDefinition' && (operationName == null || def.name?.value == operationName))!
    return d.answer({query, document, operation, operationName, variables})
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
        ['an unused variable', 'query($x: Int) { blocks(limit: 1) { id } }'],
        ['a negative limit', 'query($l: Int!) { blocks(limit: $l) { id } }', {l: -1}],
        ['only __typename', '{ blocks(limit: 1) { __typename } }'],
    ] as const
    for (const [what, query, variables] of left) {
        expect({what, answer: await ask(direct, query, variables as Record<string, unknown> | undefined)}).toEqual({what, answer: undefined})
    }
    expect(direct.stats.passed - before.passed).toBe(left.length)
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
        // The same text twice in a row: the second run reuses the prepared statement.
        await ask(small, '{ blocks(orderBy: height_ASC, limit: 6) { height } }')
        const [[count]] = await small.query('SELECT count(*)::int FROM pg_prepared_statements', [])
        expect(count).toBeLessThanOrEqual(3)
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
        const first = await ask(own, query)
        const second = await ask(own, query)
        // PostgreSQL may re-plan the statement itself; if it refused it, the statement is prepared again.
        expect([first, second].filter((a) => a == undefined).length).toBe(own.stats.retried - before.retried)
        expect(second).toBe('{"data":{"blocks":[{"height":1,"specName":"pop"}]}}\n')
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
