/**
 * Records real blocks made by the local Pop runtime (chopsticks, manual block building) for the
 * benchmark chains: blocks, their events, the storage the indexer reads, the runtime's metadata.
 * Each pattern block is checked (every extrinsic included, only the expected failures).
 */
import fs from 'node:fs'
import path from 'node:path'
import {ApiPromise, WsProvider} from '@polkadot/api'
import type {SubmittableExtrinsic} from '@polkadot/api/types'
import type {KeyringPair} from '@polkadot/keyring/types'
import {u8aToHex} from '@polkadot/util'
import {blake2AsHex} from '@polkadot/util-crypto'
import {LocalChain} from '../src/localchain/chopsticks'
import {Scenario} from '../src/localchain/scenarios'
import {compileWat, emitInput, EVENT_EMITTER_WAT} from '../src/localchain/contracts/event-emitter'
import {EVENTS_KEY, GENESIS_MAPS, Recording, RecordedBlock, RECORDING_VERSION} from './recording'

export interface RecordOptions {
    spec: string
    /** Rounds of each dense pattern (more rounds, more variety). */
    rounds: number
    log: (msg: string) => void
}

const CONTRACT_GAS = {refTime: 2_000_000_000n, proofSize: 100_000n}

/** Loads the cached recording at `file`, or records one (and caches it) when absent or stale. */
export async function loadOrRecord(file: string, options: RecordOptions): Promise<{recording: Recording, cached: boolean}> {
    if (fs.existsSync(file)) {
        const recording = JSON.parse(fs.readFileSync(file, 'utf8')) as Recording
        if (recording.version == RECORDING_VERSION) return {recording, cached: true}
        options.log(`cached recording ${path.basename(file)} is version ${recording.version}, want ${RECORDING_VERSION}: recording again`)
    }
    const recording = await record(options)
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file + '.tmp', JSON.stringify(recording))
    fs.renameSync(file + '.tmp', file)
    return {recording, cached: false}
}

export async function record(options: RecordOptions): Promise<Recording> {
    const {log} = options
    log('recording: starting the local Pop chain (chopsticks, manual block building)')
    const chain = await LocalChain.start({spec: options.spec, buildBlockMode: 'Manual'})
    let scenario: Scenario | undefined
    let api: ApiPromise | undefined
    try {
        scenario = await Scenario.connect(chain)
        api = await ApiPromise.create({provider: new WsProvider(chain.wsUrl), noInitWarn: true, throwOnConnect: true})
        const recorder = new Recorder(chain, api, scenario, log)
        return await recorder.run(options.rounds)
    } finally {
        await scenario?.disconnect().catch(() => {})
        await api?.disconnect().catch(() => {})
        await chain.stop()
    }
}

type Tx = [KeyringPair, SubmittableExtrinsic<'promise'>]

class Recorder {
    private blocks: RecordedBlock[] = []
    private nonces = new Map<string, number>()
    private storageKeys: string[]
    private recipients: string[] = []

    constructor(private chain: LocalChain, private api: ApiPromise, private s: Scenario, private log: (msg: string) => void) {
        const q = api.query as any
        this.storageKeys = [
            q.transactionPayment.nextFeeMultiplier.key(),
            q.parachainSystem.upwardMessages.key(),
            q.parachainSystem.hrmpOutboundMessages.key(),
        ]
        // Fresh accounts (deterministic) so transfers create accounts as well as move funds.
        for (let i = 0; i < 200; i++) this.recipients.push(blake2AsHex(`pop-squid-bench-recipient-${i}`, 256))
    }

    async run(rounds: number): Promise<Recording> {
        const {api, s} = this
        const {Alice, Bob, Charlie, Dave, Eve, Ferdie} = s.accounts
        const groups: Recording['groups'] = {setup: [], empty: [], transfer: [], transfers: [], contracts: [], assets: [], xcmIn: [], xcmOut: []}

        // The prefix: genesis and whatever start-up built, then the things that happen once.
        const head = await this.chain.head()
        for (let h = 0; h <= head; h++) groups.setup.push(await this.recordBlock(await this.chain.blockHash(h), 'setup'))
        this.blocks[0].state = await this.recordMaps(this.blocks[0].hash)
        this.log('recording: setup (asset 1 created and minted, a contract uploaded and instantiated)')
        groups.setup.push(await this.build('setup', [
            [Alice, api.tx.assets.create(1, Alice.address, 1)],
            [Alice, api.tx.assets.mint(1, Alice.address, 10n ** 15n)],
        ]))
        const wasm = await compileWat(EVENT_EMITTER_WAT)
        const codeHash = blake2AsHex(wasm, 256)
        groups.setup.push(await this.build('setup', [[Alice, api.tx.contracts.uploadCode(u8aToHex(wasm), null, 'Enforced')]]))
        const instantiated = await this.build('setup', [[Alice, api.tx.contracts.instantiate(0, {refTime: 10_000_000_000n, proofSize: 1_000_000n}, null, codeHash, '0x', '0x01')]])
        groups.setup.push(instantiated)
        const contract = (await this.eventsOf(this.blocks[instantiated].hash)).find((e) => e.name == 'contracts.Instantiated')?.data.contract
        if (!contract) throw new Error('recording: the contract was not instantiated (no Contracts.Instantiated event)')
        // The indexer reads the new contract's info at the block of its instantiation.
        const infoKey = (api.query as any).contracts.contractInfoOf.key(contract)
        this.blocks[instantiated].storage[infoKey] = await this.chain.rpc('state_getStorage', [infoKey, this.blocks[instantiated].hash])

        const signers = [Alice, Bob, Charlie, Dave, Eve]
        let r = 0
        const recipient = () => this.recipients[(r++) % this.recipients.length]
        for (let round = 0; round < rounds; round++) {
            this.log(`recording: round ${round + 1}/${rounds} (empty, transfer, transfers, contract events, assets, XCM in and out)`)
            groups.empty.push([await this.build('empty', [])])
            groups.transfer.push([await this.build('transfer', [[Ferdie, api.tx.balances.transferKeepAlive(recipient(), 10n ** 12n)]])])
            // The runtime has no utility pallet: many extrinsics per block, several per signer.
            groups.transfers.push([await this.build('transfers', signers.flatMap((signer) => Array.from({length: 10}, (): Tx =>
                [signer, api.tx.balances.transferKeepAlive(recipient(), 10n ** 12n + BigInt(r))])))])
            groups.contracts.push([await this.build('contracts', [Alice, Bob, Charlie].flatMap((signer, k) => Array.from({length: 8}, (_, i): Tx =>
                [signer, api.tx.contracts.call(contract, 0, CONTRACT_GAS, null,
                    u8aToHex(emitInput([blake2AsHex(`Bench(u32)`, 256), blake2AsHex(`topic-${round}-${k}-${i}`, 256)], u8aToHex(new Uint8Array([i, k, round, 0])))))])))])
            groups.assets.push([await this.build('assets', [
                // To accounts the transfers above funded: the asset is not sufficient to create one.
                ...Array.from({length: 30}, (_, i): Tx => [Alice, api.tx.assets.transferKeepAlive(1, this.recipients[i], 1000)]),
                [Bob, api.tx.assets.transfer(999_999, Alice.address, 1)],
            ], {failures: 1})])
            const dmpHead = await this.chain.head()
            const msg = s.relayReserveTransferMessage(Charlie, 10n ** 10n)
            groups.xcmIn.push([
                await this.build('xcmIn', [], {newBlock: {dmp: [{sentAt: dmpHead, msg}]}}),
                await this.build('xcmIn', []),
                await this.build('xcmIn', []),
            ])
            const processed = (await Promise.all(groups.xcmIn[groups.xcmIn.length - 1].map((i) => this.eventsOf(this.blocks[i].hash))))
                .flat().filter((e) => e.name == 'messageQueue.Processed')
            if (processed.length == 0) throw new Error('recording: the downward message was never processed (no MessageQueue.Processed event)')
            groups.xcmOut.push([await this.build('xcmOut', [[Dave, api.tx.polkadotXcm.limitedReserveTransferAssets(
                {V3: {parents: 1, interior: 'Here'}},
                {V3: {parents: 0, interior: {X1: {AccountId32: {network: null, id: Eve.publicKey}}}}},
                {V3: [{id: {Concrete: {parents: 1, interior: 'Here'}}, fun: {Fungible: 10n ** 10n}}]},
                0,
                'Unlimited',
            )]])])
        }
        const version: any = await this.chain.rpc('state_getRuntimeVersion', [])
        const metadata: string = await this.chain.rpc('state_getMetadata', [])
        return {
            version: RECORDING_VERSION,
            recordedAt: new Date().toISOString(),
            specName: version.specName,
            specVersion: version.specVersion,
            runtimeVersion: version,
            metadata,
            blocks: this.blocks,
            groups,
        }
    }

    /** Submits the extrinsics, builds one block, records it, checks everything went in. */
    private async build(kind: string, txs: Tx[], opts: {failures?: number, newBlock?: Record<string, unknown>} = {}): Promise<number> {
        for (const [signer, tx] of txs) {
            let nonce = this.nonces.get(signer.address)
            if (nonce == null) nonce = (await this.api.rpc.system.accountNextIndex(signer.address)).toNumber()
            this.nonces.set(signer.address, nonce + 1)
            const signed = await tx.signAsync(signer, {nonce})
            await this.api.rpc.author.submitExtrinsic(signed)
        }
        const hash: string = await this.chain.rpc('dev_newBlock', [opts.newBlock ?? {}])
        const index = await this.recordBlock(hash, kind)
        const block = this.blocks[index]
        const signed = block.extrinsics.length - this.inherentCount(block)
        if (signed != txs.length) {
            throw new Error(`recording: a ${kind} block holds ${signed} of the ${txs.length} extrinsics submitted (block too full, or rejected by the pool)`)
        }
        const events = await this.eventsOf(hash)
        const failed = events.filter((e) => e.name == 'system.ExtrinsicFailed')
        if (failed.length != (opts.failures ?? 0)) {
            throw new Error(`recording: a ${kind} block has ${failed.length} failed extrinsics, expected ${opts.failures ?? 0}: ${JSON.stringify(failed.map((e) => e.data))}`)
        }
        return index
    }

    /** Every key and value of the genesis maps the indexer pages through. */
    private async recordMaps(hash: string): Promise<Record<string, string | null>> {
        const state: Record<string, string | null> = {}
        const q = this.api.query as any
        for (const [pallet, item] of GENESIS_MAPS) {
            if (!q[pallet]?.[item]) continue
            const prefix = q[pallet][item].keyPrefix()
            let start: string | null = null
            while (true) {
                const keys: string[] = await this.chain.rpc('state_getKeysPaged', [prefix, 1000, start, hash])
                if (keys.length == 0) break
                const [changes]: [{changes: [string, string | null][]}] = await this.chain.rpc('state_queryStorageAt', [keys, hash])
                for (const [k, v] of changes.changes) state[k] = v
                if (keys.length < 1000) break
                start = keys[keys.length - 1]
            }
        }
        this.log(`recording: ${Object.keys(state).length} genesis storage entries (accounts, assets, NFTs)`)
        return state
    }

    private inherentCount(block: RecordedBlock): number {
        let n = 0
        for (const hex of block.extrinsics) {
            const ex = this.api.createType('Extrinsic', hex)
            if (!ex.isSigned) n++
        }
        return n
    }

    private async eventsOf(hash: string): Promise<{name: string, data: any}[]> {
        const apiAt = await this.api.at(hash)
        const records: any = await apiAt.query.system.events()
        return records.map((r: any) => ({name: `${r.event.section}.${r.event.method}`, data: r.event.data.toJSON ? r.event.data.toHuman() : r.event.data}))
    }

    private async recordBlock(hash: string, kind: string): Promise<number> {
        const {block} = await this.chain.rpc('chain_getBlock', [hash])
        const events: string | null = await this.chain.rpc('state_getStorage', [EVENTS_KEY, hash])
        const storage: Record<string, string | null> = {}
        for (const key of this.storageKeys) storage[key] = await this.chain.rpc('state_getStorage', [key, hash])
        let timestampIndex = -1
        block.extrinsics.forEach((hex: string, i: number) => {
            const ex = this.api.createType('Extrinsic', hex)
            if (ex.method.section == 'timestamp' && ex.method.method == 'set') timestampIndex = i
        })
        const eventCount = events ? (this.api.createType('Vec<FrameSystemEventRecord>', events) as any).length : 0
        this.blocks.push({kind, hash, header: block.header, extrinsics: block.extrinsics, timestampIndex, events, eventCount, storage})
        return this.blocks.length - 1
    }
}
