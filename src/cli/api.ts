import {ChildProcess} from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import {apiDatabaseConfig, ApiSettings, apiRandomPageCost} from '../config/env'
import {DirectQueries, DirectStats} from '../api/direct'
import {PROJECT_DIR} from '../db/migrate'
import {createFrontServer} from '../api/front'
import {redactUrls} from '../config/redact'
import {GRAPHQL_BACKEND_SCRIPT, graphqlServerArgs, startChild, stopChild} from './children'

export interface RunningApi {
    /** The public server on API_HOST:GQL_PORT. */
    front: http.Server
    /** True while the front server listens and a GraphQL server process is up. */
    isRunning(): boolean
    /** The GraphQL server's own URL on loopback (not rate limited), once it listens. */
    backendUrl(): string | undefined
    /** The GraphQL server's process id, while one runs. */
    backendPid(): number | undefined
    /** How often the GraphQL server was restarted after it stopped on its own. */
    restarts(): number
    /** Subscription sockets open and subscriptions held (src/api/subscriptions.ts). */
    subscriptions(): {connections: number, subscriptions: number}
    /** Queries the front server answered itself, passed on, or passed on after an error (src/api/direct.ts). */
    directStats(): DirectStats | undefined
    stop(): Promise<void>
}

export const DASHBOARD_DIR = path.join(PROJECT_DIR, 'dashboard')

/** Restart delays after the GraphQL server stops: doubling from the first, up to the last. */
const FIRST_RESTART_MS = 500
const MAX_RESTART_MS = 30_000
/** A GraphQL server that ran this long before it stopped is restarted after the first delay again. */
const STABLE_MS = 60_000

/**
 * Starts the API as `serve`, `run` and `dev` run it: the GraphQL server on a loopback port, and
 * in front of it, on API_HOST:GQL_PORT, the server that checks and rate-limits requests and serves
 * the dashboard. Resolves once GQL_PORT listens (until the GraphQL server does, /graphql answers
 * 503). The GraphQL server is supervised: when it stops on its own (a crash, out of memory, a
 * kill) it is restarted with a growing delay, and that is logged; nothing else stops with it.
 */
export async function startApi(settings: ApiSettings, env: NodeJS.ProcessEnv, log: (message: string) => void = console.log): Promise<RunningApi> {
    let backendPort: number | undefined
    let backend: ChildProcess | undefined
    let stopping = false
    let restarts = 0
    let delay = FIRST_RESTART_MS
    let restartTimer: NodeJS.Timeout | undefined
    const direct = settings.directQueries ? new DirectQueries({
        settings, db: apiDatabaseConfig(), schemaFile: path.join(PROJECT_DIR, 'schema.graphql'), poolSize: settings.dbPoolSize, randomPageCost: apiRandomPageCost(env),
    }) : undefined
    const front = createFrontServer({settings, dashboardDir: DASHBOARD_DIR, backendPort: () => backendPort, direct, log})
    await new Promise<void>((resolve, reject) => {
        front.once('error', (err: NodeJS.ErrnoException) => reject(new Error(listenProblem(err, settings.host, settings.port, 'GQL_PORT', 'API_HOST'))))
        front.listen(settings.port, settings.host, () => resolve())
    }).catch(async (err) => {
        await direct?.close()
        throw err
    })

    const launch = () => {
        const started = Date.now()
        // Its output goes through `log` (one line each, beside a progress bar): warnings and errors only.
        const child = startChild(GRAPHQL_BACKEND_SCRIPT, graphqlServerArgs(settings), env, (line) => {
            const shown = backendLine(line)
            if (shown) log(shown)
        }, {ipc: true})
        backend = child
        child.on('message', (message: any) => {
            if (typeof message?.backendPort != 'number') return
            backendPort = message.backendPort
            log(`GraphQL server (pid ${child.pid}) ready on 127.0.0.1:${backendPort} (loopback only), behind the front server on ${settings.host}:${settings.port}`)
        })
        child.once('exit', (code, signal) => {
            if (backend === child) backendPort = undefined
            if (stopping) return
            if (Date.now() - started > STABLE_MS) delay = FIRST_RESTART_MS
            restarts++
            log(`the GraphQL server stopped (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting it in ${delay / 1000} s (restart ${restarts})`)
            restartTimer = setTimeout(() => {
                restartTimer = undefined
                if (!stopping) launch()
            }, delay)
            delay = Math.min(delay * 2, MAX_RESTART_MS)
        })
    }
    launch()

    return {
        front,
        backendUrl: () => backendPort == null ? undefined : `http://127.0.0.1:${backendPort}/graphql`,
        backendPid: () => backend && backend.exitCode == null && backend.signalCode == null ? backend.pid : undefined,
        restarts: () => restarts,
        subscriptions: () => front.subscriptions.stats(),
        directStats: () => direct && {...direct.stats},
        isRunning: () => front.listening && backend != null && backend.exitCode == null && backend.signalCode == null,
        async stop() {
            stopping = true
            if (restartTimer) clearTimeout(restartTimer)
            await new Promise<void>((resolve) => {
                front.close(() => resolve())
                front.closeAllConnections()
                front.subscriptions.close()
            })
            if (backend) await stopChild(backend)
            await direct?.close()
        },
    }
}

/** Why a server cannot listen, in one sentence naming the settings to change. */
export function listenProblem(err: NodeJS.ErrnoException, host: string, port: number, portSetting: string, hostSetting: string): string {
    if (err.code == 'EADDRINUSE') return `port ${port} on ${host} is already in use (${portSetting}): stop what listens there or choose another port`
    if (err.code == 'EADDRNOTAVAIL') return `${hostSetting}=${host} is not an address of this machine`
    return `cannot listen on ${host}:${port}: ${err.message}`
}

/** A line the GraphQL server printed, as the user should see it: its structured info lines are dropped. */
function backendLine(line: string): string | undefined {
    if (!line.trim()) return undefined
    let msg: any
    try {
        msg = JSON.parse(line)
    } catch {
        return redactUrls(`graphql server: ${line}`)
    }
    if (typeof msg?.level != 'number' || msg.level < 3) return undefined
    return redactUrls(`graphql server ${msg.level >= 4 ? 'error' : 'warning'}: ${msg.msg ?? ''}${msg.err?.message ? ` ${msg.err.message}` : ''}`)
}
