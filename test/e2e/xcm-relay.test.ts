/**
 * The real Paseo relay runtime and the Pop testnet runtime in chopsticks' multi-chain mode: the
 * relay sends a reserve transfer (XCM v3) down to Pop, and the indexer on Pop sees the message
 * arrive in set_validation_data, decodes it, and matches it to its outcome.
 */
import {u8aToHex} from '@polkadot/util'
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {Scenario} from '../../src/localchain/scenarios'
import {POP_TESTNET_SPEC} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, spawnProcessor, waitFor, waitIndexed, shutDown} from '../harness/processes'

const PASEO_SPEC = process.env.TEST_RELAY_SPEC ?? path.resolve(__dirname, '../../../shared/chain-specs/paseo.raw.json')

let relay: LocalChain
let pop: LocalChain
let r: Scenario
let p: Scenario
let db: TestDatabase
let processor: ProjectProcess
let processedId: string

beforeAll(async () => {
    const network = await LocalChain.startRelayNetwork({spec: PASEO_SPEC}, [{spec: POP_TESTNET_SPEC}], 90_000)
    relay = network.relay
    pop = network.parachains[0]
    r = await Scenario.connect(relay)
    p = await Scenario.connect(pop)
    const sent = await r.relayReserveTransferToPara(r.accounts.Alice, 4001, r.accounts.Dave, 10n ** 12n)
    expect(sent.success).toBe(true)
    await waitFor(async () => {
        for (let h = 1; h <= await pop.head(); h++) {
            const events: any = await p.api.query.system.events.at(await pop.blockHash(h))
            const processed = events.find((e: any) => e.event.section == 'messageQueue' && e.event.method == 'Processed')
            if (processed) {
                processedId = processed.event.data.id.toHex()
                return true
            }
        }
        return false
    }, 30_000, 'Pop to process the downward message')
    db = await TestDatabase.create('xcmrelay')
    processor = spawnProcessor({...db.env, CHAIN: 'local', RPC_ENDPOINT: pop.wsUrl, FINALITY_CONFIRMATION: '2'})
    await waitIndexed(db, processor, await pop.head(), 'local', 90_000)
})

afterAll(async () => {
    await shutDown({processors: [processor], scenarios: [r, p], chains: [relay], db})
})

test('a downward message from the real relay: decoded (v3), matched to its outcome, with its deposit', async () => {
    const rows = await db.query(`SELECT direction, transport, counterpart, version, status, success, message_id, beneficiary, assets, effects FROM xcm_message`)
    expect(rows).toEqual([{
        direction: 'in', transport: 'dmp', counterpart: 'relay', version: 3, status: 'processed', success: true,
        message_id: processedId, beneficiary: `AccountId32(${u8aToHex(r.accounts.Dave.publicKey)})`,
        assets: [{id: 'Parent', amount: expect.stringMatching(/^\d+$/)}],
        effects: expect.arrayContaining([expect.objectContaining({event: 'Balances.Deposit'})]),
    }])
})
