import {createOrmConfig} from '@subsquid/typeorm-config'
import path from 'node:path'
import {Client} from 'pg'
import {DataSource} from 'typeorm'
import {Config} from '../config/env'

export const PROJECT_DIR = path.resolve(__dirname, '../..')

/** Creates the configured database when the server is reachable and the database is missing. */
export async function ensureDatabase(db: Config['db']): Promise<void> {
    const admin = new Client({host: db.host, port: db.port, user: db.user, password: db.password, database: 'postgres'})
    await admin.connect()
    try {
        const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database])
        if (found.rowCount == 0) await admin.query(`CREATE DATABASE "${db.database.replace(/"/g, '""')}"`)
    } finally {
        await admin.end()
    }
}

/** True when a PostgreSQL server answers with these settings. */
export async function canConnect(db: Config['db']): Promise<boolean> {
    const client = new Client({host: db.host, port: db.port, user: db.user, password: db.password, database: 'postgres', connectionTimeoutMillis: 3_000})
    try {
        await client.connect()
        await client.query('SELECT 1')
        return true
    } catch {
        return false
    } finally {
        await client.end().catch(() => {})
    }
}

/** Applies the pending migrations in db/migrations (reads DB_* from the environment, as the processor does). */
export async function applyMigrations(): Promise<string[]> {
    const source = new DataSource({
        ...createOrmConfig({projectDir: PROJECT_DIR}),
        subscribers: [],
        synchronize: false,
        migrationsRun: false,
        dropSchema: false,
        logging: ['error'],
    })
    await source.initialize()
    try {
        const applied = await source.runMigrations({transaction: 'all'})
        return applied.map((m) => m.name)
    } finally {
        await source.destroy()
    }
}
