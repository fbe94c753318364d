import {ChildProcess} from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import {ApiSettings} from '../config/env'
import {PROJECT_DIR} from '../db/migrate'
import {createFrontServer} from '../api/front'
import {GRAPHQL_BACKEND_SCRIPT, graphqlServerArgs, startChild, stopChild} from './children'

export interface RunningApi {
    /** The GraphQL server process (on loopback). */
    backend: ChildProcess
    /** The public server on GQL_PORT. */
    front: http.Server
    isRunning(): boolean
    /** The GraphQL server's own URL on loopback (not rate limited), once it listens. */
    backendUrl(): string | undefined
    stop(): Promise<void>
}

export const DASHBOARD_DIR = path.join(PROJECT_DIR, 'dashboard')

/**
 * Starts the API as `serve`, `run` and `dev` run it: the GraphQL server on a loopback port, and
 * in front of it, on GQL_PORT, the server that rate-limits, refuses oversized requests and
 * serves the dashboard. Resolves once GQL_PORT listens (the GraphQL server may still be starting:
 * until it is, /graphql answers 503).
 */
export async function startApi(settings: ApiSettings, env: NodeJS.ProcessEnv, log: (message: string) => void = console.log): Promise<RunningApi> {
    let backendPort: number | undefined
    const front = createFrontServer({settings, dashboardDir: DASHBOARD_DIR, backendPort: () => backendPort, log})
    await new Promise<void>((resolve, reject) => {
        front.once('error', (err: NodeJS.ErrnoException) => reject(err.code == 'EADDRINUSE'
            ? new Error(`GQL_PORT=${settings.port} is already in use: stop what listens there or choose another port`)
            : err))
        front.listen(settings.port, () => resolve())
    })
    const backend = startChild(GRAPHQL_BACKEND_SCRIPT, graphqlServerArgs(settings), env, undefined, {ipc: true})
    backend.on('message', (message: any) => {
        if (typeof message?.backendPort != 'number') return
        backendPort = message.backendPort
        log(`GraphQL server ready on 127.0.0.1:${backendPort} (loopback only), behind the front server on port ${settings.port}`)
    })
    backend.once('exit', () => { backendPort = undefined })
    return {
        backend,
        front,
        backendUrl: () => backendPort == null ? undefined : `http://127.0.0.1:${backendPort}/graphql`,
        isRunning: () => front.listening && backend.exitCode == null && backend.signalCode == null,
        async stop() {
            await new Promise<void>((resolve) => {
                front.close(() => resolve())
                front.closeAllConnections()
            })
            await stopChild(backend)
        },
    }
}
