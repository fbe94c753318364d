/**
 * What a running `pop-squid dev` uses, written to `.data/dev.json` while it runs: its database
 * (PostgreSQL or the embedded one, with its port), its chain's RPC and the API's port. The other
 * commands (`status`, `events`, `abi`, `reindex`) read it when no database or chain is configured,
 * so they answer about what `dev` shows.
 */
import fs from 'node:fs'
import path from 'node:path'
import {PROJECT_DIR} from '../db/migrate'
import {loadCommandSettings} from '../config/env'

export interface DevState {
    pid: number
    db: {host: string, port: number, database: string, user: string, password: string}
    embedded: boolean
    rpc: string
    gqlPort: number
    startedAt: string
}

export function devStateFile(): string {
    return loadCommandSettings().devStateFile ?? path.join(PROJECT_DIR, '.data/dev.json')
}

/** The chopsticks database of the dev chain: kept between runs so that `dev --keep` can resume it. */
export function devChainDbFile(): string {
    return path.join(path.dirname(devStateFile()), 'dev-chain.sqlite')
}

export function writeDevState(state: DevState): void {
    const file = devStateFile()
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, JSON.stringify(state, null, 2))
}

/**
 * The last dev run's state, and whether that process still runs. A file that is there but not a
 * dev state (hand-edited, cut short) is ignored with one line on stderr; `pop-squid dev` rewrites it.
 */
export function readDevState(): {state: DevState, running: boolean} | undefined {
    let text: string
    try {
        text = fs.readFileSync(devStateFile(), 'utf8')
    } catch {
        return undefined
    }
    let state: DevState | undefined
    try {
        state = JSON.parse(text)
    } catch {
        state = undefined
    }
    if (!state || typeof state.pid != 'number' || !state.db || typeof state.db.database != 'string') {
        console.error(`pop-squid: ignoring ${path.relative(process.cwd(), devStateFile()) || devStateFile()}: it is not what pop-squid dev writes (the next pop-squid dev rewrites it)`)
        return undefined
    }
    return {state, running: isAlive(state.pid)}
}

/** Keeps the file (the database stays there for the CLI) but marks that dev stopped. */
export function markDevStopped(pid: number): void {
    const found = readDevState()
    if (!found || found.state.pid != pid) return
    writeDevState({...found.state, pid: -1})
}

/** Whether `pid` runs, and (where /proc tells) runs node: a pid reused by another program after a crash is not dev. */
function isAlive(pid: number): boolean {
    if (!(pid > 0)) return false
    try {
        process.kill(pid, 0)
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code != 'EPERM') return false
    }
    try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        return /node/.test(cmdline.split('\0')[0] ?? '')
    } catch {
        return true
    }
}

/** True when the user named a database or a chain: then the dev's are not used. */
function configuresIndex(env: NodeJS.ProcessEnv): boolean {
    return loadCommandSettings(env).namesIndex
}

/** The running dev's API (its /graphql on loopback), when the user configured no database or chain. */
export function devApiUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (configuresIndex(env)) return undefined
    const found = readDevState()
    return found?.running ? `http://127.0.0.1:${found.state.gqlPort}/graphql` : undefined
}

/**
 * The environment for a command that reads the index (status, events, abi, reindex): when the user
 * configured no database and no chain, the running (or last) `dev`'s. Says so on stderr.
 */
export function withDevDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    if (configuresIndex(env)) return env
    const found = readDevState()
    if (!found) return env
    const {state, running} = found
    if (!running && state.embedded) return env // its embedded database is gone with it
    const where = `database ${state.db.database} at ${state.db.host}:${state.db.port}`
    process.stderr.write(running
        ? `(pop-squid dev is running: using its ${where} and its chain)\n`
        : `(pop-squid dev is not running: using the ${where} it left; set DB_NAME or CHAIN to read another)\n`)
    return {
        ...env,
        DB_HOST: state.db.host, DB_PORT: String(state.db.port), DB_NAME: state.db.database, DB_USER: state.db.user, DB_PASS: state.db.password,
        CHAIN: 'local', RPC_ENDPOINT: state.rpc,
    }
}
