/**
 * Crash soak: the processor killed with SIGKILL at random points, at least 50 times, during
 * catch-up, at the head while the chain moves, and while `pop-squid abi add` re-decodes past
 * contract events (itself killed once half-way). Every restart must show progress within 15 s;
 * afterwards every table equals, by checksum, a clean run.
 */
import {blake2AsHex} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {emitInput} from '../../src/localchain/contracts/event-emitter'
import {buildDemoActivity} from '../../src/localchain/demo'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, shutDown, spawnNode, spawnProcessor, waitFor} from '../harness/processes'
import {expectEqualToCleanRun, included, note, someActivity, waitSynced, FROM_FUNDED_STATE} from './support'

const KILLS = Number(process.env.SOAK_KILLS ?? 60)
const RESUME_LIMIT_MS = 15_000
const V5_TRANSFER = blake2AsHex('Transfer(Option<AccountId>,Option<AccountId>,u128)', 256)
const NONE_TOPIC = '0x' + '00'.repeat(32)
const ABI_FILE = path.resolve(__dirname, '../fixtures/abi/ink-v5-event-emitter.json')

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess | undefined
let contract: string
let codeHash: string
const kills = {catchUp: 0, head: 0, redecode: 0, beforeProgress: 0}
const resumeMs: number[] = []

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    ;({contract, codeHash} = await buildDemoActivity(scenario))
    const {Alice} = scenario.accounts
    const someAlice = blake2AsHex(new Uint8Array([1, ...Alice.publicKey]), 256)
    // Contract events an ABI decodes (ink! v5 Transfer), for the re-decode to work on.
    for (let i = 0; i < 12; i++) {
        const data = u8aToHex(new Uint8Array([1, ...Alice.publicKey, 0, ...u128le(BigInt(1000 + i))]))
        await included(scenario, () => scenario.callContract(Alice, contract, emitInput([V5_TRANSFER, someAlice, NONE_TOPIC], data)))
    }
    await someActivity(scenario, contract, 1, 6)
    // A longer chain to catch up on (in steps: one call must answer within a minute).
    for (let i = 0; i < 24; i++) await chain.newBlock({count: 5})
    note(`crash soak: chain built to #${await chain.head()}`)
    db = await TestDatabase.create('crash')
    env = {CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '10', ...FROM_FUNDED_STATE}
})

afterAll(async () => {
    const max = resumeMs.length ? Math.max(...resumeMs) : NaN
    console.log(`crash soak: ${Object.values(kills).reduce((a, b) => a + b, 0) - kills.beforeProgress} kills after progress + ${kills.beforeProgress} during start-up `
        + `(catch-up ${kills.catchUp}, head ${kills.head}, during re-decode ${kills.redecode}); resume to progress: max ${max} ms, `
        + `median ${resumeMs.sort((a, b) => a - b)[Math.floor(resumeMs.length / 2)]} ms over ${resumeMs.length} restarts`)
    await shutDown({processors: [processor], scenarios: [scenario], chains: [chain], db})
})

function u128le(v: bigint): number[] {
    return Array.from({length: 16}, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min))

async function indexedHeight(): Promise<number> {
    const [row] = await db.query(`SELECT coalesce(max(height), -1) AS h FROM block`)
    return Number(row.h)
}

/**
 * One round: start the processor, and kill it with SIGKILL either during start-up (before any
 * progress) or at a random point after its first progress line, whose delay is recorded.
 */
async function round(phase: 'catchUp' | 'head' | 'redecode'): Promise<void> {
    const started = Date.now()
    const proc = spawnProcessor({...env, ...db.env})
    processor = proc
    if (Math.random() < 0.25) {
        await sleep(random(100, 1500))
        kills.beforeProgress++
    } else {
        await waitFor(async () => {
            if (!proc.isRunning) throw new Error(`processor exited (${proc.exitCode ?? proc.signal}):\n${proc.tail()}`)
            return /indexed local to #\d+/.test(proc.output)
        }, RESUME_LIMIT_MS, `progress within ${RESUME_LIMIT_MS} ms of a restart`, 50)
        resumeMs.push(Date.now() - started)
        // During catch-up a batch takes little time: kill soon after progress to land inside catch-up.
        await sleep(phase == 'catchUp' ? random(0, 600) : random(0, 2500))
        kills[phase]++
    }
    expect({running: proc.isRunning, output: proc.isRunning ? '' : proc.tail()}).toEqual({running: true, output: ''})
    await proc.kill('SIGKILL')
    note(`crash soak: ${phase} kill (${JSON.stringify(kills)}), last resume ${resumeMs[resumeMs.length - 1] ?? '-'} ms, indexed #${await indexedHeight()}`)
}

function cli(args: string[]): ProjectProcess {
    return spawnNode('pop-squid', 'lib/cli/index.js', args, {...env, ...db.env})
}

test(`the processor killed at random ${KILLS} times resumes each time within 15 s and ends equal to a clean run`, async () => {
    // Catch-up: the processor starts from nothing, 150+ blocks behind.
    const head = await chain.head()
    let rounds = 0
    while (await indexedHeight() < head - 20 && rounds++ < KILLS / 3) await round('catchUp')
    expect(kills.catchUp).toBeGreaterThan(0)

    // At the head, while the chain moves on (a block every second or so).
    let producing = true
    let tag = 10
    const producer = (async () => {
        while (producing) await someActivity(scenario, contract, tag++, 1)
    })()
    try {
        while (kills.catchUp + kills.head < (KILLS * 2) / 3) await round('head')

        // During a re-decode: register the ABI (re-decoding the past events) while the processor
        // goes on being killed; kill the command once too, then run it again to the end.
        const first = cli(['abi', 'add', '--code-hash', codeHash, ABI_FILE])
        await sleep(random(50, 400))
        await first.kill('SIGKILL')
        let abiAdd = cli(['abi', 'add', '--code-hash', codeHash, ABI_FILE])
        while (Object.values(kills).reduce((a, b) => a + b, 0) - kills.beforeProgress < KILLS) {
            await round('redecode')
            if (!abiAdd.isRunning && abiAdd.exitCode != 0) throw new Error(`abi add failed:\n${abiAdd.output}`)
        }
        await abiAdd.waitExit(120_000)
        expect({code: abiAdd.exitCode, output: abiAdd.output}).toMatchObject({code: 0, output: expect.stringMatching(/re-decoded \d+ of \d+ events/)})
    } finally {
        producing = false
        await producer
    }

    processor = spawnProcessor({...env, ...db.env})
    await waitSynced(db, processor, chain)
    expect(Math.max(...resumeMs)).toBeLessThan(RESUME_LIMIT_MS)
    const decoded = await db.query(`SELECT count(*)::int AS n FROM contract_event WHERE decoded AND name = 'Transfer'`)
    expect(decoded[0].n).toBeGreaterThanOrEqual(12)

    // The clean run: the same ABI registered first, then one processor never interrupted.
    const summary = await expectEqualToCleanRun(db, chain, env, async (clean) => {
        const add = spawnNode('pop-squid', 'lib/cli/index.js', ['abi', 'add', '--code-hash', codeHash, ABI_FILE], {...env, ...clean.env})
        await add.waitExit(60_000)
        expect({code: add.exitCode, output: add.output}).toMatchObject({code: 0})
    })
    console.log(`crash soak checksums: ${summary} (equal to a clean run)`)
})
