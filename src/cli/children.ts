import {ChildProcess, spawn} from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import {PROJECT_DIR} from '../db/migrate'

const children = new Set<ChildProcess>()
process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL')
})

/** Starts a project process (lib/…) or a package bin; returns it, tracked so it never outlives us. */
export function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): ChildProcess {
    const child = spawn(process.execPath, [script, ...args], {
        cwd: PROJECT_DIR,
        env,
        stdio: ['ignore', onLine ? 'pipe' : 'inherit', onLine ? 'pipe' : 'inherit'],
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
export const GRAPHQL_SERVER_SCRIPT = require.resolve('@subsquid/graphql-server/lib/main.js')

/** The GraphQL server's limits: configurable, with defaults that keep one query from taking the server down. */
export function graphqlServerArgs(env: NodeJS.ProcessEnv): string[] {
    return [
        '--no-squid-status', // replaced by `indexerStatus`, which knows each chain's state schema
        '--max-root-fields', env.GQL_MAX_ROOT_FIELDS ?? '20',
        '--max-response-size', env.GQL_MAX_RESPONSE_NODES ?? '100000',
        '--sql-statement-timeout', env.GQL_SQL_STATEMENT_TIMEOUT_MS ?? '10000',
        '--max-request-size', env.GQL_MAX_REQUEST_KB ?? '256',
    ]
}
