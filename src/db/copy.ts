/** COPY's text format: the escaping of values and lists that `COPY … FROM STDIN` reads (sent by src/db/pipeline.ts). */

const ESCAPES: Record<string, string> = {'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\ufffd'}

/**
 * One value in COPY's text format: `\N` for null, and the four characters COPY reads specially
 * escaped. A NUL character, which PostgreSQL stores in no text, becomes U+FFFD (see `storableText`).
 */
export function copyText(v: string | null | undefined): string {
    if (v == null) return '\\N'
    return /[\\\t\n\r\0]/.test(v) ? v.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : v
}

/**
 * Text as PostgreSQL can store it: it refuses the NUL character (U+0000) in text and JSON alike,
 * and a contract's event may carry one in a string (anyone can deploy a contract), which would stop
 * the batch for good. It is stored as U+FFFD (the replacement character); the writers say so in
 * the log (src/db/bulk.ts).
 */
export function storableText(s: string): string {
    return s.includes('\0') ? s.replaceAll('\0', '\ufffd') : s
}

/** JSON text (`JSON.stringify`'s) with each NUL character's escape (`\u0000`) as U+FFFD's. */
export function storableJson(json: string): string {
    // Escaped backslashes are matched first, so a literal `\u0000` in the text stays as it is.
    return json.includes('\\u0000') ? json.replace(/\\(\\|u0000)/g, (m, c) => c == 'u0000' ? '\\ufffd' : m) : json
}

/** A list as a PostgreSQL array literal (`{"a","b"}`, NULL for a null element), before COPY's own escaping. */
export function arrayLiteral(list: readonly unknown[]): string {
    return '{' + list.map((e) => e == null ? 'NULL' : '"' + String(e).replace(/[\\"]/g, (c) => '\\' + c) + '"').join(',') + '}'
}

const TAB = 9
const NEWLINE = 10
const BACKSLASH = 92
const HEX = Buffer.from('0123456789abcdef')
const EMPTY = Buffer.alloc(0)
/** The characters COPY's text format reads specially, and NUL (written as U+FFFD). */
const SPECIAL = /[\\\t\n\r\0]/
/** Up to this many characters, text is written a character at a time. */
const SHORT = 32

/**
 * Rows in COPY's text format, written as bytes straight into a buffer: no string per value or row,
 * no UTF-8 conversion of the whole text afterwards (that was most of what a batch's writes
 * allocated, docs/performance.md). Writes the same bytes as `Buffer.from(rows of copyText(…))`.
 */
export class CopyWriter {
    private buf: Buffer
    private len = 0
    /** Values written so far that held a NUL character, written as U+FFFD (`storableText`); the writer's users count theirs here too. */
    nuls = 0

    constructor(initial = 1 << 16) {
        this.buf = Buffer.allocUnsafe(initial)
    }

    get length(): number {
        return this.len
    }

    /** The bytes written so far, handed over; the writer starts again empty. */
    take(): Buffer {
        const out = this.buf.subarray(0, this.len)
        this.buf = EMPTY
        this.len = 0
        return out
    }

    /** The tab between two columns. */
    tab(): void {
        this.reserve(1)
        this.buf[this.len++] = TAB
    }

    /** The end of a row. */
    newline(): void {
        this.reserve(1)
        this.buf[this.len++] = NEWLINE
    }

    /** A null value (`\N`). */
    nul(): void {
        this.reserve(2)
        this.buf[this.len++] = BACKSLASH
        this.buf[this.len++] = 78
    }

    /** A value as text, the characters COPY reads specially escaped (as `copyText`), in UTF-8. */
    text(s: string): void {
        const n = s.length
        if (n > SHORT) {
            // Long text (JSON, hex data) by Buffer's own UTF-8 writer when nothing needs escaping: a
            // byte per character in JavaScript costs more than the call.
            this.reserve(3 * n)
            if (!SPECIAL.test(s)) {
                this.len += this.buf.write(s, this.len)
                return
            }
        }
        this.reserve(2 * n)
        const buf = this.buf
        let at = this.len
        for (let i = 0; i < n; i++) {
            const c = s.charCodeAt(i)
            if (c < 0x80 && c != 0) {
                if (c == BACKSLASH || c == TAB || c == NEWLINE || c == 13) {
                    buf[at++] = BACKSLASH
                    buf[at++] = c == BACKSLASH ? BACKSLASH : c == TAB ? 116 : c == NEWLINE ? 110 : 114
                } else {
                    buf[at++] = c
                }
            } else {
                // Beyond ASCII, or NUL: the rest as UTF-8 by Buffer (surrogate pairs, lone surrogates as Buffer.from makes them).
                this.len = at
                const tail = s.slice(i)
                if (tail.includes('\0')) this.nuls++
                const rest = copyText(tail)
                this.reserve(Buffer.byteLength(rest))
                this.len += this.buf.write(rest, this.len, 'utf8')
                return
            }
        }
        this.len = at
    }

    /** A non-negative safe integer, digit by digit (no string). */
    uint(v: number): void {
        let digits = 1
        for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++
        this.reserve(digits)
        const buf = this.buf
        let at = this.len + digits
        this.len = at
        for (let x = v; ; x = Math.floor(x / 10)) {
            buf[--at] = 48 + x % 10
            if (x < 10) break
        }
    }

    /** Bytes as bytea's hex form (`\x0a1b`, its backslash escaped for COPY). */
    hex(bytes: Uint8Array): void {
        this.reserve(3 + 2 * bytes.length)
        const buf = this.buf
        let at = this.len
        buf[at++] = BACKSLASH
        buf[at++] = BACKSLASH
        buf[at++] = 120
        for (let i = 0; i < bytes.length; i++) {
            buf[at++] = HEX[bytes[i] >> 4]
            buf[at++] = HEX[bytes[i] & 15]
        }
        this.len = at
    }

    private reserve(n: number): void {
        if (this.len + n <= this.buf.length) return
        const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.len + n, 1 << 12))
        this.buf.copy(next, 0, 0, this.len)
        this.buf = next
    }
}
