/**
 * Registering or removing an ABI while a processor batch is in flight: the batch read the registry
 * before the change, so the re-decoding that follows must start only once that batch has committed
 * (else its events keep the old decoding). The processor holds ABI_BATCH_LOCK shared from its
 * registry read to its commit; here a transaction plays that batch, on a real PostgreSQL.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Client} from 'pg'
import {DataSource} from 'typeorm'
import {redecode, registerAbi, removeAbi, Sql} from '../../src/admin/abi-admin'
import {loadConfig} from '../../src/config/env'
import {ABI_BATCH_LOCK, AbiRegistry} from '../../src/decode/contracts/registry'
import {entityDataSource, PROJECT_DIR, TestDatabase} from '../harness/db'

const CODE_HASH = '0x' + '11'.repeat(32)
const ABI = fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/abi/ink-v5-event-emitter.json'), 'utf8')

let db: TestDatabase
let batch: Client
let admin: Client
let observer: Client
let source: DataSource
let config: ReturnType<typeof loadConfig>

beforeAll(async () => {
    db = await TestDatabase.create('abi_admin')
    config = loadConfig({...process.env, ...db.env, CHAIN: 'pop-testnet'})
    ;[batch, admin, observer] = [new Client(config.db), new Client(config.db), new Client(config.db)]
    await Promise.all([batch.connect(), admin.connect(), observer.connect()])
    source = await entityDataSource(db)
}, 60_000)

afterAll(async () => {
    await Promise.all([batch, admin, observer].map((c) => c?.end().catch(() => {})))
    await source?.destroy()
    await db?.drop()
})

/** A batch between its registry read and its commit. */
async function batchInFlight(): Promise<void> {
    await batch.query('BEGIN ISOLATION LEVEL READ COMMITTED')
    await batch.query(`SELECT pg_advisory_xact_lock_shared(hashtext($1))`, [ABI_BATCH_LOCK])
}

/** Whether the promise settles within the time. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
    return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))])
}

async function status(): Promise<string | undefined> {
    const {rows} = await observer.query(`SELECT redecode_status FROM contract_abi WHERE code_hash = $1`, [CODE_HASH])
    return rows[0]?.redecode_status
}

async function registryHolds(): Promise<boolean> {
    const registry = new AbiRegistry(config.ss58Prefix)
    await registry.refresh(source.manager, config.chainId)
    return registry.forContract('0x' + 'aa'.repeat(32), CODE_HASH) != null
}

test('registering waits for the batch in flight: the ABI is stored at once, the return (and the re-decoding after it) comes after the batch commits', async () => {
    await batchInFlight()
    const registering = registerAbi(admin, config, {codeHash: CODE_HASH}, ABI)
    expect(await settlesWithin(registering, 700)).toBe(false)
    // Stored and visible to the next batches already; only the re-decoding waits.
    expect(await status()).toBe('pending')
    expect(await registryHolds()).toBe(true)
    await batch.query('COMMIT')
    expect(await settlesWithin(registering, 5_000)).toBe(true)
    await expect(registering).resolves.toMatchObject({kind: 'ink-v5'})
})

test('removing: the registry stops using the ABI at once, the re-decoding waits for the batch in flight, then the row goes', async () => {
    expect(await registryHolds()).toBe(true)
    await batchInFlight()
    const removing = removeAbi(admin, config, {codeHash: CODE_HASH})
    expect(await settlesWithin(removing, 700)).toBe(false)
    expect(await status()).toBe('removing')
    expect(await registryHolds()).toBe(false)
    await batch.query('COMMIT')
    await expect(removing).resolves.toBe(true)
    expect(await status()).toBeUndefined()
    // A second removal says there is nothing to remove.
    await expect(removeAbi(admin, config, {codeHash: CODE_HASH})).resolves.toBe(false)
})

test('without a batch in flight neither waits', async () => {
    expect(await settlesWithin(registerAbi(admin, config, {codeHash: CODE_HASH}, ABI), 3_000)).toBe(true)
    expect(await settlesWithin(removeAbi(admin, config, {codeHash: CODE_HASH}), 3_000)).toBe(true)
    expect(await status()).toBeUndefined()
})

test('registered again while being removed: the ABI stays and the removal says so', async () => {
    await registerAbi(admin, config, {codeHash: CODE_HASH}, ABI)
    await batchInFlight()
    const removing = removeAbi(admin, config, {codeHash: CODE_HASH})
    removing.catch(() => {})
    await waitForStatus('removing')
    // Another admin registers it again while the removal waits for the batch.
    const other = new Client(config.db)
    await other.connect()
    const registering = registerAbi(other, config, {codeHash: CODE_HASH}, ABI)
    expect(await settlesWithin(registering, 500)).toBe(false)
    await batch.query('COMMIT')
    await expect(removing).rejects.toThrow(/registered again while it was being removed: it stays registered/)
    await expect(registering).resolves.toMatchObject({kind: 'ink-v5'})
    await other.end()
    expect(await status()).toBe('pending')
    expect(await registryHolds()).toBe(true)
})

test('a re-decoding that finishes after a removal started does not bring the ABI back', async () => {
    await observer.query(`UPDATE contract_abi SET redecode_status = 'removing' WHERE code_hash = $1`, [CODE_HASH])
    await redecode(admin, config, {codeHash: CODE_HASH})
    expect(await status()).toBe('removing')
    expect(await registryHolds()).toBe(false)
    await expect(removeAbi(admin, config, {codeHash: CODE_HASH})).resolves.toBe(true)
})

test('a removal that fails half-way stays out of use, says so in its status, and finishes when run again', async () => {
    await registerAbi(admin, config, {codeHash: CODE_HASH}, ABI)
    // The re-decoding's page read fails.
    const failing: Sql = {query: (sql, params) => /ORDER BY e\.id LIMIT/.test(sql) ? Promise.reject(new Error('connection lost')) : admin.query(sql, params)}
    await expect(removeAbi(failing, config, {codeHash: CODE_HASH})).rejects.toThrow(/connection lost/)
    expect(await status()).toBe('removing (failed: connection lost; remove it again)')
    expect(await registryHolds()).toBe(false)
    await expect(removeAbi(admin, config, {codeHash: CODE_HASH})).resolves.toBe(true)
    expect(await status()).toBeUndefined()
})

async function waitForStatus(expected: string): Promise<void> {
    for (let i = 0; i < 50 && (await status()) != expected; i++) await new Promise((r) => setTimeout(r, 50))
    expect(await status()).toBe(expected)
}
