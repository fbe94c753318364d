import type {RequestCheckContext} from '@subsquid/graphql-server/lib/check'
import {parse} from 'graphql'
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
    let document
    try {
        document = req.request.query ? parse(req.request.query) : undefined
    } catch {
        document = undefined // already parsed once by the server: cannot fail here
    }
    const refused = checkQueryShape(req.operation, document, limits, (req.request.variables ?? {}) as Record<string, unknown>)
    if (refused) return refused
    if (req.operation.operation == 'mutation') return checkAdminToken(req.http.headers.get('authorization'))
    return true
}
