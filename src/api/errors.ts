/**
 * The shape of every error the GraphQL server answers: a message and a code, nothing else. No
 * stack, no SQL or its parameters, no file path, no credential. A client's mistake keeps its
 * message (shortened) and gets a 4xx-style code; anything else becomes "internal error", and its
 * real message goes to the server's log, one line, redacted.
 */
import type {GraphQLError, GraphQLFormattedError} from 'graphql'
import {redactUrls} from '../config/redact'
import {UserError} from '../server-extension/errors'

/** Codes whose message was written for the client: the request, not the server, is at fault. */
const CLIENT_CODES = new Set([
    'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
    'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'FORBIDDEN', 'UNAUTHENTICATED',
])

const MAX_MESSAGE = 300

export type ErrorLog = (line: string) => void

export function formatApiError(error: GraphQLError, log: ErrorLog): GraphQLFormattedError {
    const original = error.originalError as (Error & {code?: unknown, extensions?: Record<string, unknown>}) | undefined
    const path = error.path?.map(String)
    const answer = (message: string, code: string): GraphQLFormattedError => ({
        message: clean(message), ...(path ? {path} : {}), extensions: {code},
    })
    const db = databaseError(original)
    if (db) {
        if (db.code == '57014') return answer('the query ran longer than the server allows (GQL_SQL_STATEMENT_TIMEOUT_MS): narrow it with a filter or a smaller limit', 'QUERY_TIMEOUT')
        // Class 22: data exceptions, all caused by a value in the query (bad text, a NUL byte, out of range).
        if (db.code.startsWith('22')) return answer(`a value in the query cannot be used: ${db.message}`, 'BAD_USER_INPUT')
        log(`internal error${path ? ` in ${path.join('.')}` : ''}: database error ${db.code}: ${redactUrls(db.message)}`)
        return answer('internal error: the database could not answer this query', 'INTERNAL_SERVER_ERROR')
    }
    const code = String(error.extensions?.code ?? original?.extensions?.code ?? '')
    if (original instanceof UserError || CLIENT_CODES.has(code)) return answer(error.message, code || 'BAD_USER_INPUT')
    // Errors with no resolver path come from reading the request (variables that do not fit their
    // type, the server's own request checks): the client's doing.
    if (!path && (!original || original === error || (original as any).name == 'GraphQLError')) return answer(error.message, 'BAD_USER_INPUT')
    if (!path && original instanceof TypeError && /^(Variable|Argument|Expected|Int|Float|String|Boolean|ID|Big|Date|JSON|Bytes)\b/.test(error.message)) {
        return answer(error.message, 'BAD_USER_INPUT')
    }
    log(`internal error${path ? ` in ${path.join('.')}` : ''}: ${redactUrls((original ?? error).message ?? String(original))}`.slice(0, 2000))
    return answer('internal error: the server could not answer this query (it is logged)', 'INTERNAL_SERVER_ERROR')
}

/** A PostgreSQL error as pg reports it: a five-character SQLSTATE code. */
export function databaseError(err: unknown): {code: string, message: string} | undefined {
    const e = err as {code?: unknown, severity?: unknown, message?: unknown} | undefined
    if (!e || typeof e.code != 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity == null) return undefined
    return {code: e.code, message: String(e.message ?? '')}
}

/** A message fit to answer with: no file paths, no URLs' secrets, no control characters, short. */
export function clean(message: string): string {
    let text = redactUrls(String(message))
        .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}\.(?:js|ts|json|mjs|cjs)(?::\d+(?::\d+)?)?/g, '<file>')
        .replace(/\n\s*at .*/g, '')
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?')
    if (text.length > MAX_MESSAGE) text = `${text.slice(0, MAX_MESSAGE)}… (shortened)`
    return text
}
