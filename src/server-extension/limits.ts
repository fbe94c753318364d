import {DEFAULT_GUARD_LIMITS, GuardLimits} from '../api/guard'
import {loadApiSettings} from '../config/env'
import {DocumentNode, FieldNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode} from 'graphql'

export interface QueryLimits {
    maxDepth: number
    maxFields: number
    introspection: boolean
}

/** The shape limits the GraphQL server applies again (the front server checked them first), from the API settings. */
export function queryLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
    return queryLimitsOf(loadApiSettings(env).guard)
}

/** The shape limits among the front server's guard limits. */
export function queryLimitsOf(guard: GuardLimits): QueryLimits {
    return {maxDepth: guard.maxDepth, maxFields: guard.maxFields, introspection: guard.introspection}
}

/**
 * Measures an operation before it runs: its nesting depth and how many fields it selects in all
 * (aliases count: an alias flood is many fields), fragments expanded. Returns why it is refused,
 * or undefined.
 */
export function checkQueryShape(operation: OperationDefinitionNode, document: DocumentNode | undefined, limits: QueryLimits, variables: Record<string, unknown> = {}): string | undefined {
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const def of document?.definitions ?? []) if (def.kind == Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)
    let fields = 0
    let introspects = false
    let negative: string | undefined
    let typenameOnly: string | undefined
    const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
        let deepest = depth
        for (const sel of set.selections) {
            if (sel.kind == Kind.FIELD) {
                fields++
                negative ??= negativePaging(sel, variables)
                if (sel.name.value.startsWith('__') && sel.name.value != '__typename') introspects = true
                // Depth counts field levels: `{ a { b } }` is 2 deep.
                deepest = Math.max(deepest, depth + 1)
                if (sel.selectionSet) {
                    // The entity queries answer a selection of `__typename` alone with an internal assertion error.
                    if (sel.selectionSet.selections.every((s) => s.kind == Kind.FIELD && s.name.value == '__typename')) typenameOnly ??= sel.name.value
                    deepest = Math.max(deepest, walk(sel.selectionSet, depth + 1, seen))
                }
            } else if (sel.kind == Kind.INLINE_FRAGMENT) {
                deepest = Math.max(deepest, walk(sel.selectionSet, depth, seen))
            } else {
                const name = sel.name.value
                const fragment = fragments.get(name)
                if (!fragment || seen.has(name)) continue // unknown or cyclic: validation reports it
                deepest = Math.max(deepest, walk(fragment.selectionSet, depth, new Set([...seen, name])))
            }
            if (fields > limits.maxFields) return deepest
        }
        return deepest
    }
    const depth = walk(operation.selectionSet, 0, new Set())
    if (fields > limits.maxFields) return `query selects more than ${limits.maxFields} fields (aliases included); split it`
    // An introspection query (GraphiQL's own is 13 levels deep) has its own, larger depth limit.
    const roots = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind == Kind.FIELD).map((s) => s.name.value)
    const introspection = roots.length > 0 && roots.every((n) => n.startsWith('__')) && roots.some((n) => n != '__typename')
    const maxDepth = introspection ? Math.max(limits.maxDepth, MAX_INTROSPECTION_DEPTH) : limits.maxDepth
    if (depth > maxDepth) return `query is nested ${depth} levels deep; at most ${maxDepth} are allowed`
    if (introspects && !limits.introspection) return 'introspection is disabled on this server'
    if (typenameOnly) return `${typenameOnly}: select at least one field besides __typename`
    return negative
}

/** Depth allowed to introspection queries: the front server's (src/api/guard.ts). */
const MAX_INTROSPECTION_DEPTH = DEFAULT_GUARD_LIMITS.maxIntrospectionDepth

const PAGING_ARGS = new Set(['limit', 'offset', 'first'])

/** A negative `limit`, `offset` or `first` (literal or variable): refused before it reaches SQL. */
function negativePaging(field: FieldNode, variables: Record<string, unknown>): string | undefined {
    for (const arg of field.arguments ?? []) {
        if (!PAGING_ARGS.has(arg.name.value)) continue
        const value = arg.value.kind == Kind.INT ? Number(arg.value.value)
            : arg.value.kind == Kind.VARIABLE ? variables[arg.value.name.value] : undefined
        if (typeof value == 'number' && value < 0) return `${field.name.value}: ${arg.name.value} must not be negative (got ${value})`
    }
    return undefined
}
