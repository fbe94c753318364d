/**
 * A private PostgreSQL server for one test file (initdb + pg_ctl from the installed PostgreSQL,
 * in a temp directory, on a free port), so that a test can stop and restart it without touching
 * the server other tests use. `PrivatePostgres.available()` says whether the binaries are there.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Client} from 'pg'
import {findFreePort} from '../../src/localchain/ports'
import {PROJECT_DIR} from './db'

function binDir(): string | undefined {
    const root = '/usr/lib/postgresql'
    if (!fs.existsSync(root)) return undefined
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    return versions.length ? path.join(root, versions[0], 'bin') : undefined
}

export class PrivatePostgres {
    private constructor(readonly bin: string, readonly dir: string, readonly port: number) {}

    static available(): boolean {
        return binDir() != null
    }

    static async start(): Promise<PrivatePostgres> {
        const bin = binDir()
        if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin')
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pop-squid-pg-'))
        fs.chmodSync(dir, 0o777)
        const pg = new PrivatePostgres(bin, dir, await findFreePort())
        pg.run('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
        await pg.startServer()
        return pg
    }

    private get data(): string {
        return path.join(this.dir, 'data')
    }

    /** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
    private run(program: string, args: string[]): string {
        const file = path.join(this.bin, program)
        const asRoot = process.getuid?.() === 0
        if (asRoot) fs.chownSync(this.dir, ...ownerOf('postgres'))
        const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
        return execFileSync(cmd, argv, {stdio: 'pipe', encoding: 'utf8'})
    }

    async startServer(): Promise<void> {
        this.run('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60',
            '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'])
    }

    /** `immediate`: as if the server crashed (no clean shutdown, recovery at the next start). */
    async stopServer(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
        this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop'])
    }

    env(database: string): Record<string, string> {
        return {DB_HOST: '127.0.0.1', DB_PORT: String(this.port), DB_NAME: database, DB_USER: 'postgres', DB_PASS: 'postgres'}
    }

    /** A database with the project's migrations applied, and a client on it. */
    async createDatabase(name: string): Promise<Client> {
        const admin = new Client({host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres'})
        await admin.connect()
        await admin.query(`CREATE DATABASE "${name}"`)
        await admin.end()
        execFileSync(process.execPath, [require.resolve('@subsquid/typeorm-migration/lib/apply.js')],
            {cwd: PROJECT_DIR, env: {...process.env, ...this.env(name)}, stdio: 'pipe'})
        return this.client(name)
    }

    async client(database: string): Promise<Client> {
        const client = new Client({host: '127.0.0.1', port: this.port, user: 'postgres', database})
        await client.connect()
        return client
    }

    logTail(lines = 30): string {
        try {
            return fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').split('\n').slice(-lines).join('\n')
        } catch {
            return '(no log)'
        }
    }

    async destroy(): Promise<void> {
        try {
            await this.stopServer('immediate')
        } catch {
            // already stopped
        }
        fs.rmSync(this.dir, {recursive: true, force: true})
    }
}

function ownerOf(user: string): [number, number] {
    const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`))
    if (!line) throw new Error(`no ${user} user to run PostgreSQL as (running as root)`)
    const [, , uid, gid] = line.split(':')
    return [Number(uid), Number(gid)]
}
