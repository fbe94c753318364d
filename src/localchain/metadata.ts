import {rpcCall} from '../rpc/client'

/** One line of the JSONL that `squid-substrate-typegen` reads. */
export interface SpecVersionRecord {
    specName: string
    specVersion: number
    blockNumber: number
    blockHash: string
    metadata: string
}

/**
 * Reads the runtime metadata at the finalized head through plain RPC calls.
 * (`squid-substrate-metadata-explorer` needs `chain_getRuntimeVersion`, which chopsticks lacks.)
 */
export async function captureMetadata(httpUrl: string): Promise<SpecVersionRecord> {
    const blockHash: string = await rpcCall(httpUrl, 'chain_getFinalizedHead')
    const header = await rpcCall(httpUrl, 'chain_getHeader', [blockHash])
    const version = await rpcCall(httpUrl, 'state_getRuntimeVersion', [blockHash])
    const metadata: string = await rpcCall(httpUrl, 'state_getMetadata', [blockHash])
    return {
        specName: version.specName,
        specVersion: version.specVersion,
        blockNumber: parseInt(header.number, 16),
        blockHash,
        metadata,
    }
}
