import {ApiPromise, WsProvider} from '@polkadot/api'
import type {SubmittableExtrinsic} from '@polkadot/api/types'
import type {KeyringPair} from '@polkadot/keyring/types'
import type {ISubmittableResult} from '@polkadot/types/types'
import {u8aToHex} from '@polkadot/util'
import {blake2AsHex} from '@polkadot/util-crypto'
import {LocalChain} from './chopsticks'
import {DevAccounts, devAccounts} from './dev-accounts'

export interface TxOutcome {
    blockHash: string
    blockNumber: number
    extrinsicIndex: number
    success: boolean
    /** `Pallet.Error` for a failed dispatch with a module error, the raw error otherwise. */
    error?: string
    events: {name: string, data: any}[]
}

/**
 * Byte arguments go to polkadot-js as hex: a Uint8Array made by another module's realm (wabt's
 * output) fails its `instanceof` check and is silently encoded as empty bytes.
 */
function toHex(bytes: Uint8Array | string): string {
    return typeof bytes == 'string' ? bytes : u8aToHex(Uint8Array.from(bytes))
}

const GAS = {refTime: 10_000_000_000n, proofSize: 1_000_000n}
const REVIVE_GAS = {refTime: 50_000_000_000n, proofSize: 1_000_000n}

/**
 * Builds real activity on a local chain through the runtime's own extrinsics.
 * Every method waits until its extrinsic is in a block and returns what happened.
 */
export class Scenario {
    private constructor(readonly chain: LocalChain, readonly api: ApiPromise, readonly accounts: DevAccounts) {}

    static async connect(chain: LocalChain): Promise<Scenario> {
        const api = await ApiPromise.create({provider: new WsProvider(chain.wsUrl), noInitWarn: true, throwOnConnect: true})
        return new Scenario(chain, api, await devAccounts(api.registry.chainSS58 ?? 42))
    }

    async disconnect(): Promise<void> {
        await this.api.disconnect()
    }

    /**
     * Signs with a fresh nonce (polkadot-js may reuse a stale one against chopsticks) and waits for
     * the block. The watch subscription can miss the in-block notice when chopsticks builds the
     * block before the subscription is set up (seen on a loaded machine), so new blocks are also
     * searched for the extrinsic's hash.
     */
    async submit(signer: KeyringPair, tx: SubmittableExtrinsic<'promise'>): Promise<TxOutcome> {
        const nonce = await this.chain.rpc<number>('system_accountNextIndex', [signer.address])
        const from = await this.chain.head()
        return new Promise<TxOutcome>((resolve, reject) => {
            let unsub: (() => void) | undefined
            let done = false
            const finish = (outcome: Promise<TxOutcome> | Error) => {
                if (done) return
                done = true
                clearInterval(poll)
                unsub?.()
                if (outcome instanceof Error) reject(outcome)
                else outcome.then(resolve, reject)
            }
            const poll = setInterval(() => {
                if (!tx.isSigned) return
                this.findInBlocks(tx.hash.toHex(), from).then((found) => {
                    if (found) finish(this.describeAt(found.blockHash, found.index))
                }, () => {})
            }, 3000)
            tx.signAndSend(signer, {nonce}, (result: ISubmittableResult) => {
                // Chopsticks may skip the in-block notice and report the block as finalized at once.
                const included = result.status.isInBlock || result.status.isFinalized
                if (result.isError || result.dispatchError && !included) {
                    finish(new Error(`transaction ${tx.method.section}.${tx.method.method} was not included: ${result.status.type}`))
                    return
                }
                if (!included) return
                finish(this.describe(result))
            }).then((u) => {
                unsub = u
                if (done) u()
            }, (err) => finish(err))
        })
    }

    /** The block (after `from`) holding an extrinsic, by hash. */
    private async findInBlocks(hash: string, from: number): Promise<{blockHash: string, index: number} | undefined> {
        const head = await this.chain.head()
        for (let n = from + 1; n <= head; n++) {
            const blockHash = await this.chain.blockHash(n)
            const block = await this.api.rpc.chain.getBlock(blockHash)
            const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() == hash)
            if (index >= 0) return {blockHash, index}
        }
        return undefined
    }

    /** The outcome of the extrinsic at `index` of a block, from the block's events. */
    private async describeAt(blockHash: string, index: number): Promise<TxOutcome> {
        const records: any = await (await this.api.at(blockHash)).query.system.events()
        const events = records.filter((r: any) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() == index)
        const failed = events.find((r: any) => this.api.events.system.ExtrinsicFailed.is(r.event))
        return this.describe({
            status: this.api.createType('ExtrinsicStatus', {InBlock: blockHash}),
            events,
            dispatchError: failed ? failed.event.data[0] : undefined,
            txIndex: index,
        } as unknown as ISubmittableResult)
    }

    private async describe(result: ISubmittableResult): Promise<TxOutcome> {
        const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex()
        const header = await this.api.rpc.chain.getHeader(blockHash)
        let error: string | undefined
        if (result.dispatchError) {
            if (result.dispatchError.isModule) {
                const meta = this.api.registry.findMetaError(result.dispatchError.asModule)
                error = `${meta.section}.${meta.name}`
            } else {
                error = result.dispatchError.toString()
            }
        }
        return {
            blockHash,
            blockNumber: header.number.toNumber(),
            extrinsicIndex: result.txIndex ?? -1,
            success: !result.dispatchError,
            error,
            events: result.events.map(({event}) => ({name: `${event.section}.${event.method}`, data: event.data.toHuman()})),
        }
    }

    transfer(from: KeyringPair, to: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.balances.transferKeepAlive(to, amount))
    }

    /** A dispatch that fails with a module error (`Assets.Unknown`): the fee is paid, the call is not. */
    failingAssetTransfer(from: KeyringPair, to: string): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.assets.transfer(999_999, to, 1))
    }

    createAsset(owner: KeyringPair, id: number, minBalance = 1n): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.assets.create(id, owner.address, minBalance))
    }

    mintAsset(owner: KeyringPair, id: number, to: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.assets.mint(id, to, amount))
    }

    setAssetMetadata(owner: KeyringPair, id: number, name: string, symbol: string, decimals: number): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.assets.setMetadata(id, name, symbol, decimals))
    }

    transferAsset(from: KeyringPair, id: number, to: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.assets.transfer(id, to, amount))
    }

    approveAssetTransfer(owner: KeyringPair, id: number, delegate: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.assets.approveTransfer(id, delegate, amount))
    }

    /** Withdraws `owner`'s approval for `delegate` (Assets.ApprovalCancelled). */
    cancelAssetApproval(owner: KeyringPair, id: number, delegate: string): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.assets.cancelApproval(id, delegate))
    }

    /** Moves `amount` of `owner`'s asset to `to` through the delegate's approval (Assets.TransferredApproved). */
    transferApprovedAsset(delegate: KeyringPair, id: number, owner: string, to: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(delegate, this.api.tx.assets.transferApproved(id, owner, to, amount))
    }

    /** Burns from `who` by the asset's admin. */
    burnAsset(admin: KeyringPair, id: number, who: string, amount: bigint): Promise<TxOutcome> {
        return this.submit(admin, this.api.tx.assets.burn(id, who, amount))
    }

    freezeAssetAccount(freezer: KeyringPair, id: number, who: string): Promise<TxOutcome> {
        return this.submit(freezer, this.api.tx.assets.freeze(id, who))
    }

    /** pallet-nfts: a collection owned by `owner` whose items only the issuer mints. Its id is in `collection`. */
    async createNftCollection(owner: KeyringPair): Promise<TxOutcome & {collection: number}> {
        const config = {settings: 0, maxSupply: null, mintSettings: {mintType: 'Issuer', price: null, startBlock: null, endBlock: null, defaultItemSettings: 0}}
        const outcome = await this.submit(owner, this.api.tx.nfts.create(owner.address, config))
        const created = outcome.events.find((e) => e.name == 'nfts.Created')
        if (!created) throw new Error(`no Nfts.Created event: ${outcome.error ?? 'unknown reason'}`)
        return {...outcome, collection: Number(String(created.data.collection).replace(/,/g, ''))}
    }

    mintNft(issuer: KeyringPair, collection: number, item: number, to: string): Promise<TxOutcome> {
        return this.submit(issuer, this.api.tx.nfts.mint(collection, item, to, null))
    }

    transferNft(owner: KeyringPair, collection: number, item: number, to: string): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.nfts.transfer(collection, item, to))
    }

    burnNft(owner: KeyringPair, collection: number, item: number): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.nfts.burn(collection, item))
    }

    setNftMetadata(owner: KeyringPair, collection: number, item: number, data: string): Promise<TxOutcome> {
        return this.submit(owner, this.api.tx.nfts.setMetadata(collection, item, data))
    }

    /** `sudo(balances.force_set_balance)`: Balances.BalanceSet. */
    forceSetBalance(sudoKey: KeyringPair, who: string, free: bigint): Promise<TxOutcome> {
        return this.submit(sudoKey, this.api.tx.sudo.sudo(this.api.tx.balances.forceSetBalance(who, free)))
    }

    uploadCode(from: KeyringPair, wasm: Uint8Array): Promise<TxOutcome & {codeHash: string}> {
        return this.submit(from, this.api.tx.contracts.uploadCode(toHex(wasm), null, 'Enforced'))
            .then((o) => ({...o, codeHash: blake2AsHex(wasm, 256)}))
    }

    async instantiate(from: KeyringPair, codeHash: string, salt: string, input = '0x'): Promise<TxOutcome & {contract: string}> {
        const outcome = await this.submit(from, this.api.tx.contracts.instantiate(0, GAS, null, codeHash, input, salt))
        const instantiated = outcome.events.find((e) => e.name == 'contracts.Instantiated')
        if (!instantiated) throw new Error(`no Contracts.Instantiated event: ${outcome.error ?? 'unknown reason'}`)
        return {...outcome, contract: instantiated.data.contract}
    }

    /** pallet-contracts `set_code` (root only: dispatched through sudo by the sudo key). */
    setContractCode(sudoKey: KeyringPair, contract: string, codeHash: string): Promise<TxOutcome> {
        return this.submit(sudoKey, this.api.tx.sudo.sudo(this.api.tx.contracts.setCode(contract, codeHash)))
    }

    /** pallet-contracts `remove_code`: by its uploader, for code no contract runs. */
    removeCode(uploader: KeyringPair, codeHash: string): Promise<TxOutcome> {
        return this.submit(uploader, this.api.tx.contracts.removeCode(codeHash))
    }

    callContract(from: KeyringPair, contract: string, input: Uint8Array | string): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.contracts.call(contract, 0, GAS, null, toHex(input)))
    }

    /**
     * A downward (relay -> chain) message, injected into the next block's validation data;
     * it is enqueued there and processed in one of the two blocks built after.
     */
    async injectDownwardMessage(versionedXcmHex: string): Promise<void> {
        const head = await this.chain.head()
        await this.chain.newBlock({dmp: [{sentAt: head, msg: versionedXcmHex}]})
        await this.chain.newBlock({count: 2})
    }

    /**
     * A horizontal (sibling -> chain) message from `paraId`: XCMP format byte 0x00, then the
     * `VersionedXcm`. Enqueued in the next block, processed in one of the two after.
     */
    async injectHorizontalMessage(paraId: number, versionedXcmHex: string): Promise<void> {
        const head = await this.chain.head()
        await this.chain.newBlock({hrmp: {[paraId]: [{sentAt: head, data: '0x00' + versionedXcmHex.slice(2)}]}})
        await this.chain.newBlock({count: 2})
    }

    /** An outbound reserve transfer of the relay token to an account on the relay (UMP). */
    reserveTransferToRelay(from: KeyringPair, to: KeyringPair, amount: bigint): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.polkadotXcm.limitedReserveTransferAssets(
            {V3: {parents: 1, interior: 'Here'}},
            {V3: {parents: 0, interior: {X1: {AccountId32: {network: null, id: to.publicKey}}}}},
            {V3: [{id: {Concrete: {parents: 1, interior: 'Here'}}, fun: {Fungible: amount}}]},
            0,
            'Unlimited',
        ))
    }

    /** An outbound reserve transfer of the relay token to an account on a sibling (HRMP; the channel must exist). */
    reserveTransferToSibling(from: KeyringPair, paraId: number, to: KeyringPair, amount: bigint): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.polkadotXcm.limitedReserveTransferAssets(
            {V3: {parents: 1, interior: {X1: {Parachain: paraId}}}},
            {V3: {parents: 0, interior: {X1: {AccountId32: {network: null, id: to.publicKey}}}}},
            {V3: [{id: {Concrete: {parents: 1, interior: 'Here'}}, fun: {Fungible: amount}}]},
            0,
            'Unlimited',
        ))
    }

    /** pallet-revive: maps the signer's account to its H160 (needed before it deploys or calls). */
    reviveMapAccount(from: KeyringPair): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.revive.mapAccount())
    }

    /** pallet-revive: deploys EVM (or PolkaVM) code; returns the new contract's H160. */
    async reviveInstantiate(from: KeyringPair, code: string, data = '0x'): Promise<TxOutcome & {contract: string}> {
        const outcome = await this.submit(from, this.api.tx.revive.instantiateWithCode(0, REVIVE_GAS, 10n ** 15n, code, data, null))
        const instantiated = outcome.events.find((e) => e.name == 'revive.Instantiated')
        if (!instantiated) throw new Error(`no Revive.Instantiated event: ${outcome.error ?? 'unknown reason'}`)
        return {...outcome, contract: String(instantiated.data.contract).toLowerCase()}
    }

    reviveCall(from: KeyringPair, contract: string, input = '0x'): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.revive.call(contract, 0, REVIVE_GAS, 10n ** 15n, input))
    }

    /**
     * pallet-revive: an Ethereum-signed legacy transaction calling `contract`, submitted as
     * `Revive.eth_transact` (what eth-rpc does for MetaMask). Funds the key's fallback account
     * (its H160 followed by twelve 0xEE bytes) from `funder` first when it is empty.
     */
    async reviveEthTransact(funder: KeyringPair, privateKey: `0x${string}`, contract: string, data: `0x${string}`): Promise<TxOutcome & {from: string}> {
        const {privateKeyToAccount} = await import('viem/accounts')
        const account = privateKeyToAccount(privateKey)
        const fallback = account.address.toLowerCase() + 'ee'.repeat(12)
        const balance: any = await this.api.query.system.account(fallback)
        if (balance.data.free.isZero()) await this.transfer(funder, fallback, 10n ** 15n)
        const call = this.api.call as any
        const dry = await call.reviveApi.ethTransact({from: account.address, to: contract, input: {input: data, data: null}, value: null})
        if (!dry.isOk) throw new Error(`eth_transact dry run failed: ${JSON.stringify(dry.toHuman())}`)
        const payload = await account.signTransaction({
            type: 'legacy',
            chainId: Number((this.api.consts.revive.chainId as any).toString()),
            nonce: Number((await call.reviveApi.nonce(account.address)).toString()),
            gasPrice: BigInt((await call.reviveApi.gasPrice()).toString()),
            gas: BigInt(dry.asOk.ethGas.toString()) * 2n,
            to: contract as `0x${string}`,
            value: 0n,
            data,
        })
        const tx = this.api.tx.revive.ethTransact(payload)
        const outcome = await new Promise<TxOutcome>((resolve, reject) => {
            let unsub: (() => void) | undefined
            tx.send((result: ISubmittableResult) => {
                if (result.isError) {
                    unsub?.()
                    reject(new Error(`eth_transact was not included: ${result.status.type}`))
                } else if (result.status.isInBlock) {
                    unsub?.()
                    this.describe(result).then(resolve, reject)
                }
            }).then((u) => { unsub = u }, reject)
        })
        return {...outcome, from: account.address.toLowerCase()}
    }

    /** A root `PolkadotXcm.send` of a V3 message to a sibling parachain, through sudo. */
    sudoXcmSendToSibling(sudoKey: KeyringPair, paraId: number, instructions: unknown[]): Promise<TxOutcome> {
        return this.submit(sudoKey, this.api.tx.sudo.sudo(this.api.tx.polkadotXcm.send(
            {V3: {parents: 1, interior: {X1: {Parachain: paraId}}}},
            {V3: instructions},
        )))
    }

    /** A root `PolkadotXcm.send` of a V3 message up to the relay, through sudo (an upward message). */
    sudoXcmSendToRelay(sudoKey: KeyringPair, instructions: unknown[]): Promise<TxOutcome> {
        return this.submit(sudoKey, this.api.tx.sudo.sudo(this.api.tx.polkadotXcm.send({V3: {parents: 1, interior: 'Here'}}, {V3: instructions})))
    }

    /** On a relay chain: a root `XcmPallet.send` of a V3 message down to a parachain, through sudo (announced by `XcmPallet.Sent`). */
    relaySudoXcmSendToPara(sudoKey: KeyringPair, paraId: number, instructions: unknown[]): Promise<TxOutcome> {
        return this.submit(sudoKey, this.api.tx.sudo.sudo(this.api.tx.xcmPallet.send({V3: {parents: 0, interior: {X1: {Parachain: paraId}}}}, {V3: instructions})))
    }

    /**
     * Instructions that pay `amount` of the relay token from the sender's sovereign account on the
     * destination to `beneficiary` there (fund that account first: see `siblingSovereignAccount`).
     * The relay token is `Parent` on a parachain; pass `relayTokenParents = 0` for a message to the relay.
     */
    withdrawAndDepositInstructions(beneficiary: KeyringPair, amount: bigint, relayTokenParents = 1): unknown[] {
        const asset = {id: {Concrete: {parents: relayTokenParents, interior: 'Here'}}, fun: {Fungible: amount}}
        return [
            {WithdrawAsset: [asset]},
            {BuyExecution: {fees: asset, weightLimit: 'Unlimited'}},
            {DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: {parents: 0, interior: {X1: {AccountId32: {network: null, id: beneficiary.publicKey}}}}}},
        ]
    }

    /** On a relay chain: a reserve transfer of the relay token to an account on a parachain (a real downward message, XCM v3). */
    relayReserveTransferToPara(from: KeyringPair, paraId: number, to: KeyringPair, amount: bigint): Promise<TxOutcome> {
        return this.submit(from, this.api.tx.xcmPallet.limitedReserveTransferAssets(
            {V3: {parents: 0, interior: {X1: {Parachain: paraId}}}},
            {V3: {parents: 0, interior: {X1: {AccountId32: {network: null, id: to.publicKey}}}}},
            {V3: [{id: {Concrete: {parents: 0, interior: 'Here'}}, fun: {Fungible: amount}}]},
            0,
            'Unlimited',
        ))
    }

    /** An XCM v3 reserve-asset deposit of the relay token to `beneficiary`, as the relay would send it. */
    relayReserveTransferMessage(beneficiary: KeyringPair, amount: bigint, topic?: string): string {
        const instructions: any[] = [
            {ReserveAssetDeposited: [{id: {Concrete: {parents: 1, interior: 'Here'}}, fun: {Fungible: amount}}]},
            {ClearOrigin: null},
            {BuyExecution: {fees: {id: {Concrete: {parents: 1, interior: 'Here'}}, fun: {Fungible: amount}}, weightLimit: 'Unlimited'}},
            {DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: {parents: 0, interior: {X1: {AccountId32: {network: null, id: beneficiary.publicKey}}}}}},
        ]
        if (topic) instructions.push({SetTopic: topic})
        return this.api.createType('XcmVersionedXcm', {V3: instructions}).toHex()
    }
}

/** The account a sibling parachain controls on another parachain: "sibl" ++ para id (u32 LE), zero-padded. */
export function siblingSovereignAccount(paraId: number): string {
    const bytes = new Uint8Array(32)
    bytes.set([0x73, 0x69, 0x62, 0x6c]) // "sibl"
    new DataView(bytes.buffer).setUint32(4, paraId, true)
    return u8aToHex(bytes)
}
