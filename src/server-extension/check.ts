import type {RequestCheckContext} from '@subsquid/graphql-server/lib/check'
import {DocumentNode, parse} from 'graphql'
import {checkAdminToken} from './admin'
import {checkQueryShape, queryLimitsFromEnv} from './limits'

// Read once at start: a bad value stops the server with a message naming the variable.
const limits = queryLimitsFromEnv()

/**
 * Runs before every operation: refuses queries nested too deep, selecting too many fields
 * (alias floods) or introspecting when that is off; mutations are admin operations and need
 * the admin token.
 */
export async function requestCheck(req: RequestCheckContext): Promise<boolean | string> {
    // No operation chosen (an unknown operationName, several unnamed ones): GraphQL answers that itself.
    if (!req.operation) return true
    const document = documentOf(req)
    const refused = checkQueryShape(req.operation, document, limits, (req.request.variables ?? {}) as Record<string, unknown>)
    if (refused) return refused
    if (req.operation.operation == 'mutation') return checkAdminToken(req.http.headers.get('authorization'))
    return true
}

/**
 * The whole document of the operation (its fragments), parsed once per operation: the server keeps
 * each query's parsed document, so the same operation object comes back for the same query text.
 */
const documents = new WeakMap<object, DocumentNode | undefined>()

function documentOf(req: RequestCheckContext): DocumentNode | undefined {
    if (documents.has(req.operation)) return documents.get(req.operation)
    let document: DocumentNode | undefined
    try {
        document = req.request.query ? parse(req.request.query) : undefined
    } catch {
        document = undefined // already parsed once by the server: cannot fail here
    }
    documents.set(req.operation, document)
    return document
}
