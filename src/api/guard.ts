/**
 * The front server's look at a GraphQL request before any of it reaches the GraphQL server.
 *
 * GraphQL's own validation is quadratic in places (the rule that merges fields with the same
 * response key compares every pair) and reports every error it finds, so a 50 KB document of
 * conflicting aliases could hold the server for minutes. Everything here is linear in the request:
 * a token count before parsing, one walk of the chosen operation with fragments expanded (stopped
 * at the field limit, so a fragment bomb costs no more than an honest query), and one walk of the
 * variables. What passes gets a cost estimate that the per-client budget is charged with.
 */
import {
    DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, Lexer, OperationDefinitionNode, parse, print, SelectionSetNode,
    Source, TokenKind, ValueNode,
} from 'graphql'

export interface GuardLimits {
    /** Lexical tokens in the document (names, punctuation, values). */
    maxTokens: number
    /** Fields selected by the chosen operation, fragments expanded, aliases counted. */
    maxFields: number
    /** Nesting depth of fields. */
    maxDepth: number
    /** Nesting depth of an introspection query (GraphiQL's own is 13 deep). */
    maxIntrospectionDepth: number
    /** Directives in the whole document. */
    maxDirectives: number
    /** Times one response key may appear in one selection set (fragments merged). */
    maxRepeats: number
    /** Characters in one string, in the document or the variables (mutations' variables excepted: ABIs are long). */
    maxStringLength: number
    /** Items in one list, in the document or the variables. */
    maxListItems: number
    /** Values the answer could hold, by the limits the query asks for. */
    maxNodes: number
    introspection: boolean
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = {
    maxTokens: 4000,
    maxFields: 500,
    maxDepth: 10,
    maxIntrospectionDepth: 16,
    maxDirectives: 50,
    maxRepeats: 10,
    maxStringLength: 2048,
    maxListItems: 1000,
    maxNodes: 100_000,
    introspection: true,
}

export type GuardResult =
    | {ok: true, operation: 'query' | 'mutation' | 'subscription', cost: number, introspection: boolean, document: DocumentNode, chosen: OperationDefinitionNode}
    | {ok: false, code: 'BAD_REQUEST' | 'GRAPHQL_PARSE_FAILED' | 'QUERY_TOO_COMPLEX' | 'BAD_USER_INPUT', message: string}

/** A request body as clients send it: `{query, variables, operationName}`. */
export interface GraphqlRequest {
    query?: unknown
    variables?: unknown
    operationName?: unknown
    /** Apollo's request extensions (persisted queries): passed on to the GraphQL server as they are. */
    extensions?: unknown
}

/** Rows a list field without `limit` / `first` is assumed to return, for the cost estimate. */
const UNBOUNDED_LIST_GUESS = 100
/** A `totalCount` counts every matching row: priced like this many values. */
const TOTAL_COUNT_COST = 1000
/** Values per cost unit: a query answering up to this many values costs 1. */
const NODES_PER_UNIT = 100
const PAGING_ARGS = ['limit', 'first']

class Refusal extends Error {
    constructor(readonly code: Exclude<GuardResult, {ok: true}>['code'], message: string) {
        super(message)
    }
}

/** Checks one request; never throws. */
export function guardRequest(request: unknown, limits: GuardLimits): GuardResult {
    try {
        return check(request, limits)
    } catch (err) {
        if (err instanceof Refusal) return {ok: false, code: err.code, message: err.message}
        // A defect here must not let the request through unchecked, nor crash the server.
        return {ok: false, code: 'BAD_REQUEST', message: 'the request could not be checked'}
    }
}

function check(request: unknown, limits: GuardLimits): GuardResult {
    if (Array.isArray(request)) throw new Refusal('BAD_REQUEST', 'batched requests are not supported: send one operation per request')
    if (request == null || typeof request != 'object') throw new Refusal('BAD_REQUEST', 'the request must be a JSON object with a "query" string')
    const {query, variables, operationName} = request as GraphqlRequest
    if (typeof query != 'string' || query.trim() == '') throw new Refusal('BAD_REQUEST', 'the request has no "query" string')
    if (variables != null && (typeof variables != 'object' || Array.isArray(variables))) throw new Refusal('BAD_REQUEST', '"variables" must be an object')
    if (operationName != null && typeof operationName != 'string') throw new Refusal('BAD_REQUEST', '"operationName" must be a string')
    if (typeof operationName == 'string' && operationName.length > 128) throw new Refusal('BAD_REQUEST', '"operationName" is longer than 128 characters')

    countTokens(query, limits.maxTokens)
    let document: DocumentNode
    try {
        document = parse(query, {noLocation: true})
    } catch (err) {
        throw new Refusal('GRAPHQL_PARSE_FAILED', `syntax error: ${short(err instanceof GraphQLError ? err.message.replace(/^Syntax Error: /, '') : 'unreadable document')}`)
    }

    const operations: OperationDefinitionNode[] = []
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const def of document.definitions) {
        if (def.kind == Kind.OPERATION_DEFINITION) operations.push(def)
        else if (def.kind == Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)
        else throw new Refusal('BAD_USER_INPUT', 'the document may hold only operations and fragments')
    }
    const operation = chooseOperation(operations, operationName as string | undefined)
    checkDocumentValues(document, limits, operation.operation == 'mutation')
    if (variables != null) checkVariables(variables, limits, operation.operation == 'mutation')

    const rootNames = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind == Kind.FIELD).map((s) => s.name.value)
    const introspection = rootNames.length > 0 && rootNames.every((n) => n.startsWith('__')) && rootNames.some((n) => n != '__typename')
    const walk = new OperationWalk(fragments, (variables ?? {}) as Record<string, unknown>, limits)
    walk.selectionSet(operation.selectionSet, 0, 1, [])
    if (walk.introspects && !limits.introspection) throw new Refusal('BAD_USER_INPUT', 'introspection is disabled on this server')
    const maxDepth = introspection ? limits.maxIntrospectionDepth : limits.maxDepth
    if (walk.depth > maxDepth) throw new Refusal('QUERY_TOO_COMPLEX', `the query is nested ${walk.depth} levels deep; at most ${maxDepth} are allowed`)
    if (walk.nodes > limits.maxNodes) {
        throw new Refusal('QUERY_TOO_COMPLEX', `the query could return about ${Math.round(walk.nodes)} values (by its limits); at most ${limits.maxNodes} are allowed: ask for fewer rows or fields`)
    }
    const cost = operation.operation != 'mutation' ? 1 + Math.floor(walk.nodes / NODES_PER_UNIT) : 1
    return {ok: true, operation: operation.operation, cost, introspection, document, chosen: operation}
}

/** Counts lexical tokens, stopping at the limit: a document is never lexed past it. */
function countTokens(query: string, max: number): void {
    const lexer = new Lexer(new Source(query))
    let n = 0
    try {
        while (lexer.advance().kind != TokenKind.EOF) {
            if (++n > max) throw new Refusal('QUERY_TOO_COMPLEX', `the query has more than ${max} tokens; split it`)
        }
    } catch (err) {
        if (err instanceof Refusal) throw err
        throw new Refusal('GRAPHQL_PARSE_FAILED', `syntax error: ${short(err instanceof GraphQLError ? err.message.replace(/^Syntax Error: /, '') : 'unreadable document')}`)
    }
}

function chooseOperation(operations: OperationDefinitionNode[], name: string | undefined): OperationDefinitionNode {
    if (operations.length == 0) throw new Refusal('BAD_USER_INPUT', 'the document has no operation to run')
    if (name) {
        const found = operations.find((o) => o.name?.value == name)
        if (found) return found
        const names = operations.map((o) => o.name?.value).filter(Boolean).slice(0, 5)
        throw new Refusal('BAD_USER_INPUT', `the document has no operation named ${JSON.stringify(short(name, 40))}${names.length ? ` (it has ${names.join(', ')})` : ''}`)
    }
    if (operations.length > 1) throw new Refusal('BAD_USER_INPUT', `the document has ${operations.length} operations: name the one to run with "operationName"`)
    return operations[0]
}

/** Strings, lists and directives written in the document itself. */
function checkDocumentValues(document: DocumentNode, limits: GuardLimits, mutation: boolean): void {
    let directives = 0
    const value = (v: ValueNode, depth: number): void => {
        if (depth > 20) throw new Refusal('BAD_USER_INPUT', 'an argument is nested more than 20 levels deep')
        if (v.kind == Kind.STRING) {
            if (!mutation && v.value.length > limits.maxStringLength) throw new Refusal('BAD_USER_INPUT', `a string argument is ${v.value.length} characters long; at most ${limits.maxStringLength} are allowed`)
        } else if (v.kind == Kind.LIST) {
            if (v.values.length > limits.maxListItems) throw new Refusal('BAD_USER_INPUT', `a list argument has ${v.values.length} items; at most ${limits.maxListItems} are allowed`)
            for (const item of v.values) value(item, depth + 1)
        } else if (v.kind == Kind.OBJECT) {
            if (v.fields.length > limits.maxListItems) throw new Refusal('BAD_USER_INPUT', `an object argument has ${v.fields.length} fields; at most ${limits.maxListItems} are allowed`)
            for (const f of v.fields) value(f.value, depth + 1)
        }
    }
    const selections = (set: SelectionSetNode | undefined): void => {
        for (const sel of set?.selections ?? []) {
            directives += sel.directives?.length ?? 0
            for (const d of sel.directives ?? []) for (const a of d.arguments ?? []) value(a.value, 0)
            if (sel.kind == Kind.FIELD) for (const a of sel.arguments ?? []) value(a.value, 0)
            if (sel.kind != Kind.FRAGMENT_SPREAD) selections(sel.selectionSet)
            if (directives > limits.maxDirectives) throw new Refusal('QUERY_TOO_COMPLEX', `the query has more than ${limits.maxDirectives} directives`)
        }
    }
    for (const def of document.definitions) {
        if (def.kind != Kind.OPERATION_DEFINITION && def.kind != Kind.FRAGMENT_DEFINITION) continue
        directives += def.directives?.length ?? 0
        if (def.kind == Kind.OPERATION_DEFINITION) for (const v of def.variableDefinitions ?? []) if (v.defaultValue) value(v.defaultValue, 0)
        selections(def.selectionSet)
    }
    if (directives > limits.maxDirectives) throw new Refusal('QUERY_TOO_COMPLEX', `the query has more than ${limits.maxDirectives} directives`)
}

/** Variables: bounded strings (but a mutation's: an ABI is a long string), lists and nesting. */
function checkVariables(variables: object, limits: GuardLimits, mutation: boolean): void {
    let nodes = 0
    const walk = (v: unknown, depth: number): void => {
        if (++nodes > 10 * limits.maxListItems) throw new Refusal('BAD_USER_INPUT', `the variables hold more than ${10 * limits.maxListItems} values`)
        if (depth > 20) throw new Refusal('BAD_USER_INPUT', 'the variables are nested more than 20 levels deep')
        if (typeof v == 'string') {
            if (!mutation && v.length > limits.maxStringLength) throw new Refusal('BAD_USER_INPUT', `a string variable is ${v.length} characters long; at most ${limits.maxStringLength} are allowed`)
        } else if (Array.isArray(v)) {
            if (v.length > limits.maxListItems) throw new Refusal('BAD_USER_INPUT', `a list variable has ${v.length} items; at most ${limits.maxListItems} are allowed`)
            for (const item of v) walk(item, depth + 1)
        } else if (v != null && typeof v == 'object') {
            const values = Object.values(v)
            if (values.length > limits.maxListItems) throw new Refusal('BAD_USER_INPUT', `an object variable has ${values.length} fields; at most ${limits.maxListItems} are allowed`)
            for (const item of values) walk(item, depth + 1)
        }
    }
    walk(variables, 0)
}

/**
 * One walk over the chosen operation, fragments expanded in place. Counts fields (and stops past
 * the limit), depth, and the values the answer could hold: each field times the `limit` / `first`
 * of the lists above it. In each selection set (fragments merged into it, as GraphQL merges them)
 * a response key may name one field with one set of arguments, a few times at most: that is what
 * keeps GraphQL's pairwise merge check cheap.
 */
class OperationWalk {
    fields = 0
    depth = 0
    nodes = 0
    introspects = false

    constructor(private fragments: Map<string, FragmentDefinitionNode>, private variables: Record<string, unknown>, private limits: GuardLimits) {}

    /**
     * `page`: inside a connection, the rows its `edges` hold. `keys`: the field each response key
     * names, per type scope; `counts`: how often each key appears in the whole selection set, every
     * type condition in it included (GraphQL's merge check compares all of them with each other).
     */
    selectionSet(set: SelectionSetNode, depth: number, multiplier: number, spreads: string[], keys = new Map<string, string>(), page?: number, counts = new Map<string, number>()): void {
        for (const sel of set.selections) {
            if (sel.kind == Kind.FIELD) {
                this.field(sel, depth, multiplier, spreads, keys, page, counts)
            } else if (sel.kind == Kind.INLINE_FRAGMENT) {
                // A type condition may select the same key differently on another type: its own scope.
                this.selectionSet(sel.selectionSet, depth, multiplier, spreads, sel.typeCondition ? new Map() : keys, page, counts)
            } else {
                const name = sel.name.value
                const fragment = this.fragments.get(name)
                if (!fragment) throw new Refusal('BAD_USER_INPUT', `unknown fragment ${JSON.stringify(short(name, 40))}`)
                if (spreads.includes(name)) throw new Refusal('BAD_USER_INPUT', `fragment ${name} spreads itself`)
                this.selectionSet(fragment.selectionSet, depth, multiplier, [...spreads, name], keys, page, counts)
            }
        }
    }

    private field(field: FieldNode, depth: number, multiplier: number, spreads: string[], keys: Map<string, string>, page: number | undefined, counts: Map<string, number>): void {
        if (++this.fields > this.limits.maxFields) {
            throw new Refusal('QUERY_TOO_COMPLEX', `the query selects more than ${this.limits.maxFields} fields (aliases and fragments counted); split it`)
        }
        const name = field.name.value
        if (name.startsWith('__') && name != '__typename') this.introspects = true
        const key = field.alias?.value ?? name
        const signature = field.arguments?.length ? `${name}(${field.arguments.map((a) => print(a)).join(',')})` : name
        const seen = keys.get(key)
        if (seen != null && seen != signature) throw new Refusal('BAD_USER_INPUT', `the response key ${JSON.stringify(short(key, 40))} names two different fields or arguments: give one of them another alias`)
        keys.set(key, signature)
        const count = (counts.get(key) ?? 0) + 1
        if (count > this.limits.maxRepeats) throw new Refusal('QUERY_TOO_COMPLEX', `the field ${JSON.stringify(short(key, 40))} is selected more than ${this.limits.maxRepeats} times in one place`)
        counts.set(key, count)
        this.depth = Math.max(this.depth, depth + 1)
        if (name == 'totalCount') this.nodes += TOTAL_COUNT_COST * multiplier
        this.nodes += multiplier
        if (!field.selectionSet) return
        const rows = this.rows(field)
        // A connection is one object; its `edges` hold the page (`first`, or the server's default page).
        if (name.endsWith('Connection')) return this.selectionSet(field.selectionSet, depth + 1, multiplier, spreads, undefined, rows ?? UNBOUNDED_LIST_GUESS)
        const fieldRows = name == 'edges' && page != null ? page : rows ?? 1
        this.selectionSet(field.selectionSet, depth + 1, multiplier * fieldRows, spreads)
    }

    /** Rows a field asks for with `limit` or `first` (a guess when the value is not a number), or undefined. */
    private rows(field: FieldNode): number | undefined {
        for (const arg of field.arguments ?? []) {
            if (!PAGING_ARGS.includes(arg.name.value)) continue
            const v = arg.value.kind == Kind.INT ? Number(arg.value.value)
                : arg.value.kind == Kind.VARIABLE ? Number(this.variables[arg.value.name.value]) : NaN
            if (Number.isFinite(v) && v < 0) throw new Refusal('BAD_USER_INPUT', `${field.name.value}: ${arg.name.value} must not be negative (got ${v})`)
            return Number.isFinite(v) ? Math.max(1, v) : UNBOUNDED_LIST_GUESS
        }
        return undefined
    }
}

/** Echoes at most `max` characters of a value a client sent. */
export function short(text: string, max = 200): string {
    return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}
