/**
 * Contracts end to end on the real Pop testnet runtime (pallet-contracts 40): hand-written
 * WebAssembly contracts emit ink! v4- and v5-shaped events, trap, revert and terminate; the
 * real processor indexes them; ABIs registered from the command line decode them.
 */
import {blake2AsHex, encodeAddress} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import fs from 'node:fs'
import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {compileWat, emitInput, EVENT_EMITTER_WAT, revertInput, terminateInput, trapInput} from '../../src/localchain/contracts/event-emitter'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, spawnGraphql, spawnNode, spawnProcessor, tempFile, waitFor, waitIndexed as waitForIndexed, shutDown} from '../harness/processes'

const FIXTURES = path.resolve(__dirname, '../fixtures/abi')
const ADMIN_TOKEN = 'test-admin-token-' + process.pid
const V5_TRANSFER = blake2AsHex('Transfer(Option<AccountId>,Option<AccountId>,u128)', 256)
const NONE_TOPIC = '0x' + '00'.repeat(32)

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let api: {proc: ProjectProcess, url: string}

/** What the scenario did, to compare with what the indexer says. */
const sc = {
    codeHash: '', otherCodeHash: '', v5: '', v4: '', second: '', doomed: '',
    v5Transfer: {block: 0, data: ''}, v5Anonymous: {block: 0}, v5Bad: {block: 0}, v4Approval: {block: 0, data: ''},
    trap: {block: 0}, revert: {block: 0}, terminate: {block: 0},
}

function abiFile(name: string): string {
    return path.join(FIXTURES, name)
}

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<ProjectProcess> {
    const proc = spawnNode('cli', 'lib/cli/index.js', args, {...env, ...extraEnv})
    await proc.waitExit(60_000)
    return proc
}

async function waitIndexed(): Promise<void> {
    await waitForIndexed(db, processor, await chain.head())
}

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    const {Alice, Bob, Charlie} = scenario.accounts
    const wasm = await compileWat(EVENT_EMITTER_WAT)
    sc.codeHash = (await scenario.uploadCode(Alice, wasm)).codeHash
    // Code uploaded without an instance: the same module with one more (unused) function.
    const other = await compileWat(EVENT_EMITTER_WAT.replace('(func (export "deploy"))', '(func (export "deploy")) (func $unused)'))
    sc.otherCodeHash = (await scenario.uploadCode(Bob, other)).codeHash
    // Two instances of one code hash, and a third to terminate.
    sc.v5 = (await scenario.instantiate(Alice, sc.codeHash, '0x01')).contract
    sc.v4 = (await scenario.instantiate(Alice, sc.codeHash, '0x02')).contract
    sc.doomed = (await scenario.instantiate(Bob, sc.codeHash, '0x03')).contract

    // ink! v5 Transfer(from: Some(Alice), to: None, value: 1000): topics = signature, blake2(Some(Alice)), None.
    sc.v5Transfer.data = u8aToHex(new Uint8Array([1, ...Alice.publicKey, 0, ...u128le(1000n)]))
    const someAlice = blake2AsHex(new Uint8Array([1, ...Alice.publicKey]), 256)
    sc.v5Transfer.block = (await scenario.callContract(Bob, sc.v5, emitInput([V5_TRANSFER, someAlice, NONE_TOPIC], sc.v5Transfer.data))).blockNumber
    // ink! v5 anonymous Note(id: 42 as topic, text: "hello"): one topic, no signature.
    sc.v5Anonymous.block = (await scenario.callContract(Charlie, sc.v5, emitInput(['0x2a' + '00'.repeat(31)], '0x2a0000001468656c6c6f'))).blockNumber
    // A v5 Transfer whose data is cut short: decodes to "bad data at byte N".
    sc.v5Bad.block = (await scenario.callContract(Charlie, sc.v5, emitInput([V5_TRANSFER, someAlice, NONE_TOPIC], '0x01' + u8aToHex(Alice.publicKey).slice(2, 20)))).blockNumber
    // ink! v4 Approval(owner: Alice, spender: Bob, value: 10): index byte 0, then the fields.
    sc.v4Approval.data = u8aToHex(new Uint8Array([0, ...Alice.publicKey, ...Bob.publicKey, ...u128le(10n)]))
    const v4Topic = u8aToHex(new Uint8Array([...new TextEncoder().encode('\u0000EventEmitter::Approval').slice(0, 32), ...new Uint8Array(32)]).slice(0, 32))
    sc.v4Approval.block = (await scenario.callContract(Alice, sc.v4, emitInput([v4Topic], sc.v4Approval.data))).blockNumber
    // Failures.
    sc.trap.block = (await scenario.callContract(Bob, sc.v5, trapInput())).blockNumber
    sc.revert.block = (await scenario.callContract(Bob, sc.v5, revertInput('0xdead'))).blockNumber
    sc.terminate.block = (await scenario.callContract(Bob, sc.doomed, terminateInput(Charlie.publicKey))).blockNumber

    db = await TestDatabase.create('contracts')
    env = {...db.env, CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '3'}
    // The v5 ABI is registered before indexing for the code hash; the v4 one comes later, for one address.
    const registered = await cli(['abi', 'add', '--code-hash', sc.codeHash, abiFile('ink-v5-event-emitter.json')])
    expect({code: registered.exitCode, out: registered.output}).toMatchObject({code: 0})
    processor = spawnProcessor(env)
    await waitIndexed()
    api = await spawnGraphql({...env, ADMIN_TOKEN})
})

afterAll(async () => {
    await shutDown({api, processors: [processor], scenarios: [scenario], chains: [chain], db})
})

function u128le(value: bigint): Uint8Array {
    const out = new Uint8Array(16)
    for (let i = 0; i < 16; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn)
    return out
}

test('code: uploader, deposit, size, instances, and code uploaded without an instance', async () => {
    const data = await gql(api.url, `{ contractCodes(orderBy: storedAtHeight_ASC, limit: 10) { codeHash pallet uploader uploaderAccount { publicKey codesUploaded(limit: 5) { codeHash } } deposit size instancesCount contracts(limit: 10, orderBy: instantiatedAtHeight_ASC) { address } } }`)
    expect(data.contractCodes).toHaveLength(2)
    const [used, unused] = data.contractCodes
    expect(used).toMatchObject({codeHash: sc.codeHash, pallet: 'contracts', uploader: u8aToHex(scenario.accounts.Alice.publicKey), instancesCount: 3})
    expect(used.contracts.map((c: any) => c.address)).toEqual([sc.v5, sc.v4, sc.doomed].map((a) => u8aToHex(scenario.api.createType('AccountId', a).toU8a())))
    expect(BigInt(used.deposit)).toBeGreaterThan(0n)
    expect(used.size).toBeGreaterThan(100)
    expect(unused).toMatchObject({codeHash: sc.otherCodeHash, instancesCount: 0, uploader: u8aToHex(scenario.accounts.Bob.publicKey), contracts: []})
    // The uploader is an account, and lists what it uploaded.
    expect(used.uploaderAccount).toEqual({publicKey: used.uploader, codesUploaded: [{codeHash: sc.codeHash}]})
    expect(unused.uploaderAccount).toEqual({publicKey: unused.uploader, codesUploaded: [{codeHash: sc.otherCodeHash}]})
})

test('contracts: deployer, code, instantiation, termination and beneficiary, storage deposit, counters', async () => {
    const data = await gql(api.url, `{ contracts(orderBy: instantiatedAtHeight_ASC, limit: 10) {
        addressSs58 deployer codeHash instantiatedAtHeight instantiatedIn { callName } terminatedAtHeight beneficiary beneficiaryAccount { publicKey } storageDeposit callsCount failedCallsCount eventsCount
    } }`)
    expect(data.contracts.map((c: any) => c.addressSs58)).toEqual([sc.v5, sc.v4, sc.doomed])
    const [v5, v4, doomed] = data.contracts
    expect(v5).toMatchObject({deployer: u8aToHex(scenario.accounts.Alice.publicKey), codeHash: sc.codeHash, instantiatedIn: {callName: 'Contracts.instantiate'}, terminatedAtHeight: null, callsCount: 5, failedCallsCount: 2, eventsCount: 3})
    expect(BigInt(v5.storageDeposit)).toBeGreaterThan(0n)
    expect(v4).toMatchObject({callsCount: 1, failedCallsCount: 0, eventsCount: 1})
    expect(doomed).toMatchObject({terminatedAtHeight: sc.terminate.block, beneficiary: u8aToHex(scenario.accounts.Charlie.publicKey), callsCount: 1})
    expect(doomed.beneficiaryAccount).toEqual({publicKey: doomed.beneficiary})
    expect(v5.beneficiaryAccount).toBeNull()
})

test('events decoded with the ink! v5 ABI: by signature topic, anonymous, and bad data kept raw with the reason', async () => {
    const data = await gql(api.url, `query($a: String!) { contractEvents(where: {contractAddress_eq: $a}, orderBy: [blockHeight_ASC, index_ASC], limit: 10) {
        blockHeight decoded name args decodeError topics data call { caller selector } abi { kind contractName }
    } }`, {a: u8aToHex(scenario.api.createType('AccountId', sc.v5).toU8a())})
    expect(data.contractEvents).toHaveLength(3)
    const [transfer, note, bad] = data.contractEvents
    expect(transfer).toMatchObject({
        blockHeight: sc.v5Transfer.block, decoded: true, name: 'Transfer', decodeError: null,
        args: {from: scenario.accounts.Alice.address, to: null, value: '1000'},
        data: sc.v5Transfer.data,
        // The selector is the first four bytes of the call input (op 0, topic count 3 << 2, the topic's first bytes).
        call: {caller: u8aToHex(scenario.accounts.Bob.publicKey), selector: '0x000c' + V5_TRANSFER.slice(2, 6)},
        abi: {kind: 'ink-v5', contractName: 'event_emitter_v5'},
    })
    expect(transfer.topics[0]).toBe(V5_TRANSFER)
    expect(transfer.topics[2]).toBe(NONE_TOPIC)
    expect(note).toMatchObject({blockHeight: sc.v5Anonymous.block, decoded: true, name: 'Note', args: {id: 42, text: 'hello'}})
    expect(bad).toMatchObject({blockHeight: sc.v5Bad.block, decoded: false, name: null, args: null})
    expect(bad.decodeError).toMatch(/^bad data at byte \d+: Transfer\.from/)
})

test('failed calls carry the decoded module error', async () => {
    const data = await gql(api.url, `{ contractCalls(where: {success_eq: false}, orderBy: blockHeight_ASC, limit: 10) { blockHeight errorName success selector caller fee } }`)
    expect(data.contractCalls.map((c: any) => [c.blockHeight, c.errorName])).toEqual([
        [sc.trap.block, 'Contracts.ContractTrapped'],
        [sc.revert.block, 'Contracts.ContractReverted'],
    ])
    expect(data.contractCalls[0].selector).toBe(null) // a one-byte input has no selector
    expect(BigInt(data.contractCalls[0].fee)).toBeGreaterThan(0n)
})

test('an event without an ABI is kept raw with the reason; an ABI registered later re-decodes it', async () => {
    const v4Address = u8aToHex(scenario.api.createType('AccountId', sc.v4).toU8a())
    const query = `query($a: String!) { contractEvents(where: {contractAddress_eq: $a}, limit: 10) { decoded name args decodeError } }`
    // Only the code hash's v5 ABI applies: the v4-shaped event (one topic) matches its anonymous
    // Note by topic count, and its data does not fit: kept raw with the reason.
    let data = await gql(api.url, query, {a: v4Address})
    expect(data.contractEvents).toEqual([{decoded: false, name: null, args: null, decodeError: expect.stringMatching(/^bad data at byte 4: Note\.text \(Text\)/)}])

    const added = await cli(['abi', 'add', '--address', sc.v4, abiFile('ink-v4-event-emitter.json')])
    expect({code: added.exitCode, output: added.output}).toMatchObject({code: 0, output: expect.stringContaining('re-decoded 1 of 1 events')})
    data = await gql(api.url, query, {a: v4Address})
    expect(data.contractEvents).toEqual([{
        decoded: true, name: 'Approval', decodeError: null,
        args: {owner: scenario.accounts.Alice.address, spender: scenario.accounts.Bob.address, value: '10'},
    }])
})

test('a malformed ABI is refused with a clear error and nothing is stored', async () => {
    const before = await db.query(`SELECT count(*) AS n FROM contract_abi`)
    const bad = tempFile('bad.json')
    fs.writeFileSync(bad, '{"version": 5, "spec": {}}')
    const refused = await cli(['abi', 'add', '--code-hash', sc.codeHash, bad])
    expect(refused.exitCode).toBe(2)
    expect(refused.output).toContain('ink! metadata needs `spec.events` and `types`')
    const wrongHash = tempFile('wrong-hash.json')
    const json = JSON.parse(fs.readFileSync(abiFile('ink-v5-event-emitter.json'), 'utf8'))
    json.source.hash = '0x' + '11'.repeat(32)
    fs.writeFileSync(wrongHash, JSON.stringify(json))
    const mismatch = await cli(['abi', 'add', '--code-hash', sc.codeHash, wrongHash])
    expect(mismatch.exitCode).toBe(2)
    expect(mismatch.output).toContain(`the ABI is for code 0x${'11'.repeat(32)}, not ${sc.codeHash}`)
    const after = await db.query(`SELECT count(*) AS n FROM contract_abi`)
    expect(after[0].n).toBe(before[0].n)
})

test('who calls a contract, how often', async () => {
    const data = await gql(api.url, `query($a: String!) { contractCallers(address: $a, limit: 5) { caller calls failedCalls firstHeight lastHeight } }`, {a: sc.v5})
    expect(data.contractCallers).toEqual([
        {caller: u8aToHex(scenario.accounts.Bob.publicKey), calls: 3, failedCalls: 2, firstHeight: sc.v5Transfer.block, lastHeight: sc.revert.block},
        {caller: u8aToHex(scenario.accounts.Charlie.publicKey), calls: 2, failedCalls: 0, firstHeight: sc.v5Anonymous.block, lastHeight: sc.v5Bad.block},
    ])
    const bad = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: `{ contractCallers(address: "nope", limit: 5000) { calls } }`})})
    const body: any = await bad.json()
    expect(body.errors[0].message).toBe('limit must be between 1 and 1000, got 5000')
    // By chain: the same on the indexed chain, nothing is mixed in from another, an unknown one named.
    const onChain = await gql(api.url, `query($a: String!) { contractCallers(address: $a, limit: 5, chain: "local") { caller calls } }`, {a: sc.v5})
    expect(onChain.contractCallers.map((c: any) => c.calls)).toEqual([3, 2])
    const unknown = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'},
        body: JSON.stringify({query: `query($a: String!) { contractCallers(address: $a, chain: "kusama") { calls } }`, variables: {a: sc.v5}})})
    expect(((await unknown.json()) as any).errors[0]).toMatchObject({message: 'unknown chain "kusama": this database indexes local', extensions: {code: 'BAD_USER_INPUT'}})
})

async function adminRequest(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
    const headers: Record<string, string> = {'content-type': 'application/json'}
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(api.url, {method: 'POST', headers, body: JSON.stringify({query, variables})})
    return res.json()
}

test('the admin mutation registers an ABI only with the token, and re-decodes in the background', async () => {
    const mutation = `mutation($abi: String!, $address: String) { registerContractAbi(abi: $abi, address: $address) { id kind contractName redecodeStatus } }`
    const abi = fs.readFileSync(abiFile('ink-v5-event-emitter.json'), 'utf8')
    const doomed = u8aToHex(scenario.api.createType('AccountId', sc.doomed).toU8a())
    for (const token of [undefined, 'wrong-token']) {
        const refused = await adminRequest(mutation, {abi, address: sc.doomed}, token)
        expect(refused.errors[0].message).toBe('admin operations need the header `Authorization: Bearer <ADMIN_TOKEN>`')
    }
    expect(await db.query(`SELECT id FROM contract_abi WHERE address = $1`, [doomed])).toEqual([])
    // Another chain of the database, by its key: an unknown one is refused, naming the known ones.
    const elsewhere = await adminRequest(`mutation($abi: String!, $address: String) { registerContractAbi(abi: $abi, address: $address, chain: "nope") { id } }`, {abi, address: sc.doomed}, ADMIN_TOKEN)
    expect(elsewhere.errors[0].message).toBe('unknown chain "nope": this database indexes local')
    const malformed = await adminRequest(mutation, {abi: '{"version": 3}', address: sc.doomed}, ADMIN_TOKEN)
    expect(malformed.errors[0].message).toBe('ABI refused: unsupported ink! metadata version 3: ink! v4, v5 and v6 are supported')

    const ok = await adminRequest(mutation, {abi, address: sc.doomed}, ADMIN_TOKEN)
    expect(ok.data.registerContractAbi).toEqual({id: `local:address:${doomed}`, kind: 'ink-v5', contractName: 'event_emitter_v5', redecodeStatus: 'pending'})
    await waitFor(async () => {
        const status = await gql(api.url, `query($id: String!) { contractAbiById(id: $id) { redecodeStatus redecodeDone redecodeTotal } }`, {id: `local:address:${doomed}`})
        return status.contractAbiById.redecodeStatus == 'done'
    }, 20_000, 'the background re-decode')
    const removed = await adminRequest(`mutation($address: String) { removeContractAbi(address: $address, chain: "local") }`, {address: sc.doomed}, ADMIN_TOKEN)
    expect(removed.data.removeContractAbi).toBe(true)
})

test('pop-squid events --follow prints a contract\'s decoded events, then new ones as the API\'s subscription pushes them', async () => {
    const follow = spawnNode('events', 'lib/cli/index.js', ['events', '--contract', sc.v5, '--follow', '--json', '--limit', '2', '--api', api.url], env)
    const lines = () => follow.output.split('\n').filter((l) => l.startsWith('{'))
    try {
        await waitFor(async () => lines().length >= 2, 20_000, 'the past events')
        const past = lines().map((l) => JSON.parse(l))
        expect(past.map((e: any) => [e.height, e.name, e.decoded])).toEqual([[sc.v5Anonymous.block, 'Note', true], [sc.v5Bad.block, null, false]])
        await waitFor(async () => follow.output.includes(`(following through the API's subscription at ${api.url})`), 10_000, 'the subscription')
        const note = await scenario.callContract(scenario.accounts.Dave, sc.v5, emitInput(['0x07' + '00'.repeat(31)], '0x070000000c627965'))
        const built = Date.now()
        await waitFor(async () => lines().length >= 3, 30_000, 'the new event')
        console.log(`events --follow printed the new event ${Date.now() - built} ms after its block was built`)
        expect(JSON.parse(lines()[2])).toMatchObject({height: note.blockNumber, name: 'Note', decoded: true, args: {id: 7, text: 'bye'}})
        expect(follow.output).not.toMatch(/reading the database/)
    } finally {
        await follow.kill()
    }
})

test('pop-squid events --follow without a reachable API says so and reads the database instead', async () => {
    const follow = spawnNode('events', 'lib/cli/index.js', ['events', '--contract', sc.v5, '--follow', '--json', '--limit', '0', '--api', 'http://127.0.0.1:9/graphql'], env)
    const lines = () => follow.output.split('\n').filter((l) => l.startsWith('{'))
    try {
        await waitFor(async () => /following by reading the database every 1 s/.test(follow.output), 20_000, 'the fallback')
        expect(follow.output).toMatch(/the API at ws:\/\/127\.0\.0\.1:9\/graphql cannot be reached \(ECONNREFUSED\)/)
        const note = await scenario.callContract(scenario.accounts.Dave, sc.v5, emitInput(['0x08' + '00'.repeat(31)], '0x080000000c627965'))
        await waitFor(async () => lines().length >= 1, 30_000, 'the new event')
        expect(JSON.parse(lines()[0])).toMatchObject({height: note.blockNumber, name: 'Note', decoded: true, args: {id: 8}})
    } finally {
        await follow.kill()
    }
    const bad = spawnNode('events', 'lib/cli/index.js', ['events', '--contract', sc.v5, '--follow', '--api', 'localhost:4350'], env)
    await bad.waitExit(20_000)
    expect(bad.exitCode).toBe(2)
    expect(bad.output.trim()).toBe('--api "localhost:4350" is not an http(s) URL of the API\'s /graphql (or "none")')
    const alone = spawnNode('events', 'lib/cli/index.js', ['events', '--contract', sc.v5, '--api', 'http://127.0.0.1:9/graphql'], env)
    await alone.waitExit(20_000)
    expect([alone.exitCode, alone.output.trim()]).toEqual([2, '--api is for --follow: it names the API whose subscription pushes new events'])
})

test('set_code moves a contract to other code; remove_code removes unused code', async () => {
    const {Alice, Charlie} = scenario.accounts
    const third = await compileWat(EVENT_EMITTER_WAT.replace('(func (export "deploy"))', '(func (export "deploy")) (func $a) (func $b)'))
    const {codeHash: thirdHash} = await scenario.uploadCode(Charlie, third)
    const removed = await scenario.removeCode(Charlie, thirdHash)
    expect(removed.events.map((e) => e.name)).toContain('contracts.CodeRemoved')
    const set = await scenario.setContractCode(Alice, sc.v4, sc.otherCodeHash)
    expect(set.events.map((e) => e.name)).toContain('contracts.ContractCodeUpdated')
    await waitIndexed()
    const v4 = u8aToHex(scenario.api.createType('AccountId', sc.v4).toU8a())
    const data = await gql(api.url, `query($third: String!, $v4: String!) {
        removedCode: contractCodes(where: {codeHash_eq: $third}, limit: 1) { storedAtHeight removedAtHeight instancesCount }
        contracts(where: {address_eq: $v4}, limit: 1) { codeHash code { codeHash } codeChanges(limit: 5) { height oldCodeHash newCodeHash } }
        codes: contractCodes(where: {codeHash_in: [$old, $new]}, orderBy: storedAtHeight_ASC, limit: 2) { codeHash instancesCount lastUsedHeight }
    }`.replace('$v4: String!)', '$v4: String!, $old: String!, $new: String!)'), {third: thirdHash, v4, old: sc.codeHash, new: sc.otherCodeHash})
    expect(data.removedCode).toEqual([{storedAtHeight: removed.blockNumber - 1, removedAtHeight: removed.blockNumber, instancesCount: 0}])
    expect(data.contracts).toEqual([{codeHash: sc.otherCodeHash, code: {codeHash: sc.otherCodeHash}, codeChanges: [{height: set.blockNumber, oldCodeHash: sc.codeHash, newCodeHash: sc.otherCodeHash}]}])
    expect(data.codes.map((c: any) => [c.codeHash, c.instancesCount])).toEqual([[sc.codeHash, 2], [sc.otherCodeHash, 1]])
    expect(data.codes[1].lastUsedHeight).toBe(set.blockNumber)
})

/**
 * Every contracts and chain table, as one checksum per table. Accounts are compared whole, except
 * the first and last heights of those named by an ADJUSTMENT movement (e.g. a contract's account
 * funded by a hold, which emits no transfer event): adjustments are dated at the last block of the
 * batch that compared balances with storage, so those heights depend on where batches ended, and a
 * reindexed run batches differently. For every account, no row naming it is older than its first height.
 */
async function checksums(): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    const sum = async (name: string, sql: string) => {
        const [row] = await db.query(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS sum FROM (${sql}) t`)
        out[name] = `${row.n}:${row.sum}`
    }
    for (const table of ['block', 'extrinsic', 'event', 'contract_code', 'contract', 'contract_code_change', 'contract_call', 'contract_event']) await sum(table, `SELECT * FROM "${table}"`)
    await sum('account', 'SELECT id, chain, public_key, address, extrinsics_count FROM account')
    await sum('account heights', `SELECT id, first_seen_height, last_seen_height FROM account a
        WHERE NOT EXISTS (SELECT 1 FROM transfer r WHERE a.id IN (r.from_account_id, r.to_account_id) AND r.kind = 'ADJUSTMENT')`)
    const [{older}] = await db.query(`SELECT count(*)::int AS older FROM account a WHERE
        EXISTS (SELECT 1 FROM transfer r WHERE a.id IN (r.from_account_id, r.to_account_id) AND r.block_height < a.first_seen_height)
        OR EXISTS (SELECT 1 FROM extrinsic x WHERE x.signer_id = a.id AND x.block_height < a.first_seen_height)
        OR EXISTS (SELECT 1 FROM contract_call c WHERE c.caller_account_id = a.id AND c.block_height < a.first_seen_height)
        OR EXISTS (SELECT 1 FROM contract c WHERE c.deployer_account_id = a.id AND c.instantiated_at_height < a.first_seen_height)`)
    out['accounts named before their first height'] = String(older)
    return out
}

test('reindex from a past block rebuilds every table exactly', async () => {
    await waitIndexed()
    // Let every block become final, so the comparison does not depend on the hot-block window.
    for (let i = 0; i < 4; i++) await chain.newBlock()
    await waitIndexed()
    const before = await checksums()
    await processor.kill()
    const reindex = await cli(['reindex', '--from', String(sc.v5Transfer.block - 2)])
    expect(reindex.exitCode == 0 ? '' : reindex.output).toBe('')
    const partial = await checksums()
    expect(partial.contract_event).not.toEqual(before.contract_event)
    processor = spawnProcessor(env)
    await waitIndexed()
    expect(await checksums()).toEqual(before)
})

test('a new SS58_PREFIX decodes the stored events again: their accounts render in the new prefix, nothing else changes', async () => {
    await waitIndexed()
    const rows = async () => db.query(`SELECT id, decoded, name, args, decode_error FROM contract_event ORDER BY id`)
    const before = await rows()
    await processor.kill()
    env = {...env, SS58_PREFIX: '0'}
    processor = spawnProcessor(env)
    await waitFor(async () => processor.output.includes('rendered with SS58 prefix 0'), 60_000, 'the addresses to be rendered again')
    const after = await rows()
    const alice = scenario.accounts.Alice
    // The same rows, decoded the same way; only the rendered accounts differ.
    expect(after.map((r: any) => [r.id, r.decoded, r.name, r.decode_error])).toEqual(before.map((r: any) => [r.id, r.decoded, r.name, r.decode_error]))
    const transfer = (list: any[]) => list.find((r) => r.name == 'Transfer' && r.args?.from)
    expect(transfer(before).args.from).toBe(alice.address)
    expect(transfer(after).args).toEqual({...transfer(before).args, from: encodeAddress(alice.publicKey, 0)})
    expect(processor.output).toMatch(/\d+ contract events decoded again/)
    const contracts = await db.query(`SELECT address, address_ss58 FROM contract WHERE address_ss58 IS NOT NULL`)
    expect(contracts.length).toBeGreaterThan(0)
    for (const c of contracts) expect(c.address_ss58).toBe(encodeAddress(c.address, 0))
})
