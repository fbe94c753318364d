/**
 * RPC faults: the processor with two endpoints (RPC_ENDPOINT=a,b), each behind a fault-injecting
 * proxy (one over HTTP, one over WebSocket). Error answers, 429 and 5xx, unanswered requests,
 * dropped WebSockets, an endpoint that goes away, an upstream swap, and a stalled head: no crash,
 * no gap (table checksums equal a clean run), the stall detected and recovered within 60 s.
 */
import {LocalChain} from '../../src/localchain/chopsticks'
import {buildDemoActivity} from '../../src/localchain/demo'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, shutDown, spawnProcessor, waitFor} from '../harness/processes'
import {Fault, RpcFaultProxy} from '../harness/rpc-proxy'
import {expectEqualToCleanRun, note, someActivity, waitSynced, FROM_FUNDED_STATE} from './support'

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let contract: string
let a: RpcFaultProxy
let b: RpcFaultProxy
let tag = 100
const figures: string[] = []

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    ;({contract} = await buildDemoActivity(scenario))
    a = await RpcFaultProxy.start(chain.httpUrl, chain.wsUrl)
    b = await RpcFaultProxy.start(chain.httpUrl, chain.wsUrl)
    db = await TestDatabase.create('rpcfaults')
    env = {CHAIN: 'local', FINALITY_CONFIRMATION: '5', ...FROM_FUNDED_STATE}
    processor = spawnProcessor({
        ...env, ...db.env,
        RPC_ENDPOINT: `${a.httpUrl},${b.wsUrl}`,
        RPC_REQUEST_TIMEOUT_MS: '3000',
        RPC_STALL_TIMEOUT_MS: '10000',
    })
    await waitSynced(db, processor, chain)
    expect(processor.output).toContain('forwarding RPC to 2 endpoints')
})

afterAll(async () => {
    if (figures.length) console.log(`RPC faults:\n${figures.join('\n')}`)
    await shutDown({processors: [processor], scenarios: [scenario], chains: [chain], db})
    await a?.stop()
    await b?.stop()
})

/** Blocks made while the faults are on; the processor must index them all, and still run. */
async function underFaults(label: string, faultA: Fault, faultB: Fault = {kind: 'none'}, blocks = 6): Promise<void> {
    note(`rpc faults: ${label}`)
    const before = {a: {...a.stats}, b: {...b.stats}}
    await a.set(faultA)
    await b.set(faultB)
    try {
        await someActivity(scenario, contract, tag++, blocks)
        await waitSynced(db, processor, chain, 90_000)
    } finally {
        await a.set({kind: 'none'})
        await b.set({kind: 'none'})
    }
    const injected = a.stats.injected - before.a.injected + b.stats.injected - before.b.injected
    figures.push(`  ${label}: ${injected} faults injected, indexed to the head, processor running`)
    note(figures[figures.length - 1])
    expect(processor.isRunning).toBe(true)
}

test('error answers on both endpoints (30% each)', async () => {
    await underFaults('errors 30%/30%', {kind: 'error', rate: 0.3}, {kind: 'error', rate: 0.3})
    expect(processor.output).toMatch(/switching RPC endpoint from .* to .*: .*injected by the fault proxy/)
})

test.each([429, 500, 503] as const)('HTTP %i answers from the HTTP endpoint', async (status) => {
    await underFaults(`HTTP ${status} 60% on a`, {kind: 'status', status, rate: 0.6})
})

test('requests never answered (timeouts)', async () => {
    // On both endpoints: whichever one the earlier phases left the processor on gets timeouts.
    const before = processor.output.length
    await underFaults('timeouts 30% on both', {kind: 'timeout', rate: 0.3}, {kind: 'timeout', rate: 0.3})
    expect(processor.output.slice(before)).toMatch(/switching RPC endpoint .*(timed out|timeout)/i)
})

test('WebSockets dropped every few requests, HTTP sockets cut', async () => {
    await underFaults('drops every 7 requests on both', {kind: 'drop', every: 7}, {kind: 'drop', every: 7})
})

test('an endpoint that goes away and comes back, and an upstream swap', async () => {
    await a.down()
    await someActivity(scenario, contract, tag++, 3)
    await waitSynced(db, processor, chain, 60_000)
    await a.up()
    b.swap(a.httpUrl, a.wsUrl) // b now reaches the chain through a
    await someActivity(scenario, contract, tag++, 3)
    await waitSynced(db, processor, chain, 60_000)
    b.swap(chain.httpUrl, chain.wsUrl)
    note('a down and back, b swapped: indexed to the head')
    figures.push('  a down for 3 blocks, then b swapped to another upstream: indexed to the head')
    expect(processor.isRunning).toBe(true)
})

test('a stalled head is detected and left within 60 s, with a clear log line', async () => {
    // Whichever endpoint is current now: stall both proxies' view for that one only.
    const current = /switching RPC endpoint from \S+ to (\S+): /g
    let last = a.httpUrl
    for (const m of processor.output.matchAll(current)) last = m[1]
    const stalled = last.startsWith(b.wsUrl) ? b : a
    note(`stalling ${stalled === a ? 'a' : 'b'} (the current endpoint)`)
    const outputBefore = processor.output.length
    await stalled.set({kind: 'stall'})
    const started = Date.now()
    // The chain moves on (a block a second) while the current endpoint's head stays put.
    let producing = true
    const producer = (async () => {
        while (producing) {
            await chain.newBlock()
            await new Promise((r) => setTimeout(r, 1000))
        }
    })()
    try {
        await waitFor(async () => /switching RPC endpoint from .*: stalled at #\d+ for \d+ s while .* is at #\d+/.test(processor.output.slice(outputBefore)), 60_000, 'the stall to be detected')
        const detected = Date.now() - started
        producing = false
        await producer
        await waitSynced(db, processor, chain, 60_000 - detected)
        const recovered = Date.now() - started
        figures.push(`  stalled head: detected in ${(detected / 1000).toFixed(1)} s, indexed to the head again in ${(recovered / 1000).toFixed(1)} s (RPC_STALL_TIMEOUT_MS=10000)`)
        expect(recovered).toBeLessThan(60_000)
    } finally {
        producing = false
        await producer
        await stalled.set({kind: 'none'})
    }
})

test('after all of it: every table equals a clean run', async () => {
    await waitSynced(db, processor, chain)
    figures.push(`  checksums: ${await expectEqualToCleanRun(db, chain, {...env, RPC_ENDPOINT: chain.wsUrl})} (equal to a clean run)`)
})
