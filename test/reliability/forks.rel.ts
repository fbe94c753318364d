/**
 * Forks within and beyond the finality window, at the head and across a restart: afterwards
 * every table equals, by checksum, a clean run that only ever saw the canonical chain.
 */
import {LocalChain} from '../../src/localchain/chopsticks'
import {buildDemoActivity} from '../../src/localchain/demo'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, shutDown, spawnNode, spawnProcessor} from '../harness/processes'
import {expectEqualToCleanRun as equalToCleanRun, FROM_FUNDED_STATE, note, someActivity, waitSynced} from './support'

/** Deep enough for a fork of 10 to stay within the window. */
const FINALITY = 20

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let contract: string
let tag = 0
const figures: string[] = []

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    ;({contract} = await buildDemoActivity(scenario))
    await someActivity(scenario, contract, tag++, 3)
    db = await TestDatabase.create('forks')
    env = {CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: String(FINALITY), ...FROM_FUNDED_STATE}
    processor = spawnProcessor({...env, ...db.env})
    await waitSynced(db, processor, chain)
})

afterAll(async () => {
    if (figures.length) console.log(`fork checksums:\n${figures.join('\n')}`)
    await shutDown({processors: [processor], scenarios: [scenario], chains: [chain], db})
})

/** Blocks the old branch holds, then a new branch one block longer with other activity. */
async function fork(depth: number): Promise<{from: number, head: number}> {
    const head = await chain.head()
    await chain.setHead(head - depth)
    await someActivity(scenario, contract, tag++, depth + 1)
    expect(await chain.head()).toBe(head + 1)
    return {from: head - depth, head: head + 1}
}

async function expectEqualToCleanRun(label: string): Promise<void> {
    figures.push(`  ${label}: ${await equalToCleanRun(db, chain, env)} (equal to a clean run)`)
    note(figures[figures.length - 1])
}

describe.each([1, 3, 10])('a fork of depth %i', (depth) => {
    test('at the head: the processor follows it', async () => {
        // The old branch, indexed first.
        await someActivity(scenario, contract, tag++, depth)
        await waitSynced(db, processor, chain)
        const before = await db.query(`SELECT hash FROM block WHERE height = $1`, [(await chain.head()) - depth + 1])
        await fork(depth)
        await waitSynced(db, processor, chain)
        const after = await db.query(`SELECT hash FROM block WHERE height = $1`, [(await chain.head()) - depth])
        expect(after).toHaveLength(1)
        expect(after[0].hash).not.toBe(before[0].hash)
        await expectEqualToCleanRun(`depth ${depth} at the head`)
    })

    test('across a restart: stopped before it, started after', async () => {
        await someActivity(scenario, contract, tag++, depth)
        await waitSynced(db, processor, chain)
        await processor.kill()
        await fork(depth)
        processor = spawnProcessor({...env, ...db.env})
        await waitSynced(db, processor, chain)
        await expectEqualToCleanRun(`depth ${depth} across a restart`)
    })
})

test('a fork deeper than the window: a clear stop (exit 3), and reindex rebuilds to equal a clean run', async () => {
    await waitSynced(db, processor, chain)
    await processor.kill()
    const depth = FINALITY + 5
    const {from} = await fork(depth)

    const refused = spawnProcessor({...env, ...db.env})
    await refused.waitExit()
    expect({code: refused.exitCode, output: refused.output}).toMatchObject({code: 3})
    expect(refused.output).toMatch(/the chain no longer has block #\d+ 0x[0-9a-f]{64}, which was indexed as final/)
    expect(refused.output).toContain('pop-squid reindex --from')
    const suggested = Number(/pop-squid reindex --from (\d+)/.exec(refused.output)![1])
    expect(suggested).toBeLessThanOrEqual(from)

    const reindex = spawnNode('reindex', 'lib/cli/index.js', ['reindex', '--from', String(suggested)], {...env, ...db.env})
    await reindex.waitExit(120_000)
    expect({code: reindex.exitCode, output: reindex.output}).toMatchObject({code: 0})

    processor = spawnProcessor({...env, ...db.env})
    await waitSynced(db, processor, chain)
    await expectEqualToCleanRun(`depth ${depth} (beyond the window), after reindex --from ${suggested}`)
})
