import {GraphQLError} from 'graphql'
import {formatApiError, clean} from '../../src/api/errors'
import {DEFAULT_GUARD_LIMITS, guardRequest} from '../../src/api/guard'
import {redactUrl, redactUrls} from '../../src/config/redact'
import {UserError} from '../../src/server-extension/errors'

const limits = DEFAULT_GUARD_LIMITS
const many = (n: number, f: (i: number) => string) => Array.from({length: n}, (_, i) => f(i)).join(' ')

function verdict(query: unknown, extra: Record<string, unknown> = {}) {
    return guardRequest({query, ...extra}, limits)
}

describe('the front server guard', () => {
    test.each([
        ['a plain list', '{ blocks(limit: 5) { height hash } }', 1],
        ['100 rows of 2 fields', '{ blocks(limit: 100) { height hash } }', 3],
        ['nested lists multiply', '{ blocks(limit: 100) { events(limit: 100) { id } } }', 102],
        ['a totalCount is priced like 1000 values', '{ eventsConnection(orderBy: id_ASC) { totalCount } }', 11],
        ['a connection page is its edges', '{ eventsConnection(orderBy: id_ASC, first: 500) { edges { node { id } } } }', 11],
        ['a mutation costs 1', 'mutation { removeContractAbi(codeHash: "0x00") }', 1],
        ['one key selected differently on two types', '{ search(limit: 5) { ... on Block { x: height } ... on Event { x: name } } }', 1],
    ])('%s passes with its cost', (_, query, cost) => {
        expect(verdict(query)).toMatchObject({ok: true, cost})
    })

    test.each([
        ['conflicting aliases', `{ ${many(3, (i) => `x: blocks(limit: ${i + 1}) { id }`)} }`, 'BAD_USER_INPUT', /names two different fields/],
        ['duplicates past the repeat limit', `{ blocks(limit: 1) { ${many(11, () => 'id')} } }`, 'QUERY_TOO_COMPLEX', /more than 10 times/],
        // Each in its own type condition: GraphQL's merge check still compares every pair (126 ms for 480 of them).
        ['duplicates past the repeat limit in typed inline fragments', `{ blocks(limit: 1) { ${many(11, () => '... on Block { k: id }')} } }`, 'QUERY_TOO_COMPLEX', /"k" is selected more than 10 times/],
        ['too many tokens', `{ a(x: [${many(4100, () => '1')}]) }`, 'QUERY_TOO_COMPLEX', /more than 4000 tokens/],
        ['too many fields', `{ ${many(501, (i) => `a${i}: blocks(limit: 1) { id }`).slice(0, 100000)} }`, 'QUERY_TOO_COMPLEX', /more than/],
        ['a fragment bomb', `{ ...F0 } ${many(20, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F20 on Query { a }`, 'QUERY_TOO_COMPLEX', /more than 10 times|more than 500 fields/],
        ['a cyclic fragment', '{ ...A } fragment A on Query { ...A }', 'BAD_USER_INPUT', /spreads itself/],
        ['depth 11', `{ ${'a { '.repeat(11)}b${' }'.repeat(11)} }`, 'QUERY_TOO_COMPLEX', /nested 12 levels deep; at most 10/],
        ['introspection 17 deep', `{ __schema { ${'a { '.repeat(15)}b${' }'.repeat(15)} } }`, 'QUERY_TOO_COMPLEX', /at most 16/],
        ['a long string', `{ contractCallers(address: "${'a'.repeat(3000)}") { caller } }`, 'BAD_USER_INPUT', /3000 characters long; at most 2048/],
        ['a long list', `{ events(where: {id_in: [${many(1001, () => '"a"')}]}, limit: 1) { id } }`, 'BAD_USER_INPUT', /1001 items/],
        ['too many directives', `{ blocks(limit: 1) { ${many(51, (i) => `a${i}: id @include(if: true)`)} } }`, 'QUERY_TOO_COMPLEX', /directives/],
        ['an answer too big', '{ blocks(limit: 1000) { events(limit: 1000) { id } } }', 'QUERY_TOO_COMPLEX', /about 1001001 values/],
        ['a syntax error', '{ blocks(limit: 1) { id }', 'GRAPHQL_PARSE_FAILED', /^syntax error: Expected Name, found <EOF>/],
        ['two unnamed operations', '{ a } { b }', 'BAD_USER_INPUT', /2 operations/],
        ['a negative limit', '{ transfers(limit: -1) { id } }', 'BAD_USER_INPUT', /limit must not be negative/],
        ['a type definition', 'type X { a: Int }', 'BAD_USER_INPUT', /only operations and fragments/],
    ])('%s is refused', (_, query, code, message) => {
        const v = verdict(query)
        expect(v).toMatchObject({ok: false, code})
        if (!v.ok) expect(v.message).toMatch(message)
    })

    test('the request itself', () => {
        expect(guardRequest([{query: '{ a }'}], limits)).toMatchObject({ok: false, message: expect.stringMatching(/batched/)})
        expect(guardRequest(null, limits)).toMatchObject({ok: false, code: 'BAD_REQUEST'})
        expect(verdict(42)).toMatchObject({ok: false, code: 'BAD_REQUEST'})
        expect(verdict('{ a }', {variables: 'x'})).toMatchObject({ok: false, code: 'BAD_REQUEST'})
        expect(verdict('query A { a }', {operationName: 'B'})).toMatchObject({ok: false, message: 'the document has no operation named "B" (it has A)'})
        expect(verdict('query A { a } query B { b }', {operationName: 'B'})).toMatchObject({ok: true})
    })

    test('variables: bounded, except a mutation\'s strings (an ABI is long)', () => {
        expect(verdict('query($a: String) { x(a: $a) }', {variables: {a: 'x'.repeat(3000)}})).toMatchObject({ok: false, code: 'BAD_USER_INPUT'})
        expect(verdict('mutation($a: String!) { registerContractAbi(abi: $a, codeHash: "0x") { id } }', {variables: {a: 'x'.repeat(200_000)}})).toMatchObject({ok: true})
        let deep: any = {}
        for (let i = 0; i < 50; i++) deep = {AND: deep}
        expect(verdict('query($w: W) { events(where: $w, limit: 1) { id } }', {variables: {w: deep}})).toMatchObject({ok: false, message: expect.stringMatching(/nested more than 20/)})
        expect(verdict('query($l: Int) { blocks(limit: $l) { events(limit: $l) { id } } }', {variables: {l: 1000}})).toMatchObject({ok: false, code: 'QUERY_TOO_COMPLEX'})
    })

    test('introspection can be turned off', () => {
        expect(guardRequest({query: '{ __schema { queryType { name } } }'}, {...limits, introspection: false})).toMatchObject({ok: false, message: 'introspection is disabled on this server'})
        expect(guardRequest({query: '{ __typename }'}, {...limits, introspection: false})).toMatchObject({ok: true})
    })

    test('checking a request that is as large as allowed is fast', () => {
        const query = `{ ${many(490, (i) => `a${i}: blocks(limit: 1) { id }`)} }`.slice(0, 250_000)
        const started = performance.now()
        for (let i = 0; i < 10; i++) guardRequest({query}, {...limits, maxTokens: 100_000})
        expect((performance.now() - started) / 10).toBeLessThan(100)
    })
})

describe('error answers', () => {
    const logged: string[] = []
    const log = (line: string) => logged.push(line)
    const dbError = (code: string, message: string) => Object.assign(new Error(message), {code, severity: 'ERROR', query: 'SELECT secret FROM t WHERE x = $1'})

    test('a data exception from PostgreSQL is the client\'s mistake, shown without SQL', () => {
        const err = new GraphQLError('invalid byte sequence', undefined, undefined, undefined, ['blocks'], dbError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))
        expect(formatApiError(err, log)).toEqual({message: 'a value in the query cannot be used: invalid byte sequence for encoding "UTF8": 0x00', path: ['blocks'], extensions: {code: 'BAD_USER_INPUT'}})
    })

    test('a statement timeout says so', () => {
        const err = new GraphQLError('canceling statement', undefined, undefined, undefined, ['events'], dbError('57014', 'canceling statement due to statement timeout'))
        expect(formatApiError(err, log).extensions).toEqual({code: 'QUERY_TIMEOUT'})
    })

    test('other failures are internal: logged one line, answered without detail', () => {
        logged.length = 0
        const err = new GraphQLError('boom', undefined, undefined, undefined, ['topAssets'], new Error('connect ECONNREFUSED http://u:pw@db.example:5432/x at /srv/app/lib/x.js:10:5'))
        const answer = formatApiError(err, log)
        expect(answer).toEqual({message: 'internal error: the server could not answer this query (it is logged)', path: ['topAssets'], extensions: {code: 'INTERNAL_SERVER_ERROR'}})
        expect(logged).toHaveLength(1)
        expect(logged[0]).not.toContain('pw')
        const db = formatApiError(new GraphQLError('x', undefined, undefined, undefined, ['a'], dbError('42P01', 'relation "secret" does not exist')), log)
        expect(db.message).toBe('internal error: the database could not answer this query')
    })

    test('a UserError keeps its message', () => {
        const err = new GraphQLError('limit must be between 1 and 1000', undefined, undefined, undefined, ['contractCallers'], new UserError('limit must be between 1 and 1000'))
        expect(formatApiError(err, log)).toEqual({message: 'limit must be between 1 and 1000', path: ['contractCallers'], extensions: {code: 'BAD_USER_INPUT'}})
    })

    test('messages lose paths, stacks and control characters, and are short', () => {
        expect(clean('Cannot find /srv/app/node_modules/x/lib/y.js:12:3\n    at foo (bar.js:1:1)')).toBe('Cannot find <file>')
        expect(clean('a\u0000b')).toBe('a?b')
        expect(clean('x'.repeat(1000)).length).toBeLessThan(320)
    })
})

describe('URL redaction', () => {
    test.each([
        ['wss://user:pass@rpc.example:443/ws', 'wss://***@rpc.example/ws'],
        ['https://mainnet.example/v3/9aa3d95b3bc440fa88ea12eaa4456161', 'https://mainnet.example/v3/***'],
        ['wss://rpc.example/ws?apikey=abc', 'wss://rpc.example/ws?***'],
        ['ws://127.0.0.1:8000', 'ws://127.0.0.1:8000'],
        ['not a url', '<invalid URL>'],
    ])('%s', (url, shown) => {
        expect(redactUrl(url)).toBe(shown)
    })

    test('inside a text', () => {
        expect(redactUrls('request to wss://a:b@x.example/k failed; url="http://u:p@h:1/"')).toBe('request to wss://***@x.example/k failed; url="http://***@h:1"')
    })
})
