/**
 * PipelinedDatabase (src/db/pipelined.ts) on a real PostgreSQL: a batch of final blocks hands back
 * to the processor once its writes are sent, commits in the background, and the next batch starts
 * only after that commit; a batch failing in the background fails the next one with its error and
 * commits nothing.
 */
import type {Store} from '@subsquid/typeorm-store'
import {insertMany, writeBehind} from '../../src/db/bulk'
import {PipelinedDatabase} from '../../src/db/pipelined'
import type {Block as BlockEntity} from '../../src/model'
import {PROJECT_DIR, TestDatabase} from '../harness/db'

// The processor's store maps the compiled model (lib/, built before the tests), as in production.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const {Block} = require('../../lib/model') as {Block: typeof BlockEntity}

let db: TestDatabase
let pipelined: PipelinedDatabase
const failures: unknown[] = []

beforeAll(async () => {
    db = await TestDatabase.create('pipelined')
    Object.assign(process.env, db.env)
    pipelined = new PipelinedDatabase({supportHotBlocks: true, stateSchema: 'pipelined_status', isolationLevel: 'READ COMMITTED', projectDir: PROJECT_DIR})
    pipelined.onBackgroundFailure = (err) => failures.push(err)
    await pipelined.connect()
}, 60_000)

afterAll(async () => {
    await pipelined?.disconnect()
    await db?.drop()
})

const head = (height: number) => ({height, hash: '0x' + height.toString(16).padStart(2, '0')})
const block = (id: string, height: number) => new Block({id, chain: 'p', height, hash: head(height).hash, parentHash: '0x00', timestamp: new Date(0),
    specName: 'pop', specVersion: 1, extrinsicsCount: 0, callsCount: 0, eventsCount: 0})
const status = async () => (await db.query(`SELECT height FROM pipelined_status.status WHERE id = 0`))[0].height
const stored = async () => (await db.query(`SELECT id FROM block WHERE chain = 'p' ORDER BY id`)).map((r) => r.id)

/**
 * A batch handler writing one block, then doing `afterMs` of work after its writes (as the
 * processor's progress and metrics do); `done()` says whether it has finished.
 */
function slowBatch(row: BlockEntity, afterMs: number): {handler: (store: Store) => Promise<void>, done(): boolean} {
    let finished = false
    return {
        handler: async (store) => {
            await writeBehind(store, async () => {
                await insertMany(store, [row])
            })
            await new Promise((r) => setTimeout(r, afterMs))
            finished = true
        },
        done: () => finished,
    }
}

test('transact returns once the writes are sent; the commit follows; the next batch starts after it and reads its rows', async () => {
    // Work after the writes runs in the background too.
    const first = slowBatch(block('p-1', 1), 500)
    await pipelined.transact({prevHead: {height: -1, hash: '0x'}, nextHead: head(1)}, first.handler)
    // Back before the batch committed: another connection sees nothing of it yet.
    expect({handlerDone: first.done(), status: await status(), rows: await stored()}).toEqual({handlerDone: false, status: -1, rows: []})
    let seen: string[] = []
    await pipelined.transact({prevHead: head(1), nextHead: head(2)}, async (store: Store) => {
        seen = (await store.find(Block, {where: {chain: 'p'}})).map((b) => b.id)
        await writeBehind(store, async () => {
            await insertMany(store, [block('p-2', 2)])
        })
    })
    expect(first.done()).toBe(true)
    expect(seen).toEqual(['p-1'])
    await pipelined.committed()
    expect({status: await status(), rows: await stored()}).toEqual({status: 2, rows: ['p-1', 'p-2']})
})

test('a batch failing in the background fails what waits for it with its own error, and commits nothing', async () => {
    await pipelined.transact({prevHead: head(2), nextHead: head(3)}, async (store: Store) => {
        await writeBehind(store, async () => {
            await insertMany(store, [block('p-3', 3)])
            await insertMany(store, [block('p-1', 3)]) // already stored: a primary-key violation
        })
    })
    await expect(pipelined.committed()).rejects.toThrow(/duplicate key value violates unique constraint/)
    expect(failures.every((e) => /duplicate key/.test(String(e)))).toBe(true)
    expect({status: await status(), rows: await stored()}).toEqual({status: 2, rows: ['p-1', 'p-2']})
})

test('a handler failing before it sent everything fails its own transact', async () => {
    await expect(pipelined.transact({prevHead: head(2), nextHead: head(3)}, async () => {
        throw new Error('the mapping failed')
    })).rejects.toThrow('the mapping failed')
    expect(await status()).toBe(2)
})

test('the batch reaching END_BLOCK is committed before transact returns (the processor exits right after it)', async () => {
    const last = new PipelinedDatabase({supportHotBlocks: true, stateSchema: 'pipelined_end', isolationLevel: 'READ COMMITTED', projectDir: PROJECT_DIR, endBlock: 5})
    await last.connect()
    try {
        const batch = slowBatch(block('e-5', 5), 300)
        await last.transact({prevHead: {height: -1, hash: '0x'}, nextHead: head(5)}, batch.handler)
        expect(batch.done()).toBe(true)
        expect((await db.query(`SELECT height FROM pipelined_end.status WHERE id = 0`))[0].height).toBe(5)
        expect(await db.query(`SELECT id FROM block WHERE id = 'e-5'`)).toEqual([{id: 'e-5'}])
    } finally {
        await last.disconnect()
    }
})
