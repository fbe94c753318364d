/** COPY's text format: the escaping of values and lists that `COPY … FROM STDIN` reads (sent by src/db/pipeline.ts). */

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
