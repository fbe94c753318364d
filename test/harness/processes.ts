import {ChildProcess, spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {findFreePort} from '../../src/localchain/ports'
import {PROJECT_DIR} from './db'

/** A project process (processor, GraphQL server, CLI) with its output kept for assertions and failures. */
export class ProjectProcess {
    output = ''
    exitCode: number | null | undefined = undefined
    signal: NodeJS.Signals | null = null
    private exited: Promise<void>

    constructor(readonly name: string, readonly proc: ChildProcess) {
        const append = (chunk: Buffer) => {
            this.output += chunk.toString()
            if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000)
        }
        proc.stdout?.on('data', append)
        proc.stderr?.on('data', append)
        this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
            this.exitCode = code
            this.signal = signal
            resolve()
        }))
        running.add(this)
        this.exited.then(() => running.delete(this))
    }

    get isRunning(): boolean {
        return this.exitCode === undefined
    }

    waitExit(timeoutMs = 30_000): Promise<void> {
        return withTimeout(this.exited, timeoutMs, `${this.name} did not exit within ${timeoutMs} ms`)
    }

    async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
        if (!this.isRunning) return
        this.proc.kill(signal)
        const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000)
        await this.exited
        clearTimeout(timer)
    }

    tail(lines = 30): string {
        return this.output.split('\n').slice(-lines).join('\n')
    }
}

const running = new Set<ProjectProcess>()
process.once('exit', () => {
    for (const p of running) p.proc.kill('SIGKILL')
})

export function spawnNode(name: string, script: string, args: string[], env: Record<string, string | undefined>): ProjectProcess {
    const proc = spawn(process.execPath, [path.join(PROJECT_DIR, script), ...args], {
        cwd: PROJECT_DIR,
        env: {...process.env, ...env},
        stdio: ['ignore', 'pipe', 'pipe'],
    })
    return new ProjectProcess(name, proc)
}

/** The real processor (`lib/main.js`), as production runs it. */
export function spawnProcessor(env: Record<string, string | undefined>): ProjectProcess {
    return spawnNode('processor', 'lib/main.js', [], env)
}

/**
 * The real GraphQL server (`pop-squid serve` with the project's limits), on a free port. A port
 * found free can be taken by another process before `serve` listens on it: `serve` then stops
 * saying so, and is started again on other ports.
 */
export async function spawnGraphql(env: Record<string, string | undefined>): Promise<{proc: ProjectProcess, url: string, healthUrl: string}> {
    for (let attempt = 1; ; attempt++) {
        const port = await findFreePort()
        const healthPort = await findFreePort()
        // Tests query back to back from one address: no budget unless the test sets one (GQL_RATE_LIMIT).
        const proc = spawnNode('graphql', 'lib/cli/index.js', ['serve', '--health-port', String(healthPort)], {GQL_RATE_LIMIT: '0', ...env, GQL_PORT: String(port)})
        const url = `http://127.0.0.1:${port}/graphql`
        try {
            await waitFor(async () => {
                if (!proc.isRunning) {
                    // Its last words may still be in the pipe.
                    await new Promise((r) => setTimeout(r, 500))
                    throw new Error(`GraphQL server exited (code ${proc.exitCode}, signal ${proc.signal}):\n${proc.tail()}`)
                }
                try {
                    const res = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{"query":"{__typename}"}'})
                    return res.ok
                } catch {
                    return false
                }
            }, 60_000, 'GraphQL server to answer')
            return {proc, url, healthUrl: `http://127.0.0.1:${healthPort}`}
        } catch (err) {
            if (attempt < 3 && /is already in use/.test(proc.output)) continue
            throw err
        }
    }
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query, variables})})
    const body: any = await res.json()
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`)
    return body.data as T
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 200): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
        await new Promise((r) => setTimeout(r, intervalMs))
    }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) }),
    ])
}

export function tempFile(name: string): string {
    return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pop-squid-test-')), name)
}

/** Waits until the processor has written block `height` (of `chain`, when given); fails fast if it exits. */
export async function waitIndexed(db: {query(sql: string, params?: unknown[]): Promise<any[]>}, processor: ProjectProcess, height: number, chain?: string, timeoutMs = 60_000): Promise<void> {
    await waitFor(async () => {
        if (!processor.isRunning) throw new Error(`${processor.name} exited (${processor.exitCode ?? processor.signal}):\n${processor.tail()}`)
        const [row] = await db.query(`SELECT max(height) AS h FROM block WHERE $1::text IS NULL OR chain = $1`, [chain ?? null])
        return row.h != null && Number(row.h) >= height
    }, timeoutMs, `${processor.name} to index #${height}${chain ? ` of ${chain}` : ''}`)
}

/** Stops what a test file started, in order: API, processors, chain connections, chains, database. */
export async function shutDown(parts: {
    api?: {proc: ProjectProcess}
    processors?: (ProjectProcess | undefined)[]
    scenarios?: ({disconnect(): Promise<void>} | undefined)[]
    chains?: ({stop(): Promise<void>} | undefined)[]
    db?: {drop(): Promise<void>}
}): Promise<void> {
    await parts.api?.proc.kill()
    for (const p of parts.processors ?? []) await p?.kill()
    for (const s of parts.scenarios ?? []) await s?.disconnect()
    for (const c of parts.chains ?? []) await c?.stop()
    await parts.db?.drop()
}
