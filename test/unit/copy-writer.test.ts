/**
 * CopyWriter (src/db/copy.ts) writes the same bytes as the text it replaced: `copyText` of each
 * value, joined by tabs and newlines, encoded by `Buffer.from(…, 'utf8')`. Short and long text
 * (the two paths), every character COPY reads specially, non-ASCII text (two-, three- and four-byte
 * UTF-8, a lone surrogate), escapes after non-ASCII, integers, bytea, and a buffer that grows.
 */
import {copyText, CopyWriter, storableJson, storableText} from '../../src/db/copy'

const texts = [
    '', 'a', 'plain', '0x' + 'ab'.repeat(32), 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(33),
    'back\\slash', 'tab\there', 'line\nend', 'cr\rhere', '\\N', '\t\n\r\\',
    'long text with a tab at the end, beyond the short limit\t', 'long text with a backslash \\ in the middle of it all',
    'ünïcode ✓', 'emoji 🦀 and tab\tafter', 'lone \ud800 surrogate', '\udfff', 'é'.repeat(40) + '\\',
    'nul\0inside', '\0', 'a long text with a NUL \0 past the short limit', 'ü and \0',
    JSON.stringify({who: '0xab', raw: 'back\\slash\ttab\nline\r"q" \\N', list: [1, 'two', null]}),
]

function expected(rows: (string | null)[][]): Buffer {
    return Buffer.from(rows.map((r) => r.map(copyText).join('\t') + '\n').join(''), 'utf8')
}

test('text, null, tabs and newlines: the bytes of copyText joined and UTF-8 encoded', () => {
    const rows = texts.map((t, i) => [t, i % 3 == 0 ? null : t.toUpperCase(), String(i)])
    const out = new CopyWriter(16)
    for (const row of rows) {
        row.forEach((v, k) => {
            if (k > 0) out.tab()
            if (v == null) out.nul()
            else out.text(v)
        })
        out.newline()
    }
    const got = out.take()
    expect(got.toString('hex')).toBe(expected(rows).toString('hex'))
    // Taken: the writer starts again empty.
    expect(out.length).toBe(0)
    out.text('again')
    expect(out.take().toString()).toBe('again')
})

test('a NUL character, which PostgreSQL stores in no text, is written as U+FFFD and counted', () => {
    const out = new CopyWriter(8)
    for (const t of ['plain', 'a\0b', 'long text past the short limit with a \0 in it', 'ü\0', '\0\0']) {
        out.text(t)
        out.tab()
    }
    expect(out.take().toString('utf8')).toBe('plain\ta\ufffdb\tlong text past the short limit with a \ufffd in it\tü\ufffd\t\ufffd\ufffd\t')
    expect(out.nuls).toBe(4)
    expect(storableText('x\0y\0')).toBe('x\ufffdy\ufffd')
    expect(storableText('none')).toBe('none')
})

test('storableJson: each NUL escape becomes U+FFFD\'s, a literal backslash-u0000 in the text stays', () => {
    const value = {s: 'a\0b', literal: '\\u0000', both: '\\\0', list: ['\0', 1, null], nested: {k: 'x\0'}}
    const json = storableJson(JSON.stringify(value))
    expect(JSON.parse(json)).toEqual({s: 'a\ufffdb', literal: '\\u0000', both: '\\\ufffd', list: ['\ufffd', 1, null], nested: {k: 'x\ufffd'}})
    const clean = JSON.stringify({a: 'no nul', b: '\\u0000'})
    expect(storableJson(clean)).toBe(clean)
})

test('integers digit by digit, as String() writes them', () => {
    const out = new CopyWriter(4)
    const values = [0, -0, 1, 9, 10, 99, 100, 12345, 2 ** 31, 2 ** 53 - 1]
    for (const v of values) {
        out.uint(v)
        out.tab()
    }
    expect(out.take().toString()).toBe(values.map((v) => String(v) + '\t').join(''))
})

test('bytea as hex with its backslash escaped for COPY', () => {
    const out = new CopyWriter(2)
    out.hex(Uint8Array.from([0, 1, 0xab, 0xff]))
    out.tab()
    out.hex(new Uint8Array(0))
    expect(out.take().toString()).toBe(copyText('\\x0001abff') + '\t' + copyText('\\x'))
})

test('a value larger than the buffer grows it, keeping what was written', () => {
    const out = new CopyWriter(8)
    const big = 'ä'.repeat(10_000) + '\t' + 'b'.repeat(100_000)
    out.text('start')
    out.tab()
    out.text(big)
    expect(out.take().equals(Buffer.from('start\t' + copyText(big), 'utf8'))).toBe(true)
})
