/**
 * The API's connections plan for SSD or memory (`random_page_cost` 1.1, docs/operations.md) unless
 * the operator sets PGOPTIONS: checked on real pools against a real PostgreSQL.
 */
import {setRandomPageCostOnConnect} from '../../src/api/planner'
import {apiRandomPageCost} from '../../src/config/env'
import {TestDatabase} from '../harness/db'

let db: TestDatabase

beforeAll(async () => {
    db = await TestDatabase.create('planner')
}, 60_000)

afterAll(async () => {
    await db?.drop()
})

/** A fresh copy of pg's exports (the pool class is replaced on it, as in the API's process). */
function freshPg(): {Pool: any} {
    const pg = require('pg')
    return {Pool: pg.Pool}
}

async function costOf(pg: {Pool: any}): Promise<string[]> {
    const pool = new pg.Pool({host: db.env.DB_HOST, port: Number(db.env.DB_PORT), user: db.env.DB_USER, password: db.env.DB_PASS, database: db.env.DB_NAME, max: 2})
    try {
        // Two connections at once: each new one gets the setting before its first query.
        const results = await Promise.all([pool.query('SHOW random_page_cost'), pool.query('SHOW random_page_cost')])
        return results.map((r: any) => r.rows[0].random_page_cost)
    } finally {
        await pool.end()
    }
}

test('every new connection of a pool plans with random_page_cost 1.1', async () => {
    const pg = freshPg()
    setRandomPageCostOnConnect(pg, apiRandomPageCost({}))
    expect(await costOf(pg)).toEqual(['1.1', '1.1'])
})

test('with PGOPTIONS set by the operator nothing is changed', async () => {
    expect(apiRandomPageCost({PGOPTIONS: '-c random_page_cost=4'})).toBeUndefined()
    const pg = freshPg()
    setRandomPageCostOnConnect(pg, apiRandomPageCost({PGOPTIONS: '-c random_page_cost=4'}))
    expect(await costOf(pg)).toEqual(['4', '4'])
})

test('a value that is not a number is refused before any connection', () => {
    expect(() => setRandomPageCostOnConnect(freshPg(), '1; DROP TABLE event')).toThrow(/is not a number/)
})
