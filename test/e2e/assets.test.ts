/**
 * Asset flows and analytics end to end on the real Pop testnet runtime: native transfers, fees,
 * a forced balance, pallet-assets (create, metadata, mint, transfer, approval, burn, freeze),
 * pallet-nfts (collection, mint, transfer, burn, metadata), a contract, and an inbound XCM deposit.
 * Balances and supplies are reconciled with the chain's storage; every aggregate is recomputed
 * here from the raw rows; both hold again after a fork and after a SIGKILL and restart.
 */
import {u8aToHex} from '@polkadot/util'
import {encodeAddress} from '@polkadot/util-crypto'
import {decode} from '@subsquid/ss58'
import {Keyring} from '@polkadot/keyring'
import {LocalChain} from '../../src/localchain/chopsticks'
import {compileWat, emitInput, EVENT_EMITTER_WAT, trapInput} from '../../src/localchain/contracts/event-emitter'
import {Scenario} from '../../src/localchain/scenarios'
import {startTestChain} from '../harness/chain'
import {TestDatabase} from '../harness/db'
import {gql, ProjectProcess, shutDown, spawnGraphql, spawnNode, spawnProcessor, waitFor, waitIndexed} from '../harness/processes'

const ASSET = 7
const UNIT = 10n ** 10n

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
let api: {proc: ProjectProcess, url: string}
const sc = {collection: 0, contract: '', xcmBlock: 0, newcomer: '', forceSet: 0n}

const step = (what: string) => process.env.TEST_VERBOSE && process.stderr.write(`${new Date().toISOString()} ${what}\n`)

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    step('chain started')
    if (process.env.TEST_VERBOSE) {
        const submit = scenario.submit.bind(scenario)
        scenario.submit = async (signer, tx) => {
            step(`submit ${tx.method.section}.${tx.method.method}`)
            const outcome = await submit(signer, tx)
            step(`  -> #${outcome.blockNumber} ${outcome.success ? 'ok' : outcome.error}`)
            return outcome
        }
    }
    const {Alice, Bob, Charlie, Dave, Eve, Ferdie} = scenario.accounts
    const newcomer = new Keyring({type: 'sr25519', ss58Format: 42}).addFromUri('//Newcomer')
    sc.newcomer = newcomer.address
    // Native: a transfer, an endowment of a new account, a forced balance.
    step('newcomer')
    await scenario.transfer(Alice, Bob.address, 5n * UNIT)
    step('transfer 1')
    await scenario.transfer(Bob, newcomer.address, 2n * UNIT)
    sc.forceSet = 123n * UNIT
    await scenario.forceSetBalance(Alice, Ferdie.address, sc.forceSet)
    step('// pallet-assets.')
    // pallet-assets.
    await scenario.createAsset(Alice, ASSET)
    await scenario.setAssetMetadata(Alice, ASSET, 'Pop Dollar', 'PUSD', 6)
    await scenario.mintAsset(Alice, ASSET, Bob.address, 1_000_000n)
    await scenario.mintAsset(Alice, ASSET, Charlie.address, 500_000n)
    await scenario.transferAsset(Bob, ASSET, Charlie.address, 250_000n)
    await scenario.approveAssetTransfer(Bob, ASSET, Dave.address, 100_000n)
    await scenario.transferApprovedAsset(Dave, ASSET, Bob.address, Eve.address, 60_000n)
    await scenario.approveAssetTransfer(Charlie, ASSET, Ferdie.address, 30_000n)
    await scenario.approveAssetTransfer(Charlie, ASSET, Ferdie.address, 5_000n)
    await scenario.cancelAssetApproval(Charlie, ASSET, Ferdie.address)
    await scenario.approveAssetTransfer(Alice, ASSET, Eve.address, 70_000n)
    await scenario.burnAsset(Alice, ASSET, Charlie.address, 100_000n)
    await scenario.freezeAssetAccount(Alice, ASSET, Charlie.address)
    // State changed without an event (as genesis presets, sudo set_storage, runtime migrations and
    // forks from live state do): chopsticks' own funding of the dev accounts at #1, a dev_setStorage
    // of a native balance and of an asset balance, and a sudo System.set_storage in an extrinsic.
    step('// eventless changes')
    await setNativeFreeWithoutEvent(Dave.address, 777n * UNIT)
    await setAssetBalanceWithoutEvent(ASSET, Bob.address, 2_000_000n)
    await setApprovalWithoutEvent(ASSET, Alice.address, Eve.address, 12_345n)
    await sudoSetNativeFree(Eve.address, 555n * UNIT)
    step('// pallet-nfts.')
    // pallet-nfts.
    sc.collection = (await scenario.createNftCollection(Alice)).collection
    await scenario.mintNft(Alice, sc.collection, 1, Bob.address)
    await scenario.mintNft(Alice, sc.collection, 2, Alice.address)
    await scenario.transferNft(Bob, sc.collection, 1, Charlie.address)
    await scenario.burnNft(Alice, sc.collection, 2)
    await scenario.setNftMetadata(Alice, sc.collection, 1, 'ipfs://item-1')
    step('// A contract: two calls (one ')
    // A contract: two calls (one fails), one event.
    const code = await scenario.uploadCode(Alice, await compileWat(EVENT_EMITTER_WAT))
    sc.contract = (await scenario.instantiate(Alice, code.codeHash, '0x01')).contract
    await scenario.callContract(Bob, sc.contract, emitInput(['0x' + '11'.repeat(32)], '0x01'))
    await scenario.callContract(Charlie, sc.contract, trapInput())
    step('// An inbound XCM deposit')
    // An inbound XCM deposit of the relay token (the native token here) to Eve.
    sc.xcmBlock = await chain.head() + 1
    await scenario.injectDownwardMessage(scenario.relayReserveTransferMessage(Eve, 3n * UNIT))
    // An outbound reserve transfer of the relay token to the relay (UMP).
    await scenario.reserveTransferToRelay(Charlie, Eve, 2n * UNIT)

    step('db = await TestDatabase.create')
    db = await TestDatabase.create('assets')
    // From #0: chopsticks' funding at #1 has no event; the storage comparison finds it. Every
    // balance is compared with storage every 4 blocks at the head (the default is 600).
    env = {...db.env, CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '5', RECONCILE_INTERVAL: '4'}
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, await chain.head())
    api = await spawnGraphql(env)
}, 600_000)

afterAll(async () => {
    await shutDown({api, processors: [processor], scenarios: [scenario], chains: [chain], db})
})

const hex = (address: string) => u8aToHex(new Keyring().decodeAddress(address))

test('every movement is a row with its kind, asset, amount, parties, extrinsic and block', async () => {
    const {Alice, Bob, Charlie, Dave, Eve} = scenario.accounts
    // Every value event of the scenario was read.
    expect(await db.query(`SELECT name, decode_error FROM event WHERE decode_error IS NOT NULL`)).toEqual([])
    const rows = await db.query(`SELECT t.kind, a.key, t.amount::text, t."from", t."to", t.delegate, t.item, t.event_name, t.extrinsic_hash, t.block_height, t.xcm_message_id
        FROM transfer t JOIN asset a ON a.id = t.asset_id WHERE t.kind <> 'OPENING' ORDER BY t.block_height, t.id`)
    const find = (match: Record<string, unknown>) => rows.filter((r: any) => Object.entries(match).every(([k, v]) => r[k] === v))
    expect(find({kind: 'TRANSFER', key: 'native', from: Alice.address, to: Bob.address, amount: String(5n * UNIT)})).toHaveLength(1)
    expect(find({kind: 'TRANSFER', key: 'native', to: sc.newcomer, amount: String(2n * UNIT)})).toHaveLength(1)
    expect(find({kind: 'MINT', key: `asset:${ASSET}`, to: Bob.address, amount: '1000000', event_name: 'Assets.Issued'})).toHaveLength(1)
    expect(find({kind: 'TRANSFER', key: `asset:${ASSET}`, from: Bob.address, to: Charlie.address, amount: '250000'})).toHaveLength(1)
    expect(find({kind: 'TRANSFER', key: `asset:${ASSET}`, from: Bob.address, to: Eve.address, delegate: Dave.address, amount: '60000'})).toHaveLength(1)
    expect(find({kind: 'BURN', key: `asset:${ASSET}`, from: Charlie.address, amount: '100000'})).toHaveLength(1)
    expect(find({kind: 'MINT', key: `nft:${sc.collection}`, to: Bob.address, item: '1', amount: '1'})).toHaveLength(1)
    expect(find({kind: 'TRANSFER', key: `nft:${sc.collection}`, from: Bob.address, to: Charlie.address, item: '1'})).toHaveLength(1)
    expect(find({kind: 'BURN', key: `nft:${sc.collection}`, from: Alice.address, item: '2'})).toHaveLength(1)
    // Fees: each signed extrinsic's withdrawal from its signer, with the extrinsic's hash.
    const fees = find({kind: 'FEE', key: 'native', from: Dave.address})
    expect(fees.length).toBeGreaterThanOrEqual(1)
    expect(fees[0].extrinsic_hash).toMatch(/^0x[0-9a-f]{64}$/)
    // The forced balance is a movement of the difference to what the indexer knew then (the funding at
    // #1 is only found in storage at the end of the batch: an ADJUSTMENT); the XCM deposit is linked to its message.
    expect(rows.filter((r: any) => r.key == 'native' && (r.from == scenario.accounts.Ferdie.address || r.to == scenario.accounts.Ferdie.address) && r.event_name == 'Balances.BalanceSet')).toHaveLength(1)
    const xcmIn = rows.filter((r: any) => r.kind == 'XCM_IN')
    expect(xcmIn.length).toBeGreaterThanOrEqual(1)
    expect(xcmIn.every((r: any) => r.xcm_message_id != null)).toBe(true)
    expect(xcmIn.some((r: any) => r.to == Eve.address)).toBe(true)
    const xcmOut = rows.filter((r: any) => r.kind == 'XCM_OUT')
    expect(xcmOut.length).toBeGreaterThanOrEqual(1)
    expect(xcmOut.every((r: any) => r.xcm_message_id != null && r.from == Charlie.address)).toBe(true)
    expect(xcmOut.some((r: any) => r.amount == String(2n * UNIT))).toBe(true)
})

test('asset state: metadata, owner, supply, holders, frozen account, NFT items', async () => {
    const {Alice, Charlie} = scenario.accounts
    const data = await gql(api.url, `query($id: String!, $nft: String!) {
        pusd: assetById(id: $id) { kind symbol name decimals owner supply holderCount transfersCount isFrozen }
        nft: assetById(id: $nft) { kind owner supply holderCount }
        frozen: assetBalances(where: {asset: {id_eq: $id}, isFrozen_eq: true}, limit: 5) { account balance }
        items: nftItems(orderBy: item_ASC, limit: 5) { item owner metadata burnedAtHeight transfersCount }
        native: assetById(id: "local:native") { kind symbol decimals holderCount }
    }`, {id: `local:asset:${ASSET}`, nft: `local:nft:${sc.collection}`})
    expect(data.pusd).toEqual({kind: 'FUNGIBLE', symbol: 'PUSD', name: 'Pop Dollar', decimals: 6, owner: Alice.address, supply: '2710000', holderCount: 3, transfersCount: 2, isFrozen: false})
    expect(data.nft).toEqual({kind: 'NFT', owner: Alice.address, supply: '1', holderCount: 1})
    expect(data.frozen).toEqual([{account: Charlie.address, balance: '650000'}])
    expect(data.items).toEqual([
        {item: '1', owner: Charlie.address, metadata: 'ipfs://item-1', burnedAtHeight: null, transfersCount: 1},
        {item: '2', owner: null, metadata: null, burnedAtHeight: expect.any(Number), transfersCount: 0},
    ])
    expect(data.native).toMatchObject({kind: 'NATIVE', symbol: expect.any(String), decimals: 10})
    expect(data.native.holderCount).toBeGreaterThanOrEqual(7)
})

test('approvals: what each delegate may still move, cancelled ones kept inactive, an eventless change read from storage', async () => {
    const {Alice, Bob, Charlie, Dave, Eve, Ferdie} = scenario.accounts
    await waitIndexed(db, processor, await chain.head())
    const data = await gql(api.url, `query($id: String!) { assetById(id: $id) { approvals(orderBy: createdAtHeight_ASC, limit: 10) { owner delegate amount active deposit reconciledAtHeight } } }`,
        {id: `local:asset:${ASSET}`})
    const rows = data.assetById.approvals.map((a: any) => ({owner: a.owner, delegate: a.delegate, amount: a.amount, active: a.active}))
    expect(rows).toEqual([
        // 100,000 approved, 60,000 spent through it
        {owner: Bob.address, delegate: Dave.address, amount: '40000', active: true},
        // 30,000 then 5,000 more, then cancelled
        {owner: Charlie.address, delegate: Ferdie.address, amount: '0', active: false},
        // 70,000 approved, then set to 12,345 in storage without an event: the chain's figure
        {owner: Alice.address, delegate: Eve.address, amount: '12345', active: true},
    ])
    const live = data.assetById.approvals.filter((a: any) => a.active)
    expect(live.every((a: any) => BigInt(a.deposit) > 0n && a.reconciledAtHeight > 0)).toBe(true)
})

test('balances and supplies equal the chain storage at the head (System.Account, Assets.Asset, Assets.Account, TotalIssuance)', async () => {
    await reconcile()
})

test('what changed without an event is an ADJUSTMENT movement; no balance is negative', async () => {
    const {Alice, Bob, Dave, Eve} = scenario.accounts
    const adjustments = await db.query(`SELECT a.key, t."from", t."to", t.amount::text, t.event_name, t.block_height FROM transfer t JOIN asset a ON a.id = t.asset_id WHERE t.kind = 'ADJUSTMENT'`)
    const has = (key: string, who: string) => adjustments.some((r: any) => r.key == key && (r.to == who || r.from == who))
    // The three writes of the scenario.
    for (const who of [Dave.address, Eve.address]) expect({who, adjusted: has('native', who)}).toEqual({who, adjusted: true})
    expect(has(`asset:${ASSET}`, Bob.address)).toBe(true)
    // Chopsticks' funding of the dev accounts: in the opening balance when the genesis state chopsticks
    // serves already has it, else an adjustment (which of the two depends on when chopsticks applies it).
    const openings = await db.query(`SELECT "to" FROM transfer WHERE kind = 'OPENING' AND asset_id = 'local:native'`)
    for (const who of [Alice.address, Bob.address]) {
        expect({who, explained: has('native', who) || openings.some((r: any) => r.to == who)}).toEqual({who, explained: true})
    }
    expect(adjustments.every((r: any) => r.event_name == 'state changed without an event' && BigInt(r.amount) > 0n)).toBe(true)
    const [negative] = await db.query(`SELECT count(*)::int AS n FROM asset_balance WHERE balance < 0 OR reserved < 0`)
    expect(negative.n).toBe(0)
    // Each balance is still the sum of its movements, adjustments included.
    const [mismatch] = await db.query(`SELECT count(*)::int AS n FROM asset_balance b LEFT JOIN (
        SELECT asset_id, account, sum(d) AS s FROM (SELECT asset_id, "to" AS account, amount AS d FROM transfer WHERE "to" IS NOT NULL
            UNION ALL SELECT asset_id, "from", -amount FROM transfer WHERE "from" IS NOT NULL) f GROUP BY 1, 2) m
        ON m.asset_id = b.asset_id AND m.account = b.account WHERE b.balance <> coalesce(m.s, 0)`)
    expect(mismatch.n).toBe(0)
    // The API shows them, and the assets' own counters read from storage.
    const data = await gql(api.url, `{ transfers(where: {kind_eq: ADJUSTMENT}, limit: 50) { kind amount from to eventName }
        native: assetById(id: "local:native") { supply chainSupply reconciledAtHeight }
        pusd: assetById(id: "local:asset:${ASSET}") { supply chainSupply minBalance freezer reconciledAtHeight } }`)
    expect(data.transfers.length).toBe(adjustments.length)
    expect(data.native.chainSupply).toBe(data.native.supply)
    expect(data.pusd.chainSupply).toBe(data.pusd.supply)
    expect(data.pusd.minBalance).toBe('1')
    expect(data.pusd.reconciledAtHeight).toBeGreaterThan(0)
})

test('a balance changed without an event while indexing is adjusted in the next batches', async () => {
    const {Alice, Charlie, Eve} = scenario.accounts
    const head = await chain.head()
    await waitIndexed(db, processor, head)
    // Charlie: touched by a transfer in the next block. Eve's asset balance: not touched at all.
    await setNativeFreeWithoutEvent(Charlie.address, 4_242n * UNIT)
    await scenario.transfer(Charlie, Alice.address, 1n * UNIT)
    await setAssetBalanceWithoutEvent(ASSET, Eve.address, 31_337n)
    await chain.newBlock({count: 4})
    await reconcile()
    const rows = await db.query(`SELECT a.key, coalesce(t."to", t."from") AS who FROM transfer t JOIN asset a ON a.id = t.asset_id WHERE t.kind = 'ADJUSTMENT' AND t.block_height > $1`, [head])
    expect(rows).toEqual(expect.arrayContaining([{key: 'native', who: Charlie.address}, {key: `asset:${ASSET}`, who: Eve.address}]))
})

test('every aggregate equals the same figure computed from the raw rows', async () => {
    await expectAggregatesMatchRaw()
    // And they are not empty: the scenario's activity is in them.
    const [assets] = await db.query(`SELECT sum(transfers)::int AS n FROM asset_stat WHERE period = 'day' AND asset_key = $1`, [`asset:${ASSET}`])
    expect(assets.n).toBe(2)
    const [contracts] = await db.query(`SELECT sum(calls)::int AS calls, sum(failures)::int AS failures, sum(distinct_callers)::int AS callers FROM contract_stat WHERE period = 'day'`)
    expect(contracts).toEqual({calls: 2, failures: 1, callers: 2})
})

test('an explorer\'s account page is one query: extrinsics, movements in and out, balances, contract calls, XCM sent', async () => {
    const {Bob, Charlie} = scenario.accounts
    const page = async (who: string) => (await gql(api.url, `query($id: String!) { accountById(id: $id) {
        address firstSeenHeight extrinsicsCount
        extrinsics(orderBy: blockHeight_DESC, limit: 100) { hash callName success }
        transfersIn(orderBy: blockHeight_DESC, limit: 100) { id kind amount from fromAccount { address } asset { key } extrinsic { hash } }
        transfersOut(orderBy: blockHeight_DESC, limit: 100) { id kind amount to asset { key } }
        balances(orderBy: balance_DESC, limit: 100) { balance asset { key } }
        contractCalls(limit: 100) { contractAddress success }
        xcmMessagesSent(limit: 100) { messageId counterpart }
    } }`, {id: `local:${hex(who)}`})).accountById
    for (const who of [Bob.address, Charlie.address]) {
        const a = await page(who)
        expect(a.address).toBe(who)
        const count = async (sql: string) => Number((await db.query(sql, [who]))[0].n)
        expect(a.transfersIn.length).toBe(await count(`SELECT count(*) AS n FROM transfer WHERE "to" = $1`))
        expect(a.transfersOut.length).toBe(await count(`SELECT count(*) AS n FROM transfer WHERE "from" = $1`))
        expect(a.balances.length).toBe(await count(`SELECT count(*) AS n FROM asset_balance WHERE account = $1`))
        expect(a.extrinsics.length).toBe(a.extrinsicsCount)
        expect(a.transfersIn.length + a.transfersOut.length).toBeGreaterThan(0)
        for (const t of a.transfersIn) {
            if (t.from) expect(t.fromAccount.address).toBe(t.from)
        }
    }
    // Bob received asset 7 and native tokens, called the contract, and sent nothing over XCM; Charlie sent XCM.
    const bob = await page(Bob.address)
    expect(bob.balances.map((b: any) => b.asset.key)).toEqual(expect.arrayContaining(['native', `asset:${ASSET}`]))
    expect(bob.transfersIn.some((t: any) => t.kind == 'TRANSFER' && t.extrinsic?.hash?.startsWith('0x'))).toBe(true)
    const charlie = await page(Charlie.address)
    expect(charlie.xcmMessagesSent.length).toBeGreaterThanOrEqual(1)
    // An NFT's page: its movements, through the item.
    const nft = await gql(api.url, `query($c: String!) { nftItems(where: {collection: {id_eq: $c}, item_eq: "1"}, limit: 1) { item transfers(orderBy: blockHeight_ASC, limit: 10) { kind from to } } }`, {c: `local:nft:${sc.collection}`})
    expect(nft.nftItems[0].transfers.map((t: any) => [t.kind, t.from, t.to])).toEqual([['MINT', null, Bob.address], ['TRANSFER', Bob.address, Charlie.address]])
    // Approvals, delegated movements and NFT items from the account's side.
    const {Dave, Eve} = scenario.accounts
    const parties = await gql(api.url, `query($bob: String!, $dave: String!, $charlie: String!) {
        bob: accountById(id: $bob) { approvalsGiven(orderBy: createdAtHeight_ASC, limit: 10) { delegate delegateAccount { address } amount active } }
        dave: accountById(id: $dave) { approvalsHeld(limit: 10) { owner } transfersDelegated(limit: 10) { from to amount } }
        charlie: accountById(id: $charlie) { nftItems(limit: 10) { item collection { key } } }
    }`, {bob: `local:${hex(Bob.address)}`, dave: `local:${hex(Dave.address)}`, charlie: `local:${hex(Charlie.address)}`})
    expect(parties.bob.approvalsGiven).toEqual([{delegate: Dave.address, delegateAccount: {address: Dave.address}, amount: '40000', active: true}])
    expect(parties.dave.approvalsHeld).toEqual([{owner: Bob.address}])
    expect(parties.dave.transfersDelegated).toEqual([{from: Bob.address, to: Eve.address, amount: '60000'}])
    expect(parties.charlie.nftItems).toEqual([{item: '1', collection: {key: `nft:${sc.collection}`}}])
})

test('analytics resolvers: series, top-N, and clear errors for bad arguments', async () => {
    const {Bob} = scenario.accounts
    const data = await gql(api.url, `query($asset: String!) {
        activitySeries(chain: "local", bucket: HOUR) { bucket blocks extrinsics failedExtrinsics events }
        assetSeries(chain: "local", asset: $asset, bucket: DAY) { bucket volume transfers activeAccounts newHolders }
        topAssets(chain: "local", limit: 5) { asset symbol volume transfers }
        topContracts(chain: "local") { contract calls events failures }
        topAccounts(chain: "local", limit: 3) { account extrinsics transfers }
        palletSeries(chain: "local", pallet: "Assets", bucket: HOUR) { bucket events calls }
    }`, {asset: `asset:${ASSET}`})
    if (process.env.TEST_VERBOSE) process.stderr.write(JSON.stringify(data) + '\n')
    expect(data.activitySeries).toHaveLength(48)
    const [blocks] = await db.query(`SELECT count(*)::int AS n FROM block WHERE chain = 'local' AND timestamp >= $1`, [data.activitySeries[0].bucket])
    expect(data.activitySeries.reduce((s: number, p: any) => s + p.blocks, 0)).toBe(blocks.n)
    expect(data.assetSeries).toHaveLength(30)
    const last = data.assetSeries.filter((p: any) => p.transfers > 0)
    expect(last.reduce((s: number, p: any) => s + p.transfers, 0)).toBe(2)
    expect(data.topAssets.find((a: any) => a.asset == `asset:${ASSET}`)).toEqual({asset: `asset:${ASSET}`, symbol: 'PUSD', volume: '310000', transfers: 2})
    expect(data.topContracts).toEqual([{contract: u8aToHex(scenario.api.createType('AccountId', sc.contract).toU8a()), calls: 2, events: 1, failures: 1}])
    expect(data.topAccounts[0].account).toBe(scenario.accounts.Alice.address)
    expect(data.palletSeries.reduce((s: number, p: any) => s + p.calls, 0)).toBeGreaterThanOrEqual(8)
    expect(Bob.address).toBeTruthy()

    const error = async (query: string) => {
        const res = await fetch(api.url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query})})
        const body: any = await res.json()
        return body.errors?.[0]?.message as string | undefined
    }
    expect(await error(`{ topAssets(chain: "local", limit: 0) { asset } }`)).toMatch(/limit must be an integer from 1 to 100/)
    expect(await error(`{ activitySeries(chain: "nope") { bucket } }`)).toMatch(/unknown chain "nope": this database indexes local/)
    expect(await error(`{ activitySeries(chain: "local", bucket: HOUR, from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { bucket } }`)).toMatch(/at most 2000 points/)
    expect(await error(`{ activitySeries(chain: "local", from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { bucket } }`)).toMatch(/must be before/)
    expect(await error(`{ assetSeries(chain: "local", asset: "dogecoin") { bucket } }`)).toMatch(/asset must be native, asset:<id> or nft:<collection>/)
    expect(await error(`{ contractSeries(chain: "local", contract: "0x12") { bucket } }`)).toMatch(/contract must be an address/)
    // An address in either form: the same series.
    const contractQuery = `query($c: String!) { contractSeries(chain: "local", contract: $c) { bucket calls events } }`
    const byHex = (await gql(api.url, contractQuery, {c: hex(sc.contract)})).contractSeries
    expect(byHex.reduce((n: number, p: any) => n + p.calls, 0)).toBe(2)
    expect((await gql(api.url, contractQuery, {c: encodeAddress(hex(sc.contract), 42)})).contractSeries).toEqual(byHex)
    expect(await error(`{ activitySeries(chain: "local", from: "yesterday") { bucket } }`)).toMatch(/DateTime|date/i)
})

test('after a fork, aggregates and balances equal the canonical chain', async () => {
    const {Alice, Bob, Charlie} = scenario.accounts
    const base = await chain.head()
    // Branch A: two blocks that will be dropped.
    await scenario.transferAsset(Bob, ASSET, Alice.address, 11_111n)
    await scenario.transfer(Alice, Charlie.address, 7n * UNIT)
    await waitIndexed(db, processor, base + 2)
    const [seen] = await db.query(`SELECT count(*)::int AS n FROM transfer WHERE amount = 11111`)
    expect(seen.n).toBe(1)
    // Branch B from `base`: different activity, longer.
    await chain.setHead(base)
    await scenario.transferAsset(Bob, ASSET, Charlie.address, 22_222n)
    await scenario.transfer(Bob, Alice.address, 1n * UNIT)
    await scenario.mintNft(Alice, sc.collection, 3, Bob.address)
    await waitIndexed(db, processor, base + 3)
    await waitFork(base + 3)
    const [gone] = await db.query(`SELECT count(*)::int AS n FROM transfer WHERE amount = 11111`)
    expect(gone.n).toBe(0)
    await reconcile()
    await expectAggregatesMatchRaw()
})

test('after a SIGKILL mid-stream and a restart, aggregates and balances are exact', async () => {
    const {Alice, Bob, Dave} = scenario.accounts
    await processor.kill('SIGKILL')
    await scenario.transferAsset(Bob, ASSET, Dave.address, 1_234n)
    await scenario.transfer(Dave, Alice.address, 1n * UNIT)
    processor = spawnProcessor(env)
    await new Promise((r) => setTimeout(r, 1500))
    await processor.kill('SIGKILL')
    await scenario.mintAsset(Alice, ASSET, Dave.address, 4_321n)
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, await chain.head())
    await reconcile()
    await expectAggregatesMatchRaw()
})

test('reindex --from rebuilds balances, supplies and every series equal to what the processor had', async () => {
    const head = await chain.head()
    await waitIndexed(db, processor, head)
    const before = await snapshot()
    await processor.kill()
    const reindex = spawnNode('reindex', 'lib/cli/index.js', ['reindex', '--from', String(head - 6)], env)
    await reindex.waitExit(60_000)
    expect({code: reindex.exitCode, output: reindex.output}).toMatchObject({code: 0})
    const [left] = await db.query(`SELECT count(*)::int AS n FROM transfer WHERE block_height >= $1`, [head - 6])
    expect(left.n).toBe(0)
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, head)
    await waitFor(async () => JSON.stringify(await snapshot()) == JSON.stringify(before), 30_000, 'the re-indexed tables to equal the originals').catch(async (err) => {
        // Say which rows differ.
        const after = await snapshot()
        const differ = Object.keys(before).filter((t) => JSON.stringify(before[t]) != JSON.stringify(after[t])).map((t) => {
            const a = new Set(before[t].map((r) => JSON.stringify(r)))
            const b = new Set(after[t].map((r) => JSON.stringify(r)))
            return `${t}: only before ${[...a].filter((r) => !b.has(r)).slice(0, 3).join(' ')} | only after ${[...b].filter((r) => !a.has(r)).slice(0, 3).join(' ')}`
        })
        throw new Error(`${(err as Error).message}\n${differ.join('\n')}`)
    })
    // The reserved part of the balances touched from the reindex height on (not a movement, so not
    // recomputable from the rows) is read from storage again as those blocks are indexed.
    const reserved = await db.query(`SELECT account FROM asset_balance WHERE asset_id = 'local:native' AND reserved IS NULL`)
    expect(reserved).toEqual([])
    await reconcile()
    await expectAggregatesMatchRaw()
})

test('a new SS58_PREFIX on an existing database splits no row: every address renders in the new prefix, balances stay exact', async () => {
    const {Alice, Bob, Eve} = scenario.accounts
    await waitIndexed(db, processor, await chain.head())
    const ids = async () => {
        const out: Record<string, string[]> = {}
        for (const t of ['asset_balance', 'asset_approval', 'nft_item', 'account', 'account_stat', 'activity_mark', 'asset', 'transfer']) {
            out[t] = (await db.query(`SELECT id FROM ${t} ORDER BY id`)).map((r: any) => r.id)
        }
        return out
    }
    const before = await ids()
    // Ids hold keys: not one address (SS58 of either prefix) in them.
    for (const [table, list] of Object.entries(before)) expect({table, ss58: list.filter((id) => id.split(':').some((s) => prefixOf(s) != null))}).toEqual({table, ss58: []})
    await processor.kill()
    // Pop testnet's own change (42 -> 0 at spec 500).
    env = {...env, SS58_PREFIX: '0'}
    processor = spawnProcessor(env)
    await waitFor(async () => processor.output.includes('rendered with SS58 prefix 0'), 60_000, 'the addresses to be rendered again')
    expect(processor.output).toContain('the database renders addresses with SS58 prefix 42, the configuration says 0')
    // Activity after the change lands on the same rows (Eve holds the asset already).
    await scenario.transferAsset(Bob, ASSET, Eve.address, 3_333n)
    await scenario.transfer(Alice, Bob.address, 1n * UNIT)
    await waitIndexed(db, processor, await chain.head())
    const after = await ids()
    for (const t of Object.keys(before)) {
        const added = after[t].filter((id) => !before[t].includes(id))
        const gone = before[t].filter((id) => !after[t].includes(id))
        expect({t, gone}).toEqual({t, gone: []})
        // Only what the two new movements add: their own rows and series buckets, no balance or account.
        if (['asset_balance', 'asset_approval', 'nft_item', 'account', 'asset'].includes(t)) expect({t, added}).toEqual({t, added: []})
    }
    // Every stored address is in the new prefix.
    const wrong = await db.query(`
        SELECT 'transfer from' AS what, "from" AS a FROM transfer UNION ALL SELECT 'transfer to', "to" FROM transfer UNION ALL SELECT 'transfer delegate', delegate FROM transfer
        UNION ALL SELECT 'balance', account FROM asset_balance UNION ALL SELECT 'owner', owner FROM asset UNION ALL SELECT 'issuer', issuer FROM asset
        UNION ALL SELECT 'approval owner', owner FROM asset_approval UNION ALL SELECT 'approval delegate', delegate FROM asset_approval
        UNION ALL SELECT 'nft owner', owner FROM nft_item UNION ALL SELECT 'account', address FROM account UNION ALL SELECT 'account stat', account FROM account_stat
        UNION ALL SELECT 'contract', address_ss58 FROM contract`)
    const rendered = wrong.filter((r: any) => r.a != null && !r.a.startsWith('0x'))
    expect(rendered.length).toBeGreaterThan(50)
    expect(rendered.filter((r: any) => prefixOf(r.a) !== 0)).toEqual([])
    const [{prefix}] = await db.query(`SELECT ss58_prefix AS prefix FROM indexed_chain`)
    expect(prefix).toBe(0)
    // The API answers in the new form, and takes an address in either.
    const bob0 = encodeAddress(Bob.address, 0)
    const page = await gql(api.url, `query($id: String!) { accountById(id: $id) { address balances(orderBy: id_ASC, limit: 10) { account } } }`, {id: `local:${hex(Bob.address)}`})
    expect(page.accountById.address).toBe(bob0)
    expect(page.accountById.balances.every((b: any) => b.account == bob0)).toBe(true)
    await reconcile()
    await expectAggregatesMatchRaw()
    await expectAccountLinks()
    // A second start with the same prefix has nothing to do.
    await processor.kill()
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, await chain.head())
    expect(processor.output).not.toContain('rendering them again')
})

/** The SS58 prefix of a text that is an address, else undefined. */
function prefixOf(text: string): number | undefined {
    if (text.length < 46 || text.length > 50) return undefined
    try {
        return decode(text).prefix
    } catch {
        return undefined
    }
}

/** Every asset, counterpart and series table's rows (the reserved column aside), in a stable order. */
async function snapshot(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {}
    for (const [table, columns] of Object.entries({
        transfer: 'id, kind, asset_id, item, amount::text, "from", "to", delegate, event_name, block_height, xcm_message_id',
        asset: 'id, supply::text, holder_count, transfers_count, volume::text, name, symbol, decimals, owner, is_frozen, created_at_height, destroyed_at_height',
        asset_balance: 'id, balance::text, is_frozen, first_received_height, last_change_height',
        nft_item: 'id, owner, metadata, minted_at_height, burned_at_height, transfers_count',
        chain_stat: '*', pallet_stat: '*', asset_stat: 'id, volume::text, transfers, active_accounts, new_holders', contract_stat: '*', account_stat: '*',
        counterpart_stat: 'id, counterpart_chain_id, messages_in, messages_out, processed_in, failed_in, value_in::text, value_out::text', activity_mark: 'id',
        counterpart_chain: 'id, messages_in, messages_out, processed_in, failed_in, value_in::text, value_out::text, first_activity_height, last_activity_height',
        counterpart_asset: 'id, asset_id, messages_in, messages_out, amount_in::text, amount_out::text, last_activity_height',
    })) out[table] = await db.query(`SELECT ${columns} FROM ${table} ORDER BY id`)
    return out
}

/** Waits until the indexed block at `height` is the chain's (the fork was applied). */
async function waitFork(height: number): Promise<void> {
    const hash = await chain.blockHash(height)
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
        const rows = await db.query(`SELECT hash FROM block WHERE height = $1`, [height])
        if (rows.length == 1 && rows[0].hash == hash) return
        await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`block #${height} ${hash} was not indexed`)
}

/** Compares the indexer's balances and supplies with the chain's storage at the indexed head. */
async function reconcile(): Promise<void> {
    const head = await chain.head()
    await waitIndexed(db, processor, head)
    const at = await scenario.api.at(await chain.blockHash(head))
    const diffs: string[] = []
    const balances = new Map<string, {balance: string, reserved: string | null}>()
    for (const r of await db.query(`SELECT asset_id, account, balance::text, reserved::text FROM asset_balance WHERE chain = 'local'`)) {
        balances.set(`${r.asset_id}|${hex(r.account)}`, r)
    }
    const assets = new Map<string, any>()
    for (const r of await db.query(`SELECT id, supply::text, chain_supply::text, holder_count FROM asset WHERE chain = 'local'`)) assets.set(r.id, r)

    let native = 0n
    const onChain = new Set<string>()
    for (const [key, info] of await at.query.system.account.entries()) {
        const who = hex(scenario.api.createType('AccountId', key.args[0]).toString())
        onChain.add(who)
        const total = (info as any).data.free.toBigInt() + (info as any).data.reserved.toBigInt()
        native += total
        const row = balances.get(`local:native|${who}`)
        if ((row?.balance ?? '0') != String(total)) diffs.push(`native ${who}: indexed ${row?.balance} chain ${total}`)
        if (row && row.reserved != String((info as any).data.reserved.toBigInt())) diffs.push(`native reserved ${who}: indexed ${row.reserved} chain ${(info as any).data.reserved}`)
    }
    for (const [k, row] of balances) {
        if (k.startsWith('local:native|') && row.balance != '0' && !onChain.has(k.split('|')[1])) {
            diffs.push(`native ${k}: indexed ${row.balance}, no account on chain`)
        }
    }
    const issuance = (await at.query.balances.totalIssuance() as any).toBigInt()
    if (assets.get('local:native')?.supply != String(native)) diffs.push(`native supply: indexed ${assets.get('local:native')?.supply} chain sum ${native}`)
    if (assets.get('local:native')?.chain_supply != String(issuance)) diffs.push(`native chain supply: indexed ${assets.get('local:native')?.chain_supply} TotalIssuance ${issuance}`)
    if (native != issuance) diffs.push(`chain: sum of accounts ${native} != TotalIssuance ${issuance}`)
    for (const [key, details] of await at.query.assets.asset.entries()) {
        const id = key.args[0].toString()
        const d = (details as any).unwrap()
        const row = assets.get(`local:asset:${id}`)
        if (row?.supply != d.supply.toString()) diffs.push(`asset ${id} supply: indexed ${row?.supply} chain ${d.supply}`)
        if (row?.holder_count != d.accounts.toNumber()) diffs.push(`asset ${id} holders: indexed ${row?.holder_count} chain ${d.accounts}`)
    }
    for (const [key, account] of await at.query.assets.account.entries()) {
        const [id, who] = [key.args[0].toString(), hex(scenario.api.createType('AccountId', key.args[1]).toString())]
        const row = balances.get(`local:asset:${id}|${who}`)
        const balance = (account as any).unwrap().balance.toString()
        if (row?.balance != balance) diffs.push(`asset ${id} ${who}: indexed ${row?.balance} chain ${balance}`)
    }
    // Approvals: every live one on chain is an active row with its amount and deposit, and no other row is active.
    const approvals = new Map<string, any>()
    for (const r of await db.query(`SELECT asset_id, owner, delegate, amount::text, deposit::text, active FROM asset_approval WHERE chain = 'local'`)) {
        approvals.set(`${r.asset_id}|${hex(r.owner)}|${hex(r.delegate)}`, r)
    }
    const live = new Set<string>()
    for (const [key, approval] of await at.query.assets.approvals.entries()) {
        const [id, owner, delegate] = [key.args[0].toString(), ...[key.args[1], key.args[2]].map((a) => hex(scenario.api.createType('AccountId', a).toString()))]
        const k = `local:asset:${id}|${owner}|${delegate}`
        live.add(k)
        const a = (approval as any).unwrap()
        const row = approvals.get(k)
        if (!row?.active || row.amount != a.amount.toString() || row.deposit != a.deposit.toString()) {
            diffs.push(`approval ${k}: indexed ${JSON.stringify(row)} chain ${a.amount}/${a.deposit}`)
        }
    }
    for (const [k, row] of approvals) if (row.active && !live.has(k)) diffs.push(`approval ${k}: indexed active (${row.amount}), none on chain`)
    expect(diffs).toEqual([])
}

/**
 * Every party points at its account row (which exists), whose address is the one the row names;
 * no row points at an account first seen after it (reindex deletes accounts by that height); a
 * movement points at the extrinsic whose hash it carries.
 */
async function expectAccountLinks(): Promise<void> {
    const broken = await db.query(`
        SELECT 'transfer from' AS what, t.id FROM transfer t LEFT JOIN account a ON a.id = t.from_account_id
            WHERE t."from" IS NOT NULL AND (a.id IS NULL OR a.address <> t."from" OR a.first_seen_height > t.block_height)
        UNION ALL SELECT 'transfer to', t.id FROM transfer t LEFT JOIN account a ON a.id = t.to_account_id
            WHERE t."to" IS NOT NULL AND (a.id IS NULL OR a.address <> t."to" OR a.first_seen_height > t.block_height)
        UNION ALL SELECT 'transfer extrinsic', t.id FROM transfer t LEFT JOIN extrinsic x ON x.id = t.extrinsic_id
            WHERE (t.extrinsic_hash IS NULL) <> (t.extrinsic_id IS NULL) OR x.hash <> t.extrinsic_hash
        UNION ALL SELECT 'transfer nft item', t.id FROM transfer t
            WHERE t.item IS NOT NULL AND t.nft_item_id IS DISTINCT FROM t.asset_id || ':' || t.item
        UNION ALL SELECT 'transfer delegate', t.id FROM transfer t LEFT JOIN account a ON a.id = t.delegate_account_id
            WHERE t.delegate IS NOT NULL AND (a.id IS NULL OR a.address <> t.delegate OR a.first_seen_height > t.block_height)
        UNION ALL SELECT 'approval owner', x.id FROM asset_approval x LEFT JOIN account a ON a.id = x.owner_account_id
            WHERE a.id IS NULL OR a.address <> x.owner OR a.first_seen_height > x.created_at_height
        UNION ALL SELECT 'approval delegate', x.id FROM asset_approval x LEFT JOIN account a ON a.id = x.delegate_account_id
            WHERE a.id IS NULL OR a.address <> x.delegate OR a.first_seen_height > x.created_at_height
        UNION ALL SELECT 'nft owner', i.id FROM nft_item i LEFT JOIN account a ON a.id = i.owner_account_id
            WHERE (i.owner IS NULL) <> (i.owner_account_id IS NULL) OR a.address <> i.owner
        UNION ALL SELECT 'asset ' || r.role, x.id FROM asset x
            CROSS JOIN LATERAL (VALUES ('owner', x.owner, x.owner_account_id), ('issuer', x.issuer, x.issuer_account_id), ('admin', x.admin, x.admin_account_id), ('freezer', x.freezer, x.freezer_account_id)) r(role, addr, acc)
            LEFT JOIN account a ON a.id = r.acc WHERE (r.addr IS NULL) <> (r.acc IS NULL) OR a.address <> r.addr
        UNION ALL SELECT 'account stat holder', x.id FROM account_stat x LEFT JOIN account a ON a.id = x.holder_id WHERE a.id IS NULL OR a.address <> x.account
        UNION ALL SELECT 'balance holder', b.id FROM asset_balance b LEFT JOIN account a ON a.id = b.holder_id
            WHERE a.id IS NULL OR a.address <> b.account OR a.first_seen_height > b.first_received_height
        UNION ALL SELECT 'call caller', c.id FROM contract_call c LEFT JOIN account a ON a.id = c.caller_account_id
            WHERE c.caller IS NOT NULL AND (a.id IS NULL OR a.public_key <> c.caller OR a.first_seen_height > c.block_height)
        UNION ALL SELECT 'xcm sender', m.id FROM xcm_message m LEFT JOIN account a ON a.id = m.sender_account_id
            WHERE m.sender IS NOT NULL AND (a.id IS NULL OR a.public_key <> m.sender OR a.first_seen_height > m.block_height)
        ORDER BY 1, 2 LIMIT 20`)
    expect(broken).toEqual([])
    const [{links}] = await db.query(`SELECT count(*)::int AS links FROM transfer WHERE from_account_id IS NOT NULL OR to_account_id IS NOT NULL`)
    expect(links).toBeGreaterThan(10)
    const [{delegated, approvals, items}] = await db.query(`SELECT (SELECT count(*)::int FROM transfer WHERE delegate_account_id IS NOT NULL) AS delegated,
        (SELECT count(*)::int FROM asset_approval WHERE owner_account_id IS NOT NULL) AS approvals, (SELECT count(*)::int FROM nft_item WHERE owner_account_id IS NOT NULL) AS items`)
    expect({delegated, approvals, items}).toEqual({delegated: expect.any(Number), approvals: expect.any(Number), items: expect.any(Number)})
    expect(delegated * approvals * items).toBeGreaterThan(0)
    const [{owned}] = await db.query(`SELECT count(*)::int AS owned FROM asset WHERE owner_account_id IS NOT NULL AND issuer_account_id IS NOT NULL`)
    expect(owned).toBeGreaterThan(0)
}

/** Recomputes every series from the raw rows and compares it with what the processor maintained. */
async function expectAggregatesMatchRaw(): Promise<void> {
    const bucket = (col: string, period: string) => `date_trunc('${period}', coalesce(${col}, 'epoch') AT TIME ZONE 'UTC')`
    const compare = async (name: string, stored: string, raw: string) => {
        const a = await db.query(stored)
        const b = await db.query(raw)
        expect({name, rows: a}).toEqual({name, rows: b})
    }
    for (const p of ['hour', 'day']) {
        await compare(`chain_stat ${p}`,
            `SELECT start AT TIME ZONE 'UTC' AS start, blocks, extrinsics, failed_extrinsics, events FROM chain_stat WHERE period = '${p}' ORDER BY start`,
            `SELECT start, sum(b)::int AS blocks, sum(x)::int AS extrinsics, sum(f)::int AS failed_extrinsics, sum(e)::int AS events FROM (
                SELECT ${bucket('timestamp', p)} AS start, 1 AS b, 0 AS x, 0 AS f, 0 AS e FROM block
                UNION ALL SELECT ${bucket('timestamp', p)}, 0, 1, CASE WHEN success THEN 0 ELSE 1 END, 0 FROM extrinsic
                UNION ALL SELECT ${bucket('timestamp', p)}, 0, 0, 0, 1 FROM event) s GROUP BY start ORDER BY start`)
        await compare(`pallet_stat ${p}`,
            `SELECT pallet, start AT TIME ZONE 'UTC' AS start, events, calls FROM pallet_stat WHERE period = '${p}' ORDER BY pallet, start`,
            `SELECT pallet, start, sum(e)::int AS events, sum(c)::int AS calls FROM (
                SELECT pallet, ${bucket('timestamp', p)} AS start, 1 AS e, 0 AS c FROM event
                UNION ALL SELECT pallet, ${bucket('timestamp', p)}, 0, 1 FROM extrinsic) s GROUP BY pallet, start ORDER BY pallet, start`)
        await compare(`asset_stat ${p}`,
            `SELECT asset_key, start AT TIME ZONE 'UTC' AS start, volume::text, transfers, active_accounts, new_holders FROM asset_stat WHERE period = '${p}' ORDER BY asset_key, start`,
            `WITH t AS (SELECT a.key, ${bucket('t.timestamp', p)} AS start, t.* FROM transfer t JOIN asset a ON a.id = t.asset_id WHERE t.kind <> 'OPENING'),
             moved AS (SELECT key, start, coalesce(sum(amount) FILTER (WHERE kind IN ('TRANSFER', 'XCM_IN', 'XCM_OUT')), 0) AS volume,
                    count(*) FILTER (WHERE kind IN ('TRANSFER', 'XCM_IN', 'XCM_OUT'))::int AS transfers FROM t GROUP BY key, start),
             active AS (SELECT key, start, count(DISTINCT who)::int AS n FROM (SELECT key, start, "from" AS who FROM t UNION ALL SELECT key, start, "to" FROM t) x WHERE who IS NOT NULL GROUP BY key, start),
             fresh AS (SELECT a.key, ${bucket('k.timestamp', p)} AS start, count(*)::int AS n FROM asset_balance b JOIN asset a ON a.id = b.asset_id
                    JOIN block k ON k.height = b.first_received_height
                    WHERE NOT EXISTS (SELECT 1 FROM transfer o WHERE o.kind = 'OPENING' AND o.asset_id = b.asset_id AND o."to" = b.account) GROUP BY a.key, start)
             SELECT key AS asset_key, start, coalesce(m.volume, 0)::text AS volume, coalesce(m.transfers, 0) AS transfers, coalesce(ac.n, 0) AS active_accounts, coalesce(f.n, 0) AS new_holders
             FROM (SELECT key, start FROM moved UNION SELECT key, start FROM fresh) k
             LEFT JOIN moved m USING (key, start) LEFT JOIN active ac USING (key, start) LEFT JOIN fresh f USING (key, start) ORDER BY key, start`)
        await compare(`contract_stat ${p}`,
            `SELECT contract_address, start AT TIME ZONE 'UTC' AS start, calls, events, failures, distinct_callers FROM contract_stat WHERE period = '${p}' ORDER BY contract_address, start`,
            `SELECT contract_address, start, sum(c)::int AS calls, sum(e)::int AS events, sum(f)::int AS failures, count(DISTINCT caller)::int AS distinct_callers FROM (
                SELECT contract_address, ${bucket('timestamp', p)} AS start, 1 AS c, 0 AS e, CASE WHEN success THEN 0 ELSE 1 END AS f, caller FROM contract_call
                UNION ALL SELECT contract_address, ${bucket('timestamp', p)}, 0, 1, 0, NULL FROM contract_event) s GROUP BY contract_address, start ORDER BY contract_address, start`)
        await compare(`account_stat ${p}`,
            `SELECT account, start AT TIME ZONE 'UTC' AS start, extrinsics, transfers FROM account_stat WHERE period = '${p}' ORDER BY account, start`,
            `SELECT account, start, sum(x)::int AS extrinsics, sum(t)::int AS transfers FROM (
                SELECT a.address AS account, ${bucket('x.timestamp', p)} AS start, 1 AS x, 0 AS t FROM extrinsic x JOIN account a ON a.id = x.signer_id
                UNION ALL SELECT who, ${bucket('timestamp', p)}, 0, 1 FROM (SELECT "from" AS who, timestamp, kind FROM transfer UNION ALL SELECT "to", timestamp, kind FROM transfer) m
                    WHERE who IS NOT NULL AND kind IN ('TRANSFER', 'XCM_IN', 'XCM_OUT', 'MINT', 'BURN')) s GROUP BY account, start ORDER BY account, start`)
        await compare(`counterpart_stat ${p}`,
            `SELECT counterpart, start AT TIME ZONE 'UTC' AS start, messages_in, messages_out, processed_in, failed_in FROM counterpart_stat WHERE period = '${p}' ORDER BY counterpart, start`,
            `SELECT counterpart, start, sum(i)::int AS messages_in, sum(o)::int AS messages_out, sum(pr)::int AS processed_in, sum(f)::int AS failed_in FROM (
                SELECT m.counterpart, ${bucket('m.timestamp', p)} AS start, (m.direction = 'in')::int AS i, (m.direction = 'out')::int AS o, 0 AS pr, 0 AS f FROM xcm_message m
                -- outcomes in the bucket of the block that processed the message
                UNION ALL SELECT m.counterpart, ${bucket('b.timestamp', p)}, 0, 0, (m.status = 'processed')::int, (m.status = 'failed')::int
                    FROM xcm_message m JOIN block b ON b.height = m.processed_at_height WHERE m.direction = 'in' AND m.status IN ('processed', 'failed')) s
             GROUP BY 1, 2 ORDER BY 1, 2`)
    }
    await expectAccountLinks()
    // Current state: each balance is the sum of its movements; each supply the sum of its balances.
    await compare('balances',
        `SELECT asset_id, account, balance::text FROM asset_balance WHERE balance <> 0 ORDER BY 1, 2`,
        `SELECT asset_id, account, sum(d)::text AS balance FROM (SELECT asset_id, "to" AS account, amount AS d FROM transfer WHERE "to" IS NOT NULL
            UNION ALL SELECT asset_id, "from", -amount FROM transfer WHERE "from" IS NOT NULL) s GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2`)
    await compare('supplies',
        `SELECT id, supply::text, holder_count, transfers_count, volume::text FROM asset ORDER BY id`,
        `SELECT a.id, coalesce((SELECT sum(balance) FROM asset_balance b WHERE b.asset_id = a.id), 0)::text AS supply,
            (SELECT count(*) FROM asset_balance b WHERE b.asset_id = a.id AND b.balance > 0)::int AS holder_count,
            (SELECT count(*) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ('TRANSFER', 'XCM_IN', 'XCM_OUT'))::int AS transfers_count,
            coalesce((SELECT sum(amount) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ('TRANSFER', 'XCM_IN', 'XCM_OUT')), 0)::text AS volume
         FROM asset a ORDER BY a.id`)
}

/** Sets an account's free native balance by writing storage (dev_setStorage): no event; TotalIssuance follows. */
async function setNativeFreeWithoutEvent(who: string, free: bigint): Promise<void> {
    const at = await scenario.api.at(await chain.blockHash(await chain.head()))
    const info = (await at.query.system.account(who)).toJSON() as any
    const before = BigInt(info.data.free)
    const issuance = (await at.query.balances.totalIssuance() as any).toBigInt()
    info.data.free = free.toString()
    await chain.rpc('dev_setStorage', [{System: {Account: [[[who], info]]}, Balances: {TotalIssuance: (issuance + free - before).toString()}}])
    await chain.newBlock()
}

/** Sets an account's balance of a pallet-assets asset by writing storage: no event; the asset's supply follows. */
async function setAssetBalanceWithoutEvent(id: number, who: string, balance: bigint): Promise<void> {
    const at = await scenario.api.at(await chain.blockHash(await chain.head()))
    const account = (await at.query.assets.account(id, who) as any).unwrap().toJSON()
    const details = (await at.query.assets.asset(id) as any).unwrap().toJSON()
    details.supply = (BigInt(details.supply) + balance - BigInt(account.balance)).toString()
    account.balance = balance.toString()
    await chain.rpc('dev_setStorage', [{Assets: {Account: [[[id, who], account]], Asset: [[[id], details]]}}])
    await chain.newBlock()
}

/** Sets what a delegate may still move of an owner's asset by writing storage: no event. */
async function setApprovalWithoutEvent(id: number, owner: string, delegate: string, amount: bigint): Promise<void> {
    const at = await scenario.api.at(await chain.blockHash(await chain.head()))
    const approval = (await at.query.assets.approvals(id, owner, delegate) as any).unwrap().toJSON()
    approval.amount = amount.toString()
    await chain.rpc('dev_setStorage', [{Assets: {Approvals: [[[id, owner, delegate], approval]]}}])
    await chain.newBlock()
}

/** The same for a native balance, in an extrinsic: sudo(System.set_storage), whose only events are Sudo's. */
async function sudoSetNativeFree(who: string, free: bigint): Promise<void> {
    const api = scenario.api
    const at = await api.at(await chain.blockHash(await chain.head()))
    const info = (await at.query.system.account(who)) as any
    const before = info.data.free.toBigInt()
    const issuance = (await at.query.balances.totalIssuance() as any).toBigInt()
    const json = info.toJSON()
    json.data.free = free.toString()
    const value = api.createType('FrameSystemAccountInfo', json).toHex()
    const total = api.createType('u128', issuance + free - before).toHex(true)
    const outcome = await scenario.submit(scenario.accounts.Alice, api.tx.sudo.sudo(api.tx.system.setStorage([
        [api.query.system.account.key(who), value],
        [api.query.balances.totalIssuance.key(), total],
    ])))
    expect(outcome.success).toBe(true)
}
