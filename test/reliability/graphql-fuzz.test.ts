/**
 * GraphQL inputs, generated: random `where`, `limit`, `offset` and `orderBy` values (of the right
 * type and of wrong ones) against the real GraphQL server on a real database. Every answer must be
 * a 200 with data or a clean GraphQL error, or a 4xx: never a 5xx, never a hang.
 * The query space is read from the server's own schema (every list query with `where` and `limit`).
 * Quick: part of `npm test`. FUZZ_RUNS_SCALE scales the number of runs.
 */
import fc from 'fast-check'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, shutDown, spawnGraphql} from '../harness/processes'

const RUNS = Math.max(1, Math.round(400 * Number(process.env.FUZZ_RUNS_SCALE ?? 1)))
const HANG_MS = 10_000

let db: TestDatabase
let api: {proc: ProjectProcess, url: string}
let queries: {field: string, whereType: string, orderType?: string, orderValues: string[], whereFields: {name: string, type: string, list: boolean}[]}[] = []
const outcomes = {data: 0, graphqlError: 0, status4xx: 0}

interface TypeRef {kind: string, name: string | null, ofType: TypeRef | null}

function named(t: TypeRef): {name: string, list: boolean} {
    let list = false
    while (t.ofType) {
        if (t.kind == 'LIST') list = true
        t = t.ofType
    }
    return {name: t.name!, list}
}

beforeAll(async () => {
    db = await TestDatabase.create('gqlfuzz')
    // No rate limit: every fuzzed query must reach the server, not a 429.
    api = await spawnGraphql({...db.env, GQL_RATE_LIMIT: '0'})
    const res = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: `{
        __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
                   types { name kind inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } enumValues { name } } }
    }`})})
    const schema = (await res.json() as any).data.__schema
    const types = new Map<string, any>(schema.types.map((t: any) => [t.name, t]))
    for (const f of schema.queryType.fields) {
        const where = f.args.find((a: any) => a.name == 'where')
        // The list queries (the *Connection ones page with first/after instead).
        if (!where || !f.args.some((a: any) => a.name == 'limit')) continue
        const whereType = named(where.type).name
        const order = f.args.find((a: any) => a.name == 'orderBy')
        const orderType = order ? named(order.type).name : undefined
        const whereFields = (types.get(whereType)?.inputFields ?? []).map((i: any) => ({name: i.name, type: named(i.type).name, list: named(i.type).list}))
        queries.push({field: f.name, whereType, orderType, orderValues: orderType ? (types.get(orderType)?.enumValues ?? []).map((e: any) => e.name) : [], whereFields})
    }
    queries = queries.filter((q) => q.whereFields.length > 0)
})

afterAll(async () => {
    console.log(`GraphQL fuzz: ${RUNS} queries over ${queries.length} list queries: ${outcomes.data} with data, ${outcomes.graphqlError} GraphQL errors, ${outcomes.status4xx} 4xx`)
    await shutDown({api, db})
})

/** A value for an input field: usually a valid one of its type, now and then an odd or wrong one. */
function valueFor(type: string, list: boolean): fc.Arbitrary<unknown> {
    const right: Record<string, fc.Arbitrary<unknown>> = {
        Int: fc.oneof(fc.integer({min: -1000, max: 1000}), fc.constantFrom(2147483647, -2147483648, 0)),
        Float: fc.double({noNaN: true, noDefaultInfinity: true}),
        String: fc.oneof(fc.string({maxLength: 40}), fc.constantFrom("'", '%', '_', '\\', "'; DROP TABLE block; --", 'x'.repeat(5000), '\u00e9\u{1F600}')),
        ID: fc.oneof(fc.string({maxLength: 40}), fc.constantFrom('local:0x00', "'")),
        Boolean: fc.boolean(),
        BigInt: fc.oneof(fc.bigInt({min: -(2n ** 70n), max: 2n ** 70n}).map(String), fc.constantFrom('99999999999999999999999999999999999999999999', '0')),
        BigDecimal: fc.oneof(fc.double({noNaN: true, noDefaultInfinity: true}).map(String), fc.constantFrom('0.0000000001', '1e30')),
        DateTime: fc.date({noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z')}).map((d) => d.toISOString()),
        JSONObject: fc.jsonValue({maxDepth: 3}),
        Bytes: fc.uint8Array({maxLength: 40}).map((b) => '0x' + Buffer.from(b).toString('hex')),
    }
    // A nested where (e.g. `events_some`): empty, or an AND/OR of empties.
    const base = right[type] ?? fc.constantFrom({}, {AND: [{}]}, {OR: [{}, {}]})
    const odd = fc.oneof(fc.string({maxLength: 30}), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({}),
        fc.constantFrom('1e400', 'NaN', 'not a date', '2024-13-45T99:99:99Z', '0xzz', '\u0000'))
    const one = fc.oneof({weight: 40, arbitrary: base}, {weight: 1, arbitrary: odd})
    return list ? fc.oneof(fc.array(one, {maxLength: 5}), one) : one
}

test('random where / limit / offset / orderBy: a 200 with data or a GraphQL error, or a 4xx; never a 5xx or a hang', async () => {
    expect(queries.length).toBeGreaterThan(5)
    const query = fc.nat({max: queries.length - 1}).chain((qi) => {
        const q = queries[qi]
        const conditions = fc.array(fc.nat({max: q.whereFields.length - 1}).chain((fi) => {
            const f = q.whereFields[fi]
            return valueFor(f.type, f.list).map((v) => [f.name, v] as const)
        }), {maxLength: 3}).map((entries) => Object.fromEntries(entries))
        // Sometimes combine with AND / OR, which every where input has.
        const where = fc.oneof(conditions, conditions.map((c) => ({OR: [c, c]})), conditions.map((c) => ({AND: [c]})))
        const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) => fc.oneof({weight: 30, arbitrary: usual}, {weight: 1, arbitrary: odd})
        const limit = rarely(fc.integer({min: 0, max: 1000}), fc.oneof(fc.constant(undefined), fc.integer({min: -10, max: -1}), fc.constantFrom(2147483647, 100_000), valueFor('String', false)))
        const offset = rarely(fc.oneof(fc.constant(undefined), fc.integer({min: 0, max: 10_000})), fc.oneof(fc.integer({min: -10, max: -1}), fc.constant(2147483647), valueFor('Float', false)))
        const orderBy = q.orderValues.length
            ? rarely(fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom(...q.orderValues), {minLength: 1, maxLength: 3})), fc.string({maxLength: 10}))
            : fc.constant(undefined)
        return fc.record({q: fc.constant(q), where, limit, offset, orderBy})
    })
    await fc.assert(fc.asyncProperty(query, async ({q, where, limit, offset, orderBy}) => {
        const vars = q.orderType ? `$w: ${q.whereType}, $l: Int, $o: Int, $ob: [${q.orderType}!]` : `$w: ${q.whereType}, $l: Int, $o: Int`
        const args = q.orderType ? 'where: $w, limit: $l, offset: $o, orderBy: $ob' : 'where: $w, limit: $l, offset: $o'
        const body = JSON.stringify({query: `query(${vars}) { ${q.field}(${args}) { id } }`, variables: {w: where, l: limit, o: offset, ob: orderBy}})
        const started = Date.now()
        const res = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body, signal: AbortSignal.timeout(HANG_MS)})
        const text = await res.text()
        const ms = Date.now() - started
        const context = `${res.status} in ${ms} ms for ${body.slice(0, 500)}: ${text.slice(0, 500)}`
        if (res.status >= 500) throw new Error(`server error ${context}`)
        if (res.status >= 400) {
            outcomes.status4xx++
            return
        }
        expect(res.status).toBe(200)
        const json = JSON.parse(text)
        if (json.errors) {
            outcomes.graphqlError++
            for (const e of json.errors) expect(typeof e.message).toBe('string')
        } else {
            outcomes.data++
            expect(Array.isArray(json.data?.[q.field])).toBe(true)
        }
    }), {numRuns: RUNS})
    expect(api.proc.isRunning).toBe(true)
})
