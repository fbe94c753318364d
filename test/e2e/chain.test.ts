/**
 * The chain index end to end: the real Pop testnet runtime (chopsticks), the real processor
 * (lib/main.js), a fresh PostgreSQL database, and the real GraphQL server.
 */
import {blake2AsHex} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import {LocalChain} from '../../src/localchain/chopsticks'
import {emitInput} from '../../src/localchain/contracts/event-emitter'
import {buildDemoActivity, DemoActivity, DEMO_XCM_TOPIC} from '../../src/localchain/demo'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {findFreePort} from '../../src/localchain/ports'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, spawnGraphql, spawnNode, spawnProcessor, waitFor, waitIndexed as waitForIndexed, shutDown} from '../harness/processes'

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let api: {proc: ProjectProcess, url: string, healthUrl: string}
let demo: DemoActivity
let emitted: {topics: string[], data: string, block: number}
let metricsPort: number
const XCM_TOPIC = '0x' + 'ab'.repeat(32)

async function waitIndexed(height: number): Promise<void> {
    await waitForIndexed(db, processor, height, 'local')
}

/** Every table agrees with the chain: one block per height, same hashes, same event and extrinsic counts. */
async function expectIndexMatchesChain(): Promise<void> {
    const head = await chain.head()
    const blocks = await db.query(`SELECT height, hash, events_count, extrinsics_count FROM block WHERE chain = 'local' ORDER BY height`)
    expect(blocks.map((b) => b.height)).toEqual([...Array(head + 1).keys()])
    for (const b of blocks) {
        const hash = await chain.blockHash(b.height)
        expect({height: b.height, hash: b.hash}).toEqual({height: b.height, hash})
        if (b.height == 0) continue
        const events = (await scenario.api.query.system.events.at(hash)) as unknown as unknown[]
        const body = await chain.rpc('chain_getBlock', [hash])
        expect({height: b.height, events: b.events_count, extrinsics: b.extrinsics_count})
            .toEqual({height: b.height, events: events.length, extrinsics: body.block.extrinsics.length})
    }
    const [rows] = await db.query(`
        SELECT (SELECT count(*) FROM event e JOIN block b ON b.id = e.block_id WHERE b.chain = 'local') AS events,
               (SELECT sum(events_count) FROM block WHERE chain = 'local') AS expected,
               (SELECT count(*) FROM event WHERE block_id NOT IN (SELECT id FROM block)) AS orphans`)
    expect(Number(rows.events)).toBe(Number(rows.expected))
    expect(Number(rows.orphans)).toBe(0)
    // Every nested call has its extrinsic (in its block), and a parent call exactly when it is deeper than 1.
    const [calls] = await db.query(`
        SELECT count(*)::int AS "brokenCalls" FROM "call" c LEFT JOIN extrinsic x ON x.id = c.extrinsic_id LEFT JOIN "call" p ON p.id = c.parent_id
        WHERE x.id IS NULL OR x.block_height <> c.block_height OR c.depth < 1 OR (c.depth > 1) <> (p.id IS NOT NULL) OR (p.id IS NOT NULL AND p.depth <> c.depth - 1)`)
    expect(calls).toEqual({brokenCalls: 0})
}

/** The counterpart totals, as stored and as computed independently from the message rows. */
async function expectCounterpartsMatchMessages(): Promise<void> {
    const stored = await db.query(`SELECT counterpart, messages_in, messages_out, processed_in, failed_in, value_in::text, value_out::text FROM counterpart_chain WHERE chain = 'local' ORDER BY counterpart`)
    const messages = await db.query(`SELECT direction, counterpart, status, local_assets FROM xcm_message WHERE chain = 'local'`)
    const expected = new Map<string, any>()
    for (const m of messages) {
        const row = expected.get(m.counterpart) ?? {counterpart: m.counterpart, messages_in: 0, messages_out: 0, processed_in: 0, failed_in: 0, value_in: 0n, value_out: 0n}
        // The relay token as Pop reads it, in either direction.
        const value = (m.local_assets ?? []).filter((a: any) => a.id == 'Parent' && a.amount).reduce((sum: bigint, a: any) => sum + BigInt(a.amount), 0n)
        if (m.direction == 'in') {
            row.messages_in++
            // A failed message deposited nothing: no value in.
            if (m.status != 'failed') row.value_in += value
            if (m.status == 'processed') row.processed_in++
            if (m.status == 'failed') row.failed_in++
        } else {
            row.messages_out++
            row.value_out += value
        }
        expected.set(m.counterpart, row)
    }
    const rows = [...expected.values()].sort((a, b) => a.counterpart < b.counterpart ? -1 : 1).map((r) => ({...r, value_in: r.value_in.toString(), value_out: r.value_out.toString()}))
    expect(stored).toEqual(rows)
    const days = await db.query(`SELECT counterpart, sum(messages_in)::int AS i, sum(messages_out)::int AS o, sum(failed_in)::int AS f FROM counterpart_stat WHERE chain = 'local' AND period = 'day' GROUP BY counterpart ORDER BY counterpart`)
    const hours = await db.query(`SELECT counterpart, sum(messages_in)::int AS i, sum(messages_out)::int AS o, sum(failed_in)::int AS f FROM counterpart_stat WHERE chain = 'local' AND period = 'hour' GROUP BY counterpart ORDER BY counterpart`)
    expect(hours).toEqual(days)
    const [{detached}] = await db.query(`SELECT count(*)::int AS detached FROM counterpart_stat WHERE counterpart_chain_id IS DISTINCT FROM chain || ':' || counterpart`)
    expect(detached).toBe(0)
    expect(days).toEqual(rows.map((r) => ({counterpart: r.counterpart, i: r.messages_in, o: r.messages_out, f: r.failed_in})))
    // Per asset, from the messages' local ids (each message counted once per asset).
    const assets = new Map<string, any>()
    for (const m of await db.query(`SELECT id, direction, counterpart, local_assets FROM xcm_message WHERE chain = 'local'`)) {
        const seen = new Set<string>()
        for (const a of m.local_assets ?? []) {
            const key = `${m.counterpart}|${a.id}`
            const row = assets.get(key) ?? {counterpart: m.counterpart, asset_id: a.id, messages_in: 0, messages_out: 0, amount_in: 0n, amount_out: 0n}
            const amount = a.amount != null ? BigInt(a.amount) : 1n
            if (!seen.has(a.id)) row[m.direction == 'in' ? 'messages_in' : 'messages_out']++
            seen.add(a.id)
            row[m.direction == 'in' ? 'amount_in' : 'amount_out'] += amount
            assets.set(key, row)
        }
    }
    const storedAssets = await db.query(`SELECT counterpart, asset_id, messages_in, messages_out, amount_in::text, amount_out::text FROM counterpart_asset WHERE chain = 'local' ORDER BY counterpart, asset_id`)
    expect(storedAssets).toEqual([...assets.values()].sort((a, b) => `${a.counterpart}|${a.asset_id}` < `${b.counterpart}|${b.asset_id}` ? -1 : 1)
        .map((r) => ({...r, amount_in: r.amount_in.toString(), amount_out: r.amount_out.toString()})))
    expect(storedAssets.length).toBeGreaterThan(0)
}

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    demo = await buildDemoActivity(scenario)
    // An event with two topics, the first ink! v5-style (blake2 of a signature), and some data.
    emitted = {topics: [blake2AsHex('Transfer(Option<AccountId>,Option<AccountId>,u128)', 256), '0x' + '00'.repeat(32)], data: '0x0102030405', block: 0}
    const call = await scenario.callContract(scenario.accounts.Bob, demo.contract, emitInput(emitted.topics, emitted.data))
    emitted.block = call.blockNumber
    // XCM both ways: horizontal in from Asset Hub (trusted reserve, with a topic) and from para 2000
    // (untrusted: fails), and reserve transfers out to the relay (UMP) and to para 1000 (HRMP).
    const {Alice, Bob, Charlie} = scenario.accounts
    await scenario.injectHorizontalMessage(1000, scenario.relayReserveTransferMessage(Charlie, 10n ** 10n, XCM_TOPIC))
    await scenario.reserveTransferToSibling(Alice, 1000, Bob, 10n ** 10n)
    // To a sibling that does not trust Pop as reserve: routed through the relay, with no Sent event.
    await scenario.reserveTransferToSibling(Alice, 3395, Bob, 10n ** 10n)

    db = await TestDatabase.create('chain')
    metricsPort = await findFreePort()
    // VACUUM_AFTER_CATCH_UP: this chain's few blocks count as a long catch-up.
    env = {...db.env, CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '5', PROMETHEUS_PORT: String(metricsPort), VACUUM_AFTER_CATCH_UP: '10'}
    processor = spawnProcessor(env)
    await waitIndexed(await chain.head())
    api = await spawnGraphql(env)
})

afterAll(async () => {
    await shutDown({api, processors: [processor], scenarios: [scenario], chains: [chain], db})
})

test('every block, extrinsic and event of the chain is indexed', async () => {
    await expectIndexMatchesChain()
})

test('with END_BLOCK the processor indexes up to that block, commits it and exits 0', async () => {
    // A block the chain has finalized (FINALITY_CONFIRMATION is 5), indexed into a database of its own.
    const end = (await chain.head()) - 6
    const own = await TestDatabase.create('chainend')
    try {
        const bounded = spawnProcessor({...env, ...own.env, END_BLOCK: String(end), PROMETHEUS_PORT: '0'})
        await bounded.waitExit(120_000)
        expect({code: bounded.exitCode}).toEqual({code: 0})
        const [status] = await own.query(`SELECT height FROM squid_processor_local.status WHERE id = 0`)
        const [blocks] = await own.query(`SELECT count(*)::int AS n, max(height) AS top FROM block WHERE chain = 'local'`)
        const [expected] = await db.query(`SELECT count(*)::int AS n FROM event WHERE chain = 'local' AND block_height <= $1`, [end])
        const [events] = await own.query(`SELECT count(*)::int AS n FROM event WHERE chain = 'local'`)
        expect({status: status.height, blocks: blocks.n, top: blocks.top, events: events.n}).toEqual({status: end, blocks: end + 1, top: end, events: expected.n})
    } finally {
        await own.drop()
    }
})

test('a failed extrinsic carries its fee, signer and decoded module error', async () => {
    const data = await gql(api.url, `query($h: Int!) {
        extrinsics(where: {blockHeight_eq: $h, success_eq: false}, limit: 10) {
            callName pallet success errorName errorDocs fee error signer { address publicKey }
        }
    }`, {h: demo.failedBlock})
    expect(data.extrinsics).toHaveLength(1)
    const [ex] = data.extrinsics
    expect(ex).toMatchObject({
        callName: 'Assets.transfer',
        pallet: 'Assets',
        success: false,
        errorName: 'Assets.Unknown',
        errorDocs: 'The given asset ID is unknown.',
        signer: {address: scenario.accounts.Alice.address},
    })
    expect(BigInt(ex.fee)).toBeGreaterThan(0n)
    expect(ex.error).toMatchObject({__kind: 'Module', value: {index: 52}})
})

test("each signed extrinsic carries its signer's nonce: 0, 1, 2, ... up to the account's nonce in storage", async () => {
    const {Alice} = scenario.accounts
    const data = await gql(api.url, `query($a: String!) {
        signed: extrinsics(where: {signer: {address_eq: $a}}, orderBy: [blockHeight_ASC, index_ASC], limit: 100) { nonce }
        unsigned: extrinsics(where: {signer_isNull: true}, limit: 3) { nonce }
    }`, {a: Alice.address})
    const nonce = ((await scenario.api.query.system.account(Alice.address)) as any).nonce.toNumber()
    expect(nonce).toBeGreaterThan(0)
    expect(data.signed.map((e: any) => e.nonce)).toEqual([...Array(nonce).keys()])
    expect(data.unsigned.every((e: any) => e.nonce === null)).toBe(true)
})

test('a contract event keeps the topics of its event record', async () => {
    const data = await gql(api.url, `query($h: Int!) {
        events(where: {blockHeight_eq: $h, name_eq: "Contracts.ContractEmitted"}, orderBy: index_ASC, limit: 10) {
            name pallet phase topics args extrinsic { callName signer { address } } block { height }
        }
    }`, {h: emitted.block})
    expect(data.events).toHaveLength(1)
    expect(data.events[0]).toMatchObject({
        pallet: 'Contracts',
        phase: 'ApplyExtrinsic',
        topics: emitted.topics,
        args: {data: emitted.data},
        extrinsic: {callName: 'Contracts.call', signer: {address: scenario.accounts.Bob.address}},
        block: {height: emitted.block},
    })
})

test('XCM activity in both directions is indexed with its args', async () => {
    const data = await gql(api.url, `{
        processed: events(where: {name_eq: "MessageQueue.Processed"}, orderBy: blockHeight_ASC, limit: 10) { args phase }
        sent: events(where: {name_eq: "PolkadotXcm.Sent"}, orderBy: blockHeight_ASC, limit: 10) { args extrinsic { callName } }
        ump: events(where: {name_eq: "ParachainSystem.UpwardMessageSent"}, limit: 10) { args }
        hrmp: events(where: {name_eq: "XcmpQueue.XcmpMessageSent"}, limit: 10) { args }
    }`)
    // The demo's downward message and its refused one from para 2000, then the one from Asset Hub.
    expect(data.processed.map((e: any) => [e.args.origin, e.args.success])).toEqual([
        [{__kind: 'Parent'}, true],
        [{__kind: 'Sibling', value: 2000}, false],
        [{__kind: 'Sibling', value: 1000}, true],
    ])
    expect(data.processed[0].args.id).toBe(DEMO_XCM_TOPIC)
    expect(data.processed[2].args.id).toBe(XCM_TOPIC)
    expect(data.sent).toHaveLength(2)
    expect(data.sent.map((e: any) => e.extrinsic.callName)).toEqual(['PolkadotXcm.limited_reserve_transfer_assets', 'PolkadotXcm.limited_reserve_transfer_assets'])
    expect(data.ump).toHaveLength(2) // the second: a transfer routed through the relay
    expect(data.hrmp).toHaveLength(1)
    // Pop's router appends a SetTopic after the event is built: `Sent.message` ends with the
    // deposit, and `messageId` is the topic the receiving chain will report.
    for (const sent of data.sent) {
        expect(sent.args.messageId).toMatch(/^0x[0-9a-f]{64}$/)
        expect(sent.args.message.at(-1).__kind).toBe('DepositAsset')
    }
})

test('XCM messages in and out: transport, counterpart, id, status, assets and beneficiary', async () => {
    const {Alice, Bob, Charlie} = scenario.accounts
    const data = await gql(api.url, `{ xcmMessages(orderBy: [blockHeight_ASC, id_ASC], limit: 20) {
        direction transport counterpart messageId messageHash status success version assets { id amount instance } localAssets { id amount } assetIds
        beneficiary sender fees { id amount } blockHeight processedAtHeight decodeError effects error
        instructions { kind assets { id amount } assetFilter fees { id amount } weightLimit beneficiary destination reserve topic detail xcm { kind assetFilter beneficiary } }
    } }`)
    const charlie = `AccountId32(${u8aToHex(Charlie.publicKey)})`
    const bob = `AccountId32(${u8aToHex(Bob.publicKey)})`
    expect(data.xcmMessages.map((m: any) => [m.direction, m.transport, m.counterpart, m.status, m.success, m.beneficiary])).toEqual([
        ['in', 'dmp', 'relay', 'processed', true, charlie],
        ['in', 'hrmp', 'para:2000', 'failed', false, charlie],
        ['out', 'ump', 'relay', 'sent', null, bob],
        ['in', 'hrmp', 'para:1000', 'processed', true, charlie],
        ['out', 'hrmp', 'para:1000', 'sent', null, bob],
        ['out', 'ump', 'relay', 'sent', null, bob],
    ])
    const [dmp, fromOther, ump, fromAssetHub, hrmp, routed] = data.xcmMessages
    // Read from the block's outbound queue (no Sent event): decoded, its id is its SetTopic.
    expect(routed).toMatchObject({decodeError: null, sender: u8aToHex(Alice.publicKey), version: expect.any(Number)})
    expect(routed.messageId).not.toBe(routed.messageHash)
    expect(routed.fees).toBe(null) // this route pays no delivery fee (no FeesPaid)
    expect(dmp).toMatchObject({version: 3, assets: [{id: 'Parent', amount: '10000000000', instance: null}], decodeError: null})
    // The instructions as the project's own records: the same fields whatever the XCM version.
    const none = {assets: null, assetFilter: null, fees: null, weightLimit: null, beneficiary: null, destination: null, reserve: null, topic: null, detail: null, xcm: null}
    const relayToken = {id: 'Parent', amount: '10000000000'}
    expect(dmp.instructions).toEqual([
        {...none, kind: 'ReserveAssetDeposited', assets: [relayToken]},
        {...none, kind: 'ClearOrigin'},
        {...none, kind: 'BuyExecution', fees: relayToken, weightLimit: 'Unlimited'},
        {...none, kind: 'DepositAsset', assetFilter: 'AllCounted(1)', beneficiary: charlie},
        {...none, kind: 'SetTopic', topic: DEMO_XCM_TOPIC},
    ])
    expect(fromAssetHub.instructions.at(-1)).toEqual({...none, kind: 'SetTopic', topic: XCM_TOPIC})
    // A transfer to 3395 routed through the relay: the relay deposits it onward, with a nested message for 3395.
    const nested = routed.instructions.find((i: any) => i.xcm)
    expect(nested).toMatchObject({kind: 'DepositReserveAsset', destination: 'Parachain(3395)', assetFilter: expect.stringMatching(/^AllCounted\(\d+\)$/)})
    expect(nested.xcm.at(-1)).toEqual({kind: 'DepositAsset', assetFilter: expect.stringMatching(/^AllCounted\(\d+\)$/), beneficiary: bob})
    // What it did on arrival: Charlie's deposit, beside the message.
    expect(dmp.effects).toEqual([{event: 'Balances.Deposit', args: {who: u8aToHex(Charlie.publicKey), amount: expect.stringMatching(/^\d+$/)}}])
    expect(dmp.messageId).toBe(DEMO_XCM_TOPIC) // its SetTopic
    expect(dmp.processedAtHeight).toBeGreaterThan(dmp.blockHeight)
    expect(fromAssetHub.messageId).toBe(XCM_TOPIC)
    expect(fromOther.messageId).toBe(fromOther.messageHash)
    // An outbound message is written as its destination reads it: the relay token is `Here` on the
    // relay and `Parent` on a sibling.
    for (const [out, asset] of [[ump, 'Here'], [hrmp, 'Parent']]) {
        expect(out.sender).toBe(u8aToHex(Alice.publicKey))
        expect(out.messageId).toMatch(/^0x[0-9a-f]{64}$/)
        expect(out.messageHash).toMatch(/^0x[0-9a-f]{64}$/)
        expect(out.assets).toEqual([{id: asset, amount: expect.stringMatching(/^\d+$/), instance: null}])
        // ... and as Pop reads it: the relay token is `Parent` here, whichever the destination.
        expect(out.localAssets).toEqual([{id: 'Parent', amount: out.assets[0].amount}])
        expect(out.assetIds).toEqual(['Parent'])
        expect(out.fees).toEqual([]) // FeesPaid is emitted; the genesis runtime charges no delivery fee
    }
    // The receiving chain reports the outbound message under the same id (Pop's router SetTopic).
    const sent = await db.query(`SELECT args->>'messageId' AS id FROM event WHERE name = 'PolkadotXcm.Sent' ORDER BY block_height`)
    expect([ump.messageId, hrmp.messageId]).toEqual(sent.map((r) => r.id))
})

test('messages filter by asset and by instruction, version-free', async () => {
    const data = await gql(api.url, `{
        relayToken: xcmMessages(where: {direction_eq: in, assetIds_containsAny: ["Parent"]}, orderBy: blockHeight_ASC, limit: 10) { counterpart instructionKinds }
        withTopic: xcmMessages(where: {instructionKinds_containsAny: ["SetTopic"], direction_eq: in}, limit: 10) { counterpart messageId }
    }`)
    expect(data.relayToken.map((m: any) => m.counterpart)).toEqual(['relay', 'para:2000', 'para:1000'])
    expect(data.relayToken[0].instructionKinds).toEqual(['ReserveAssetDeposited', 'ClearOrigin', 'BuyExecution', 'DepositAsset', 'SetTopic'])
    expect(data.withTopic).toHaveLength(2)
    expect(data.withTopic).toEqual(expect.arrayContaining([{counterpart: 'relay', messageId: DEMO_XCM_TOPIC}, {counterpart: 'para:1000', messageId: XCM_TOPIC}]))
})

test('counterpart chains: totals and daily series, equal to the figures computed from the messages', async () => {
    const data = await gql(api.url, `{ counterpartChains(orderBy: counterpart_ASC, limit: 10) { counterpart paraId messagesIn messagesOut processedIn failedIn valueIn valueOut stats(where: {period_eq: day}, limit: 5) { messagesIn messagesOut processedIn failedIn } } }`)
    expect(data.counterpartChains.map((c: any) => [c.counterpart, c.paraId, c.messagesIn, c.messagesOut, c.processedIn, c.failedIn])).toEqual([
        ['para:1000', 1000, 1, 1, 1, 0],
        ['para:2000', 2000, 1, 0, 0, 1],
        ['relay', null, 1, 2, 1, 0],
    ])
    expect(data.counterpartChains[2].valueIn).toBe('10000000000')
    // The refused message from para 2000 brought nothing.
    expect(data.counterpartChains[1].valueIn).toBe('0')
    // Each chain lists its messages, both directions: as many as its totals count.
    const listed = await gql(api.url, `{ counterpartChains(orderBy: counterpart_ASC, limit: 10) { counterpart messages(orderBy: id_ASC, limit: 10) { direction counterpart } } }`)
    for (const [i, c] of listed.counterpartChains.entries()) {
        const totals = data.counterpartChains[i]
        expect(c.messages.filter((m: any) => m.direction == 'in').length).toBe(totals.messagesIn)
        expect(c.messages.filter((m: any) => m.direction == 'out').length).toBe(totals.messagesOut)
        expect(c.messages.every((m: any) => m.counterpart == c.counterpart)).toBe(true)
    }
    const [{unlinked}] = await db.query(`SELECT count(*)::int AS unlinked FROM xcm_message WHERE counterpart_chain_id IS DISTINCT FROM chain || ':' || counterpart`)
    expect(unlinked).toBe(0)
    await expectCounterpartsMatchMessages()
})

test('events link to their block and extrinsic, in order', async () => {
    const data = await gql(api.url, `query($h: Int!) {
        blocks(where: {height_eq: $h}, limit: 1) { height eventsCount events(orderBy: index_ASC, limit: 100) { index name } extrinsics(orderBy: index_ASC, limit: 100) { index callName } }
    }`, {h: demo.failedBlock})
    const [block] = data.blocks
    expect(block.events.map((e: any) => e.index)).toEqual([...Array(block.eventsCount).keys()])
    expect(block.events.map((e: any) => e.name)).toContain('System.ExtrinsicFailed')
    expect(block.extrinsics.map((e: any) => e.callName)).toEqual(['Timestamp.set', 'ParachainSystem.set_validation_data', 'Assets.transfer'])
})

test('calls: the calls nested in an extrinsic\'s call, with their origin, arguments and outcome', async () => {
    const {Alice, Bob, Charlie} = scenario.accounts
    const tx = scenario.api.tx
    // Sudo as Bob: a transfer that succeeds, then one that fails (more than Bob has).
    const ok = await scenario.submit(Alice, tx.sudo.sudoAs(Bob.address, tx.balances.transferKeepAlive(Charlie.address, 10n ** 10n)))
    const failed = await scenario.submit(Alice, tx.sudo.sudoAs(Bob.address, tx.balances.transferKeepAlive(Charlie.address, 10n ** 30n)))
    await waitIndexed(failed.blockNumber)
    const tree = async (height: number) => (await gql(api.url, `query($h: Int!) {
        extrinsics(where: {blockHeight_eq: $h, callName_eq: "Sudo.sudo_as"}, limit: 1) {
            success callName signer { address }
            calls(orderBy: depth_ASC, limit: 10) { name depth address success errorName origin originAccount { address } args parent { name } calls(limit: 5) { name } }
        }
    }`, {h: height})).extrinsics[0]
    const good = await tree(ok.blockNumber)
    expect(good.success).toBe(true)
    expect([good.callName, good.signer.address]).toEqual(['Sudo.sudo_as', Alice.address])
    // The transfer sudo_as dispatched, as Bob.
    expect(good.calls.map((c: any) => [c.name, c.depth, c.address, c.success, c.originAccount?.address, c.parent?.name ?? null, c.calls])).toEqual([
        ['Balances.transfer_keep_alive', 1, [0], true, Bob.address, null, []],
    ])
    expect(good.calls[0].args).toMatchObject({value: String(10n ** 10n)})
    const bad = await tree(failed.blockNumber)
    // sudo_as itself succeeds; the call it dispatched failed, and says why.
    expect(bad.success).toBe(true)
    expect(bad.calls.map((c: any) => [c.name, c.success, c.errorName])).toEqual([
        ['Balances.transfer_keep_alive', false, 'Arithmetic.Underflow'],
    ])
    // As the chain said in the event sudo_as emitted.
    const [done] = await db.query(`SELECT args FROM event WHERE name = 'Sudo.SudoAsDone' AND block_height = $1`, [failed.blockNumber])
    expect(done.args.sudoResult).toEqual({__kind: 'Err', value: {__kind: 'Arithmetic', value: {__kind: 'Underflow'}}})
    // Bob's account lists the call made on his behalf.
    const bob = await gql(api.url, `query($id: String!) { accountById(id: $id) { calls(limit: 10) { name success } } }`, {id: `local:${u8aToHex(scenario.api.createType('AccountId', Bob.address).toU8a())}`})
    expect(bob.accountById.calls).toEqual(expect.arrayContaining([{name: 'Balances.transfer_keep_alive', success: true}, {name: 'Balances.transfer_keep_alive', success: false}]))
})

test('the runtime version is recorded with the block that first ran it', async () => {
    const data = await gql(api.url, `{ runtimeVersions(limit: 10) { id specName specVersion firstHeight } indexedChains(limit: 10) { id ss58Prefix tokenSymbol paraId } }`)
    expect(data.runtimeVersions).toEqual([{id: 'local:pop@100', specName: 'pop', specVersion: 100, firstHeight: 0}])
    expect(data.indexedChains).toEqual([{id: 'local', ss58Prefix: 42, tokenSymbol: 'PAS', paraId: 4001}])
})

test('indexerStatus reports the indexed height against the chain head', async () => {
    const head = await chain.head()
    await waitIndexed(head)
    const data = await gql(api.url, `{ indexerStatus { chain indexedHeight finalizedHeight chainHead chainFinalized lag rpcError } }`)
    expect(data.indexerStatus).toEqual([{
        chain: 'local', indexedHeight: head, finalizedHeight: head - 5, chainHead: head, chainFinalized: head, lag: 0, rpcError: null,
    }])
})

test('hostile queries are refused quickly with a clear error; legitimate ones still answer', async () => {
    const post = async (query: string) => {
        const started = Date.now()
        const res = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query})})
        return {status: res.status, body: await res.json() as any, ms: Date.now() - started}
    }
    let nested = 'blockHeight'
    for (let i = 0; i < 6; i++) nested = `block { extrinsics(limit: 1) { ${nested} } }`
    const deep = await post(`{ events(limit: 1) { ${nested} } }`)
    expect(deep.body.errors[0].message).toMatch(/^the query is nested \d+ levels deep; at most 10 are allowed$/)
    const flood = await post(`{ ${Array.from({length: 600}, (_, i) => `a${i}: __typename`).join(' ')} }`)
    expect(flood.body.errors[0].message).toBe('the query selects more than 500 fields (aliases and fragments counted); split it')
    const typenameOnly = await post('{ events(limit: 1) { __typename } }')
    expect(typenameOnly.body.errors[0].message).toBe('events: select at least one field besides __typename')
    const unbounded = await post('{ events { id } }')
    expect(unbounded.body.errors[0].message).toBe('response might exceed the size limit')
    const huge = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query: `{ blocks(limit: 1) { id } } # ${'x'.repeat(300 * 1024)}`})})
    expect(huge.status).toBe(413)
    for (const r of [deep, flood, unbounded]) expect(r.ms).toBeLessThan(2_000)
    const ok = await post('{ blocks(limit: 1, orderBy: height_DESC) { height } }')
    expect(ok.body.data.blocks).toHaveLength(1)
})

test('Prometheus metrics: the processor\'s own and pop-squid\'s, on PROMETHEUS_PORT', async () => {
    const head = await chain.head()
    await waitIndexed(head)
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
    expect(text).toContain('sqd_processor_last_block')
    expect(text).toContain(`pop_squid_indexed_height{chain="local"} ${head}`)
    expect(text).toContain(`pop_squid_lag_blocks{chain="local"} 0`)
    expect(text).toMatch(/pop_squid_decode_failures_total\{chain="local",domain="contracts"\} 0/)
    expect(text).toMatch(/pop_squid_contract_events_total\{chain="local",decoded="false"\} [1-9]/)
})

test('health and readiness endpoints beside the API', async () => {
    const health = await fetch(`${api.healthUrl}/health`)
    expect([health.status, await health.json()]).toEqual([200, {api: 'running', restarts: 0, subscriptions: {connections: 0, subscriptions: 0}}])
    const ready = await fetch(`${api.healthUrl}/ready`)
    expect([ready.status, await ready.json()]).toEqual([200, {ready: true}])
    expect((await fetch(`${api.healthUrl}/nope`)).status).toBe(404)
})

test('after the catch-up the processor vacuums and analyzes the tables once, in the background, and says so', async () => {
    const vacuumed = async () => {
        const [row] = await db.query(`SELECT last_vacuum IS NOT NULL AS v, last_analyze IS NOT NULL AS a FROM pg_stat_user_tables WHERE relname = 'event'`)
        return row.v && row.a
    }
    await waitFor(vacuumed, 30_000, 'VACUUM (ANALYZE) of the event table')
    await waitFor(async () => /VACUUM \(ANALYZE\) done in/.test(processor.output), 10_000, 'the processor to report the vacuum')
    expect(processor.output).toMatch(/caught up after \d+ blocks; running VACUUM \(ANALYZE\) in the background/)
    expect(processor.output.match(/running VACUUM/g)).toHaveLength(1)
})

test('a fork at the head rolls back the orphaned blocks, a sent XCM message and its counterpart figures', async () => {
    const {Alice, Bob, Charlie, Dave} = scenario.accounts
    const relayOut = async () => Number((await db.query(`SELECT messages_out FROM counterpart_chain WHERE id = 'local:relay'`))[0].messages_out)
    await waitIndexed(await chain.head())
    const outBefore = await relayOut()
    const sent = await scenario.reserveTransferToRelay(Alice, Bob, 10n ** 10n)
    await waitIndexed(sent.blockNumber)
    expect(await relayOut()).toBe(outBefore + 1)
    const head = await chain.head()
    const orphaned = [await chain.blockHash(head - 1), await chain.blockHash(head)]
    await chain.setHead(head - 2)
    // A different branch, one block longer than the old one, without the XCM transfer.
    await scenario.transfer(Charlie, Dave.address, 7n * 10n ** 10n)
    await scenario.transfer(Bob, Alice.address, 3n * 10n ** 10n)
    await scenario.transfer(Alice, Charlie.address, 11n * 10n ** 10n)
    expect(await chain.head()).toBe(head + 1)
    await waitIndexed(head + 1)
    await waitFor(async () => {
        const rows = await db.query(`SELECT count(*) AS n FROM block WHERE hash = ANY($1)`, [orphaned])
        return Number(rows[0].n) == 0
    }, 30_000, 'the orphaned blocks to be rolled back')
    await expectIndexMatchesChain()
    expect(await db.query(`SELECT id FROM xcm_message WHERE block_height = $1 AND direction = 'out'`, [sent.blockNumber])).toEqual([])
    // The fork also orphaned the block before it (the routed transfer of the XCM test): the relay's
    // figures must equal what the remaining messages say, not just lose one.
    const [{n}] = await db.query(`SELECT count(*)::int AS n FROM xcm_message WHERE chain = 'local' AND direction = 'out' AND counterpart = 'relay'`)
    expect(await relayOut()).toBe(n)
    expect(n).toBeLessThan(outBefore + 1)
    await expectCounterpartsMatchMessages()
})

test('an inbound message that cannot be decoded is kept raw with the reason, and its outcome matched', async () => {
    const garbage = '0xdeadbeef01'
    await scenario.injectDownwardMessage(garbage)
    await waitIndexed(await chain.head())
    const rows = await db.query(`SELECT raw, decode_error, message_id, status, success, error FROM xcm_message WHERE raw = $1`, [garbage])
    expect(rows).toEqual([{raw: garbage, decode_error: expect.stringMatching(/^bad XCM at byte 0: /), message_id: blake2AsHex(garbage, 256), status: 'failed', success: false, error: expect.any(String)}])
})

test('a processor killed with SIGKILL again and again resumes with no gap and no duplicate', async () => {
    const {Alice, Bob} = scenario.accounts
    for (let round = 0; round < 3; round++) {
        await processor.kill('SIGKILL')
        // The chain moves on while the processor is down.
        await scenario.transfer(Alice, Bob.address, BigInt(round + 1) * 10n ** 10n)
        await scenario.transfer(Bob, Alice.address, BigInt(round + 1) * 10n ** 9n)
        processor = spawnProcessor(env)
        // Kill it again at a point somewhere in its start-up or first batch.
        await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 1200)))
    }
    await processor.kill('SIGKILL')
    processor = spawnProcessor(env)
    await waitIndexed(await chain.head())
    await expectIndexMatchesChain()
    const dupes = await db.query(`SELECT height, count(*) FROM block WHERE chain = 'local' GROUP BY height HAVING count(*) > 1`)
    expect(dupes).toEqual([])
})

test('a fork deeper than the finality window stops with a clear message; reindex recovers', async () => {
    const {Alice, Bob, Charlie} = scenario.accounts
    await waitIndexed(await chain.head())
    const head = await chain.head()
    // FINALITY_CONFIRMATION is 5: go back 7 blocks, past the processor's final height.
    await processor.kill()
    await chain.setHead(head - 7)
    for (let i = 0; i < 9; i++) await scenario.transfer(i % 2 ? Alice : Bob, Charlie.address, BigInt(i + 1) * 10n ** 9n)
    expect(await chain.head()).toBe(head + 2)

    const refused = spawnProcessor(env)
    await refused.waitExit()
    expect(refused.exitCode).toBe(3)
    expect(refused.output).toMatch(/the chain no longer has block #\d+ 0x[0-9a-f]{64}, which was indexed as final/)
    expect(refused.output).toContain('pop-squid reindex --from')

    const reindex = spawnNode('reindex', 'lib/cli/index.js', ['reindex', '--from', String(head - 8)], env)
    await reindex.waitExit()
    expect({code: reindex.exitCode, output: reindex.output}).toMatchObject({code: 0, output: expect.stringContaining(`from #${head - 8}`)})

    processor = spawnProcessor(env)
    await waitIndexed(head + 2)
    await expectIndexMatchesChain()
    await expectCounterpartsMatchMessages()
})
