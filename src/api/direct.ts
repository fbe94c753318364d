/**
 * Entity queries answered by the front server itself, without the hop to the GraphQL server.
 *
 * An explorer's everyday request is one entity list (`events(where:…, orderBy:…, limit: 20)`) or
 * one entity by id, with nested relations. Through the GraphQL server it costs an HTTP hop, Apollo's
 * request pipeline and three round trips to PostgreSQL (START TRANSACTION, the query, COMMIT)
 * (docs/performance.md). Here the same request runs on openreader's own schema and resolvers, so
 * the SQL and the answer are the GraphQL server's, but:
 *   - graphql-js executes it in this process, on a document whose checks passed once;
 *   - its one SQL statement runs alone, outside a transaction (one statement sees one snapshot);
 *   - the statement is prepared on its connection and reused while it is kept there (planned
 *     for its values each time, as the GraphQL server's statements are).
 *
 * Only an operation that is a `query` with one root field, an entity list or an entity by id, is
 * taken, and only once GraphQL's validation and the GraphQL server's own request checks passed on
 * it. Everything else goes to the GraphQL server as before, and so does a request whose execution
 * reports an error (it only reads, so running it again is safe), except a statement timeout:
 * that is answered here, in the GraphQL server's words, rather than run a second time.
 */
import crypto from 'node:crypto'
import {ExecutionResult, FieldNode, getNamedType, GraphQLSchema, Kind, specifiedRules, validate, execute} from 'graphql'
import type {DocumentNode, OperationDefinitionNode} from 'graphql'
import {ClientConfig, Pool, PoolClient, QueryArrayResult} from 'pg'
import {SchemaBuilder} from '@subsquid/openreader/lib/dialect/opencrud/schema'
import {loadModel} from '@subsquid/openreader/lib/tools'
import {ResponseSizeLimit} from '@subsquid/openreader/lib/util/limit'
import type {ApiSettings} from '../config/env'
import {checkQueryShape, QueryLimits, queryLimitsOf} from '../server-extension/limits'
import {databaseError, formatApiError} from './errors'
import {randomPageCostStatement} from './planner'

/** Documents whose verdict is kept, by their text: the least recently used one goes first. */
const MAX_DOCUMENTS = 2000
/** Characters of document text kept in all (a document is at most GQL_MAX_REQUEST_KB). */
const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024
/** Statements kept prepared on one connection: the least recently used one is deallocated. */
const MAX_PREPARED = 200
/** A query whose answer has not come this long after its statement timeout fails, and its connection is closed. */
const ANSWER_GRACE_MS = 5_000
/** Waiting for a connection from the pool (all in use, or PostgreSQL not answering). */
const CONNECT_TIMEOUT_MS = 10_000

export interface DirectOptions {
    settings: ApiSettings
    /** Where to connect (src/config/env.ts apiDatabaseConfig: as the GraphQL server does). */
    db: ClientConfig
    /** The project's schema.graphql. */
    schemaFile: string
    /** Connections to PostgreSQL. */
    poolSize: number
    /** `random_page_cost` set on each connection (src/api/planner.ts), or undefined. */
    randomPageCost?: string
    /** Statements kept prepared on one connection (default MAX_PREPARED). */
    maxPrepared?: number
}

/** What the front server needs of a request to try it here: the document as its guard parsed it. */
export interface DirectRequest {
    query: string
    document: DocumentNode
    operation: OperationDefinitionNode
    operationName?: string
    variables?: Record<string, unknown>
    /** The request's `extensions` (persisted queries): the GraphQL server reads those, this path does not. */
    extensions?: unknown
}

export interface DirectStats {
    /** Answered here. */
    answered: number
    /** Handed to the GraphQL server: not an entity query, or not one this path takes. */
    passed: number
    /** Tried here, then handed to the GraphQL server because execution reported an error. */
    retried: number
}

export class DirectQueries {
    private readonly schema: GraphQLSchema
    private readonly pool: Pool
    private readonly roots: Set<string>
    private readonly limits: QueryLimits
    /** Whether this path takes a document, by its operation name and text. */
    private readonly verdicts = new Map<string, boolean>()
    private verdictChars = 0
    /** Per connection: the name of each statement kept prepared there, by its SQL. */
    private readonly prepared = new WeakMap<PoolClient, Map<string, string>>()
    readonly stats: DirectStats = {answered: 0, passed: 0, retried: 0}
    /** Failures that are not a client's doing (a lost connection, a defect), since the last report. */
    private problems = {count: 0, last: ''}

    constructor(private readonly opts: DirectOptions) {
        const model = loadModel(opts.schemaFile)
        this.schema = new SchemaBuilder({model}).build()
        // The root fields taken: entity lists and entities by id (connections run two queries).
        this.roots = new Set(Object.values(this.schema.getQueryType()!.getFields())
            .filter((f) => !getNamedType(f.type).name.endsWith('Connection'))
            .map((f) => f.name))
        this.limits = queryLimitsOf(opts.settings.guard)
        const settings = [
            // Read only: this path never writes. Custom plans: each run is planned for its values, as
            // the GraphQL server's unnamed statements are (a generic plan can be far worse for skewed values).
            'SET default_transaction_read_only = on', 'SET plan_cache_mode = force_custom_plan',
            randomPageCostStatement(opts.randomPageCost),
        ].filter(Boolean).join('; ')
        const timeout = opts.settings.sqlStatementTimeoutMs
        this.pool = new Pool({
            ...opts.db,
            max: opts.poolSize,
            statement_timeout: timeout,
            // The network can fail where the statement timeout cannot help: pg gives up, and the connection is closed.
            query_timeout: timeout + ANSWER_GRACE_MS,
            connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
            keepAlive: true,
            idleTimeoutMillis: 60_000,
        })
        // A connection that fails while idle is dropped by the pool; the error must not stop the process.
        this.pool.on('error', () => {})
        this.pool.on('connect', (client) => {
            // Nor may one that fails while a query runs on it (pg reports that on the client too; the query fails).
            client.on('error', () => {})
            // Queued before the first query the connection was made for.
            client.query(settings).catch(() => {})
        })
    }

    /**
     * Answers the request here when it is an entity query this path takes: resolves with the JSON
     * body to send (status 200), or with undefined when the GraphQL server should answer it.
     */
    async answer(request: DirectRequest): Promise<string | undefined> {
        if (request.extensions != null || !this.takes(request)) {
            this.stats.passed++
            return undefined
        }
        const variables = request.variables ?? {}
        // The GraphQL server's own checks, which look at the variables too (a negative limit).
        if (checkQueryShape(request.operation, request.document, this.limits, variables)) {
            this.stats.passed++
            return undefined
        }
        const result = await execute({
            schema: this.schema, document: request.document, operationName: request.operationName,
            variableValues: variables, contextValue: {openreader: new DirectContext(this, this.opts.settings.maxResponseNodes)},
        })
        if (result.errors?.length) return this.failed(result)
        this.stats.answered++
        // As the GraphQL server writes it, to the byte.
        return `${JSON.stringify({data: result.data})}\n`
    }

    /**
     * A result with errors. A statement timeout is answered as the GraphQL server answers it (running
     * the query again would double the cost of the slowest queries); anything else is left to it.
     */
    private failed(result: ExecutionResult): string | undefined {
        const errors = result.errors!
        // In the GraphQL server's shape and classification (src/api/errors.ts); what is internal there is a problem here.
        const formatted = errors.map((e) => formatApiError(e, () => {}))
        if (formatted.every((f) => f.extensions?.code == 'QUERY_TIMEOUT')) {
            this.stats.answered++
            return `${JSON.stringify({errors: formatted, data: result.data ?? null})}\n`
        }
        formatted.forEach((f, i) => {
            if (f.extensions?.code == 'INTERNAL_SERVER_ERROR') this.noteProblem(errors[i].originalError ?? errors[i])
        })
        this.stats.retried++
        return undefined
    }

    /** Counts a failure that is not a client's doing, for the front server's report. */
    noteProblem(err: unknown): void {
        this.problems.count++
        this.problems.last = String((err as Error)?.message ?? err)
    }

    /** The failures since the last call (count and last message), or undefined when there were none. */
    takeProblems(): {count: number, last: string} | undefined {
        if (this.problems.count == 0) return undefined
        const taken = this.problems
        this.problems = {count: 0, last: ''}
        return taken
    }

    /** Whether this path takes the document; decided once per text and operation name, and kept. */
    private takes(request: DirectRequest): boolean {
        const key = `${request.operationName ?? ''}\u0000${request.query}`
        const known = this.verdicts.get(key)
        if (known !== undefined) {
            // Most recently used last.
            this.verdicts.delete(key)
            this.verdicts.set(key, known)
            return known
        }
        const verdict = this.check(request.document, request.operation)
        this.verdicts.set(key, verdict)
        this.verdictChars += key.length
        for (const [old] of this.verdicts) {
            if (this.verdicts.size <= MAX_DOCUMENTS && this.verdictChars <= MAX_DOCUMENT_CHARS) break
            this.verdicts.delete(old)
            this.verdictChars -= old.length
        }
        return verdict
    }

    private check(document: DocumentNode, operation: OperationDefinitionNode): boolean {
        if (operation.operation != 'query') return false
        const roots = operation.selectionSet.selections
        if (roots.length != 1 || roots[0].kind != Kind.FIELD) return false
        const root = roots[0] as FieldNode
        if (root.directives?.length || !this.roots.has(root.name.value)) return false
        // The GraphQL server reports every validation error in its own words: leave those to it.
        return validate(this.schema, document, specifiedRules, undefined, {maxErrors: 1}).length == 0
    }

    /** Runs one statement, prepared on the connection it runs on. */
    async query(sql: string, params: unknown[]): Promise<unknown[][]> {
        const client = await this.pool.connect()
        let broken: Error | undefined
        const name = this.prepare(client, sql)
        try {
            const result: QueryArrayResult = await client.query({name, text: sql, values: params, rowMode: 'array'})
            return result.rows
        } catch (err) {
            // A statement PostgreSQL refused leaves the connection usable; anything else (a lost
            // connection, no answer in time) does not: the pool closes it.
            if (!databaseError(err)) broken = err as Error
            // The statement itself may be what failed (a migration changed its result's type, a pooler
            // dropped it): it is prepared again next time.
            else this.forget(client, sql)
            throw err
        } finally {
            client.release(broken)
        }
    }

    /** The statement's name on this connection; the least recently used one is deallocated past maxPrepared. */
    private prepare(client: PoolClient, sql: string): string {
        let kept = this.prepared.get(client)
        if (!kept) this.prepared.set(client, kept = new Map())
        const name = kept.get(sql) ?? `direct_${crypto.createHash('sha1').update(sql).digest('base64url')}`
        kept.delete(sql)
        kept.set(sql, name)
        if (kept.size > (this.opts.maxPrepared ?? MAX_PREPARED)) this.forget(client, kept.keys().next().value!)
        return name
    }

    /** Deallocates a statement on its connection, and pg forgets it was parsed: it is parsed again, after the DEALLOCATE. */
    private forget(client: PoolClient, sql: string): void {
        const kept = this.prepared.get(client)
        const name = kept?.get(sql)
        if (!kept || name == null) return
        kept.delete(sql)
        const parsed = (client as unknown as {connection?: {parsedStatements?: Record<string, string>}}).connection?.parsedStatements
        if (!parsed?.[name]) return
        delete parsed[name]
        client.query(`DEALLOCATE "${name}"`).catch(() => {})
    }

    /** Closes the connections. */
    async close(): Promise<void> {
        await this.pool.end()
    }
}

/** openreader's execution context for one request: its one statement, run by DirectQueries. */
class DirectContext {
    readonly dbType = 'postgres'
    readonly responseSizeLimit: ResponseSizeLimit
    private ran = false

    constructor(private readonly owner: DirectQueries, maxResponseNodes: number) {
        this.responseSizeLimit = new ResponseSizeLimit(maxResponseNodes)
    }

    async executeQuery(query: {sql: string, params: unknown[], map(rows: unknown[][]): unknown}): Promise<unknown> {
        // One statement per request: a second one would see another snapshot than the first.
        if (this.ran) throw new Error('a second statement in one direct query')
        this.ran = true
        return query.map(await this.owner.query(query.sql, query.params))
    }
}
