/**
 * Two real Pop runtimes exchanging XCM (chopsticks' multi-chain mode): the Pop testnet genesis
 * runtime (para 4001) sends HRMP messages to the Pop mainnet genesis runtime (para 3395), the
 * dAppChain case. One processor per chain writes into one database; each message sent on one
 * is linked to its receipt on the other.
 */
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {Scenario, siblingSovereignAccount} from '../../src/localchain/scenarios'
import {POP_TESTNET_SPEC} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, spawnGraphql, spawnProcessor, waitFor, waitIndexed, shutDown} from '../harness/processes'

const POP_MAINNET_SPEC = process.env.TEST_POP_MAINNET_SPEC ?? path.resolve(__dirname, '../../../shared/chain-specs/pop-polkadot.raw.json')

let testnet: LocalChain
let mainnet: LocalChain
let a: Scenario
let b: Scenario
let db: TestDatabase
let processors: ProjectProcess[] = []
let api: {proc: ProjectProcess, url: string}
let ok: string
let failing: string

beforeAll(async () => {
    [testnet, mainnet] = await LocalChain.startNetwork([{spec: POP_TESTNET_SPEC}, {spec: POP_MAINNET_SPEC}])
    a = await Scenario.connect(testnet)
    b = await Scenario.connect(mainnet)
    // 4001 pays on 3395 from its sovereign account there.
    await b.transfer(b.accounts.Alice, siblingSovereignAccount(4001), 10n ** 14n)
    const sentOk = await a.sudoXcmSendToSibling(a.accounts.Alice, 3395, a.withdrawAndDepositInstructions(a.accounts.Dave, 10n ** 12n))
    const sentBad = await a.sudoXcmSendToSibling(a.accounts.Alice, 3395, a.withdrawAndDepositInstructions(a.accounts.Dave, 10n ** 20n))
    const idOf = (o: typeof sentOk) => o.events.find((e) => e.name == 'polkadotXcm.Sent')!.data.messageId as string
    ok = idOf(sentOk).toLowerCase()
    failing = idOf(sentBad).toLowerCase()
    // Both messages are processed on 3395 in the blocks it builds as they arrive.
    // Chopsticks builds them as the messages arrive; once in a while that trigger is missed (seen
    // once in CI): after 10 s, build the receiver's blocks by hand (they carry the pending messages).
    const sent = Date.now()
    await waitFor(async () => {
        if ((await mainnet.head()) >= 5) return true
        if (Date.now() - sent > 10_000) await mainnet.newBlock()
        return false
    }, 60_000, 'the receiver to build blocks', 1000)

    db = await TestDatabase.create('xcmnet')
    const common = {...db.env, CHAIN: 'custom', FINALITY_CONFIRMATION: '3', TOKEN_SYMBOL: 'DOT', TOKEN_DECIMALS: '10'}
    processors = [
        spawnProcessor({...common, CHAIN_ID: 'pop-testnet', PARA_ID: '4001', RPC_ENDPOINT: testnet.wsUrl}),
        spawnProcessor({...common, CHAIN_ID: 'pop', PARA_ID: '3395', SS58_PREFIX: '0', RPC_ENDPOINT: mainnet.wsUrl}),
    ]
    await waitIndexed(db, processors[0], await testnet.head(), 'pop-testnet', 90_000)
    await waitIndexed(db, processors[1], await mainnet.head(), 'pop', 90_000)
    api = await spawnGraphql({...common, CHAIN_ID: 'pop-testnet', RPC_ENDPOINT: testnet.wsUrl})
})

afterAll(async () => {
    await shutDown({api, processors, scenarios: [a, b], chains: [testnet], db})
})

test('both chains in one database, each with its own rows and state', async () => {
    const data = await gql(api.url, `{ indexedChains(orderBy: id_ASC, limit: 5) { id paraId ss58Prefix } indexerStatus { chain indexedHeight } }`)
    expect(data.indexedChains).toEqual([
        {id: 'pop', paraId: 3395, ss58Prefix: 0},
        {id: 'pop-testnet', paraId: 4001, ss58Prefix: 42},
    ])
    // Each chain's processor state in its own schema (internal: not in the API).
    expect(await db.query(`SELECT id, state_schema FROM chain_state ORDER BY id`)).toEqual([
        {id: 'pop', state_schema: 'squid_processor_pop'},
        {id: 'pop-testnet', state_schema: 'squid_processor_pop_testnet'},
    ])
    expect(data.indexerStatus.map((s: any) => s.chain)).toEqual(['pop', 'pop-testnet'])
    expect(data.indexerStatus.every((s: any) => s.indexedHeight > 0)).toBe(true)
    // Internal bookkeeping is not served.
    const hidden = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: '{ activityMarks(limit: 1) { id } chainStates(limit: 1) { id } }'})})
    const errors = (await hidden.json()).errors.map((e: any) => e.message).join('\n')
    expect(errors).toMatch(/Cannot query field "activityMarks"/)
    expect(errors).toMatch(/Cannot query field "chainStates"/)
})

test('a message sent on one chain is linked to its receipt on the other, with its outcome and time in flight', async () => {
    const query = `query($id: String!) { xcmJourney(messageId: $id) {
        status fromChain toChain destination sentAtHeight receivedAtHeight processedAtHeight success queueBlocks inFlightSeconds
    } }`
    const good = (await gql(api.url, query, {id: ok})).xcmJourney
    expect(good).toEqual([{
        status: 'processed', fromChain: 'pop-testnet', toChain: 'pop', destination: 'para:3395', success: true,
        sentAtHeight: expect.any(Number), receivedAtHeight: expect.any(Number), processedAtHeight: expect.any(Number),
        queueBlocks: expect.any(Number), inFlightSeconds: expect.any(Number),
    }])
    // Seconds come from the two chains' block timestamps. Under chopsticks each chain's clock follows
    // its own slots (12 s vs 6 s blocks here), so only check they are what the block rows say.
    const [times] = await db.query(`SELECT
        (SELECT b.timestamp FROM block b WHERE b.chain = 'pop' AND b.height = $1) AS processed,
        (SELECT b.timestamp FROM block b WHERE b.chain = 'pop-testnet' AND b.height = $2) AS sent`, [good[0].processedAtHeight, good[0].sentAtHeight])
    expect(good[0].inFlightSeconds).toBe(Math.round((times.processed.getTime() - times.sent.getTime()) / 1000))
    expect(good[0].queueBlocks).toBeGreaterThanOrEqual(0)
    // One chain's view: the journey starts on pop-testnet and ends on pop; no other chain is in it.
    const onChain = async (chain: string) => (await gql(api.url, `query($id: String!, $chain: String) { xcmJourney(messageId: $id, chain: $chain) { fromChain sentTime processedTime } }`, {id: ok, chain})).xcmJourney
    const fromPop = await onChain('pop')
    expect(fromPop).toEqual([{fromChain: 'pop-testnet', sentTime: times.sent.toISOString(), processedTime: times.processed.toISOString()}])
    expect(await onChain('pop-testnet')).toEqual(fromPop)
    expect(await onChain('paseo')).toEqual([])
    const bad = (await gql(api.url, query, {id: failing})).xcmJourney
    expect(bad).toMatchObject([{status: 'failed', fromChain: 'pop-testnet', toChain: 'pop', success: false}])
    // The same link as a field: each sent message points at its receipt on the other chain, which lists it.
    const sends = (await gql(api.url, `{ xcmMessages(where: {chain_eq: "pop-testnet", direction_eq: out}, orderBy: blockHeight_ASC, limit: 10) {
        id messageId receipt { chain status messageId sentAs(limit: 5) { id } } } }`)).xcmMessages
    expect(sends.map((m: any) => [m.messageId, m.receipt?.chain, m.receipt?.status])).toEqual([[ok, 'pop', 'processed'], [failing, 'pop', 'failed']])
    for (const m of sends) expect(m.receipt.sentAs).toEqual([{id: m.id}])
})

test('each side counts the other as a counterpart', async () => {
    const data = await gql(api.url, `{ counterpartChains(orderBy: chain_ASC, limit: 10) { chain counterpart messagesIn messagesOut processedIn failedIn } }`)
    expect(data.counterpartChains).toEqual([
        {chain: 'pop', counterpart: 'para:4001', messagesIn: 2, messagesOut: 0, processedIn: 1, failedIn: 1},
        {chain: 'pop-testnet', counterpart: 'para:3395', messagesIn: 0, messagesOut: 2, processedIn: 0, failedIn: 0},
    ])
})

test('a bad message id is refused with a clear error', async () => {
    const res = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: '{ xcmJourney(messageId: "0x12") { status } }'})})
    expect(((await res.json()) as any).errors[0].message).toBe('messageId must be 0x followed by 64 hex digits')
})

test('a fork on the sender that drops a sent message: its link and the sender\'s figures roll back', async () => {
    const query = `query($id: String!) { xcmJourney(messageId: $id) { status fromChain toChain } }`
    const outOf = async () => (await gql(api.url, `{ counterpartChains(where: {chain_eq: "pop-testnet"}, limit: 5) { messagesOut assets(limit: 5) { assetId messagesOut } } }`)).counterpartChains[0]
    const before = await outOf()
    const forkFrom = await testnet.head()
    const sent = await a.sudoXcmSendToSibling(a.accounts.Alice, 3395, a.withdrawAndDepositInstructions(a.accounts.Dave, 10n ** 10n))
    const id = (sent.events.find((e) => e.name == 'polkadotXcm.Sent')!.data.messageId as string).toLowerCase()
    const receiverHead = await mainnet.head()
    await waitFor(async () => {
        if ((await mainnet.head()) > receiverHead) return true
        await mainnet.newBlock()
        return false
    }, 30_000, 'the receiver to take the message', 2_000)
    await waitIndexed(db, processors[0], await testnet.head(), 'pop-testnet', 60_000)
    await waitIndexed(db, processors[1], await mainnet.head(), 'pop', 60_000)
    expect((await gql(api.url, query, {id})).xcmJourney).toEqual([{status: 'processed', fromChain: 'pop-testnet', toChain: 'pop'}])
    expect((await outOf()).messagesOut).toBe(before.messagesOut + 1)

    // The sender's block with the send is replaced by a longer branch without it.
    const orphaned = await testnet.head()
    await testnet.setHead(forkFrom)
    await testnet.newBlock({count: orphaned - forkFrom + 1})
    await waitIndexed(db, processors[0], await testnet.head(), 'pop-testnet', 60_000)
    await waitFor(async () => (await db.query(`SELECT 1 FROM xcm_message WHERE chain = 'pop-testnet' AND message_id = $1`, [id])).length == 0, 30_000, 'the sent message to be rolled back')
    // The receiver still processed it: the journey now has no sender, and the receipt lists none.
    expect((await gql(api.url, query, {id})).xcmJourney).toEqual([{status: 'processed', fromChain: null, toChain: 'pop'}])
    const receipt = (await gql(api.url, `query($id: String!) { xcmMessages(where: {chain_eq: "pop", messageId_eq: $id}, limit: 5) { sentAs(limit: 5) { id } } }`, {id})).xcmMessages
    expect(receipt).toEqual([{sentAs: []}])
    expect(await outOf()).toEqual(before)
})
