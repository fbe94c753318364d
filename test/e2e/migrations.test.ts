/**
 * Migrations that move data, on rows written the old way: applied, reverted and applied again
 * against a real PostgreSQL.
 */
import {execFileSync} from 'node:child_process'
import {PROJECT_DIR, TestDatabase} from '../harness/db'

let db: TestDatabase

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
const ALICE_KEY = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const BOB_KEY = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48'
const H160 = '0x1111111111111111111111111111111111111111'

function migrate(script: 'apply' | 'revert'): void {
    execFileSync(process.execPath, [require.resolve(`@subsquid/typeorm-migration/lib/${script}.js`)], {cwd: PROJECT_DIR, env: {...process.env, ...db.env}, stdio: 'pipe'})
}

beforeAll(async () => {
    db = await TestDatabase.create('migrations')
})

afterAll(async () => {
    await db?.drop()
})

test('1796128000000: ids that held SS58 addresses hold the hex key; down renders them back', async () => {
    // Back to before the migration (those after it only add, retype and rename columns).
    await revertTo('Data1796123059233')
    await db.query(`INSERT INTO indexed_chain (id, preset, ss58_prefix, token_symbol, token_decimals, first_indexed_height) VALUES ('c', 'local', 42, 'X', 10, 0)`)
    await db.query(`INSERT INTO asset (id, chain, key, kind, supply, holder_count, transfers_count, volume, decimals, is_frozen, created_at_height)
        VALUES ('c:native', 'c', 'native', 'NATIVE', 0, 0, 0, 0, 10, false, 0), ('c:asset:7', 'c', 'asset:7', 'FUNGIBLE', 0, 0, 0, 0, 0, false, 0)`)
    for (const [key, address] of [[ALICE_KEY, ALICE], [BOB_KEY, BOB], [H160, H160]]) {
        await db.query(`INSERT INTO account (id, chain, public_key, address, first_seen_height, last_seen_height, extrinsics_count) VALUES ($1, 'c', $2, $3, 0, 0, 0)`, [`c:${key}`, key, address])
        await db.query(`INSERT INTO asset_balance (id, chain, asset_id, account, balance, is_frozen, first_received_height, last_change_height) VALUES ($1, 'c', 'c:native', $2, 5, false, 0, 0)`, [`c:native:${address}`, address])
        await db.query(`INSERT INTO activity_mark (id, chain, height) VALUES ($1, 'c', 3)`, [`c:native:day:2026-01-01T00:00:00.000Z:${address}`])
        await db.query(`INSERT INTO account_stat (id, chain, account, period, start, extrinsics, transfers) VALUES ($1, 'c', $2, 'day', '2026-01-01', 1, 0)`, [`c:${address}:day:2026-01-01T00:00:00.000Z`, address])
    }
    // A contract's distinct-caller mark held the caller's hex key already: both ways it stays.
    const callerMark = `c:0x${'ab'.repeat(32)}:day:2026-01-01T00:00:00.000Z:${ALICE_KEY}`
    await db.query(`INSERT INTO activity_mark (id, chain, height) VALUES ($1, 'c', 3)`, [callerMark])
    await db.query(`INSERT INTO asset_approval (id, chain, asset_id, owner, delegate, amount, active, created_at_height, updated_at_height)
        VALUES ($1, 'c', 'c:asset:7', $2, $3, 1, true, 0, 0)`, [`c:asset:7:${ALICE}:${BOB}`, ALICE, BOB])
    await db.query(`INSERT INTO transfer (id, chain, kind, asset_id, amount, "from", "to", event_name, block_height) VALUES
        ($1, 'c', 'OPENING', 'c:native', 5, NULL, $2, 'opening balance', 0), ($3, 'c', 'ADJUSTMENT', 'c:native', 1, $4, NULL, 'state changed without an event', 9),
        ('c:0000000009-abcde-000001', 'c', 'TRANSFER', 'c:native', 1, $2, $4, 'Balances.Transfer', 9)`,
    [`c:opening:native:${ALICE}`, ALICE, `c:adjustment:9:native:${BOB}`, BOB])
    await db.query(`CREATE SCHEMA IF NOT EXISTS squid_processor`)
    await db.query(`CREATE TABLE squid_processor.hot_change_log (block_height int4 NOT NULL, index int4 NOT NULL, change jsonb NOT NULL, PRIMARY KEY (block_height, index))`)
    await db.query(`INSERT INTO squid_processor.hot_change_log VALUES (9, 0, $1), (9, 1, $2)`, [
        JSON.stringify({kind: 'insert', table: 'asset_balance', id: `c:asset:7:${BOB}`}),
        JSON.stringify({kind: 'insert', table: 'block', id: 'c:0000000009-abcde'}),
    ])
    const before = await ids()

    migrate('apply')
    expect(await ids()).toEqual({
        balances: [`c:native:${H160}`, `c:native:${BOB_KEY}`, `c:native:${ALICE_KEY}`].sort(),
        marks: [callerMark, `c:native:day:2026-01-01T00:00:00.000Z:${H160}`, `c:native:day:2026-01-01T00:00:00.000Z:${BOB_KEY}`, `c:native:day:2026-01-01T00:00:00.000Z:${ALICE_KEY}`].sort(),
        stats: [`c:${H160}:day:2026-01-01T00:00:00.000Z`, `c:${BOB_KEY}:day:2026-01-01T00:00:00.000Z`, `c:${ALICE_KEY}:day:2026-01-01T00:00:00.000Z`].sort(),
        approvals: [`c:asset:7:${ALICE_KEY}:${BOB_KEY}`],
        transfers: ['c:0000000009-abcde-000001', `c:adjustment:9:native:${BOB_KEY}`, `c:opening:native:${ALICE_KEY}`].sort(),
        log: [`c:asset:7:${BOB_KEY}`, 'c:0000000009-abcde'],
    })
    // The rendered columns are untouched.
    const [{account}] = await db.query(`SELECT account FROM asset_balance WHERE id = $1`, [`c:native:${ALICE_KEY}`])
    expect(account).toBe(ALICE)

    await revertTo('Data1796123059233')
    expect(await ids()).toEqual(before)
    migrate('apply')
    expect((await ids()).balances).toContain(`c:native:${ALICE_KEY}`)
})

test('1796130720409: approvals and delegated movements link to existing accounts, which are then first seen no later than the rows', async () => {
    await revertTo('Data1796129885599')
    await db.query(`DELETE FROM asset_approval; DELETE FROM transfer; DELETE FROM asset_balance; DELETE FROM activity_mark; DELETE FROM account_stat`)
    await db.query(`UPDATE account SET first_seen_height = 1000`)
    await db.query(`INSERT INTO asset_approval (id, chain, asset_id, owner, delegate, amount, active, created_at_height, updated_at_height)
        VALUES ($1, 'c', 'c:asset:7', $2, $3, 0, false, 150, 160)`, [`c:asset:7:${ALICE_KEY}:${BOB_KEY}`, ALICE, BOB])
    await db.query(`INSERT INTO transfer (id, chain, kind, asset_id, amount, "from", "to", delegate, event_name, block_height)
        VALUES ('c:0000000120-abcde-000001', 'c', 'TRANSFER', 'c:asset:7', 1, $1, $2, $2, 'Assets.TransferredApproved', 120)`, [ALICE, BOB])
    migrate('apply')
    const [approval] = await db.query(`SELECT owner_account_id, delegate_account_id FROM asset_approval`)
    expect(approval).toEqual({owner_account_id: `c:${ALICE_KEY}`, delegate_account_id: `c:${BOB_KEY}`})
    const [transfer] = await db.query(`SELECT delegate_account_id FROM transfer`)
    expect(transfer.delegate_account_id).toBe(`c:${BOB_KEY}`)
    const seen = await db.query(`SELECT public_key, first_seen_height FROM account ORDER BY public_key COLLATE "C"`)
    expect(seen).toEqual([
        {public_key: H160, first_seen_height: 1000},
        {public_key: BOB_KEY, first_seen_height: 120},
        {public_key: ALICE_KEY, first_seen_height: 150},
    ])
})

test('1796133355325: a receipt removed by a fork or reindex on the receiver clears the sender\'s link instead of blocking the removal', async () => {
    migrate('apply')
    const [fk] = await db.query(`SELECT confdeltype FROM pg_constraint WHERE conname = 'FK_14a3b60d206b84582f5d34dc5c0'`)
    expect(fk.confdeltype).toBe('n')
    await db.query(`INSERT INTO indexed_chain (id, preset, para_id, ss58_prefix, token_symbol, token_decimals, first_indexed_height) VALUES ('d', 'custom', 3395, 0, 'X', 10, 0)`)
    const row = (id: string, chain: string, direction: string, counterpart: string) => db.query(`INSERT INTO xcm_message
        (id, chain, direction, transport, counterpart, message_id, status, block_height, instruction_kinds, asset_ids)
        VALUES ($1, $2, $3, 'hrmp', $4, '0x01', 'sent', 1, '{}', '{}')`, [id, chain, direction, counterpart])
    await db.query(`UPDATE indexed_chain SET para_id = 4001 WHERE id = 'c'`)
    await row('c:out:1', 'c', 'out', 'para:3395')
    await row('d:in:1', 'd', 'in', 'para:4001')
    await db.query(`UPDATE xcm_message SET receipt_id = 'd:in:1' WHERE id = 'c:out:1'`)
    await db.query(`DELETE FROM xcm_message WHERE id = 'd:in:1'`)
    const [sent] = await db.query(`SELECT receipt_id FROM xcm_message WHERE id = 'c:out:1'`)
    expect(sent.receipt_id).toBeNull()
})

/** Reverts migrations until `name` is the last one applied. */
async function revertTo(name: string): Promise<void> {
    for (let i = 0; i < 20; i++) {
        const [{last}] = await db.query(`SELECT name AS last FROM migrations ORDER BY id DESC LIMIT 1`)
        if (last == name) return
        migrate('revert')
    }
    throw new Error(`${name} was not reached`)
}

async function ids(): Promise<Record<string, string[]>> {
    const list = async (sql: string) => (await db.query(sql)).map((r: any) => r.id)
    return {
        balances: await list(`SELECT id FROM asset_balance ORDER BY id COLLATE "C"`),
        marks: await list(`SELECT id FROM activity_mark ORDER BY id COLLATE "C"`),
        stats: await list(`SELECT id FROM account_stat ORDER BY id COLLATE "C"`),
        approvals: await list(`SELECT id FROM asset_approval ORDER BY id COLLATE "C"`),
        transfers: await list(`SELECT id FROM transfer ORDER BY id COLLATE "C"`),
        log: await list(`SELECT change->>'id' AS id FROM squid_processor.hot_change_log ORDER BY index`),
    }
}
