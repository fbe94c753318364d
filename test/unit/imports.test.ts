/**
 * The source's import graph has no circles (a module that imports one that imports it back sees
 * it half-initialised, depending on which was loaded first). Relative imports of src/, type-only
 * ones included; the generated model and types are left out (the generator's own relations).
 */
import fs from 'node:fs'
import path from 'node:path'

const SRC = path.resolve(__dirname, '../../src')

function sources(dir: string, out: string[] = []): string[] {
    for (const name of fs.readdirSync(dir)) {
        const p = path.join(dir, name)
        if (fs.statSync(p).isDirectory()) {
            if (name != 'generated' && name != 'types') sources(p, out)
        } else if (p.endsWith('.ts')) out.push(p)
    }
    return out
}

function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, 'utf8')
    const out: string[] = []
    for (const m of text.matchAll(/^(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = path.resolve(path.dirname(file), m[1])
        const found = [target + '.ts', path.join(target, 'index.ts')].find((c) => fs.existsSync(c))
        if (found) out.push(found)
    }
    return out
}

function cycles(graph: Map<string, string[]>): string[][] {
    const found: string[][] = []
    const state = new Map<string, 'open' | 'done'>()
    const stack: string[] = []
    const visit = (node: string) => {
        state.set(node, 'open')
        stack.push(node)
        for (const next of graph.get(node) ?? []) {
            if (!graph.has(next)) continue
            if (state.get(next) == 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)))
            else if (!state.has(next)) visit(next)
        }
        stack.pop()
        state.set(node, 'done')
    }
    for (const node of graph.keys()) if (!state.has(node)) visit(node)
    return found
}

test('no module of src/ imports itself back through others', () => {
    const files = sources(SRC)
    expect(files.length).toBeGreaterThan(50)
    const graph = new Map(files.map((f) => [f, importsOf(f)]))
    expect(cycles(graph)).toEqual([])
})

test('the check finds a circle', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]].map(([k, v]) => [path.join(SRC, k as string), (v as string[]).map((x) => path.join(SRC, x))]))
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']])
})

/**
 * Every environment variable is read in src/config/ (one settings module, validated there); other
 * modules may only hand the whole environment on (to a child process, to a settings loader) or set
 * a variable for a library they start.
 */
function envReads(file: string): string[] {
    const lines = fs.readFileSync(file, 'utf8').split('\n')
    const out: string[] = []
    lines.forEach((line, i) => {
        for (const m of line.matchAll(/process\.env(\.[A-Za-z_]\w*|\[)/g)) {
            const rest = line.slice((m.index ?? 0) + m[0].length)
            if (m[1] != '[' && /^\s*=[^=]/.test(rest)) continue // an assignment, not a read
            out.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`)
        }
    })
    return out
}

test('no module outside src/config reads an environment variable', () => {
    const outside = sources(SRC).filter((f) => !f.startsWith(path.join(SRC, 'config') + path.sep))
    // The GraphQL server's entry sets its logger's namespaces (a write, but read to keep the user's).
    const reads = outside.flatMap(envReads).filter((l) => !/^api\/backend\.ts:\d+: process\.env\.SQD_FATAL = \[process\.env\.SQD_FATAL/.test(l))
    expect(reads).toEqual([])
})

test('the env check finds a read', () => {
    const tmp = path.join(require('node:os').tmpdir(), `env-read-${process.pid}.ts`)
    fs.writeFileSync(tmp, 'const a = process.env.FOO\nprocess.env.BAR = "x"\nconst b = process.env["BAZ"]\nf(process.env)\n')
    try {
        expect(envReads(tmp).map((l) => l.replace(/^.*?:(\d+):/, '$1:'))).toEqual(['1: const a = process.env.FOO', '3: const b = process.env["BAZ"]'])
    } finally {
        fs.unlinkSync(tmp)
    }
})
