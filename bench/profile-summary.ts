/** Top functions by self time in a V8 `.cpuprofile` (what `node --cpu-prof` writes). */
import fs from 'node:fs'
import path from 'node:path'

interface ProfileNode {
    id: number
    callFrame: {functionName: string, url: string, lineNumber: number}
    children?: number[]
}

export function summarizeProfile(file: string, top = 25): {total: number, rows: {fn: string, where: string, ms: number, pct: number}[], byPackage: {pkg: string, ms: number, pct: number}[]} {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {nodes: ProfileNode[], samples: number[], timeDeltas: number[]}
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
    const self = new Map<number, number>()
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
    const byFn = new Map<string, {fn: string, where: string, us: number}>()
    const byPkg = new Map<string, number>()
    let total = 0
    for (const [id, us] of self) {
        const n = nodes.get(id)!
        const url = n.callFrame.url.replace(/^file:\/\//, '')
        const where = url ? `${shortPath(url)}:${n.callFrame.lineNumber + 1}` : '(native)'
        const fn = n.callFrame.functionName || '(anonymous)'
        const key = fn + ' ' + where
        const e = byFn.get(key) ?? {fn, where, us: 0}
        e.us += us
        byFn.set(key, e)
        const pkg = packageOf(url, fn)
        byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us)
        total += us
    }
    return {
        total: total / 1000,
        rows: [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => ({fn: e.fn, where: e.where, ms: e.us / 1000, pct: 100 * e.us / total})),
        byPackage: [...byPkg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([pkg, us]) => ({pkg, ms: us / 1000, pct: 100 * us / total})),
    }
}

function shortPath(url: string): string {
    const i = url.lastIndexOf('node_modules/')
    if (i >= 0) return url.slice(i + 'node_modules/'.length)
    return path.relative(path.resolve(__dirname, '../..'), url)
}

function packageOf(url: string, fn: string): string {
    if (!url) return fn.startsWith('(') ? fn : '(native)'
    const i = url.lastIndexOf('node_modules/')
    if (i >= 0) {
        const parts = url.slice(i + 'node_modules/'.length).split('/')
        return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
    }
    if (url.startsWith('node:')) return 'node (core)'
    const rel = path.relative(path.resolve(__dirname, '../..'), url)
    return rel.split('/').slice(0, 3).join('/')
}

if (require.main === module) {
    const file = process.argv[2]
    if (!file) {
        console.error('usage: node lib-bench/bench/profile-summary.js <file.cpuprofile>')
        process.exit(2)
    }
    const s = summarizeProfile(file, Number(process.argv[3] ?? 30))
    console.log(`total sampled: ${(s.total / 1000).toFixed(1)} s`)
    console.log('\nby package / project directory:')
    for (const p of s.byPackage) console.log(`${p.pct.toFixed(1).padStart(6)}%  ${(p.ms / 1000).toFixed(2).padStart(7)} s  ${p.pkg}`)
    console.log('\ntop functions by self time:')
    for (const r of s.rows) console.log(`${r.pct.toFixed(1).padStart(6)}%  ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${r.fn}  ${r.where}`)
}
