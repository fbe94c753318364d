/**
 * `insertMany` (src/db/bulk.ts, COPY) writes exactly what the store's own `insert` writes, for every
 * column kind the append-only tables use: text, int, numeric (bigint beyond 2^64), enum, timestamp,
 * JSON (object, list, string, number, null), typed JSON lists, text[] (empty, with quotes and
 * commas) and relations, with the characters COPY's text format reads specially (backslash, tab,
 * line ends, `\N`); and `upsertMany` what the store's `upsert` writes, on new and on existing
 * rows. Same rows through both paths into a real PostgreSQL; every column compared.
 */
import {Store} from '@subsquid/typeorm-store'
import {DataSource, In} from 'typeorm'
import {findByIds, insertMany, readerFor, upsertMany, writeBehind} from '../../src/db/bulk'
import {Asset, AssetBalance, AssetKind, Block, Event, EventPhase, Transfer, TransferKind, XcmAsset, XcmDirection, XcmMessage, XcmStatus, XcmTransport} from '../../src/model'
import {entityDataSource, TestDatabase} from '../harness/db'

let db: TestDatabase
let source: DataSource

beforeAll(async () => {
    db = await TestDatabase.create('bulk')
    source = await entityDataSource(db)
}, 60_000)

afterAll(async () => {
    await source?.destroy()
    await db?.drop()
})

function rows(prefix: string) {
    const block = new Block({id: `${prefix}b1`, chain: 'x', height: 1, hash: '0x01', parentHash: '0x00', timestamp: new Date('2026-01-02T03:04:05.678Z'),
        specName: 'pop', specVersion: 1, extrinsicsCount: 0, callsCount: 0, eventsCount: 5})
    const args: unknown[] = [{who: '0xab', amount: '12', nested: {list: [1, 'two', null]}, raw: 'back\\slash\ttab\nline\r"q" \\N'}, [1, 'a', {b: true}], 'plain "text", with comma', 42, null]
    const events = args.map((a, i) => new Event({
        id: `${prefix}e${i}`, chain: 'x', block, blockHeight: 1, timestamp: i == 4 ? null : block.timestamp, extrinsic: null, index: i,
        phase: EventPhase.ApplyExtrinsic, pallet: 'Balances', name: 'Balances.Transfer', args: a,
        topics: i == 0 ? [] : ['0xaa', 'with "quote", comma', '{braces}', 'NULL', 'back\\slash\ttab\nline \\N'],
        decodeError: i == 3 ? 'reason: ünïcode ✓' : i == 2 ? 'tab\there\nnew line\r back\\slash \\N' : null,
    }))
    const asset = new Asset({id: `${prefix}asset`, chain: 'x', key: 'native', kind: AssetKind.NATIVE, supply: 0n, holderCount: 0, transfersCount: 0, volume: 0n, isFrozen: false})
    const transfers = [2n ** 100n + 7n, 0n, 1n].map((amount, i) => new Transfer({
        id: `${prefix}t${i}`, chain: 'x', kind: [TransferKind.TRANSFER, TransferKind.ADJUSTMENT, TransferKind.XCM_IN][i], asset, amount,
        from: i == 1 ? null : '5Grw', to: '5FHn', eventName: 'Balances.Transfer', event: i == 2 ? null : events[i], blockHeight: 1,
        timestamp: block.timestamp, extrinsicHash: null, xcmMessage: null,
    }))
    return {block, events, asset, transfers}
}

test('insertMany writes the same rows as the store\'s insert', async () => {
    await source.transaction(async (em) => {
        const store = new Store(() => em)
        const viaStore = rows('s-')
        await store.insert(viaStore.block)
        await store.insert(viaStore.asset)
        await store.insert(viaStore.events)
        await store.insert(viaStore.transfers)
        const viaBulk = rows('m-')
        await insertMany(store, [viaBulk.block])
        await store.insert(viaBulk.asset)
        await insertMany(store, viaBulk.events)
        await insertMany(store, viaBulk.transfers)
    })
    for (const table of ['block', 'event', 'transfer']) {
        const all = await db.query(`SELECT * FROM ${table} ORDER BY id`)
        const strip = (r: any) => JSON.parse(JSON.stringify(r, (k, v) => typeof v == 'string' ? v.replace(/^[sm]-/, '') : v))
        const store = all.filter((r: any) => r.id.startsWith('s-')).map(strip)
        const bulk = all.filter((r: any) => r.id.startsWith('m-')).map(strip)
        expect({table, n: bulk.length}).toEqual({table, n: store.length})
        expect(store.length).toBeGreaterThan(0)
        expect(bulk).toEqual(store)
    }
    const [big] = await db.query(`SELECT amount::text FROM transfer WHERE id = 'm-t0'`)
    expect(big.amount).toBe(String(2n ** 100n + 7n))
    const [topics] = await db.query(`SELECT topics, args FROM event WHERE id = 'm-e1'`)
    expect(topics).toEqual({topics: ['0xaa', 'with "quote", comma', '{braces}', 'NULL', 'back\\slash\ttab\nline \\N'], args: [1, 'a', {b: true}]})
    // COPY's text format reads backslashes, tabs and line ends specially: they arrive as given.
    const [special] = await db.query(`SELECT decode_error FROM event WHERE id = 'm-e2'`)
    expect(special.decode_error).toBe('tab\there\nnew line\r back\\slash \\N')
    const [raw] = await db.query(`SELECT args->>'raw' AS raw FROM event WHERE id = 'm-e0'`)
    expect(raw.raw).toBe('back\\slash\ttab\nline\r"q" \\N')
})

function stateRows(prefix: string, block: Block, round: number) {
    const asset = new Asset({id: `${prefix}a1`, chain: 'x', key: 'asset:1', kind: AssetKind.FUNGIBLE, assetId: '1', name: round ? 'Renamed' : 'Pop Dollar',
        symbol: round ? null : 'PUSD', decimals: 6, supply: 10n ** 30n + BigInt(round), holderCount: 2 + round, transfersCount: 0, volume: 0n, isFrozen: round == 1,
        chainSupply: round ? undefined : 5n, createdAtHeight: 1})
    const balances = ['5Grw', '5FHn', '5DAn'].map((who, i) => new AssetBalance({id: `${prefix}bal${i}`, chain: 'x', asset, account: who,
        balance: BigInt(i * 1000 + round), reserved: round ? null : 3n, isFrozen: false, firstReceivedHeight: 1, lastChangeHeight: 1 + round}))
    // Rows as loaded without their relations (the mappings load most rows so): their asset stays as
    // stored. Not next to each other: upsertMany writes them in one statement all the same.
    if (round) (balances[0] as any).asset = (balances[2] as any).asset = undefined
    const message = new XcmMessage({id: `${prefix}xcm`, chain: 'x', direction: XcmDirection.in, transport: XcmTransport.dmp, counterpart: 'relay', messageId: '0x01',
        status: round ? XcmStatus.processed : XcmStatus.enqueued, success: round ? true : null, instructionKinds: round ? ['ReserveAssetDeposited', 'ClearOrigin'] : [],
        assets: [new XcmAsset({id: 'Parent', amount: 10n ** 20n}), new XcmAsset({id: 'Here', amount: null, instance: 'x,"y"'})],
        localAssets: round ? null : [], assetIds: ['Parent'], blockHeight: 1, block, effects: round ? {deposited: ['a', 1]} : null})
    return {asset, balances, message}
}

test('upsertMany writes the same rows as the store\'s upsert, new and updated', async () => {
    for (const round of [0, 1]) {
        await source.transaction(async (em) => {
            const store = new Store(() => em)
            const blocks = await em.find(Block, {where: [{id: 's-b1'}, {id: 'm-b1'}]})
            const viaStore = stateRows('s-', blocks.find((b) => b.id == 's-b1')!, round)
            await store.upsert(viaStore.asset)
            await store.upsert(viaStore.balances)
            await store.upsert(viaStore.message)
            const viaBulk = stateRows('m-', blocks.find((b) => b.id == 'm-b1')!, round)
            await upsertMany(store, [viaBulk.asset])
            await upsertMany(store, viaBulk.balances)
            await upsertMany(store, [viaBulk.message])
        })
        for (const table of ['asset', 'asset_balance', 'xcm_message']) {
            const all = await db.query(`SELECT * FROM ${table} WHERE id ~ '^[sm]-(a1|bal[012]|xcm)$' ORDER BY id`)
            const strip = (r: any) => JSON.parse(JSON.stringify(r, (k, v) => typeof v == 'string' ? v.replace(/^[sm]-/, '') : v))
            const store = all.filter((r: any) => r.id.startsWith('s-')).map(strip)
            const bulk = all.filter((r: any) => r.id.startsWith('m-')).map(strip)
            expect({round, table, n: store.length}).toEqual({round, table, n: table == 'asset_balance' ? 3 : 1})
            expect({round, table, rows: bulk}).toEqual({round, table, rows: store})
        }
    }
    const kept = await db.query(`SELECT id, asset_id, balance FROM asset_balance WHERE id IN ('m-bal0', 'm-bal1', 'm-bal2') ORDER BY id`)
    expect(kept).toEqual([{id: 'm-bal0', asset_id: 'm-a1', balance: '1'}, {id: 'm-bal1', asset_id: 'm-a1', balance: '1001'}, {id: 'm-bal2', asset_id: 'm-a1', balance: '2001'}])
    const [m] = await db.query(`SELECT assets, status, instruction_kinds FROM xcm_message WHERE id = 'm-xcm'`)
    expect(m).toEqual({assets: [{id: 'Parent', amount: String(10n ** 20n)}, {id: 'Here', instance: 'x,"y"'}], status: 'processed', instruction_kinds: ['ReserveAssetDeposited', 'ClearOrigin']})
})

test('findByIds reads the same entities as findBy with In(): every column kind, unknown ids, no ids', async () => {
    await source.transaction(async (em) => {
        const store = new Store(() => em)
        for (const [type, ids] of [
            [Event, ['m-e0', 'm-e1', 'm-e2', 'm-e3', 'm-e4', 'nope']],
            [Transfer, ['m-t0', 'm-t1', 'm-t2']],
            [AssetBalance, ['m-bal0', 'm-bal1', 'm-bal2']],
            [XcmMessage, ['m-xcm']],
        ] as const) {
            const byId = (rows: any[]) => [...rows].sort((a, b) => a.id < b.id ? -1 : 1)
            const viaIn = byId(await store.findBy(type as any, {id: In([...ids])}))
            expect(viaIn.length).toBeGreaterThan(0)
            expect({type: type.name, rows: byId(await findByIds<any>(store, type, ids))}).toEqual({type: type.name, rows: viaIn})
        }
        expect(await findByIds(store, Event, [])).toEqual([])
        expect(await findByIds(store, Event, ['x\'); DROP TABLE event; --'])).toEqual([])
    })
})

test('a NUL character (PostgreSQL stores none in text or JSON) is written as U+FFFD, in COPY and upserts, and said in the log', async () => {
    const logged: string[] = []
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line) })
    try {
        await source.transaction(async (em) => {
            const store = new Store(() => em)
            const r = rows('n-')
            r.events[0].args = {name: 'a\0b', literal: '\\u0000', list: ['\0']}
            r.events[0].decodeError = 'reason\0here'
            r.events[0].topics = ['t\0']
            await insertMany(store, [r.block])
            await insertMany(store, [r.events[0]])
            const asset = new Asset({...r.asset, name: 'Pop\0Token'})
            await upsertMany(store, [asset])
        })
    } finally {
        log.mockRestore()
    }
    const [e] = await db.query(`SELECT args, decode_error, topics FROM event WHERE id = 'n-e0'`)
    expect(e).toEqual({args: {name: 'a\ufffdb', literal: '\\u0000', list: ['\ufffd']}, decode_error: 'reason\ufffdhere', topics: ['t\ufffd']})
    const [a] = await db.query(`SELECT name FROM asset WHERE id = 'n-asset'`)
    expect(a).toEqual({name: 'Pop\ufffdToken'})
    expect(logged).toEqual([
        expect.stringMatching(/^pop-squid: 3 values written to event held a NUL character, .* written as U\+FFFD \(the first in row "n-e0"\)$/),
        expect.stringMatching(/^pop-squid: 1 value written to asset held a NUL character, .*\(the first in row "n-asset"\)$/),
    ])
})

test('a failed bulk insert fails the transaction: nothing half-written', async () => {
    await expect(source.transaction(async (em) => {
        const store = new Store(() => em)
        const r = rows('f-')
        await insertMany(store, [r.block])
        // The same ids again: a primary-key violation.
        await insertMany(store, [r.block])
    })).rejects.toThrow(/duplicate key/)
    expect(await db.query(`SELECT id FROM block WHERE id LIKE 'f-%'`)).toEqual([])
})

describe('writeBehind: statements sent without waiting for each answer', () => {
    test('they run in the order sent, before any later read of the transaction; each returns while still queued', async () => {
        await source.transaction(async (em) => {
            const store = new Store(() => em)
            const r = rows('w-')
            const client = (em.queryRunner as any).databaseConnection
            let queuedAtReturn = -1
            await writeBehind(store, async () => {
                await insertMany(store, [r.block])
                await upsertMany(store, [r.asset])
                await insertMany(store, r.events)
                await insertMany(store, r.transfers)
                // Still in pg's queue (or running) when insertMany returned: nothing waited for an answer.
                queuedAtReturn = client.queryQueue.length + (client.activeQuery ? 1 : 0)
                // A read sent now comes after them.
                const [{n}] = await em.query(`SELECT count(*)::int AS n FROM transfer WHERE id LIKE 'w-%'`)
                expect(n).toBe(3)
                await insertMany(store, [new Block({...r.block, id: 'w-b2', height: 2})])
            })
            expect(queuedAtReturn).toBeGreaterThan(0)
            expect(await em.query(`SELECT id FROM block WHERE id LIKE 'w-%' ORDER BY id`)).toEqual([{id: 'w-b1'}, {id: 'w-b2'}])
            expect((await em.query(`SELECT count(*)::int AS n FROM event WHERE id LIKE 'w-%'`))[0].n).toBe(5)
        })
    })

    test('the first statement that failed is what it throws (not the aborted transaction after it), once all are answered; nothing is written', async () => {
        await expect(source.transaction(async (em) => {
            const store = new Store(() => em)
            const r = rows('x-')
            await writeBehind(store, async () => {
                await insertMany(store, [r.block])
                await insertMany(store, [r.block]) // the same id again: a primary-key violation
                await upsertMany(store, [r.asset])
                await insertMany(store, r.events)
                // A read after them fails on the aborted transaction.
                await em.query('SELECT 1')
            })
        })).rejects.toThrow(/duplicate key value violates unique constraint/)
        expect(await db.query(`SELECT id FROM block WHERE id LIKE 'x-%'`)).toEqual([])
        expect(await db.query(`SELECT id FROM asset WHERE id LIKE 'x-%'`)).toEqual([])
    })

    test('an error thrown by the saving code itself is thrown as it is when every statement succeeded', async () => {
        await expect(source.transaction(async (em) => {
            const store = new Store(() => em)
            await writeBehind(store, async () => {
                await insertMany(store, [rows('y-').block])
                throw new Error('a module failed')
            })
        })).rejects.toThrow('a module failed')
    })
})

test('every column of every entity is read for writing as typeorm reads it (relations set, unset, null; transformed values)', () => {
    let checked = 0
    for (const meta of source.entityMetadatas) {
        const target = meta.target as new (props?: object) => any
        const rows = [new target(), new target(), new target()]
        for (const c of meta.columns) {
            const prop = c.propertyName
            if (c.relationMetadata) {
                rows[0][prop] = {id: `${meta.tableName}-target`}
                rows[1][prop] = null
            } else {
                const type = String(c.type)
                rows[0][prop] = c.isArray ? ['a', 'b'] : /int|numeric/.test(type) ? (c.transformer ? 12345678901234567890n : 7) : type == 'bool' || type == 'boolean' ? true : /timestamp/.test(type) ? new Date(0) : /json/.test(type) ? {k: [1]} : 'text'
                rows[1][prop] = null
            }
        }
        for (const c of meta.columns) {
            const outcome = (read: () => unknown) => {
                try {
                    return {value: read()}
                } catch (err) {
                    return {error: (err as Error).message}
                }
            }
            for (const row of rows) {
                expect({table: meta.tableName, column: c.propertyName, ...outcome(() => readerFor(c)(row))})
                    .toEqual({table: meta.tableName, column: c.propertyName, ...outcome(() => c.getEntityValue(row, true))})
            }
            checked++
        }
    }
    expect(checked).toBeGreaterThan(200)
})
