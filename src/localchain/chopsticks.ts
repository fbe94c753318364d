import {ChildProcess, spawn} from 'node:child_process'
import {loadCommandSettings} from '../config/env'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {devAccounts, DEV_NAMES} from './dev-accounts'
import {findFreePort} from './ports'
import {rpcCall} from '../rpc/client'

export interface LocalChainOptions {
    /** Raw chain spec file (genesis mode). Exactly one of `spec` and `forkEndpoint` is required. */
    spec?: string
    /** A live endpoint to fork instead of a genesis spec. */
    forkEndpoint?: string
    /** Port on 127.0.0.1; a free one is chosen when absent. */
    port?: number
    /** `Instant` builds a block per submitted transaction; `Manual` only on `dev_newBlock`. */
    buildBlockMode?: 'Instant' | 'Manual' | 'Batch'
    /** Free balance given to each dev account (planck, as a decimal string). */
    devBalance?: string
    /** Where chopsticks' own output goes; a temp file when absent. */
    logFile?: string
    /** Give up when the chain has not answered within this many ms. */
    startTimeoutMs?: number
    /** A SQLite file where chopsticks saves every block it builds (so a later run can resume). */
    db?: string
    /** Continue from the highest block saved in `db` instead of the spec's genesis (dev accounts are not funded again). */
    resume?: boolean
}

// The package's exports map hides its bin script: resolve it beside package.json.
const CHOPSTICKS_ENTRY = findPackageFile('@acala-network/chopsticks', 'chopsticks.cjs')
const DEFAULT_DEV_BALANCE = '1000000000000000000' // 1e8 tokens at 10 decimals

/** Every chain started by this process, so that none outlives it. */
const running = new Set<LocalChain>()
process.once('exit', () => {
    for (const chain of running) chain.killNow()
})

/**
 * A real Pop runtime (or any parachain runtime) run by chopsticks in its own process,
 * listening on loopback only.
 */
export class LocalChain {
    private exited = false
    private exitPromise: Promise<void>

    constructor(
        readonly proc: ChildProcess,
        readonly port: number,
        readonly workDir: string,
        readonly logFile: string
    ) {
        this.exitPromise = new Promise((resolve) => proc.once('exit', () => {
            this.exited = true
            running.delete(this)
            resolve()
        }))
        running.add(this)
    }

    get httpUrl(): string {
        return `http://127.0.0.1:${this.port}`
    }

    get wsUrl(): string {
        return `ws://127.0.0.1:${this.port}`
    }

    static async start(options: LocalChainOptions): Promise<LocalChain> {
        const [chain] = await startChopsticks([options], (configs) => ['--config', configs[0]], options.startTimeoutMs)
        return chain
    }

    /**
     * Several parachains in one chopsticks process (`chopsticks xcm`), connected by HRMP: messages
     * one sends are delivered to the other for real. Stopping any of them stops all.
     */
    static async startNetwork(parachains: LocalChainOptions[], startTimeoutMs?: number): Promise<LocalChain[]> {
        return startChopsticks(parachains, (configs) => ['xcm', ...configs.flatMap((c) => ['-p', c])], startTimeoutMs)
    }

    /** A relay chain and its parachains in one chopsticks process: downward and upward messages flow for real. */
    static async startRelayNetwork(relay: LocalChainOptions, parachains: LocalChainOptions[], startTimeoutMs?: number): Promise<{relay: LocalChain, parachains: LocalChain[]}> {
        const [relayChain, ...paras] = await startChopsticks([relay, ...parachains],
            ([r, ...ps]) => ['xcm', '-r', r, ...ps.flatMap((c) => ['-p', c])], startTimeoutMs)
        return {relay: relayChain, parachains: paras}
    }

    /** @internal */
    async waitReady(timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs
        while (true) {
            if (this.exited) {
                throw new Error(`chopsticks exited during start-up; its log:\n${this.tail()}`)
            }
            try {
                await rpcCall(this.httpUrl, 'chain_getHeader', [], 2_000)
                break
            } catch {
                if (Date.now() > deadline) {
                    throw new Error(`chopsticks did not answer on ${this.httpUrl} within ${timeoutMs} ms; its log:\n${this.tail()}`)
                }
                await sleep(250)
            }
        }
        // Chopsticks builds block #1 before `import-storage` is applied and sometimes fails
        // with "slot number mismatch", leaving the head at #0: build it now.
        if (await this.head() == 0) await this.newBlock()
    }

    rpc<T = any>(method: string, params: unknown[] = []): Promise<T> {
        return rpcCall<T>(this.httpUrl, method, params)
    }

    async head(): Promise<number> {
        const header = await this.rpc('chain_getHeader')
        return parseInt(header.number, 16)
    }

    async blockHash(height?: number): Promise<string> {
        return this.rpc('chain_getBlockHash', height == null ? [] : [height])
    }

    /** Builds `count` blocks (default 1), with optional injected downward/horizontal messages. */
    async newBlock(params: {count?: number, dmp?: unknown[], hrmp?: Record<number, unknown[]>} = {}): Promise<string> {
        return this.rpc('dev_newBlock', [params])
    }

    /** Moves the head back to an earlier block: the start of a fork. */
    async setHead(heightOrHash: number | string): Promise<void> {
        await this.rpc('dev_setHead', [heightOrHash])
    }

    tail(lines = 40): string {
        try {
            return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n')
        } catch {
            return '(no log)'
        }
    }

    /** Stops chopsticks: SIGTERM, then SIGKILL after 5 s. Never leaves the process behind. */
    async stop(): Promise<void> {
        if (!this.exited) {
            this.proc.kill('SIGTERM')
            const timer = setTimeout(() => this.killNow(), 5_000)
            await this.exitPromise
            clearTimeout(timer)
        }
        fs.rmSync(this.workDir, {recursive: true, force: true})
    }

    killNow(): void {
        if (!this.exited) this.proc.kill('SIGKILL')
    }
}

async function startChopsticks(chains: LocalChainOptions[], args: (configFiles: string[]) => string[], startTimeoutMs = 60_000): Promise<LocalChain[]> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pop-squid-chain-'))
    const ports: number[] = []
    const configFiles: string[] = []
    for (const [i, options] of chains.entries()) {
        if (!!options.spec == !!options.forkEndpoint) {
            throw new Error('LocalChain: give exactly one of `spec` (a raw chain spec file) and `forkEndpoint`')
        }
        if (options.spec && !fs.existsSync(options.spec)) throw new Error(`chain spec not found: ${options.spec}`)
        const port = options.port ?? await findFreePort()
        const file = path.join(workDir, `chopsticks-${i}.json`)
        fs.writeFileSync(file, JSON.stringify(await chopsticksConfig(options, port), null, 2))
        ports.push(port)
        configFiles.push(file)
    }
    const logFile = chains[0].logFile ?? path.join(workDir, 'chopsticks.log')
    const log = fs.openSync(logFile, 'a')
    const proc = spawn(process.execPath, [CHOPSTICKS_ENTRY, ...args(configFiles)], {
        stdio: ['ignore', log, log],
        env: {...process.env, LOG_LEVEL: loadCommandSettings().chopsticksLogLevel},
    })
    fs.closeSync(log)
    const started = ports.map((port) => new LocalChain(proc, port, workDir, logFile))
    try {
        for (const chain of started) await chain.waitReady(startTimeoutMs)
    } catch (err) {
        await started[0].stop()
        throw err
    }
    return started
}

async function chopsticksConfig(options: LocalChainOptions, port: number): Promise<Record<string, unknown>> {
    const accounts = await devAccounts(42)
    const balance = BigInt(options.devBalance ?? DEFAULT_DEV_BALANCE)
    const config: Record<string, unknown> = {
        host: '127.0.0.1',
        port,
        'mock-signature-host': true,
        'build-block-mode': options.buildBlockMode ?? 'Instant',
        'allow-unresolved-imports': true,
        ...(options.db ? {db: path.resolve(options.db), 'save-blocks': true} : {}),
        ...(options.resume ? {resume: true} : {}),
        'import-storage': options.resume ? undefined : {
            System: {
                // `free` as a string: chopsticks' YAML/JSON reader loses precision on big numbers.
                Account: DEV_NAMES.map((name) => [[accounts[name].address], {providers: 1, data: {free: balance.toString()}}]),
            },
            // Zero at genesis; without it every transfer fails with Arithmetic(Underflow).
            Balances: {TotalIssuance: (balance * BigInt(DEV_NAMES.length)).toString()},
            Sudo: {Key: accounts.Alice.address},
        },
    }
    if (options.spec) config.genesis = path.resolve(options.spec)
    else config.endpoint = options.forkEndpoint
    return config
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A file at the root of an installed package whose exports map hides it. */
function findPackageFile(pkg: string, file: string): string {
    let dir = path.dirname(require.resolve(pkg))
    while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, file))) {
        const parent = path.dirname(dir)
        if (parent == dir) throw new Error(`${file} not found in the installed ${pkg}: run npm ci`)
        dir = parent
    }
    return path.join(dir, file)
}
