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
