/**
 * pallet-revive end to end on Passet Hub (runtime `passet-hub`, Revive = pallet 60), booted from
 * its chain spec in chopsticks: a hand-assembled EVM contract emits Solidity events, the processor
 * indexes them through the same contracts domain, and a Solidity ABI decodes them.
 */
import {getAddress, keccak256} from 'viem'
import {u8aToHex} from '@polkadot/util'
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {DEPLOYED_TOPIC, EVM_EMITTER_INITCODE, EVM_EMITTER_RUNTIME, EVM_TRANSFER_DATA, EVM_TRANSFER_TO, TRANSFER_TOPIC} from '../../src/localchain/contracts/evm-emitter'
import {Scenario} from '../../src/localchain/scenarios'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, spawnGraphql, spawnNode, spawnProcessor, waitIndexed, shutDown} from '../harness/processes'

const PASSET_HUB_SPEC = process.env.TEST_REVIVE_CHAIN_SPEC ?? path.resolve(__dirname, '../../../shared/chain-specs/passet-hub-local.raw.json')
/** Alice's H160 once mapped: keccak-based, as the runtime derives it (observed on this runtime). */
const ALICE_H160 = '0x9621dde636de098b43efb0fa9b61facfe328f99d'

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let api: {proc: ProjectProcess, url: string}
let contract: string
let callBlock: number
let eth: {from: string, blockNumber: number}
const ETH_KEY = ('0x' + '11'.repeat(32)) as `0x${string}`

beforeAll(async () => {
    chain = await LocalChain.start({spec: PASSET_HUB_SPEC})
    scenario = await Scenario.connect(chain)
    const {Alice, Bob} = scenario.accounts
    await scenario.reviveMapAccount(Alice)
    await scenario.reviveMapAccount(Bob)
    contract = (await scenario.reviveInstantiate(Alice, EVM_EMITTER_INITCODE)).contract
    callBlock = (await scenario.reviveCall(Bob, contract)).blockNumber
    eth = await scenario.reviveEthTransact(Alice, ETH_KEY, contract, '0x12345678')

    db = await TestDatabase.create('revive')
    env = {...db.env, CHAIN: 'custom', CHAIN_ID: 'passet-hub', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '3', PARA_ID: '1111'}
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, await chain.head(), 'passet-hub', 90_000)
    api = await spawnGraphql(env)
})

afterAll(async () => {
    await shutDown({api, processors: [processor], scenarios: [scenario], chains: [chain], db})
})

test('CHAIN=custom with no token settings: symbol, decimals and SS58 prefix as the chain announces them', async () => {
    const props = await chain.rpc('system_properties')
    const first = (v: unknown) => Array.isArray(v) ? v[0] : v
    const data = await gql(api.url, `{ indexedChains(limit: 5) { id tokenSymbol tokenDecimals ss58Prefix } assetById(id: "passet-hub:native") { symbol decimals } }`)
    expect(data.indexedChains).toEqual([{id: 'passet-hub', tokenSymbol: first(props.tokenSymbol), tokenDecimals: first(props.tokenDecimals), ss58Prefix: props.ss58Format ?? 42}])
    expect(data.assetById).toEqual({symbol: first(props.tokenSymbol), decimals: first(props.tokenDecimals)})
    expect(processor.output).toContain(`the chain announces its token as ${first(props.tokenSymbol)}`)
})

test('a revive deployment: H160 address and deployer, code hash from storage, the call that made it', async () => {
    const data = await gql(api.url, `{ contracts(limit: 10) { chain pallet address addressSs58 deployer codeHash derivedFromCall instantiatedIn { callName } code { pallet instancesCount } eventsCount callsCount } }`)
    expect(data.contracts).toHaveLength(1)
    const [c] = data.contracts
    expect(c).toMatchObject({
        chain: 'passet-hub', pallet: 'revive', address: contract, addressSs58: null, deployer: ALICE_H160, derivedFromCall: false,
        instantiatedIn: {callName: 'Revive.instantiate_with_code'}, eventsCount: 3, callsCount: 2,
    })
    // An EVM contract's code hash is keccak-256 of the code its constructor returned, not of the initcode.
    expect(c.codeHash).toBe(keccak256(EVM_EMITTER_RUNTIME))
})

test('calls through Revive.call and Ethereum-signed eth_transact, with their callers', async () => {
    const data = await gql(api.url, `{ contractCalls(orderBy: blockHeight_ASC, limit: 10) { contractAddress caller selector input success value extrinsic { callName } events(limit: 5) { name } } }`)
    expect(data.contractCalls).toEqual([
        {contractAddress: contract, caller: u8aToHex(scenario.accounts.Bob.publicKey), selector: null, input: '0x', success: true, value: '0', extrinsic: {callName: 'Revive.call'}, events: [{name: null}]},
        {contractAddress: contract, caller: eth.from, selector: '0x12345678', input: '0x12345678', success: true, value: '0', extrinsic: {callName: 'Revive.eth_transact'}, events: [{name: null}]},
    ])
})

test('Solidity logs are stored raw with their topics, then decoded by an ABI registered later', async () => {
    const query = `query($a: String!) { contractEvents(where: {contractAddress_eq: $a}, orderBy: [blockHeight_ASC, index_ASC], limit: 10) {
        blockHeight pallet topics data decoded name args decodeError call { caller } abi { kind }
    } }`
    let data = await gql(api.url, query, {a: contract})
    expect(data.contractEvents.map((e: any) => [e.topics[0], e.decoded, e.decodeError])).toEqual([
        [DEPLOYED_TOPIC, false, 'no ABI registered for this contract or its code hash'],
        [TRANSFER_TOPIC, false, 'no ABI registered for this contract or its code hash'],
        [TRANSFER_TOPIC, false, 'no ABI registered for this contract or its code hash'],
    ])
    const added = spawnNode('cli', 'lib/cli/index.js', ['abi', 'add', '--address', contract, path.resolve(__dirname, '../fixtures/abi/solidity-evm-emitter.json')], env)
    await added.waitExit(60_000)
    expect({code: added.exitCode, output: added.output}).toMatchObject({code: 0, output: expect.stringContaining('re-decoded 3 of 3 events')})

    data = await gql(api.url, query, {a: contract})
    const [deployed, transfer, ethTransfer] = data.contractEvents
    expect(ethTransfer).toMatchObject({decoded: true, name: 'Transfer', args: {from: getAddress(eth.from), value: '42'}, call: {caller: eth.from}})
    expect(deployed).toMatchObject({pallet: 'revive', decoded: true, name: 'Deployed', args: {}, call: null, abi: {kind: 'solidity'}})
    expect(transfer).toMatchObject({
        blockHeight: callBlock, decoded: true, name: 'Transfer', data: EVM_TRANSFER_DATA, decodeError: null,
        args: {from: getAddress('0x' + transfer.topics[1].slice(26)), to: getAddress(EVM_TRANSFER_TO), value: '42'},
        call: {caller: expect.stringMatching(/^0x[0-9a-f]{64}$/)},
    })
})

test('deployments derived from instantiate calls (runtimes without Instantiated) match the events', async () => {
    // A second processor over the same chain into the same database, under another chain key,
    // ignoring Revive.Instantiated: what it derives must equal what the events say.
    const derivedEnv = {...env, CHAIN_ID: 'passet-derived', REVIVE_DEPLOYMENTS_FROM: 'calls'}
    const derived = spawnProcessor(derivedEnv)
    try {
        await waitIndexed(db, derived, await chain.head(), 'passet-derived', 90_000)
        const rows = await db.query(`SELECT chain, address, code_hash, instantiated_at_height, instantiated_in_id IS NOT NULL AS has_extrinsic, events_count, calls_count, derived_from_call, deployer
            FROM contract ORDER BY chain`)
        expect(rows).toHaveLength(2)
        const [fromCalls, fromEvents] = rows
        expect(fromCalls.chain).toBe('passet-derived')
        expect(fromCalls.derived_from_call).toBe(true)
        expect(fromEvents.derived_from_call).toBe(false)
        const same = ({address, code_hash, instantiated_at_height, has_extrinsic, events_count, calls_count}: any) => ({address, code_hash, instantiated_at_height, has_extrinsic, events_count, calls_count})
        expect(same(fromCalls)).toEqual(same(fromEvents))
        // Without the event, the deployer is the instantiating account (AccountId32), not its H160.
        expect(fromCalls.deployer).toBe(u8aToHex(scenario.accounts.Alice.publicKey))
    } finally {
        await derived.kill()
    }
})
