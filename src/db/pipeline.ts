/**
 * Statements sent to PostgreSQL back to back on one pg client, each without waiting for the answer
 * to the one before: protocol-level pipelining, which node-postgres does not do itself (it sends a
 * statement only once the previous one's ReadyForQuery has been read, and for a COPY it waits for
 * the server's CopyInResponse before sending the rows). Each of those waits needs a turn of Node's
 * event loop, so while the processor decodes its next batch, PostgreSQL sat idle between the
 * statements of this one (about two thirds of its time in a write-heavy batch, docs/performance.md).
 * Here the messages of every statement go to the socket at once, and the kernel delivers them
 * whatever the event loop is doing.
 *
 * What keeps this correct:
 * - Order: the statements run in the order they were given, on the client's one connection. A
 *   pipeline is one query in pg's queue: a query queued before it runs first, and a statement
 *   given after some other query was queued starts a new pipeline behind that query.
 * - Answers: each statement ends with its own ReadyForQuery (a simple Query for a COPY, a Sync
 *   after an extended Parse/Bind/Execute), so each gets its own outcome. The pipeline stays pg's
 *   active query until the last one is answered, then hands the client back.
 * - Errors: a statement PostgreSQL refuses fails alone with its error; in a transaction the ones
 *   after it fail too (the transaction is aborted). The rows of a COPY sent ahead of a refusal are
 *   ignored by the server (the protocol has it ignore CopyData and CopyDone outside a COPY for
 *   exactly this), so the connection stays in step. A lost connection fails every statement; so
 *   does pg's `query_timeout`, which also closes the connection (answers are still on their way).
 */
import {DatabaseError} from 'pg'

/** A statement: a COPY … FROM STDIN with its rows (COPY's text format), or SQL with parameters. */
export type Statement = {copy: string, rows: Buffer} | {sql: string, params: readonly unknown[]}

/** What of pg's Client the pipeline drives: its queue and the active query it hands answers to. */
export interface PipelineClient {
    query(submittable: unknown): unknown
    activeQuery: unknown
    readyForQuery: boolean
    queryQueue: unknown[]
}

/** pg's connection: the protocol messages the pipeline writes, on its socket. */
interface Connection {
    stream: {cork?(): void, uncork?(): void, destroy(err?: Error): void}
    query(text: string): void
    parse(config: {text: string, name: string, types: unknown[]}): void
    bind(config: {portal: string, statement: string, values: unknown[]}): void
    execute(config: {portal: string, rows: number}): void
    sync(): void
    sendCopyFromChunk(chunk: Buffer): void
    endCopyFrom(): void
}

// pg's own conversion of a parameter to its text form (the one `client.query(sql, params)` applies).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const {prepareValue} = require('pg/lib/utils') as {prepareValue: (v: unknown) => unknown}

/** COPY rows go out in messages of at most this many bytes. */
const COPY_CHUNK = 1 << 20

interface Pending {
    /** Writes the statement's messages; dropped once run (pg has copied them to the socket). */
    write?: (connection: Connection) => void
    failed?: Error
    settle(error?: Error): void
}

const open = new WeakMap<PipelineClient, Pipeline>()

/**
 * Sends a statement on the client behind every statement and query already given to it, and
 * returns its outcome. Consecutive calls share one pipeline: none waits for the answer to another.
 */
export function pipelined(client: PipelineClient, statement: Statement): Promise<void> {
    let write: Pending['write']
    try {
        write = writer(statement)
    } catch (err) {
        return Promise.reject(err)
    }
    let settle!: Pending['settle']
    const answer = new Promise<void>((resolve, reject) => { settle = (error) => error ? reject(error) : resolve() })
    const pending: Pending = {write, settle}
    const current = open.get(client)
    if (current?.take(pending)) return answer
    const next = new Pipeline(client, pending)
    open.set(client, next)
    client.query(next)
    return answer
}

/** The messages of a statement. Parameters are converted first, so a value pg cannot send fails before anything is written. */
function writer(statement: Statement): (connection: Connection) => void {
    if ('copy' in statement) {
        const {copy, rows} = statement
        return (connection) => {
            connection.query(copy)
            for (let i = 0; i < rows.length; i += COPY_CHUNK) connection.sendCopyFromChunk(rows.subarray(i, i + COPY_CHUNK))
            connection.endCopyFrom()
        }
    }
    // Through Parse/Bind the server would wait for rows nobody sends, and read the next statement as them.
    if (/^\s*COPY\b/i.test(statement.sql)) throw new Error('a COPY goes in a pipeline as {copy, rows}, not as SQL')
    const values = statement.params.map((v) => prepareValue(v))
    return (connection) => {
        connection.parse({text: statement.sql, name: '', types: []})
        connection.bind({portal: '', statement: '', values})
        connection.execute({portal: '', rows: 0})
        connection.sync()
    }
}

/** One run of statements: a query in pg's queue (a "submittable"), active from its first statement's messages to its last answer. */
class Pipeline {
    /**
     * pg calls a query's `callback` when it times out (`query_timeout`) and wraps it to clear that
     * timer: called once, when the pipeline hands the client back.
     */
    callback: (err?: Error) => void = () => {}
    /** Statements not yet answered, in order; the first is the one PostgreSQL answers next. */
    private readonly pending: Pending[] = []
    private connection: Connection | undefined
    /** Handed the client back (or failed): takes no more statements. */
    private closed = false

    constructor(private readonly client: PipelineClient, first: Pending) {
        this.pending.push(first)
    }

    /** Adds a statement if it can go in order behind this pipeline's; false when a new pipeline must take it. */
    take(p: Pending): boolean {
        const queue = this.client.queryQueue
        // Once another query waits behind this pipeline, a statement given now must run after it.
        const last = this.connection ? queue.length == 0 : queue[queue.length - 1] === this
        if (this.closed || !last) return false
        this.pending.push(p)
        if (this.connection) this.write(this.connection, [p])
        return true
    }

    /** pg: this query's turn on the connection. */
    submit(connection: Connection): void {
        this.connection = connection
        this.write(connection, this.pending)
    }

    private write(connection: Connection, pending: Pending[]): void {
        // One socket write for many messages (as pg's own queries do).
        connection.stream.cork?.()
        try {
            for (const p of pending) {
                p.write?.(connection)
                p.write = undefined
            }
        } finally {
            connection.stream.uncork?.()
        }
    }

    /**
     * pg: an ErrorResponse for the statement being answered; or the connection failed, the client
     * was closed, or pg's `query_timeout` fired (then every statement fails).
     */
    handleError(err: Error): void {
        const first = this.pending[0]
        if (err instanceof DatabaseError && this.connection && first && !this.closed) {
            first.failed ??= err
            // pg forgets its active query on an error; its ReadyForQuery must still come here.
            this.client.activeQuery = this
            return
        }
        const onWire = this.connection != null && this.pending.length > 0 && !this.closed
        this.close()
        for (const p of this.pending.splice(0)) p.settle(p.failed ?? err)
        // Answers still on their way would reach whichever query pg runs next: the connection
        // cannot be brought back in step, so it is closed (a timeout; a lost connection is closed already).
        if (onWire) this.connection!.stream.destroy(err)
    }

    /** pg: the statement being answered is done. */
    handleReadyForQuery(): void {
        const done = this.pending.shift()
        done?.settle(done.failed)
        if (this.pending.length > 0 && !this.closed) {
            // More answers to come: stay pg's active query (it has just cleared that, and runs its queue only when ready).
            this.client.activeQuery = this
            this.client.readyForQuery = false
        } else {
            this.close()
        }
    }

    private close(): void {
        if (this.closed) return
        this.closed = true
        this.callback()
    }

    // Rows sent ahead, results not read: the statements are writes (an answer's rows are dropped).
    handleCopyInResponse(): void {}
    handleCopyData(): void {}
    handleRowDescription(): void {}
    handleDataRow(): void {}
    handleCommandComplete(): void {}
    handleEmptyQuery(): void {}
    handlePortalSuspended(): void {}
}

/** Throws when this pg no longer has what the pipeline drives (a dependency upgrade changed it). */
export function checkPipelineClient(client: unknown): asserts client is PipelineClient {
    const c = client as Partial<PipelineClient> | undefined
    if (typeof c?.query != 'function' || !Array.isArray(c.queryQueue) || !('activeQuery' in c) || typeof c.readyForQuery != 'boolean' || typeof prepareValue != 'function') {
        throw new Error('this version of pg no longer has the client internals the write pipeline drives (queryQueue, activeQuery, readyForQuery, lib/utils prepareValue): update src/db/pipeline.ts')
    }
}
