/**
 * The first hour of a new user, beside a running `pop-squid dev` (what `npm start` runs): the other
 * commands answer about dev's data without being told where it is, a second dev is refused with one
 * sentence, mistakes end in one sentence and a documented exit code, and every GraphQL example of
 * README.md and docs/ runs as it is against the demo data, with no error and no empty answer.
 * Then dev is stopped and run again on the same database: a new local chain starts a clean index.
 */
import {findFreePort} from '../../src/localchain/ports'
import {POP_TESTNET_SPEC} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {docExamples, emptyRootFields} from '../harness/doc-examples'
import {GraphqlWsClient} from '../harness/graphql-ws'
import {ProjectProcess, spawnNode, tempFile, waitFor} from '../harness/processes'

const DEMO_CONTRACT = '5Cx7hQS98RVcrz2wSpbWTwP7vWescBPLC2RzRukxrTBQdiwq'
const DEMO_CONTRACT_HEX = '0x2735c4e7054ed3cebdbb41e2d9bee9ab581b4c4c65d11795e98156220d909ca9'

let db: TestDatabase
let dev: ProjectProcess
let gqlUrl: string
let stateFile: string
/** The environment of a user who configured nothing: no database, no chain. */
let bare: Record<string, string | undefined>

beforeAll(async () => {
    db = await TestDatabase.create('dev')
    stateFile = tempFile('dev.json')
    const gqlPort = await findFreePort()
    gqlUrl = `http://127.0.0.1:${gqlPort}/graphql`
    dev = spawnNode('dev', 'lib/cli/index.js', ['dev', '--chain-port', String(await findFreePort())], {
        ...db.env, GQL_PORT: String(gqlPort), LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC, DEV_STATE_FILE: stateFile,
        // The examples run back to back here; a user runs them one at a time.
        GQL_RATE_LIMIT: '0',
    })
    await waitFor(async () => {
        if (!dev.isRunning) throw new Error(`dev exited:\n${dev.tail(40)}`)
        return /synced: indexed #\d+ = chain head/.test(dev.output)
    }, 180_000, 'dev to sync', 500)
    bare = {DEV_STATE_FILE: stateFile, DB_NAME: '', CHAIN: '', CHAIN_ID: '', RPC_ENDPOINT: ''}
}, 240_000)

afterAll(async () => {
    await dev?.kill('SIGINT')
    await db?.drop()
})

async function cli(args: string[], env: Record<string, string | undefined> = bare): Promise<ProjectProcess> {
    const proc = spawnNode('cli', 'lib/cli/index.js', args, env)
    await proc.waitExit(60_000)
    expect(proc.output).not.toMatch(/\n\s+at |Error: /)
    return proc
}

test('status, events and abi find dev\'s database and chain by themselves', async () => {
    const status = await cli(['status', '--json'])
    expect(status.exitCode).toBe(0)
    expect(status.output).toContain(`(pop-squid dev is running: using its database ${db.name}`)
    const json = JSON.parse(status.output.split('\n').find((l) => l.startsWith('{'))!)
    expect(json).toMatchObject({chain: 'local', lag: 0, rpcError: null})
    expect(json.indexedHeight).toBeGreaterThan(10)

    const events = await cli(['events', '--contract', DEMO_CONTRACT])
    expect(events.exitCode).toBe(0)
    expect(events.output).toMatch(/#\d+\.\d+ Demo \{"value":42\}/)
    expect(events.output).toMatch(/not decoded: unknown topic/)

    const list = await cli(['abi', 'list'])
    expect(list.exitCode).toBe(0)
    expect(list.output).toMatch(/local:code:0xf2c9153de77dec232095f2ce7538c51b8411a8223346c85e0957d8111e0ea429\s+ink-v5\s+pop_squid_demo\s+re-decode done/)
})

test('mistakes end in one sentence and a documented exit code', async () => {
    const solidity = tempFile('solidity.json')
    require('node:fs').writeFileSync(solidity, JSON.stringify([{type: 'event', name: 'X', inputs: []}]))
    const wrongKind = await cli(['abi', 'add', '--address', DEMO_CONTRACT, solidity])
    expect(wrongKind.exitCode).toBe(2)
    expect(wrongKind.output).toContain(`ABI refused: a solidity ABI cannot decode ${DEMO_CONTRACT_HEX}'s events: it is a pallet-contracts contract, which needs ink-v4 or ink-v5 metadata`)

    const notAnAbi = tempFile('list.json')
    require('node:fs').writeFileSync(notAnAbi, '[1,2,3]')
    const junk = await cli(['abi', 'add', '--address', DEMO_CONTRACT, notAnAbi])
    expect(junk.exitCode).toBe(2)
    expect(junk.output).toContain('ABI refused: a Solidity JSON ABI is a list of objects')

    const unknownTarget = await cli(['abi', 'add', '--address', '0x' + 'ab'.repeat(20), solidity])
    expect(unknownTarget.exitCode).toBe(0)
    expect(unknownTarget.output).toContain('warning: no contract 0xabababababababababababababababababababab is indexed on local yet')

    const unknownContract = await cli(['events', '--contract', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'])
    expect(unknownContract.exitCode).toBe(1)
    expect(unknownContract.output).toContain('no contract 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY is indexed on local')

    const badAddress = await cli(['events', '--contract', 'not-an-address'])
    expect(badAddress.exitCode).toBe(2)

    const second = await cli(['dev', '--exit-when-synced'])
    expect(second.exitCode).toBe(1)
    expect(second.output).toMatch(/^pop-squid dev is already running \(pid \d+, API on port \d+\): stop it first/m)

    const typo = await cli(['statsu'])
    expect(typo.exitCode).toBe(2)
    const version = await cli(['--version'])
    expect(version.output.trim()).toMatch(/^\d+\.\d+\.\d+$/)
})

describe('every GraphQL example of README.md and docs/ runs against the demo data', () => {
    const examples = docExamples()
    test('there are examples', () => {
        expect(examples.length).toBeGreaterThan(25)
    })
    test.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_, example) => {
        if (/^\s*subscription\b/.test(example.query)) {
            // Subscriptions run over WebSocket, as a client would: the first result is the answer now.
            const ws = await GraphqlWsClient.connect(gqlUrl.replace(/^http/, 'ws'))
            try {
                ws.subscribe('1', example.query)
                const first = await ws.waitFor((m) => m.id == '1', 10_000)
                expect(first.type).toBe('next')
                expect(first.payload.errors).toBeUndefined()
                expect(emptyRootFields(first.payload.data)).toEqual([])
            } finally {
                ws.close()
            }
            return
        }
        const res = await fetch(gqlUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: example.query})})
        const body: any = await res.json()
        expect(body.errors).toBeUndefined()
        expect(res.status).toBe(200)
        expect(emptyRootFields(body.data)).toEqual([])
    })
})

async function demoCounts() {
    const [row] = await db.query(`SELECT
        (SELECT count(*)::int FROM block) AS blocks,
        (SELECT max(height) FROM block) AS head,
        (SELECT count(*)::int FROM extrinsic WHERE NOT success) AS failed,
        (SELECT count(*)::int FROM event WHERE name = 'Contracts.ContractEmitted') AS "contractEvents",
        (SELECT count(*)::int FROM contract_event WHERE decoded) AS decoded,
        (SELECT count(*)::int FROM event WHERE name = 'MessageQueue.Processed') AS "xcmProcessed"`)
    return row
}

test('the demo made its activity; a second dev on the same database starts a clean index of its new chain', async () => {
    const once = await demoCounts()
    expect(once.blocks).toBeGreaterThanOrEqual(10)
    expect({failed: once.failed, contractEvents: once.contractEvents, decoded: once.decoded, xcmProcessed: once.xcmProcessed})
        .toEqual({failed: 1, contractEvents: 2, decoded: 1, xcmProcessed: 2})
    await dev.kill('SIGINT')
    const again = spawnNode('dev', 'lib/cli/index.js', ['dev', '--exit-when-synced', '--chain-port', String(await findFreePort())], {
        ...db.env, GQL_PORT: String(await findFreePort()), LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC, DEV_STATE_FILE: stateFile,
    })
    try {
        await again.waitExit(150_000)
    } finally {
        await again.kill('SIGKILL')
    }
    expect({code: again.exitCode, tail: again.exitCode == 0 ? '' : again.tail(40)}).toEqual({code: 0, tail: ''})
    expect(again.output).toContain(`starting with an empty index: database ${db.name} held a previous local chain's data`)
    expect(again.output).not.toMatch(/\n\s+at /)
    const twice = await demoCounts()
    // The demo is deterministic: the new chain's index is the same size, with no row of the old one left.
    expect({blocks: twice.blocks, head: twice.head, decoded: twice.decoded}).toEqual({blocks: once.blocks, head: once.head, decoded: once.decoded})
}, 240_000)
