import type {RequestCheckContext} from '@subsquid/graphql-server/lib/check'
import {checkAdminToken} from './admin'

/**
 * Runs before every operation: mutations are admin operations (ABI registration) and need the
 * admin token; queries pass.
 */
export async function requestCheck(req: RequestCheckContext): Promise<boolean | string> {
    if (req.operation.operation == 'mutation') return checkAdminToken(req.http.headers.get('authorization'))
    return true
}
