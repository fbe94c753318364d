/**
 * `COPY … FROM STDIN` through node-postgres without a streams package: a "submittable" query that
 * pg's client runs in its queue like any other, on the same connection (so inside the transaction
 * open there), sending the rows as CopyData messages.
 */
export class CopyFromStdin {
    private error: Error | undefined
    private done!: (err?: Error) => void
    readonly finished: Promise<void>
    /** pg wraps a query's callback to clear its `query_timeout` timer: called once, when settled. */
    callback: (err?: Error) => void = () => {}

    /** `text`: the COPY statement; `data`: the rows in COPY's text format (see `copyText`). */
    constructor(readonly text: string, private data: Buffer) {
        let settled = false
        this.finished = new Promise((resolve, reject) => {
            this.done = (err) => {
                if (settled) return
                settled = true
                this.callback(err)
                if (err) reject(err)
                else resolve()
            }
        })
    }

    submit(connection: any): void {
        connection.query(this.text)
    }

    handleCopyInResponse(connection: any): void {
        const CHUNK = 1 << 20
        for (let i = 0; i < this.data.length; i += CHUNK) connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK))
        connection.endCopyFrom()
    }

    handleCommandComplete(): void {}
    handleEmptyQuery(): void {}
    handleRowDescription(): void {}
    handleDataRow(): void {}

    /** pg's client forgets the active query on an error (its ReadyForQuery then goes to no one): settle here. */
    handleError(err: Error): void {
        this.error = err
        this.done(err)
    }

    handleReadyForQuery(): void {
        this.done(this.error)
    }
}

/** Runs a COPY FROM STDIN on a pg client (a `Client` or a pool's client) and waits for it. */
export async function copyFrom(client: {query(q: unknown): unknown}, statement: string, data: Buffer): Promise<void> {
    const copy = new CopyFromStdin(statement, data)
    client.query(copy)
    await copy.finished
}

const ESCAPES: Record<string, string> = {'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'}

/** One value in COPY's text format: `\N` for null, and the four characters COPY reads specially escaped. */
export function copyText(v: string | null | undefined): string {
    if (v == null) return '\\N'
    return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v
}

/** A list as a PostgreSQL array literal (`{"a","b"}`, NULL for a null element), before COPY's own escaping. */
export function arrayLiteral(list: readonly unknown[]): string {
    return '{' + list.map((e) => e == null ? 'NULL' : '"' + String(e).replace(/[\\"]/g, (c) => '\\' + c) + '"').join(',') + '}'
}
