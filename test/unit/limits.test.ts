import {OperationDefinitionNode, parse} from 'graphql'
import {checkQueryShape, queryLimitsFromEnv} from '../../src/server-extension/limits'

const limits = {maxDepth: 4, maxFields: 20, introspection: false}

function check(query: string, variables: Record<string, unknown> = {}) {
    const document = parse(query)
    const operation = document.definitions.find((d) => d.kind == 'OperationDefinition') as OperationDefinitionNode
    return checkQueryShape(operation, document, limits, variables)
}

describe('query shape limits', () => {
    test.each([
        ['a plain list', '{ blocks(limit: 5) { height hash } }', undefined],
        ['depth 4', '{ a { b { c { d } } } }', undefined],
        ['depth 5', '{ a { b { c { d { e } } } } }', 'query is nested 5 levels deep; at most 4 are allowed'],
        ['depth through a fragment', 'query { a { ...F } } fragment F on X { b { c { d { e } } } }', 'query is nested 5 levels deep; at most 4 are allowed'],
        ['a cyclic fragment is not followed forever', 'query { a { ...F } } fragment F on X { b { ...F } }', undefined],
        ['an alias flood', `{ ${Array.from({length: 21}, (_, i) => `a${i}: __typename`).join(' ')} }`, 'query selects more than 20 fields (aliases included); split it'],
        ['introspection when disabled', '{ __schema { queryType { name } } }', 'introspection is disabled on this server'],
        ['__typename is not introspection', '{ blocks(limit: 1) { __typename height } }', undefined],
        ['a selection of __typename alone (the entity queries fail on it)', '{ blocks(limit: 1) { __typename } }', 'blocks: select at least one field besides __typename'],
        ['__typename alone at the root is fine', '{ __typename }', undefined],
        ['a negative limit (found by fuzzing: it reached SQL and, with a BigInt filter, crashed the error formatter)', '{ transfers(limit: -1) { id } }', 'transfers: limit must not be negative (got -1)'],
        ['a negative nested offset', '{ blocks(limit: 1) { events(limit: 2, offset: -3) { id } } }', 'events: offset must not be negative (got -3)'],
    ])('%s', (_, query, expected) => {
        expect(check(query)).toBe(expected)
    })

    test('a negative limit given as a variable', () => {
        expect(check('query($l: Int) { transfers(limit: $l) { id } }', {l: -1})).toBe('transfers: limit must not be negative (got -1)')
        expect(check('query($l: Int) { transfers(limit: $l) { id } }', {l: 0})).toBeUndefined()
    })

    test('settings come from the environment and are validated', () => {
        expect(queryLimitsFromEnv({})).toEqual({maxDepth: 10, maxFields: 500, introspection: true})
        expect(queryLimitsFromEnv({GQL_MAX_DEPTH: '6', GQL_MAX_FIELDS: '100', GQL_INTROSPECTION: 'off'})).toEqual({maxDepth: 6, maxFields: 100, introspection: false})
        expect(() => queryLimitsFromEnv({GQL_MAX_DEPTH: '0'})).toThrow('GQL_MAX_DEPTH=0 is out of range: give an integer in 1..100')
        expect(() => queryLimitsFromEnv({GQL_INTROSPECTION: 'maybe'})).toThrow('GQL_INTROSPECTION="maybe" must be true or false')
    })
})
