import {events as testnetEvents} from '../../types/pop-testnet'
import type {Event} from '../../processor'
import {Decoded, decodeEvent, isHex, isRecord, toBigInt, TypedEvent} from '../typed'

/**
 * Version-free records of the contract pallets' events. pallet-contracts (ink! wasm, 32-byte
 * accounts) and pallet-revive (H160 addresses) map to the same records; `pallet` tells them apart.
 * Typed decoding covers the Pop testnet genesis runtime (spec 100); everything else goes through
 * the same shape-checked readers on the processor's JSON args.
 */
export type ContractEventRecord =
    | {kind: 'CodeStored', codeHash: string, deposit?: bigint, uploader?: string}
    | {kind: 'CodeRemoved', codeHash: string}
    | {kind: 'Instantiated', deployer: string, contract: string}
    | {kind: 'Terminated', contract: string, beneficiary: string}
    | {kind: 'ContractCodeUpdated', contract: string, newCodeHash: string, oldCodeHash?: string}
    | {kind: 'Called', caller?: string, contract: string}
    | {kind: 'DelegateCalled', contract: string, codeHash: string}
    | {kind: 'ContractEmitted', contract: string, data: string, topics?: string[]}
    | {kind: 'StorageDepositHeld', from: string, to: string, amount: bigint}
    | {kind: 'StorageDepositReleased', from: string, to: string, amount: bigint}

export type ContractPallet = 'contracts' | 'revive'

interface Reader {
    typed: TypedEvent<any>[]
    read: (args: any) => ContractEventRecord
}

const t = testnetEvents.contracts

/** Readers keyed by event name without the pallet; each throws on an unexpected shape. */
const READERS: Record<string, Reader> = {
    CodeStored: {typed: [t.codeStored.v100], read: (a) => ({kind: 'CodeStored', codeHash: hex(a.codeHash), deposit: optBig(a.depositHeld), uploader: optHex(a.uploader)})},
    CodeRemoved: {typed: [t.codeRemoved.v100], read: (a) => ({kind: 'CodeRemoved', codeHash: hex(a.codeHash)})},
    Instantiated: {typed: [t.instantiated.v100], read: (a) => ({kind: 'Instantiated', deployer: hex(a.deployer), contract: hex(a.contract)})},
    Terminated: {typed: [t.terminated.v100], read: (a) => ({kind: 'Terminated', contract: hex(a.contract), beneficiary: hex(a.beneficiary)})},
    ContractCodeUpdated: {
        typed: [t.contractCodeUpdated.v100],
        read: (a) => ({kind: 'ContractCodeUpdated', contract: hex(a.contract), newCodeHash: hex(a.newCodeHash), oldCodeHash: optHex(a.oldCodeHash)}),
    },
    Called: {typed: [t.called.v100], read: (a) => ({kind: 'Called', caller: readOrigin(a.caller), contract: hex(a.contract)})},
    DelegateCalled: {typed: [t.delegateCalled.v100], read: (a) => ({kind: 'DelegateCalled', contract: hex(a.contract), codeHash: hex(a.codeHash)})},
    ContractEmitted: {
        typed: [t.contractEmitted.v100],
        // pallet-revive carries its topics in the event; pallet-contracts in the event record.
        read: (a) => ({kind: 'ContractEmitted', contract: hex(a.contract), data: hex(a.data), topics: a.topics == null ? undefined : arr(a.topics).map(hex)}),
    },
    StorageDepositTransferredAndHeld: {
        typed: [],
        read: (a) => ({kind: 'StorageDepositHeld', from: hex(a.from), to: hex(a.to), amount: big(a.amount)}),
    },
    StorageDepositTransferredAndReleased: {
        typed: [],
        read: (a) => ({kind: 'StorageDepositReleased', from: hex(a.from), to: hex(a.to), amount: big(a.amount)}),
    },
}

export function contractPallet(eventName: string): ContractPallet | undefined {
    if (eventName.startsWith('Contracts.')) return 'contracts'
    if (eventName.startsWith('Revive.')) return 'revive'
    return undefined
}

/** Decodes a Contracts.* or Revive.* event; undefined for events of those pallets this indexer does not read. */
export function decodeContractEvent(event: Event): Decoded<ContractEventRecord> | undefined {
    const pallet = contractPallet(event.name)
    if (!pallet) return undefined
    const reader = READERS[event.name.slice(event.name.indexOf('.') + 1)]
    if (!reader) return undefined
    // Generated types are for pallet-contracts only; revive goes through the args readers.
    const typed = pallet == 'contracts' ? reader.typed.map((type) => ({type, map: reader.read})) : []
    return decodeEvent(event, typed, reader.read)
}

function hex(value: unknown): string {
    if (!isHex(value)) throw new Error(`expected hex, got ${JSON.stringify(value)}`)
    return value.toLowerCase()
}

function optHex(value: unknown): string | undefined {
    return value == null ? undefined : hex(value)
}

function big(value: unknown): bigint {
    const n = toBigInt(value)
    if (n == null) throw new Error(`expected an integer, got ${JSON.stringify(value)}`)
    return n
}

function optBig(value: unknown): bigint | undefined {
    return value == null ? undefined : big(value)
}

function arr(value: unknown): unknown[] {
    if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`)
    return value
}

/** `Called.caller` is an AccountId in old runtimes and an `Origin` enum (`Signed(AccountId)` / `Root`) since v10. */
function readOrigin(value: unknown): string | undefined {
    if (isHex(value)) return value.toLowerCase()
    if (isRecord(value) && value.__kind == 'Signed') return hex(value.value)
    if (isRecord(value) && value.__kind == 'Root') return undefined
    throw new Error(`unexpected caller ${JSON.stringify(value)}`)
}
