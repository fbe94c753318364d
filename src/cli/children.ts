import {ChildProcess, spawn} from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import type {ApiSettings} from '../config/env'
import {PROJECT_DIR} from '../db/migrate'

const children = new Set<ChildProcess>()
process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL')
})

/** Starts a project process (lib/…) or a package bin; returns it, tracked so it never outlives us. */
export function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void, opts: {ipc?: boolean, nodeFlags?: string[]} = {}): ChildProcess {
    const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), script, ...args], {
        cwd: PROJECT_DIR,
        env,
        stdio: ['ignore', onLine ? 'pipe' : 'inherit', onLine ? 'pipe' : 'inherit', ...(opts.ipc ? ['ipc' as const] : [])],
    })
    children.add(child)
    child.once('exit', () => children.delete(child))
    if (onLine) {
        readline.createInterface({input: child.stdout!}).on('line', onLine)
        readline.createInterface({input: child.stderr!}).on('line', onLine)
    }
    return child
}

export async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode != null || child.signalCode != null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
}

export const PROCESSOR_SCRIPT = path.join(PROJECT_DIR, 'lib/main.js')
/** The GraphQL server (@subsquid/graphql-server with the project's resolvers), on a loopback port behind the front server. */
export const GRAPHQL_BACKEND_SCRIPT = path.join(PROJECT_DIR, 'lib/api/backend.js')

/** The GraphQL server's limits, from the validated settings: they keep one query from taking the server down. */
export function graphqlServerArgs(settings: ApiSettings): string[] {
    return [
        '--no-squid-status', // replaced by `indexerStatus`, which knows each chain's state schema
        '--max-root-fields', String(settings.maxRootFields),
        '--max-response-size', String(settings.maxResponseNodes),
        '--sql-statement-timeout', String(settings.sqlStatementTimeoutMs),
        '--max-request-size', String(settings.maxRequestBytes / 1024),
        // GraphQL reports at most this many validation errors (the front server already bounds the document).
        '--validation-max-errors', '10',
        // Live queries over graphql-ws, reached only through the front server (src/api/subscriptions.ts).
        ...(settings.subscriptions.perClient > 0 ? [
            '--subscriptions',
            '--subscription-poll-interval', String(settings.subscriptions.pollMs),
            '--subscription-max-response-size', String(settings.maxResponseNodes),
        ] : []),
    ]
}
