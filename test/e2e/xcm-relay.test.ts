/**
 * The real Paseo relay runtime and the Pop testnet runtime in chopsticks' multi-chain mode, each
 * indexed by its own processor into one database:
 * - the relay sends a reserve transfer (XCM v3, through the executor: no `XcmPallet.Sent`) and a
 *   sudo `XcmPallet.send` down to Pop; the relay's processor reads both from its downward queues,
 *   Pop's decodes them from set_validation_data and matches them to their outcomes;
 * - Pop sends a message up to the relay; this Paseo runtime knows XCM v2-v3 only and Pop spec 100
 *   sends v4, so the relay fails it as `Corrupt` and knows it by the hash of its bytes: the journey
 *   still links it, through the sender's message hash.
 */
import {u8aToHex} from '@polkadot/util'
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {Scenario} from '../../src/localchain/scenarios'
import {POP_TESTNET_SPEC} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, spawnGraphql, spawnProcessor, waitFor, waitIndexed, shutDown} from '../harness/processes'

const PASEO_SPEC = process.env.TEST_RELAY_SPEC ?? path.resolve(__dirname, '../../../shared/chain-specs/paseo.raw.json')
const UNIT = 10n ** 10n

let relay: LocalChain
let pop: LocalChain
let r: Scenario
let p: Scenario
let db: TestDatabase
let processors: ProjectProcess[] = []
let api: {proc: ProjectProcess, url: string}
/** The id Pop processed the reserve transfer under (its SetTopic). */
let reserveId: string
let sudoDownId: string
let upId: string
let upHash: string

/** Every `MessageQueue.Processed` Pop has emitted so far. */
async function popOutcomes(): Promise<{id: string, success: boolean}[]> {
    const found: {id: string, success: boolean}[] = []
    for (let h = 1; h <= await pop.head(); h++) {
        const events: any = await p.api.query.system.events.at(await pop.blockHash(h))
        for (const e of events) {
            if (e.event.section == 'messageQueue' && e.event.method == 'Processed') found.push({id: e.event.data.id.toHex(), success: e.event.data.success.isTrue})
        }
    }
    return found
}

beforeAll(async () => {
    const network = await LocalChain.startRelayNetwork({spec: PASEO_SPEC}, [{spec: POP_TESTNET_SPEC}], 90_000)
    relay = network.relay
    pop = network.parachains[0]
    r = await Scenario.connect(relay)
    p = await Scenario.connect(pop)
    // Down: a reserve transfer (no Sent event on the relay), then a sudo send that fails on Pop
    // (the relay's account there holds nothing to withdraw).
    expect((await r.relayReserveTransferToPara(r.accounts.Alice, 4001, r.accounts.Dave, 100n * UNIT)).success).toBe(true)
    await waitFor(async () => (await popOutcomes()).some((o) => o.success), 30_000, 'Pop to process the reserve transfer')
    reserveId = (await popOutcomes()).find((o) => o.success)!.id
    const sudoDown = await r.relaySudoXcmSendToPara(r.accounts.Alice, 4001, r.withdrawAndDepositInstructions(r.accounts.Dave, UNIT))
    expect(sudoDown.success).toBe(true)
    sudoDownId = (sudoDown.events.find((e) => e.name == 'xcmPallet.Sent')!.data.messageId as string).toLowerCase()
    await waitFor(async () => (await popOutcomes()).some((o) => o.id == sudoDownId), 30_000, 'Pop to process the sudo send')
    // Up: a message the relay cannot decode (v4 to a v3 relay).
    const up = await p.sudoXcmSendToRelay(p.accounts.Alice, p.withdrawAndDepositInstructions(p.accounts.Dave, UNIT, 0))
    expect(up.success).toBe(true)
    upId = (up.events.find((e) => e.name == 'polkadotXcm.Sent')!.data.messageId as string).toLowerCase()
    upHash = (up.events.find((e) => e.name == 'parachainSystem.UpwardMessageSent')!.data.messageHash as string).toLowerCase()
    await waitFor(async () => {
        for (let h = 1; h <= await relay.head(); h++) {
            const events: any = await r.api.query.system.events.at(await relay.blockHash(h))
            if (events.some((e: any) => e.event.section == 'messageQueue' && e.event.method == 'ProcessingFailed')) return true
        }
        return false
    }, 30_000, 'the relay to fail the upward message')

    db = await TestDatabase.create('xcmrelay')
    const common = {...db.env, CHAIN: 'custom', FINALITY_CONFIRMATION: '2', TOKEN_SYMBOL: 'PAS', TOKEN_DECIMALS: '10'}
    processors = [
        spawnProcessor({...common, CHAIN_ID: 'paseo', SS58_PREFIX: '0', RPC_ENDPOINT: relay.wsUrl}),
        // No PARA_ID: the processor asks the chain (ParachainInfo), or Pop would be taken for a relay.
        spawnProcessor({...common, CHAIN_ID: 'pop-testnet', RPC_ENDPOINT: pop.wsUrl}),
    ]
    await waitIndexed(db, processors[0], await relay.head(), 'paseo', 90_000)
    await waitIndexed(db, processors[1], await pop.head(), 'pop-testnet', 90_000)
    api = await spawnGraphql({...common, CHAIN_ID: 'pop-testnet', RPC_ENDPOINT: pop.wsUrl})
})

afterAll(async () => {
    await shutDown({api, processors, scenarios: [r, p], chains: [relay], db})
})

test('a parachain indexed without PARA_ID is known by the id it reports; the relay has none', async () => {
    expect(processors[1].output).toContain('PARA_ID not set; the chain says it is parachain 4001')
    expect(await db.query(`SELECT id, para_id FROM indexed_chain ORDER BY id`)).toEqual([{id: 'paseo', para_id: null}, {id: 'pop-testnet', para_id: 4001}])
})

test('Pop decodes the relay\'s downward messages (v3) and matches them to their outcomes, with their deposit', async () => {
    const rows = await db.query(`SELECT direction, transport, counterpart, version, status, success, message_id, beneficiary, assets, effects
        FROM xcm_message WHERE chain = 'pop-testnet' AND direction = 'in' ORDER BY block_height, id`)
    expect(rows).toEqual([
        {
            direction: 'in', transport: 'dmp', counterpart: 'relay', version: 3, status: 'processed', success: true,
            message_id: reserveId, beneficiary: `AccountId32(${u8aToHex(r.accounts.Dave.publicKey)})`,
            assets: [{id: 'Parent', amount: String(100n * UNIT)}],
            effects: expect.arrayContaining([expect.objectContaining({event: 'Balances.Deposit'})]),
        },
        // The relay's version discovery (SubscribeVersion), refused by Pop's barrier before it
        // ran: the outcome carries the hash of the bytes, not the SetTopic.
        {
            direction: 'in', transport: 'dmp', counterpart: 'relay', version: 3, status: 'failed', success: false,
            message_id: expect.stringMatching(/^0x[0-9a-f]{64}$/), beneficiary: null, assets: [], effects: null,
        },
        {
            direction: 'in', transport: 'dmp', counterpart: 'relay', version: 3, status: 'failed', success: false,
            message_id: sudoDownId, beneficiary: `AccountId32(${u8aToHex(r.accounts.Dave.publicKey)})`,
            assets: [{id: 'Parent', amount: String(UNIT)}], effects: null,
        },
    ])
})

test('the relay\'s own processor reads its downward messages, announced or not, with sender and hash', async () => {
    const rows = await db.query(`SELECT m.direction, m.transport, m.counterpart, m.status, m.message_id, m.message_hash, m.sender, m.version,
            m.instruction_kinds, m.decode_error, e.hash IS NOT NULL AS has_extrinsic
        FROM xcm_message m LEFT JOIN extrinsic e ON e.id = m.extrinsic_id WHERE m.chain = 'paseo' AND m.direction = 'out' ORDER BY m.block_height, m.id`)
    const alice = u8aToHex(r.accounts.Alice.publicKey)
    expect(rows).toEqual([
        // The reserve transfer: nothing announced it; read from Dmp.DownwardMessageQueues.
        {direction: 'out', transport: 'dmp', counterpart: 'para:4001', status: 'sent', message_id: reserveId,
            message_hash: expect.stringMatching(/^0x[0-9a-f]{64}$/), sender: alice, version: 3, has_extrinsic: true, decode_error: null,
            instruction_kinds: ['ReserveAssetDeposited', 'ClearOrigin', 'BuyExecution', 'DepositAsset', 'SetTopic']},
        // The sudo send: its XcmPallet.Sent, given the hash of the queued bytes.
        {direction: 'out', transport: 'dmp', counterpart: 'para:4001', status: 'sent', message_id: sudoDownId,
            message_hash: expect.stringMatching(/^0x[0-9a-f]{64}$/), sender: null, version: null, has_extrinsic: true, decode_error: null,
            instruction_kinds: ['WithdrawAsset', 'BuyExecution', 'DepositAsset']},
        // The relay's version discovery for Pop (XcmPallet's own: no extrinsic, no sender).
        {direction: 'out', transport: 'dmp', counterpart: 'para:4001', status: 'sent', message_id: expect.stringMatching(/^0x[0-9a-f]{64}$/),
            message_hash: expect.stringMatching(/^0x[0-9a-f]{64}$/), sender: null, version: 3, has_extrinsic: false, decode_error: null,
            instruction_kinds: ['SubscribeVersion', 'SetTopic']},
    ])
    // Each hash is the one Pop computed from the bytes it received.
    const pop = await db.query(`SELECT message_hash FROM xcm_message WHERE chain = 'pop-testnet' AND direction = 'in' ORDER BY block_height, id`)
    expect(rows.map((x: any) => x.message_hash).sort()).toEqual(pop.map((x: any) => x.message_hash).sort())
})

test('an upward message the relay cannot decode: failed there, known by its hash, linked to its send on Pop', async () => {
    const [failed] = await db.query(`SELECT direction, transport, counterpart, status, success, error, message_id, decode_error FROM xcm_message WHERE chain = 'paseo' AND direction = 'in'`)
    expect(failed).toEqual({
        direction: 'in', transport: 'ump', counterpart: 'para:4001', status: 'failed', success: false, error: 'Corrupt', message_id: upHash,
        decode_error: expect.stringMatching(/^an upward message: .*only its outcome is known/),
    })
    const query = `query($id: String!) { xcmJourney(messageId: $id) { messageId status fromChain toChain destination success sentAtHeight processedAtHeight } }`
    for (const id of [upId, upHash]) {
        expect((await gql(api.url, query, {id})).xcmJourney).toEqual([{
            messageId: id, status: 'failed', fromChain: 'pop-testnet', toChain: 'paseo', destination: 'relay', success: false,
            sentAtHeight: expect.any(Number), processedAtHeight: expect.any(Number),
        }])
    }
})

test('downward journeys: sent on the relay, processed (or failed) on Pop', async () => {
    const query = `query($id: String!) { xcmJourney(messageId: $id) { status fromChain toChain destination success } }`
    expect((await gql(api.url, query, {id: reserveId})).xcmJourney).toEqual([
        {status: 'processed', fromChain: 'paseo', toChain: 'pop-testnet', destination: 'para:4001', success: true},
    ])
    expect((await gql(api.url, query, {id: sudoDownId})).xcmJourney).toEqual([
        {status: 'failed', fromChain: 'paseo', toChain: 'pop-testnet', destination: 'para:4001', success: false},
    ])
})

test('each side counts the other, with the relay token and every asset moved as the indexed chain reads them', async () => {
    const data = await gql(api.url, `{ counterpartChains(orderBy: chain_ASC, limit: 10) {
        chain counterpart paraId messagesIn messagesOut processedIn failedIn valueIn valueOut
        assets(orderBy: assetId_ASC, limit: 10) { assetId messagesIn messagesOut amountIn amountOut }
    } }`)
    expect(data.counterpartChains).toEqual([
        // The relay reads its own token as `Here` (the messages it sent wrote it `Parent`, for Pop).
        {chain: 'paseo', counterpart: 'para:4001', paraId: 4001, messagesIn: 1, messagesOut: 3, processedIn: 0, failedIn: 1,
            valueIn: '0', valueOut: String(101n * UNIT),
            assets: [{assetId: 'Here', messagesIn: 0, messagesOut: 2, amountIn: '0', amountOut: String(101n * UNIT)}]},
        // Pop reads it as `Parent` (the message it sent up wrote it `Here`, for the relay).
        // valueIn: what arrived and was deposited (the failed sudo send's 1 unit is not); the asset row counts what the messages carried.
        {chain: 'pop-testnet', counterpart: 'relay', paraId: null, messagesIn: 3, messagesOut: 1, processedIn: 1, failedIn: 2,
            valueIn: String(100n * UNIT), valueOut: String(UNIT),
            assets: [{assetId: 'Parent', messagesIn: 2, messagesOut: 1, amountIn: String(101n * UNIT), amountOut: String(UNIT)}]},
    ])
    // One filter finds the relay token's messages both ways.
    const moved = await gql(api.url, `{ xcmMessages(where: {chain_eq: "pop-testnet", assetIds_containsAny: ["Parent"]}, orderBy: id_ASC, limit: 10) { direction assets { id amount } localAssets { id amount } } }`)
    expect(moved.xcmMessages).toEqual(expect.arrayContaining([
        {direction: 'out', assets: [{id: 'Here', amount: String(UNIT)}], localAssets: [{id: 'Parent', amount: String(UNIT)}]},
    ]))
    expect(moved.xcmMessages.filter((m: any) => m.direction == 'in')).toHaveLength(2)
})
