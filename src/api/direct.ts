/**
 * Entity queries answered by the front server itself, without the hop to the GraphQL server.
 *
 * An explorer's everyday request is one entity list (`events(where:…, orderBy:…, limit: 20)`) or
 * one entity by id, with nested relations. Through the GraphQL server it costs an HTTP hop, Apollo's
 * request pipeline and three round trips to PostgreSQL (START TRANSACTION, the query, COMMIT), and
 * the query is parsed and planned every time (docs/performance.md). Here the same request runs on
 * openreader's own schema and resolvers, so the SQL and the answer are the GraphQL server's, but:
 *   - graphql-js executes it in this process, on a document checked once and kept;
 *   - its one SQL statement runs alone, outside a transaction (one statement sees one snapshot);
 *   - the statement is prepared on its connection and reused while it is kept there.
 *
 * Only an operation that is a `query` with one root field, an entity list or an entity by id, is
 * taken, and only once GraphQL's validation and the GraphQL server's own request checks passed on
 * it. Everything else, and any request whose execution reports an error, goes to the GraphQL server
 * as before: it answers those in its own words (a failed read is sent again, which is safe).
 */
import crypto from 'node:crypto'
import {DocumentNode, execute, FieldNode, getNamedType, GraphQLSchema, Kind, OperationDefinitionNode, specifiedRules, validate} from 'graphql'
import {Pool, PoolClient, QueryArrayResult} from 'pg'
import {SchemaBuilder} from '@subsquid/openreader/lib/dialect/opencrud/schema'
import {loadModel} from '@subsquid/openreader/lib/tools'
import {ResponseSizeLimit} from '@subsquid/openreader/lib/util/limit'
import type {ApiSettings} from '../config/env'
import {checkQueryShape, QueryLimits} from '../server-extension/limits'

/** Documents kept, checked, by their text: the least recently used one goes first. */
const MAX_DOCUMENTS = 500
/** Characters of document text kept in all (a document is at most GQL_MAX_REQUEST_KB). */
const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024
/** Statements kept prepared on one connection: the least recently used one is deallocated. */
const MAX_PREPARED = 200

export interface DirectDatabase {
    host: string
    port: number
    database: string
    user: string
    password: string
}

export interface DirectOptions {
    settings: ApiSettings
    db: DirectDatabase
    /** The project's schema.graphql. */
    schemaFile: string
    /** Connections to PostgreSQL. */
    poolSize: number
    /** `random_page_cost` set on each connection (src/api/planner.ts), or undefined. */
    randomPageCost?: string
    /** Statements kept prepared on one connection (default MAX_PREPARED). */
    maxPrepared?: number
}

/** What the front server needs of a request to try it here. */
export interface DirectRequest {
    query: string
    document: DocumentNode
    operation: OperationDefinitionNode
    operationName?: string
    variables?: Record<string, unknown>
}

export interface DirectStats {
    /** Answered here. */
    answered: number
    /** Handed to the GraphQL server: not an entity query, or not one this path takes. */
    passed: number
    /** Tried here, then handed to the GraphQL server because execution reported an error. */
    retried: number
}

type Plan = {document: DocumentNode, operation: OperationDefinitionNode} | null

export class DirectQueries {
    private readonly schema: GraphQLSchema
    private readonly pool: Pool
    private readonly roots: Set<string>
    private readonly limits: QueryLimits
    private readonly plans = new Map<string, Plan>()
    private planChars = 0
    private readonly prepared = new WeakMap<PoolClient, Map<string, true>>()
    readonly stats: DirectStats = {answered: 0, passed: 0, retried: 0}

    constructor(private readonly opts: DirectOptions) {
        const model = loadModel(opts.schemaFile)
        this.schema = new SchemaBuilder({model}).build()
        // The root fields taken: entity lists and entities by id (connections run two queries).
        this.roots = new Set(Object.values(this.schema.getQueryType()!.getFields())
            .filter((f) => !getNamedType(f.type).name.endsWith('Connection'))
            .map((f) => f.name))
        const {guard} = opts.settings
        this.limits = {maxDepth: guard.maxDepth, maxFields: guard.maxFields, introspection: guard.introspection}
        const {db} = opts
        this.pool = new Pool({
            host: db.host, port: db.port, database: db.database, user: db.user, password: db.password,
            max: opts.poolSize,
            statement_timeout: opts.settings.sqlStatementTimeoutMs,
            idleTimeoutMillis: 60_000,
        })
        // A connection that fails while idle is dropped by the pool; the error must not stop the process.
        this.pool.on('error', () => {})
        const cost = opts.randomPageCost
        if (cost != null && !/^\d+(\.\d+)?$/.test(cost)) throw new Error(`random_page_cost ${JSON.stringify(cost)} is not a number`)
        this.pool.on('connect', (client) => {
            // Queued before the first query the connection was made for. Read only: this path never writes.
            client.query(`SET default_transaction_read_only = on${cost ? `; SET random_page_cost = ${cost}` : ''}`).catch(() => {})
        })
    }

    /**
     * Answers the request here when it is an entity query this path takes: resolves with the JSON
     * body to send (status 200), or with undefined when the GraphQL server should answer it.
     */
    async answer(request: DirectRequest): Promise<string | undefined> {
        const plan = this.plan(request)
        if (!plan) {
            this.stats.passed++
            return undefined
        }
        const variables = request.variables ?? {}
        // The GraphQL server's own checks, which look at the variables too (a negative limit).
        if (checkQueryShape(plan.operation, plan.document, this.limits, variables)) {
            this.stats.passed++
            return undefined
        }
        const context = new DirectContext(this, this.opts.settings.maxResponseNodes)
        const result = await execute({
            schema: this.schema, document: plan.document, operationName: request.operationName,
            variableValues: variables, contextValue: {openreader: context},
        })
        if (result.errors?.length) {
            this.stats.retried++
            return undefined
        }
        this.stats.answered++
        // As the GraphQL server writes it, to the byte.
        return `${JSON.stringify({data: result.data})}\n`
    }

    /** The checked document for this text and operation, or null when this path does not take it. */
    private plan(request: DirectRequest): Plan {
        const key = `${request.operationName ?? ''}\u0000${request.query}`
        const known = this.plans.get(key)
        if (known !== undefined) {
            // Most recently used last.
            this.plans.delete(key)
            this.plans.set(key, known)
            return known
        }
        const plan = this.check(request)
        this.plans.set(key, plan)
        this.planChars += key.length
        for (const [old] of this.plans) {
            if (this.plans.size <= MAX_DOCUMENTS && this.planChars <= MAX_DOCUMENT_CHARS) break
            this.plans.delete(old)
            this.planChars -= old.length
        }
        return plan
    }

    private check({document, operation}: DirectRequest): Plan {
        if (operation.operation != 'query') return null
        const roots = operation.selectionSet.selections
        if (roots.length != 1 || roots[0].kind != Kind.FIELD) return null
        const root = roots[0] as FieldNode
        if (root.directives?.length || !this.roots.has(root.name.value)) return null
        // The GraphQL server reports every validation error in its own words: leave those to it.
        if (validate(this.schema, document, specifiedRules, undefined, {maxErrors: 1}).length > 0) return null
        return {document, operation}
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
            // A statement PostgreSQL refused leaves the connection usable; anything else does not.
            if (!isDatabaseError(err)) broken = err as Error
            // The statement itself may be what failed (a migration changed its result's type, a pooler
            // dropped it): it is prepared again next time.
            else this.forget(client, name)
            throw err
        } finally {
            client.release(broken)
        }
    }

    /** The statement's name on this connection; the least recently used one is deallocated past MAX_PREPARED. */
    private prepare(client: PoolClient, sql: string): string {
        const name = `direct_${crypto.createHash('sha1').update(sql).digest('base64url')}`
        let kept = this.prepared.get(client)
        if (!kept) this.prepared.set(client, kept = new Map())
        kept.delete(name)
        kept.set(name, true)
        if (kept.size > (this.opts.maxPrepared ?? MAX_PREPARED)) this.forget(client, kept.keys().next().value!)
        return name
    }

    /** Deallocates a statement on its connection, and pg forgets it was parsed: it is parsed again, after the DEALLOCATE. */
    private forget(client: PoolClient, name: string): void {
        this.prepared.get(client)?.delete(name)
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

function isDatabaseError(err: unknown): boolean {
    const e = err as {code?: unknown, severity?: unknown}
    return typeof e?.code == 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.severity != null
}
