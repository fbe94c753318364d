/** Child processes of the bench (processor, peer, GraphQL server), their output kept, their peak memory read. */
import {ChildProcess, spawn} from 'node:child_process'
import fs from 'node:fs'
import {PROJECT_DIR} from './db'

const running = new Set<BenchProcess>()
process.once('exit', () => {
    for (const p of running) p.proc.kill('SIGKILL')
})

export class BenchProcess {
    output = ''
    exitCode: number | null | undefined = undefined
    private exited: Promise<void>

    constructor(readonly name: string, readonly proc: ChildProcess) {
        const append = (chunk: Buffer) => {
            this.output += chunk.toString()
            if (this.output.length > 1_000_000) this.output = this.output.slice(-500_000)
        }
        proc.stdout?.on('data', append)
        proc.stderr?.on('data', append)
        this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
            this.exitCode = code ?? (signal ? -1 : null)
            running.delete(this)
            resolve()
        }))
        running.add(this)
    }

    static node(name: string, args: string[], env: Record<string, string | undefined>, cwd = PROJECT_DIR): BenchProcess {
        return new BenchProcess(name, spawn(process.execPath, args, {cwd, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']}))
    }

    get isRunning(): boolean {
        return this.exitCode === undefined
    }

    /** Peak resident memory so far (VmHWM), MiB. */
    peakRssMb(): number | undefined {
        try {
            const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8')
            const m = /VmHWM:\s+(\d+) kB/.exec(status)
            return m ? Math.round(Number(m[1]) / 1024) : undefined
        } catch {
            return undefined
        }
    }

    /**
     * CPU time the process has used so far (user + system, its threads included: garbage collection
     * and compilation), seconds; undefined once it has exited. /proc counts in USER_HZ, 100 on Linux.
     */
    cpuSeconds(): number | undefined {
        try {
            const stat = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8')
            // Fields after the command name (which may hold spaces), from the 3rd: utime is the 14th, stime the 15th.
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
            return (Number(fields[11]) + Number(fields[12])) / 100
        } catch {
            return undefined
        }
    }

    /** Stops with SIGINT (the processor writes its CPU profile on a clean exit), then SIGKILL after 15 s. */
    async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
        if (!this.isRunning) return
        this.proc.kill(signal)
        const timer = setTimeout(() => this.proc.kill('SIGKILL'), 15_000)
        await this.exited
        clearTimeout(timer)
    }

    tail(lines = 30): string {
        return this.output.split('\n').slice(-lines).join('\n')
    }

    assertRunning(): void {
        if (!this.isRunning) throw new Error(`${this.name} exited (code ${this.exitCode}):\n${this.tail()}`)
    }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
