/**
 * The public API against hostile clients: `pop-squid run` (processor + API, as production runs it)
 * on a real indexed chain, and a corpus of hostile requests (alias and field floods, fragment
 * bombs, deep nesting, long strings, malformed bodies, wrong methods, bad operation names, SQL
 * breakers, oversized answers, ...). Each must be answered within 2 s with a small body that
 * carries no stack, path, SQL or credential, while a cheap query from another client keeps
 * answering under 500 ms. Then: one client's heavy queries cannot starve another's cheap ones,
 * GraphiQL's own introspection works, subscriptions through the front server push new blocks and
 * decoded contract events within 2 s of the head under the same checks and budgets, and a SIGKILLed
 * GraphQL server comes back within 10 s while the processor keeps indexing (and the front server
 * answers entity queries meanwhile). The entity queries the front server answers itself are
 * compared with the GraphQL server's own answers to the same requests.
 */
import {getIntrospectionQuery} from 'graphql'
import {execFileSync} from 'node:child_process'
import net from 'node:net'
import {PROCESSOR_HEAP_MB} from '../../src/config/env'
import {LocalChain} from '../../src/localchain/chopsticks'
import {u8aToHex} from '@polkadot/util'
import {decodeAddress} from '@polkadot/util-crypto'
import {DEMO_EVENT_TOPIC, demoInkAbi} from '../../src/localchain/contracts/demo-abi'
import {emitInput} from '../../src/localchain/contracts/event-emitter'
import {buildDemoActivity, DemoActivity} from '../../src/localchain/demo'
import {findFreePort} from '../../src/localchain/ports'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, shutDown, spawnNode, waitFor, waitIndexed} from '../harness/processes'
import {GraphqlWsClient, UpgradeRefused} from '../harness/graphql-ws'

/** Stands for an RPC provider's key: it must never be seen outside the process that uses it. */
const SECRET = 's3cretRpcKey0123456789'
const ANSWER_MS = 2_000
const PROBE_MS = 500
/** A refusal or an error answer is this small at most. */
const SMALL = 16 * 1024

let chain: LocalChain
let scenario: Scenario
let demo: DemoActivity
let db: TestDatabase
let run: ProjectProcess
let base: string
let healthPort: number
let metricsPort: number
const probeTimes: number[] = []

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    demo = await buildDemoActivity(scenario)
    db = await TestDatabase.create('hostile')
    const port = await findFreePort()
    healthPort = await findFreePort()
    metricsPort = await findFreePort()
    base = `http://127.0.0.1:${port}`
    const rpc = new URL(chain.wsUrl)
    rpc.username = 'pop'
    rpc.password = SECRET
    run = spawnNode('run', 'lib/cli/index.js', ['run'], {
        ...db.env, CHAIN: 'local', RPC_ENDPOINT: rpc.toString(), FINALITY_CONFIRMATION: '5',
        GQL_PORT: String(port), API_HOST: '127.0.0.1', HEALTH_PORT: String(healthPort), PROMETHEUS_PORT: String(metricsPort),
        // Clients are told apart by X-Forwarded-For here: every request comes from loopback.
        GQL_TRUST_PROXY: '1', ADMIN_TOKEN: 'admin-token-for-tests',
    })
    await waitIndexed(db, run, await chain.head(), 'local', 120_000)
    await waitFor(async () => (await post({query: '{ blocks(limit: 1) { height } }'}, '198.51.100.1')).status == 200, 60_000, 'the API')
    // Enough rows that a count over them takes real time (the heavy client's queries below).
    await db.query(`INSERT INTO event (id, chain, block_id, block_height, index, phase, pallet, name, args, topics, timestamp)
        SELECT 'synthetic-' || g, chain, id, height, 10000 + g, 'Finalization', 'Synthetic', 'Synthetic.Row', jsonb_build_object('n', g), '{}'::text[], timestamp
        FROM block, generate_series(1, 300000) g WHERE chain = 'local' AND height = 1`)
    await db.query('ANALYZE event')
}, 300_000)

afterAll(async () => {
    if (probeTimes.length) {
        const sorted = [...probeTimes].sort((a, b) => a - b)
        console.log(`probe queries: ${sorted.length}, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`)
    }
    await shutDown({processors: [run], scenarios: [scenario], chains: [chain], db})
})

interface Answer {status: number, body: string, ms: number, headers: Headers}

async function send(init: RequestInit & {path?: string, client?: string}): Promise<Answer> {
    const started = performance.now()
    const headers = new Headers(init.headers)
    if (init.client) headers.set('x-forwarded-for', init.client)
    const res = await fetch(`${base}${init.path ?? '/graphql'}`, {...init, headers, signal: AbortSignal.timeout(30_000)})
    const body = await res.text()
    return {status: res.status, body, ms: performance.now() - started, headers: res.headers}
}

function post(body: unknown, client: string, headers: Record<string, string> = {}): Promise<Answer> {
    return send({method: 'POST', headers: {'content-type': 'application/json', ...headers}, body: typeof body == 'string' ? body : JSON.stringify(body), client})
}

let probes = 0
/**
 * Another client's cheap query. The cases run a few tens of milliseconds apart, faster than one
 * client's budget refills (20 a second): the probe speaks from one of 8 addresses in turn, each
 * well within its own budget, so only the attacks can slow it down.
 */
async function probe(): Promise<number> {
    const answer = await post({query: '{ blocks(limit: 1, orderBy: height_DESC) { height } }'}, `192.0.2.${1 + (probes++ % 8)}`)
    expect({status: answer.status, body: answer.status == 200 ? '' : answer.body}).toEqual({status: 200, body: ''})
    probeTimes.push(answer.ms)
    return answer.ms
}

/** Nothing an attacker could learn from: no stack, no path, no SQL, no credential. */
function expectNothingLeaked(text: string): void {
    expect(text).not.toMatch(/\n\s+at |at [\w.<>]+ \(/)
    expect(text).not.toMatch(/node_modules|\/lib\/|\/src\/|\.js:\d+|\.ts:\d+/)
    expect(text).not.toMatch(/\bSELECT\b|\bFROM "|\bWHERE\b.*\$\d/)
    expect(text).not.toContain(SECRET)
    expect(text).not.toMatch(/<html|<pre>/i)
}

const many = (n: number, f: (i: number) => string) => Array.from({length: n}, (_, i) => f(i)).join(' ')
const deep = (n: number) => `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`

/** [name, request]: a body for POST (string = raw), or a full request. */
type Case = [string, {body?: unknown, raw?: RequestInit & {path?: string}}]

const cases: Case[] = [
    // Alias and field floods (the quadratic field-merge check).
    ...[2000, 500, 100, 20].map((n): Case => [`${n} conflicting aliases`, {body: {query: `{ ${many(n, (i) => `x: blocks(limit: ${i + 1}) { height }`)} }`}}]),
    ...[8000, 500, 11].map((n): Case => [`${n} duplicate fields`, {body: {query: `{ blocks(limit: 1) { ${many(n, () => 'height')} } }`}}]),
    ...[8000, 600].map((n): Case => [`${n} @include directives`, {body: {query: `{ blocks(limit: 1) { ${many(n, () => 'height @include(if: true)')} } }`}}]),
    ...[5000, 600, 50].map((n): Case => [`${n} unknown fields`, {body: {query: `{ ${many(n, (i) => `nope${i}`)} }`}}]),
    ...[600, 2000].map((n): Case => [`${n} distinct aliases`, {body: {query: `{ ${many(n, (i) => `a${i}: blocks(limit: 1) { height }`)} }`}}]),
    ['aliases over two fields', {body: {query: `{ ${many(300, (i) => `x: ${i % 2 ? 'blocks' : 'events'}(limit: 1) { id }`)} }`}}],
    ['one alias naming two fields', {body: {query: '{ x: blocks(limit: 1) { id } x: events(limit: 1) { id } }'}}],
    ['directives on the operation', {body: {query: `query ${many(100, () => '@skip(if: false)')} { blocks(limit: 1) { id } }`}}],
    // Fragments.
    ['a fragment bomb (2^20 fields)', {body: {query: `{ ...F0 } ${many(20, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F20 on Query { blocks(limit: 1) { id } }`}}],
    ['a cyclic fragment', {body: {query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'}}],
    ['a self-spreading fragment', {body: {query: '{ blocks(limit: 1) { ...A } } fragment A on Block { id ...A }'}}],
    ['an unknown fragment', {body: {query: '{ ...Nope }'}}],
    ['1000 unused fragments', {body: {query: `{ blocks(limit: 1) { id } } ${many(1000, (i) => `fragment U${i} on Block { id }`)}`}}],
    ['a fragment on an unknown type', {body: {query: '{ ...F } fragment F on Nope { id }'}}],
    // Depth.
    ...[11, 20, 100, 2000].map((n): Case => [`nesting ${n} deep`, {body: {query: deep(n)}}]),
    ['real relations nested deep', {body: {query: `{ events(limit: 1) { ${'block { events(limit: 1) { '.repeat(8)} id ${'} } '.repeat(8)} } }`}}],
    ['introspection nested 30 deep', {body: {query: `{ __schema { types { ${'fields { type { '.repeat(15)} name ${'} } '.repeat(15)} } } }`}}],
    // Long and many values.
    ['a 100 KB address', {body: {query: `{ contractCallers(address: "${'a'.repeat(100_000)}") { caller } }`}}],
    ['a 100 KB address in a variable', {body: {query: 'query($a: String!) { contractCallers(address: $a) { caller } }', variables: {a: '5'.repeat(100_000)}}}],
    ['a 3 KB SS58-like address', {body: {query: `{ contractCallers(address: "${'5G'.repeat(1500)}") { caller } }`}}],
    ['a 100 KB filter string', {body: {query: `{ events(where: {name_eq: "${'x'.repeat(100_000)}"}, limit: 1) { id } }`}}],
    ['id_in with 5000 items', {body: {query: 'query($ids: [String!]) { events(where: {id_in: $ids}, limit: 1) { id } }', variables: {ids: Array.from({length: 5000}, (_, i) => `id${i}`)}}}],
    ['a literal list of 2000 items', {body: {query: `{ events(where: {id_in: [${many(2000, (i) => `"i${i}"`)}]}, limit: 1) { id } }`}}],
    ['variables nested 5000 deep', {body: `{"query": "query($w: EventWhereInput) { events(where: $w, limit: 1) { id } }", "variables": {"w": ${'{"AND":'.repeat(5000)}{}${'}'.repeat(5000)}}}`}],
    ['a where nested 200 deep', {body: {query: `{ events(where: ${'{AND: ['.repeat(200)}{}${']}'.repeat(200)}, limit: 1) { id } }`}}],
    ['a 200 KB variable of a query', {body: {query: '{ blocks(limit: 1) { id } }', variables: {junk: 'x'.repeat(200_000)}}}],
    ['a long string default value', {body: {query: `query($a: String = "${'y'.repeat(10_000)}") { contractCallers(address: $a) { caller } }`}}],
    ['a huge number', {body: {query: `{ blocks(limit: ${'9'.repeat(5000)}) { id } }`}}],
    ['a long operation name', {body: {query: `query ${'N'.repeat(5000)} { blocks(limit: 1) { id } }`}}],
    ['a 3 MB block string', {raw: {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: `{ events(where: {name_eq: """${'z'.repeat(3_000_000)}"""}, limit: 1) { id } }`})}}],
    // What a filter value can do to SQL.
    ['a NUL byte in a filter variable', {body: {query: 'query($h: String) { blocks(where: {hash_eq: $h}, limit: 1) { height } }', variables: {h: 'a\u0000b'}}}],
    ['a NUL byte in a literal', {body: {query: '{ blocks(where: {hash_eq: "a\\u0000b"}, limit: 1) { height } }'}}],
    ['a NUL byte in a JSON filter', {body: {query: 'query($j: JSONObject) { events(where: {args_jsonContains: $j}, limit: 1) { id } }', variables: {j: {a: '\u0000'}}}}],
    ['a BigInt that is not a number', {body: {query: 'query($v: BigInt) { transfers(where: {amount_gt: $v}, limit: 1) { id } }', variables: {v: 'abc'}}}],
    ['a BigInt of 400 digits', {body: {query: `{ transfers(where: {amount_gt: "${'9'.repeat(400)}"}, limit: 1) { id } }`}}],
    ['a DateTime of year 99999', {body: {query: '{ blocks(where: {timestamp_gt: "99999-01-01T00:00:00Z"}, limit: 1) { id } }'}}],
    ['a SQL injection in a filter', {body: {query: `{ events(where: {name_eq: "'; DROP TABLE event; --"}, limit: 1) { id } }`}}],
    ['a SQL injection in orderBy', {body: {query: '{ events(orderBy: [id_ASC], where: {name_startsWith: "%\' OR 1=1 --"}, limit: 1) { id } }'}}],
    ['a LIKE pattern of wildcards', {body: {query: `{ events(where: {name_contains: "${'%_'.repeat(500)}"}, limit: 1) { id } }`}}],
    ['an invalid regular expression', {body: {query: '{ events(where: {name_containsInsensitive: "(((("}, limit: 1) { id } }'}}],
    ['a JSON filter with 500 keys', {body: {query: 'query($j: JSONObject) { events(where: {args_jsonContains: $j}, limit: 1) { id } }', variables: {j: Object.fromEntries(Array.from({length: 500}, (_, i) => [`k${i}`, i]))}}}],
    ['unicode garbage', {body: {query: '{ events(where: {name_eq: "\uD800\uDFFF\uFFFE\u202E"}, limit: 1) { id } }'}}],
    // Paging and answer size.
    ['limit 2^31-1', {body: {query: '{ events(limit: 2147483647) { id } }'}}],
    ['limit 2^31', {body: {query: '{ events(limit: 2147483648) { id } }'}}],
    ['a negative limit', {body: {query: '{ transfers(limit: -1) { id } }'}}],
    ['a negative offset in a variable', {body: {query: 'query($o: Int) { events(limit: 1, offset: $o) { id } }', variables: {o: -5}}}],
    ['an offset of 2^31-1', {body: {query: '{ events(limit: 1, offset: 2147483647) { id } }'}}],
    ['a list of lists of lists', {body: {query: '{ blocks(limit: 1000) { events(limit: 1000) { id name } } }'}}],
    ['nested lists by variables', {body: {query: 'query($a: Int, $b: Int) { blocks(limit: $a) { events(limit: $b) { id } } }', variables: {a: 5000, b: 5000}}}],
    ['a connection with first 1e6', {body: {query: '{ eventsConnection(orderBy: id_ASC, first: 1000000) { totalCount edges { node { id } } } }'}}],
    ['a connection with a bad cursor', {body: {query: '{ eventsConnection(orderBy: id_ASC, first: 1, after: "not-a-cursor") { totalCount } }'}}],
    ['a connection without orderBy', {body: {query: '{ eventsConnection(first: 1) { totalCount } }'}}],
    ['a list without limit', {body: {query: '{ events { id } }'}}],
    ['21 root fields', {body: {query: `{ ${many(21, (i) => `b${i}: blocks(limit: 1) { id }`)} }`}}],
    ['__typename alone', {body: {query: '{ blocks(limit: 1) { __typename } }'}}],
    ['a series over 100 years', {body: {query: '{ activitySeries(chain: "local", bucket: HOUR, from: "1970-01-01T00:00:00Z", to: "2070-01-01T00:00:00Z") { time } }'}}],
    ['a top-N of a million', {body: {query: '{ topAccounts(chain: "local", limit: 1000000) { account } }'}}],
    ['an unknown chain', {body: {query: '{ topAssets(chain: "nope", limit: 1) { asset } }'}}],
    ['a series with a bad date', {body: {query: '{ activitySeries(chain: "local", bucket: DAY, from: "yesterday") { time } }'}}],
    ['an xcm journey with a long id', {body: {query: `{ xcmJourney(messageId: "0x${'ab'.repeat(5000)}") { messageId } }`}}],
    // Operations.
    ['an unknown operationName', {body: {query: 'query A { blocks(limit: 1) { id } }', operationName: 'B'}}],
    ['two unnamed operations', {body: {query: '{ blocks(limit: 1) { id } } { events(limit: 1) { id } }'}}],
    ['two operations, none named', {body: {query: 'query A { blocks(limit: 1) { id } } query B { events(limit: 1) { id } }'}}],
    ['operationName of the wrong type', {body: {query: '{ blocks(limit: 1) { id } }', operationName: 42}}],
    ['a subscription over HTTP', {body: {query: 'subscription { blocks(limit: 1) { id } }'}}],
    ['a mutation without the token', {body: {query: 'mutation { removeContractAbi(codeHash: "0x00") }'}}],
    ['a mutation with a wrong token', {raw: {method: 'POST', headers: {'content-type': 'application/json', authorization: 'Bearer wrong'}, body: JSON.stringify({query: 'mutation { removeContractAbi(codeHash: "0x00") }'})}}],
    ['a mutation with a 150 KB ABI and no token', {body: {query: 'mutation($a: String!) { registerContractAbi(abi: $a, codeHash: "0x00") { id } }', variables: {a: 'x'.repeat(150_000)}}}],
    ['a mutation with a token and a broken ABI', {raw: {method: 'POST', headers: {'content-type': 'application/json', authorization: 'Bearer admin-token-for-tests'}, body: JSON.stringify({query: 'mutation { registerContractAbi(abi: "{not json", codeHash: "0x' + '00'.repeat(32) + '") { id } }'})}}],
    ['a document with a type definition', {body: {query: 'type X { a: Int } { blocks(limit: 1) { id } }'}}],
    ['an empty document', {body: {query: ''}}],
    ['a document of comments', {body: {query: '#'.repeat(100_000)}}],
    ['whitespace only', {body: {query: ' '.repeat(100_000)}}],
    ['10000 commas', {body: {query: `{ blocks(limit: 1) { id ${','.repeat(10_000)} } }`}}],
    // Bodies that are not GraphQL requests.
    ['malformed JSON', {body: '{"query": '}],
    ['JSON with a trailing comma', {body: '{"query": "{ blocks(limit: 1) { id } }",}'}],
    ['a JSON string', {body: '"{ blocks(limit: 1) { id } }"'}],
    ['a JSON number', {body: '42'}],
    ['JSON null', {body: 'null'}],
    ['a batch of 100 operations', {body: Array.from({length: 100}, () => ({query: '{ blocks(limit: 1) { id } }'}))}],
    ['an empty batch', {body: []}],
    ['query is a number', {body: {query: 42}}],
    ['query is an object', {body: {query: {kind: 'Document'}}}],
    ['variables are a string', {body: {query: '{ blocks(limit: 1) { id } }', variables: 'x'}}],
    ['variables are a list', {body: {query: '{ blocks(limit: 1) { id } }', variables: [1, 2]}}],
    ['a __proto__ key', {body: '{"query": "{ blocks(limit: 1) { id } }", "variables": {"__proto__": {"polluted": true}}}'}],
    ['JSON nested 100000 deep', {body: '['.repeat(100_000) + ']'.repeat(100_000)}],
    ['invalid UTF-8', {raw: {method: 'POST', headers: {'content-type': 'application/json'}, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])}}],
    ['an empty body', {raw: {method: 'POST', headers: {'content-type': 'application/json'}, body: ''}}],
    ['a form-encoded body', {raw: {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: 'query=%7B%7D'}}],
    ['text/plain JSON (a simple CORS request)', {raw: {method: 'POST', headers: {'content-type': 'text/plain'}, body: JSON.stringify({query: '{ blocks(limit: 1) { id } }'})}}],
    ['a body over the size limit', {raw: {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: '{ blocks(limit: 1) { id } }', pad: 'p'.repeat(400_000)})}}],
    ['a gzip content-encoding that is not gzip', {raw: {method: 'POST', headers: {'content-type': 'application/json', 'content-encoding': 'gzip'}, body: JSON.stringify({query: '{ blocks(limit: 1) { id } }'})}}],
    // Methods, paths and query strings.
    ['PUT /graphql', {raw: {method: 'PUT', body: '{}'}}],
    ['DELETE /graphql', {raw: {method: 'DELETE'}}],
    ['PATCH /', {raw: {method: 'PATCH', path: '/', body: 'x'}}],
    ['GET with a flood in the query string', {raw: {method: 'GET', path: `/graphql?query=${encodeURIComponent(`{ ${many(1000, (i) => `x: blocks(limit: ${i}) { id }`)} }`)}`}}],
    ['GET with malformed variables', {raw: {method: 'GET', path: '/graphql?query=%7B__typename%7D&variables=%7Bnope'}}],
    ['GET with a mutation', {raw: {method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { removeContractAbi(codeHash: "0x00") }')}`}}],
    ['GET /graphql/anything', {raw: {method: 'GET', path: '/graphql/../../etc/passwd'}}],
    ['a dashboard path traversal', {raw: {method: 'GET', path: '/dashboard/..%2f..%2fpackage.json'}}],
    ['a dashboard dot-dot', {raw: {method: 'GET', path: '/dashboard/../src/main.ts'}}],
    ['a console path traversal', {raw: {method: 'GET', path: '/console/..%2f..%2f..%2fpackage.json'}}],
    ['a console file that does not exist', {raw: {method: 'GET', path: '/console/static/js/nope.js'}}],
    ['an unknown path', {raw: {method: 'GET', path: '/.env'}}],
    ['an unknown path with a script', {raw: {method: 'GET', path: '/<script>alert(1)</script>'}}],
    ['a long path', {raw: {method: 'GET', path: '/' + 'a'.repeat(7000)}}],
    ['the metrics path on the API port', {raw: {method: 'GET', path: '/metrics'}}],
]

describe('hostile requests', () => {
    test(`the corpus has at least 100 cases (${cases.length})`, () => {
        expect(cases.length).toBeGreaterThanOrEqual(100)
    })

    test.each(cases)('%s: a small answer within 2 s, nothing leaked, the probe stays fast', async (name, c) => {
        const client = `203.0.113.${(cases.findIndex((x) => x[0] == name) % 250) + 1}`
        const attack = c.raw
            ? send({...c.raw, client})
            : post(c.body, client)
        // The probe runs while the attack is on the server.
        await new Promise((r) => setTimeout(r, 20))
        const probeMs = await probe()
        const answer = await attack
        expect({name, ms: answer.ms < ANSWER_MS}).toEqual({name, ms: true})
        expect({name, probe: probeMs < PROBE_MS}).toEqual({name, probe: true})
        expect(answer.status).toBeLessThan(500)
        if (answer.status >= 400 || /"errors"/.test(answer.body)) expect(answer.body.length).toBeLessThanOrEqual(SMALL)
        else expect(answer.body.length).toBeLessThanOrEqual(1_000_000)
        expectNothingLeaked(answer.body)
        expect(answer.headers.get('x-powered-by')).toBeNull()
        if (answer.status >= 400 && answer.headers.get('content-type')?.includes('json')) {
            const json = JSON.parse(answer.body)
            const errors = json.errors ?? [json]
            for (const e of errors) {
                expect(typeof (e.message ?? e.error)).toBe('string')
                if (e.extensions) expect(Object.keys(e.extensions).every((k) => ['code', 'retryAfterSeconds', 'cost'].includes(k))).toBe(true)
            }
        }
        expect(run.isRunning).toBe(true)
    })

    test('raw HTTP garbage on the socket gets a 400 and the server stays up', async () => {
        for (const garbage of ['GARBAGE\r\n\r\n', `GET /graphql HTTP/1.1\r\nHost: x\r\n${'X-Flood: y\r\n'.repeat(3000)}\r\n`, 'POST /graphql HTTP/1.1\r\nContent-Length: -5\r\n\r\n']) {
            const reply = await new Promise<string>((resolve) => {
                const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(garbage))
                let data = ''
                socket.on('data', (d) => { data += d.toString() })
                socket.on('close', () => resolve(data))
                socket.on('error', () => resolve(data))
                setTimeout(() => socket.destroy(), 2_000)
            })
            expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/)
            expectNothingLeaked(reply)
        }
        expect(await probe()).toBeLessThan(PROBE_MS)
    })
})

/**
 * Entity queries the front server answers itself (src/api/direct.ts): each answer must be the
 * GraphQL server's own answer to the same request, and the front server's metrics must say who
 * answered. What it does not take (connections, several root fields, custom resolvers, requests
 * the GraphQL server refuses) and what fails there (a variable of the wrong type, a value the
 * database refuses) is answered by the GraphQL server, in its own words.
 */
describe('entity queries answered by the front server', () => {
    type Outcome = 'answered' | 'passed' | 'retried'
    type Request = {query: string, variables?: Record<string, unknown>, operationName?: string}

    async function directCounts(): Promise<Record<Outcome, number>> {
        const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text()
        const count = (o: Outcome) => Number(new RegExp(`pop_squid_api_direct_queries_total\\{outcome="${o}"\\} (\\d+)`).exec(text)?.[1])
        return {answered: count('answered'), passed: count('passed'), retried: count('retried')}
    }

    /** The GraphQL server behind the front server, as `run` announced it last. */
    function backendUrl(): string {
        const all = [...run.output.matchAll(/GraphQL server \(pid \d+\) ready on (127\.0\.0\.1:\d+)/g)]
        expect(all.length).toBeGreaterThan(0)
        return `http://${all[all.length - 1][1]}/graphql`
    }

    /** The same status and the same body, and the front server's metrics say who answered. */
    async function expectSameAnswer(request: Request & {extensions?: unknown}, outcome: Outcome): Promise<any> {
        const before = await directCounts()
        const front = await post(request, '198.51.100.77')
        const after = await directCounts()
        const backend = await fetch(backendUrl(), {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(request)})
        const backendBody = await backend.text()
        // An error answer (4xx) is read and sent again by the front server (only small JSON passes): its
        // fields, in order, are the GraphQL server's; a 200 answer is the same to the byte.
        const same = (body: string, status: number) => status == 200 ? body : JSON.stringify(JSON.parse(body))
        expect({status: front.status, body: same(front.body, front.status)}).toEqual({status: backend.status, body: same(backendBody, backend.status)})
        expect(front.headers.get('content-type')).toBe('application/json; charset=utf-8')
        const changed = (Object.keys(before) as Outcome[]).filter((k) => after[k] != before[k]).map((k) => `${k} +${after[k] - before[k]}`)
        expect(changed).toEqual([`${outcome} +1`])
        return JSON.parse(front.body)
    }

    const answered: [string, Request][] = [
        ['a list with filters, a unique order and nested relations', {query: `{ events(where: {chain_eq: "local", name_eq: "Balances.Transfer"}, orderBy: [blockHeight_DESC, index_ASC], limit: 5) {
            id blockHeight timestamp name args topics phase decodeError extrinsic { hash success fee tip callName signer { address publicKey } } block { height hash specVersion } } }`}],
        ['aliases, fragments, inline fragments and __typename at every level', {query: `query Blocks { first: blocks(orderBy: height_ASC, limit: 3) { ...B __typename h: height ... on Block { hash } } }
            fragment B on Block { id height extrinsicsCount events(limit: 2, orderBy: index_ASC) { __typename name index } }`, operationName: 'Blocks'}],
        ['@include and @skip with a variable', {query: `query($w: Boolean!) { blocks(orderBy: height_ASC, limit: 2, offset: 1) { height hash @include(if: $w) timestamp @skip(if: $w) } }`, variables: {w: true}}],
        ['OR, in, not_in, isNull, startsWith and a relation filter', {query: `query($h: [Int!]) { extrinsics(where: {OR: [{callName_startsWith: "Balances"}, {success_eq: false}], signer_isNull: false, signer: {address_contains: "5"}, blockHeight_not_in: $h}, orderBy: id_ASC, limit: 10) {
            id callName success error errorName signer { address } events(orderBy: index_DESC, limit: 3) { name } } }`, variables: {h: [1, 2]}}],
        ['a to-many filter (_some) and BigInt, enum and DateTime values', {query: `{ transfers(where: {amount_gt: "0", asset: {kind_eq: NATIVE}}, orderBy: id_ASC, limit: 5) { id kind amount timestamp asset { id kind } fromAccount { address } toAccount { address } } }`}],
        ['an entity by id that is not there', {query: `{ blockById(id: "no such block") { id height } }`}],
        ['a list that matches nothing', {query: `{ blocks(where: {height_lt: 0}, limit: 5) { id } }`}],
    ]
    test.each(answered)('%s: the GraphQL server\'s answer, from the front server', async (_name, request) => {
        await expectSameAnswer(request, 'answered')
    })

    test('an extrinsic by id with its events, as a variable: the GraphQL server\'s answer, from the front server', async () => {
        const list = await expectSameAnswer({query: `{ extrinsics(where: {signer_isNull: false}, orderBy: id_ASC, limit: 1) { id } }`}, 'answered')
        const id = list.data.extrinsics[0].id
        const one = await expectSameAnswer({query: `query($id: String!) { extrinsicById(id: $id) { id blockHeight callName callArgs success fee signer { address } block { height hash timestamp } events(orderBy: index_ASC, limit: 20) { index name args } } }`, variables: {id}}, 'answered')
        expect(one.data.extrinsicById.id).toBe(id)
        expect(one.data.extrinsicById.events.length).toBeGreaterThan(0)
    })

    const passed: [string, Request][] = [
        ['a connection', {query: `{ blocksConnection(orderBy: height_ASC, first: 2) { totalCount edges { node { height } } pageInfo { hasNextPage } } }`}],
        ['two root fields', {query: `{ a: blocks(orderBy: height_ASC, limit: 1) { height } b: extrinsics(orderBy: id_ASC, limit: 1) { id } }`}],
        ['a custom resolver', {query: `{ indexerStatus { chain } }`}],
        ['a field the type does not have', {query: `{ blocks(limit: 1) { nope } }`}],
        ['a variable it does not use', {query: `query($l: Int) { blocks(limit: 1) { height } }`, variables: {l: 1}}],
        ['a persisted query whose hash does not match', {query: `{ blocks(limit: 1) { height } }`, extensions: {persistedQuery: {version: 1, sha256Hash: 'deadbeef'}}} as Request],
    ]
    test.each(passed)('%s: answered by the GraphQL server', async (_name, request) => {
        await expectSameAnswer(request, 'passed')
    })

    const retried: [string, Request][] = [
        ['a variable of the wrong type', {query: `query($h: Int!) { blocks(where: {height_eq: $h}, limit: 1) { height } }`, variables: {h: 'tall'}}],
        ['a list without a limit, over the response size limit', {query: `{ events { id } }`}],
        ['a value the database refuses (a NUL character)', {query: `query($s: String!) { blocks(where: {hash_eq: $s}, limit: 1) { height } }`, variables: {s: 'a\u0000b'}}],
    ]
    test.each(retried)('%s: tried, then answered by the GraphQL server in its own words', async (_name, request) => {
        const answer = await expectSameAnswer(request, 'retried')
        expect(answer.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    })
})

test('user mistakes say what is wrong with the code BAD_USER_INPUT; the database error is not shown', async () => {
    const nul = JSON.parse((await post({query: 'query($h: String) { blocks(where: {hash_eq: $h}, limit: 1) { height } }', variables: {h: 'a\u0000b'}}, '198.51.100.9')).body)
    expect(nul.errors[0].extensions).toEqual({code: 'BAD_USER_INPUT'})
    expect(nul.errors[0].message).toMatch(/cannot be used/)
    const op = await post({query: 'query A { blocks(limit: 1) { id } }', operationName: 'B'}, '198.51.100.9')
    expect(op.status).toBe(400)
    expect(JSON.parse(op.body).errors[0]).toEqual({message: 'the document has no operation named "B" (it has A)', extensions: {code: 'BAD_USER_INPUT'}})
    const range = JSON.parse((await post({query: '{ topAccounts(chain: "local", limit: 101) { account } }'}, '198.51.100.9')).body)
    expect(range.errors[0].extensions).toEqual({code: 'BAD_USER_INPUT'})
    const big = await post({query: '{ topAccounts(chain: "local", limit: 1000000) { account } }'}, '198.51.100.9')
    expect(big.status).toBe(422)
    expect(JSON.parse(big.body).errors[0].extensions).toEqual({code: 'QUERY_TOO_COMPLEX'})
    const address = JSON.parse((await post({query: `{ contractCallers(address: "${'5G'.repeat(30)}") { caller } }`}, '198.51.100.9')).body)
    expect(address.errors[0].extensions).toEqual({code: 'BAD_USER_INPUT'})
    expect(address.errors[0].message.length).toBeLessThan(200)
})

test('`run` starts the processor with its heap limit (memory stays bounded on a large machine)', () => {
    const children = execFileSync('ps', ['-o', 'args=', '--ppid', String(run.proc.pid)], {encoding: 'utf8'}).split('\n')
    expect(children.filter((c) => c.includes('lib/main.js'))).toEqual([expect.stringContaining(`--max-old-space-size=${PROCESSOR_HEAP_MB} `)])
})

test('no credential in indexerStatus, the metrics or the log', async () => {
    const status = await post({query: '{ indexerStatus { chain indexedHeight chainHead rpcError } }'}, '198.51.100.9')
    expect(JSON.parse(status.body).data.indexerStatus[0].chain).toBe('local')
    expect(status.body).not.toContain(SECRET)
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    expect(metrics).toContain('sqd_rpc_request_count')
    expect(metrics).not.toContain(SECRET)
    expect(run.output).not.toContain(SECRET)
})

test('GraphiQL: its own introspection query is answered', async () => {
    const page = await send({method: 'GET', headers: {accept: 'text/html'}})
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
    const answer = await post({query: getIntrospectionQuery(), operationName: 'IntrospectionQuery'}, '198.51.100.2')
    expect(answer.status).toBe(200)
    const schema = JSON.parse(answer.body).data.__schema
    expect(schema.queryType.name).toBe('Query')
    expect(schema.types.some((t: any) => t.name == 'Block')).toBe(true)
})

test("one client's heavy queries cannot starve another client's cheap ones", async () => {
    // Counting 300,000 rows per request, as many at once as the client may have in flight.
    const heavy = {query: '{ eventsConnection(orderBy: id_ASC, where: {name_contains: "Row"}) { totalCount } }'}
    const one = await post(heavy, '192.0.2.77')
    expect({status: one.status, body: one.body.slice(0, 300)}).toMatchObject({status: 200})
    expect(JSON.parse(one.body).data.eventsConnection.totalCount).toBeGreaterThanOrEqual(300_000)
    const until = Date.now() + 6_000
    const statuses: number[] = []
    const worker = async () => {
        while (Date.now() < until) {
            const a = await post(heavy, '192.0.2.77')
            statuses.push(a.status)
            if (a.status == 429) await new Promise((r) => setTimeout(r, 50))
        }
    }
    const workers = Array.from({length: 12}, worker)
    const probes: number[] = []
    while (Date.now() < until) {
        probes.push(await probe())
        await new Promise((r) => setTimeout(r, 100))
    }
    await Promise.all(workers)
    console.log(`heavy client: ${statuses.filter((s) => s == 200).length} answered, ${statuses.filter((s) => s == 429).length} refused (429); probe max ${Math.max(...probes).toFixed(0)} ms over ${probes.length}`)
    expect(statuses.filter((s) => s == 429).length).toBeGreaterThan(0)
    expect(Math.max(...probes)).toBeLessThan(PROBE_MS)
}, 60_000)

describe('subscriptions through the front server', () => {
    const sockets: GraphqlWsClient[] = []
    const open = async (client: string, opts: {protocol?: string | null, init?: boolean, path?: string} = {}) => {
        const c = await GraphqlWsClient.connect(`${base.replace(/^http/, 'ws')}${opts.path ?? '/graphql'}`, {forwardedFor: client, ...opts})
        sockets.push(c)
        return c
    }
    afterAll(() => {
        for (const s of sockets) s.close()
    })
    /** An error message of one subscription: small, message and code only, nothing leaked. */
    const expectRefusal = (m: {payload?: any}, codes: string[]) => {
        const text = JSON.stringify(m.payload)
        expect(text.length).toBeLessThanOrEqual(SMALL)
        expectNothingLeaked(text)
        const errors = Array.isArray(m.payload) ? m.payload : m.payload.errors
        expect(errors.length).toBeGreaterThan(0)
        for (const e of errors) {
            expect(typeof e.message).toBe('string')
            expect(Object.keys(e.extensions).every((k) => ['code', 'retryAfterSeconds', 'cost'].includes(k))).toBe(true)
        }
        expect(codes).toContain(errors[0].extensions.code)
    }

    test('new blocks and decoded contract events arrive within 2 s of the head', async () => {
        // The demo ABI, registered as an operator would, so that the new event is decoded.
        const registered = await post({query: 'mutation($a: String!, $h: String!) { registerContractAbi(abi: $a, codeHash: $h) { id } }', variables: {a: JSON.stringify(demoInkAbi()), h: demo.codeHash}},
            '198.51.100.20', {authorization: 'Bearer admin-token-for-tests'})
        expect(JSON.parse(registered.body).errors).toBeUndefined()
        const live = await open('198.51.100.21')
        live.subscribe('blocks', 'subscription { blocks(where: {chain_eq: "local"}, orderBy: height_DESC, limit: 1) { height hash } }')
        live.subscribe('events', `subscription($a: String!) {
            contractEvents(where: {contractAddress_eq: $a}, orderBy: [blockHeight_DESC, index_DESC], limit: 3) { id blockHeight decoded name args }
        }`, {a: u8aToHex(decodeAddress(demo.contract))})
        await live.waitFor((m) => m.id == 'blocks' && m.type == 'next', 10_000)
        await live.waitFor((m) => m.id == 'events' && m.type == 'next', 10_000)
        for (const round of [0x2b, 0x2c]) {
            const from = live.messages.length
            const call = await scenario.callContract(scenario.accounts.Alice, demo.contract, emitInput([DEMO_EVENT_TOPIC], `0x${round.toString(16)}000000`))
            const built = performance.now()
            const block = await live.waitFor((m) => m.id == 'blocks' && m.type == 'next' && m.payload.data?.blocks[0]?.height >= call.blockNumber, 10_000, from)
            const event = await live.waitFor((m) => m.id == 'events' && m.type == 'next' && m.payload.data?.contractEvents[0]?.blockHeight == call.blockNumber, 10_000, from)
            console.log(`subscription pushes after block #${call.blockNumber} was built: block ${(block.at - built).toFixed(0)} ms, contract event ${(event.at - built).toFixed(0)} ms`)
            expect(event.payload.data.contractEvents[0]).toMatchObject({decoded: true, name: 'Demo', args: {value: round}})
            expect(block.at - built).toBeLessThan(2_000)
            expect(event.at - built).toBeLessThan(2_000)
        }
        expect(live.closed).toBeUndefined()
    }, 60_000)

    test('a subscribe is checked like a query; refusals are one small error each, the socket stays open, the probe stays fast', async () => {
        const c = await open('198.51.100.22')
        const cases: [string, string, Record<string, unknown> | undefined, string[]][] = [
            ['query', '{ blocks(limit: 1) { id } }', undefined, ['BAD_REQUEST']],
            ['mutation', 'mutation { removeContractAbi(codeHash: "0x00") }', undefined, ['BAD_REQUEST']],
            ['bomb', `subscription { ...F0 } ${many(20, (i) => `fragment F${i} on Subscription { ...F${i + 1} ...F${i + 1} }`)} fragment F20 on Subscription { blocks(limit: 1) { id } }`, undefined, ['QUERY_TOO_COMPLEX']],
            ['deep', `subscription ${deep(30)}`, undefined, ['QUERY_TOO_COMPLEX']],
            ['huge', 'subscription { events(limit: 1000000) { id } }', undefined, ['QUERY_TOO_COMPLEX']],
            ['aliases', `subscription { ${many(500, (i) => `x: blocks(limit: ${i + 1}) { height }`)} }`, undefined, ['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']],
            ['long', `subscription { events(where: {name_eq: "${'x'.repeat(100_000)}"}, limit: 1) { id } }`, undefined, ['BAD_USER_INPUT']],
            ['unknown', 'subscription { nope { id } }', undefined, ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']],
            ['nul', 'subscription($h: String) { blocks(where: {hash_eq: $h}, limit: 1) { height } }', {h: 'a\u0000b'}, ['BAD_USER_INPUT']],
            ['syntax', 'subscription { blocks(limit: 1) { id }', undefined, ['GRAPHQL_PARSE_FAILED']],
        ]
        for (const [id, query, variables] of cases) c.subscribe(id, query, variables)
        const probeMs = await probe()
        for (const [id, , , codes] of cases) {
            const m = await c.waitFor((x) => x.id == id && (x.type == 'error' || (x.type == 'next' && x.payload.errors)), 10_000)
            expectRefusal(m, codes)
        }
        expect(probeMs).toBeLessThan(PROBE_MS)
        // The same socket still serves a good subscription.
        c.subscribe('good', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
        expect((await c.waitFor((m) => m.id == 'good' && m.type == 'next', 10_000)).payload.data.blocks[0].height).toBeGreaterThan(0)
        expect(c.closed).toBeUndefined()
        expect(run.isRunning).toBe(true)
    }, 60_000)

    test('what is not the protocol is refused at the door or closes the socket with 4400', async () => {
        await expect(open('198.51.100.25', {protocol: null})).rejects.toMatchObject({status: 400})
        await expect(open('198.51.100.25', {path: '/dashboard/'})).rejects.toMatchObject({status: 404})
        const door = await open('198.51.100.25', {protocol: null}).catch((e) => e)
        expect(door).toBeInstanceOf(UpgradeRefused)
        expect(JSON.parse(door.body).errors[0].extensions.code).toBe('BAD_REQUEST')
        const closes: Record<string, number> = {}
        for (const [name, message] of [['binary', Buffer.from([1, 2, 3])], ['not JSON', '{"type": '], ['no type', '{"id": "x"}'], ['unknown type', '{"type": "start", "id": "x"}'], ['no id', '{"type": "subscribe", "payload": {"query": "subscription { blocks(limit: 1) { id } }"}}']] as const) {
            const c = await open('198.51.100.25')
            c.socket.send(message)
            closes[name] = (await c.waitClosed(5_000)).code
        }
        expect(closes).toEqual({'binary': 4400, 'not JSON': 4400, 'no type': 4400, 'unknown type': 4400, 'no id': 4400})
        // Before connection_init the GraphQL server itself refuses (4401), and the client hears it.
        const early = await open('198.51.100.25', {init: false})
        early.subscribe('x', 'subscription { blocks(limit: 1) { id } }')
        expect((await early.waitClosed(5_000)).code).toBe(4401)
        const twice = await open('198.51.100.25')
        twice.subscribe('same', 'subscription { blocks(limit: 1) { id } }')
        twice.subscribe('same', 'subscription { blocks(limit: 1) { id } }')
        expect((await twice.waitClosed(5_000)).code).toBe(4409)
        // An id completed and taken again at once could leave the first subscription running unseen: refused.
        const reuse = await open('198.51.100.25')
        reuse.subscribe('r', 'subscription { blocks(limit: 1) { id } }')
        reuse.send({id: 'r', type: 'complete'})
        reuse.subscribe('r', 'subscription { blocks(limit: 1) { id } }')
        expect((await reuse.waitClosed(5_000)).code).toBe(4409)
        // A close reason never carries what the client sent (and never overflows a close frame).
        const wide = await open('198.51.100.25')
        wide.send({type: '中'.repeat(40)})
        expect(await wide.waitClosed(5_000)).toEqual({code: 4400, reason: 'unknown message type'})
        expect(run.isRunning).toBe(true)
        const big = await open('198.51.100.25')
        big.socket.send(JSON.stringify({type: 'ping', pad: 'p'.repeat(400_000)}))
        expect((await big.waitClosed(5_000)).code).toBe(1009)
        const flood = await open('198.51.100.25')
        for (let i = 0; i < 500; i++) flood.send({type: 'ping'})
        expect(await flood.waitClosed(5_000)).toEqual({code: 1008, reason: 'more than 50 messages a second'})
        expect(await probe()).toBeLessThan(PROBE_MS)
    }, 60_000)

    test('a client holds at most GQL_SUBSCRIPTIONS_PER_CLIENT (5) subscriptions and as many connections', async () => {
        const client = '198.51.100.23'
        const c = await open(client)
        for (let i = 0; i < 6; i++) c.subscribe(`s${i}`, 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
        expectRefusal(await c.waitFor((m) => m.id == 's5' && m.type == 'error', 5_000), ['RATE_LIMITED'])
        for (let i = 0; i < 5; i++) await c.waitFor((m) => m.id == `s${i}` && m.type == 'next', 5_000)
        // Completing one frees its place.
        c.send({id: 's0', type: 'complete'})
        c.subscribe('s6', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
        await c.waitFor((m) => m.id == 's6' && m.type == 'next', 5_000)
        for (let i = 0; i < 4; i++) await open(client)
        const refused = await open(client).catch((e) => e)
        expect(refused).toBeInstanceOf(UpgradeRefused)
        expect(refused.status).toBe(429)
        expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED')
        // Another client is not affected.
        const other = await open('198.51.100.26')
        other.subscribe('a', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
        await other.waitFor((m) => m.id == 'a' && m.type == 'next', 5_000)
    }, 60_000)

    test("each result pushed is charged to the client's budget: spent, the subscription ends with RATE_LIMITED", async () => {
        const client = '198.51.100.24'
        const c = await open(client)
        // About 3,900 values: cost 40, the whole burst, for each result that changed.
        c.subscribe('big', 'subscription { events(orderBy: [blockHeight_DESC, index_DESC], limit: 3900) { id } }')
        await c.waitFor((m) => m.id == 'big' && m.type == 'next', 10_000)
        // The same client keeps its bucket near empty with cheap queries while new blocks change the result.
        let stop = false
        const spender = (async () => {
            while (!stop) await post({query: '{ blocks(limit: 1) { height } }'}, client)
        })()
        try {
            await chain.newBlock()
            const ended = await c.waitFor((m) => m.id == 'big' && m.type == 'error', 20_000)
            expectRefusal(ended, ['RATE_LIMITED'])
            expect(ended.payload[0].message).toMatch(/results cost 40 each/)
        } finally {
            stop = true
            await spender
        }
        // The subscription is over: no more results for it, the socket stays open.
        const after = c.messages.length
        await chain.newBlock()
        await new Promise((r) => setTimeout(r, 2_500))
        expect(c.messages.slice(after).filter((m) => m.id == 'big')).toEqual([])
        expect(c.closed).toBeUndefined()
    }, 60_000)
})

test('a SIGKILLed GraphQL server is back within 10 s; the processor keeps indexing meanwhile', async () => {
    const pids = [...run.output.matchAll(/GraphQL server \(pid (\d+)\) ready/g)].map((m) => Number(m[1]))
    const pid = pids[pids.length - 1]
    expect(pid).toBeGreaterThan(0)
    const subscriber = await GraphqlWsClient.connect(`${base.replace(/^http/, 'ws')}/graphql`, {forwardedFor: '198.51.100.30'})
    subscriber.subscribe('b', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
    await subscriber.waitFor((m) => m.id == 'b' && m.type == 'next', 10_000)
    process.kill(pid, 'SIGKILL')
    const killedAt = Date.now()
    // Subscribers are told to reconnect (1012: service restart).
    expect((await subscriber.waitClosed(5_000)).code).toBe(1012)
    // New blocks while the GraphQL server is down: the processor indexes them, and the front server
    // answers entity queries itself meanwhile (src/api/direct.ts), the new blocks included.
    await chain.newBlock({count: 2})
    const head = await chain.head()
    await waitIndexed(db, run, head, 'local', 30_000)
    const meanwhile = await post({query: '{ blocks(where: {chain_eq: "local"}, limit: 1, orderBy: height_DESC) { height } }'}, '198.51.100.3')
    expect({status: meanwhile.status, body: JSON.parse(meanwhile.body)}).toEqual({status: 200, body: {data: {blocks: [{height: head}]}}})
    // What only the GraphQL server answers comes back with it.
    await waitFor(async () => {
        const a = await post({query: '{ indexerStatus { chain } }'}, '198.51.100.3').catch(() => undefined)
        return a?.status == 200
    }, 10_000, 'the GraphQL server to answer again')
    const downFor = Date.now() - killedAt
    console.log(`API back ${downFor} ms after SIGKILL`)
    const again = await GraphqlWsClient.connect(`${base.replace(/^http/, 'ws')}/graphql`, {forwardedFor: '198.51.100.30'})
    again.subscribe('b', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
    expect((await again.waitFor((m) => m.id == 'b' && m.type == 'next', 10_000)).payload.data.blocks[0].height).toBeGreaterThan(0)
    again.close()
    expect(downFor).toBeLessThan(10_000)
    expect(run.output).toMatch(/the GraphQL server stopped \(signal SIGKILL\); restarting it in/)
    const health = await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()
    expect(health).toMatchObject({api: 'running', restarts: 1})
    // The sockets the GraphQL server's restart closed are not counted any more; the ones open are.
    const probeSocket = await GraphqlWsClient.connect(`${base.replace(/^http/, 'ws')}/graphql`, {forwardedFor: '198.51.100.31'})
    probeSocket.subscribe('s', 'subscription { blocks(limit: 1, orderBy: height_DESC) { height } }')
    await probeSocket.waitFor((m) => m.id == 's' && m.type == 'next', 10_000)
    const counted = await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()
    expect(counted.subscriptions.subscriptions).toBeGreaterThanOrEqual(1)
    expect(counted.subscriptions.connections).toBeGreaterThanOrEqual(1)
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text()
    expect(metrics).toContain('pop_squid_api_restarts_total 1')
    expect(metrics).toMatch(/pop_squid_api_subscriptions [1-9]/)
    probeSocket.close()
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()).subscriptions.subscriptions < counted.subscriptions.subscriptions, 5_000, 'the closed subscription to be released')
    expect(run.isRunning).toBe(true)
}, 60_000)
