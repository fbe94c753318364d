import {blake2AsHex} from '@polkadot/util-crypto'
import {parseTransaction, recoverTransactionAddress} from 'viem'
import type {Call} from '../../processor'
import {isHex, isRecord, toBigInt} from '../typed'
import type {ContractPallet} from './events'

/** Calls that run a contract, and where their target address is. */
export const CONTRACT_CALLS: Record<string, ContractPallet> = {
    'Contracts.call': 'contracts',
    'Revive.call': 'revive',
    'Revive.eth_call': 'revive',
    // An Ethereum-signed transaction (what eth-rpc submits): the target is inside the payload.
    'Revive.eth_transact': 'revive',
}

/** A contract call's target and arguments, from the call's own args or an Ethereum payload. */
export interface ContractCallArgs {
    dest: string
    value?: bigint
    input?: string
    gasLimit?: unknown
    /** The Ethereum signer (H160) of an eth_transact payload. */
    ethCaller?: string
}

/** The target and arguments of a call that runs a contract; undefined when it names none (or its Ethereum payload does not parse). */
export async function readContractCallArgs(call: Call): Promise<ContractCallArgs | undefined> {
    if (call.name != 'Revive.eth_transact') {
        const dest = readDest(call.args)
        if (!dest) return undefined
        return {dest, value: toBigInt(call.args?.value), input: isHex(call.args?.data) ? call.args.data.toLowerCase() : undefined, gasLimit: call.args?.gasLimit}
    }
    const payload = call.args?.payload
    if (!isHex(payload)) return undefined
    try {
        const tx = parseTransaction(payload as `0x${string}`)
        if (!tx.to) return undefined // a deployment: indexed through Instantiated (or derived)
        return {
            dest: tx.to.toLowerCase(),
            // In the payload's own unit (wei), as the Ethereum signer gave it.
            value: tx.value ?? 0n,
            input: tx.data?.toLowerCase(),
            gasLimit: {ethGas: tx.gas?.toString()},
            ethCaller: (await recoverTransactionAddress({serializedTransaction: payload as any})).toLowerCase(),
        }
    } catch {
        return undefined // not a transaction the runtime would have accepted either
    }
}

/** Calls that deploy a pallet-revive contract. */
export const REVIVE_INSTANTIATE_CALLS = new Set(['Revive.instantiate', 'Revive.instantiate_with_code', 'Revive.eth_instantiate_with_code'])

/** The code hash an instantiate call names (pallet-contracts hashes uploaded code with blake2-256; revive's is read from storage instead). */
export function codeHashFromCall(call: Call | undefined): string | undefined {
    if (!call) return undefined
    if ((call.name == 'Contracts.instantiate' || call.name == 'Revive.instantiate') && isHex(call.args?.codeHash)) return call.args.codeHash.toLowerCase()
    // pallet-contracts hashes code with blake2-256; revive's hash is read from storage instead.
    if (call.name == 'Contracts.instantiate_with_code' && isHex(call.args?.code)) return blake2AsHex(call.args.code, 256)
    return undefined
}

/** Size in bytes of the code a call uploads. */
export function codeSizeFromCall(call: Call | undefined): number | undefined {
    const code = call?.args?.code
    return isHex(code) ? (code.length - 2) / 2 : undefined
}

function readDest(args: any): string | undefined {
    const dest = args?.dest
    if (isHex(dest)) return dest.toLowerCase()
    if (isRecord(dest) && isHex(dest.value)) return dest.value.toLowerCase()
    return undefined
}
