/**
 * PostgreSQL restarted under a running processor (a private server for this file, stopped as if
 * it crashed, down for a while as the chain moves on, then started again): the processor waits
 * and resumes, says so in its log, and ends with the same data as a clean run.
 */
import {Client} from 'pg'
import {LocalChain} from '../../src/localchain/chopsticks'
import {buildDemoActivity} from '../../src/localchain/demo'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {PrivatePostgres} from '../harness/private-postgres'
import {ProjectProcess, shutDown, spawnProcessor, waitFor} from '../harness/processes'
import {expectEqualToCleanRun, note, someActivity, waitSynced, FROM_FUNDED_STATE} from './support'

const DOWN_MS = 15_000
let chain: LocalChain
let scenario: Scenario
let pg: PrivatePostgres
let client: Client
let processor: ProjectProcess
let contract: string
let env: Record<string, string>
const NAME = 'popsquid_pgrestart'

const db = {query: async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows}

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    ;({contract} = await buildDemoActivity(scenario))
    pg = await PrivatePostgres.start()
    client = await pg.createDatabase(NAME)
    env = {CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '5', ...FROM_FUNDED_STATE}
    processor = spawnProcessor({...env, ...pg.env(NAME)})
    await waitSynced(db, processor, chain)
})

afterAll(async () => {
    await client?.end().catch(() => {})
    await shutDown({processors: [processor], scenarios: [scenario], chains: [chain]})
    await pg?.destroy()
})

test('the processor waits while PostgreSQL is down, says so, and resumes when it is back', async () => {
    let producing = true
    let tag = 300
    const producer = (async () => {
        while (producing) await someActivity(scenario, contract, tag++, 1)
    })()
    try {
        await new Promise((r) => setTimeout(r, 3_000))
        await client.end().catch(() => {})
        const logBefore = processor.output.length
        note('stopping PostgreSQL')
        await pg.stopServer('immediate')
        const stoppedAt = Date.now()
        await new Promise((r) => setTimeout(r, DOWN_MS))
        expect({running: processor.isRunning, tail: processor.isRunning ? '' : processor.tail()}).toEqual({running: true, tail: ''})
        const whileDown = processor.output.slice(logBefore)
        expect(whileDown).toMatch(/database unavailable \(.+\): could not (write a batch|connect); waiting for it/)
        note('starting PostgreSQL')
        await pg.startServer()
        const restartedAt = Date.now()
        client = await pg.client(NAME)
        await waitFor(async () => /database is back after [\d.]+ s; resuming/.test(processor.output.slice(logBefore + whileDown.length)), 60_000, 'the processor to say it resumed')
        console.log(`PostgreSQL down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s; processor resumed ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after it was back`)
    } finally {
        producing = false
        await producer
    }
    await waitSynced(db, processor, chain)
    expect(processor.isRunning).toBe(true)
    console.log(`PostgreSQL restart checksums: ${await expectEqualToCleanRun(db, chain, env)} (equal to a clean run)`)
})
