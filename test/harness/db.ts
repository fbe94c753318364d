import {execFileSync} from 'node:child_process'
import path from 'node:path'
import {Client} from 'pg'

export const PROJECT_DIR = path.resolve(__dirname, '../..')

/** Where tests find PostgreSQL: TEST_DB_* or the usual DB_* settings, else 127.0.0.1:5432 as postgres. */
const server = {
    host: process.env.TEST_DB_HOST ?? process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_DB_PORT ?? process.env.DB_PORT ?? 5432),
    user: process.env.TEST_DB_USER ?? process.env.DB_USER ?? 'postgres',
    password: process.env.TEST_DB_PASS ?? process.env.DB_PASS ?? 'postgres',
}

/** A fresh database for one test file, with the project's migrations applied; `drop()` removes it. */
export class TestDatabase {
    private constructor(readonly name: string, readonly client: Client) {}

    /** DB_* variables for the processor and the GraphQL server. */
    get env(): Record<string, string> {
        return {
            DB_HOST: server.host,
            DB_PORT: String(server.port),
            DB_NAME: this.name,
            DB_USER: server.user,
            DB_PASS: server.password,
        }
    }

    static async create(label: string): Promise<TestDatabase> {
        const name = `popsquid_test_${label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
        const admin = new Client({...server, database: 'postgres'})
        await admin.connect()
        try {
            await admin.query(`CREATE DATABASE "${name}"`)
        } finally {
            await admin.end()
        }
        const env = {...process.env, ...{DB_HOST: server.host, DB_PORT: String(server.port), DB_NAME: name, DB_USER: server.user, DB_PASS: server.password}}
        execFileSync(process.execPath, [require.resolve('@subsquid/typeorm-migration/lib/apply.js')], {cwd: PROJECT_DIR, env, stdio: 'pipe'})
        const client = new Client({...server, database: name})
        await client.connect()
        return new TestDatabase(name, client)
    }

    async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
        return (await this.client.query(sql, params)).rows
    }

    async drop(): Promise<void> {
        await this.client.end().catch(() => {})
        const admin = new Client({...server, database: 'postgres'})
        await admin.connect()
        try {
            await admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`)
        } finally {
            await admin.end()
        }
    }
}

/**
 * A typeorm DataSource over the project's entities on this database (as the processor's store has),
 * for tests that write or read entities directly; `destroy()` it after.
 */
export async function entityDataSource(db: TestDatabase): Promise<import('typeorm').DataSource> {
    const {createOrmConfig} = await import('@subsquid/typeorm-config')
    const {DataSource} = await import('typeorm')
    const model = await import('../../src/model')
    Object.assign(process.env, db.env)
    const source = new DataSource({
        ...createOrmConfig({projectDir: PROJECT_DIR}),
        entities: Object.values(model).filter((v) => typeof v == 'function') as Function[],
        subscribers: [], synchronize: false, migrationsRun: false, logging: ['error'],
    })
    await source.initialize()
    return source
}
