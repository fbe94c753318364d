/** The bench's own PostgreSQL databases: made per run (migrated like production), dropped at the end. */
import {execFileSync} from 'node:child_process'
import path from 'node:path'
import {Client, ClientConfig} from 'pg'

export const PROJECT_DIR = path.resolve(__dirname, '../..')

export const server = {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASS ?? 'postgres',
}

const created = new Set<string>()

export class BenchDatabase {
    private constructor(readonly name: string) {}

    get env(): Record<string, string> {
        return {DB_HOST: server.host, DB_PORT: String(server.port), DB_NAME: this.name, DB_USER: server.user, DB_PASS: server.password}
    }

    get config(): ClientConfig {
        return {...server, database: this.name}
    }

    /** A new database; with `migrate`, the project's migrations applied (as `pop-squid migrate` does). */
    static async create(label: string, migrate: boolean): Promise<BenchDatabase> {
        const name = `popsquid_bench_${label}_${process.pid}_${Date.now().toString(36)}`
        await admin(`CREATE DATABASE "${name}"`)
        created.add(name)
        const db = new BenchDatabase(name)
        if (migrate) {
            execFileSync(process.execPath, [require.resolve('@subsquid/typeorm-migration/lib/apply.js')], {
                cwd: PROJECT_DIR, env: {...process.env, ...db.env}, stdio: 'pipe',
            })
        }
        return db
    }

    async connect(): Promise<Client> {
        const client = new Client(this.config)
        await client.connect()
        return client
    }

    /** Leaves the database in place at the end of the run (`--keep-db`): dropAll() skips it. */
    keep(): void {
        created.delete(this.name)
    }

    async drop(): Promise<void> {
        await admin(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`)
        created.delete(this.name)
    }
}

/** Drops every database this run made and did not drop yet (on failure or interruption). */
export async function dropAll(): Promise<void> {
    for (const name of [...created]) {
        await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {})
        created.delete(name)
    }
}

async function admin(sql: string): Promise<void> {
    const client = new Client({...server, database: 'postgres'})
    await client.connect()
    try {
        await client.query(sql)
    } finally {
        await client.end()
    }
}
