import {DEMO_EVENT_TOPIC} from './contracts/demo-abi'
import {compileWat, emitInput, EVENT_EMITTER_WAT} from './contracts/event-emitter'
import {Scenario} from './scenarios'

/** The SetTopic (message id) of the demo's inbound transfer from the relay. */
export const DEMO_XCM_TOPIC = '0x' + 'd3'.repeat(32)
/** A topic no event of the demo ABI has. */
const DEMO_UNKNOWN_TOPIC = '0x' + '77'.repeat(32)

export interface DemoActivity {
    contract: string
    codeHash: string
    failedBlock: number
}

/**
 * A little of everything, so a fresh `pop-squid dev` has something to show: transfers, a failed
 * extrinsic, an asset with an approval, a contract that emits an event with topics, and XCM in and out (one
 * inbound message refused). Takes about thirteen blocks.
 */
export async function buildDemoActivity(s: Scenario, log: (msg: string) => void = () => {}): Promise<DemoActivity> {
    const {Alice, Bob, Charlie} = s.accounts
    log('transfers')
    await s.transfer(Alice, Bob.address, 10n ** 12n)
    await s.transfer(Bob, Charlie.address, 5n * 10n ** 11n)
    log('a failing extrinsic (Assets.Unknown)')
    const failed = await s.failingAssetTransfer(Alice, Bob.address)
    log('an asset, created, minted, and an approval to spend some of it')
    await s.createAsset(Alice, 1)
    await s.mintAsset(Alice, 1, Bob.address, 1_000_000n)
    await s.approveAssetTransfer(Bob, 1, Charlie.address, 250_000n)
    log('a WebAssembly contract: upload, instantiate, call emitting an event')
    const wasm = await compileWat(EVENT_EMITTER_WAT)
    const {codeHash} = await s.uploadCode(Alice, wasm)
    const {contract} = await s.instantiate(Alice, codeHash, '0x01')
    await s.callContract(Alice, contract, emitInput([DEMO_EVENT_TOPIC], '0x2a000000'))
    // An event the demo ABI does not know: stored raw, with the reason it did not decode.
    await s.callContract(Bob, contract, emitInput([DEMO_UNKNOWN_TOPIC], '0x01'))
    log('XCM: a transfer in from the relay, one refused from para 2000, one out to the relay')
    await s.injectDownwardMessage(s.relayReserveTransferMessage(Charlie, 10n ** 10n, DEMO_XCM_TOPIC))
    await s.injectHorizontalMessage(2000, s.relayReserveTransferMessage(Charlie, 10n ** 10n))
    await s.reserveTransferToRelay(Alice, Bob, 10n ** 10n)
    return {contract, codeHash, failedBlock: failed.blockNumber}
}
