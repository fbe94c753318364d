import {blake2AsHex} from '@polkadot/util-crypto'
import {compileWat, emitInput, EVENT_EMITTER_WAT} from './contracts/event-emitter'
import {Scenario} from './scenarios'

export interface DemoActivity {
    contract: string
    codeHash: string
    failedBlock: number
}

/**
 * A little of everything, so a fresh `pop-squid dev` has something to show: transfers, a failed
 * extrinsic, an asset, a contract that emits an event with topics, and an inbound XCM message.
 * Takes about ten blocks.
 */
export async function buildDemoActivity(s: Scenario, log: (msg: string) => void = () => {}): Promise<DemoActivity> {
    const {Alice, Bob, Charlie} = s.accounts
    log('transfers')
    await s.transfer(Alice, Bob.address, 10n ** 12n)
    await s.transfer(Bob, Charlie.address, 5n * 10n ** 11n)
    log('a failing extrinsic (Assets.Unknown)')
    const failed = await s.failingAssetTransfer(Alice, Bob.address)
    log('an asset, created and minted')
    await s.createAsset(Alice, 1)
    await s.mintAsset(Alice, 1, Bob.address, 1_000_000n)
    log('a WebAssembly contract: upload, instantiate, call emitting an event')
    const wasm = await compileWat(EVENT_EMITTER_WAT)
    const {codeHash} = await s.uploadCode(Alice, wasm)
    const {contract} = await s.instantiate(Alice, codeHash, '0x01')
    await s.callContract(Alice, contract, emitInput([blake2AsHex('Demo(u32)', 256)], '0x2a000000'))
    log('an inbound XCM message from the relay')
    await s.injectDownwardMessage(s.relayReserveTransferMessage(Charlie, 10n ** 10n))
    return {contract, codeHash, failedBlock: failed.blockNumber}
}
