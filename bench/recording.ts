/** The recorded real blocks the benchmark chains are made from (written by `record.ts`, read by `chain.ts`). */

/** `System.Events` storage key: the events of a block. */
export const EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'

export const RECORDING_VERSION = 2

export interface RpcHeader {
    parentHash: string
    number: string
    stateRoot: string
    extrinsicsRoot: string
    digest: {logs: string[]}
}

export interface RecordedBlock {
    /** What the block holds, for the reports (`empty`, `transfers`, `contracts`...). */
    kind: string
    /** Hash on the recording chain. */
    hash: string
    header: RpcHeader
    /** Extrinsics as the RPC returns them (SCALE, length-prefixed, hex). */
    extrinsics: string[]
    /** Index of the `timestamp.set` inherent, whose moment is rewritten in served blocks; -1 for none (genesis). */
    timestampIndex: number
    /** `System.Events` at the block, hex (null at genesis when unset). */
    events: string | null
    eventCount: number
    /** Other storage values at the block that the indexer reads (outbound XCM queues, contract info, fee multiplier). */
    storage: Record<string, string | null>
    /**
     * Whole storage maps at this block (genesis only): the accounts, assets and NFTs the indexer
     * reads as opening balances before the first block (`state_getKeysPaged` + `state_queryStorageAt`).
     */
    state?: Record<string, string | null>
}

/** Storage maps recorded whole at genesis (pallet, item). */
export const GENESIS_MAPS: [string, string][] = [
    ['system', 'account'], ['assets', 'asset'], ['assets', 'metadata'], ['assets', 'account'], ['nfts', 'collection'], ['nfts', 'item'],
]

export interface Recording {
    version: number
    recordedAt: string
    specName: string
    specVersion: number
    runtimeVersion: unknown
    metadata: string
    /** Timestamp of the recorded blocks' slots, ms (block time of the recording chain). */
    blocks: RecordedBlock[]
    /**
     * Index lists into `blocks`. `setup`: the prefix every served chain starts with (genesis,
     * asset and contract creation: things that may happen once). The others are patterns: each
     * entry a run of consecutive recorded blocks replayed together (an XCM message is enqueued in
     * one block and processed in a later one).
     */
    groups: {
        setup: number[]
        empty: number[][]
        transfer: number[][]
        transfers: number[][]
        contracts: number[][]
        assets: number[][]
        xcmIn: number[][]
        xcmOut: number[][]
    }
}
