import {Store} from '@subsquid/typeorm-store'
import {Config} from '../../config/env'
import {decodeDispatchError} from '../../decode/chain/dispatch-error'
import {contractPallet, ContractEventRecord, ContractPallet, decodeContractEvent} from '../../decode/contracts/events'
import {codeHashFromCall, codeSizeFromCall, CONTRACT_CALLS, ContractCallArgs, readContractCallArgs, REVIVE_INSTANTIATE_CALLS} from '../../decode/contracts/calls'
import {ABI_BATCH_LOCK, AbiLookup, AbiRegistry} from '../../decode/contracts/registry'
import {isHex, isRecord, readAccountAddress, readSignedOrigin} from '../../decode/typed'
import {Contract, ContractCall, ContractCode, ContractCodeChange, ContractEvent} from '../../model'
import type {BlockHeader, Call, Event as RawEvent, ProcessorContext} from '../../processor'
import {ChainBatch, chainModule, linkAccount, rejectEvent} from '../chain'
import {DomainModule, RoutedBlock} from '../module'
import {CONTRACTS_ROLLBACK} from './rollback'
import {findByIds, insertMany, untrackedQuery, upsertMany} from '../../db/bulk'
import {accountRenderer} from '../../decode/accounts'

export interface ContractsBatch {
    codes: Map<string, ContractCode>
    contracts: Map<string, Contract>
    codeChanges: ContractCodeChange[]
    calls: ContractCall[]
    events: ContractEvent[]
    decodeFailures: number
}

interface PendingInstantiation {
    header: BlockHeader
    event: RawEvent
    pallet: ContractPallet
    deployer: string
    contract: string
    codeHash?: string
}

/**
 * Contracts domain for one batch: code, contracts (lifecycle), calls and emitted events, the
 * latter decoded with the registered ABIs. Reads the database once per entity type (prefetch),
 * and the chain's storage only for instantiations whose code hash no call argument gives.
 */
export async function mapContracts(ctx: ProcessorContext<Store>, config: Config, chain: ChainBatch, abis: AbiLookup, routed: RoutedBlock[] = ctx.blocks as RoutedBlock[]): Promise<ContractsBatch> {
    const chainId = config.chainId
    const render = accountRenderer(config.ss58Prefix)
    const out: ContractsBatch = {codes: new Map(), contracts: new Map(), codeChanges: [], calls: [], events: [], decodeFailures: 0}
    const blocks = chain.blockOf
    const extrinsics = chain.extrinsicOf
    const events = chain.eventOf

    // Pass 1: decode without the database; note every contract and code this batch touches.
    type Item = {header: BlockHeader, event: RawEvent, record: ContractEventRecord, pallet: ContractPallet, derived?: boolean}
    const items: Item[] = []
    const calls: {header: BlockHeader, call: Call, pallet: ContractPallet, args: ContractCallArgs}[] = []
    const pendingCallArgs: Promise<void>[] = []
    const callIds = new Set<string>()
    const contractIds = new Set<string>()
    const codeIds = new Set<string>()
    const instantiations: PendingInstantiation[] = []
    for (const {header, events: blockEvents, calls: blockCalls} of routed) {
        for (const call of blockCalls) {
            const pallet = CONTRACT_CALLS[call.name]
            if (!pallet) continue
            pendingCallArgs.push(readContractCallArgs(call).then((args) => {
                if (!args) return
                calls.push({header, call, pallet, args})
                callIds.add(call.id)
                contractIds.add(`${chainId}:${args.dest}`)
            }))
        }
        const deriveRevive = config.reviveDeploymentsFrom == 'calls' || !header._runtime.hasEvent('Revive.Instantiated')
        const derivedBy = deriveRevive ? deriveReviveDeployments(blockCalls, blockEvents) : new Map<string, string>()
        for (const event of blockEvents) {
            const derivedFor = derivedBy.get(event.id)
            if (derivedFor) {
                // A revive deployment without an Instantiated event: the new contract's account.
                const record: ContractEventRecord = {kind: 'Instantiated', deployer: derivedFor, contract: event.args.account.slice(0, 42).toLowerCase()}
                items.push({header, event, record, pallet: 'revive', derived: true})
                contractIds.add(`${chainId}:${record.contract}`)
                instantiations.push({header, event, pallet: 'revive', deployer: record.deployer, contract: record.contract})
                continue
            }
            const pallet = contractPallet(event.name)
            if (!pallet) continue
            if (deriveRevive && event.name == 'Revive.Instantiated') continue
            const decoded = decodeContractEvent(event)
            if (!decoded) continue
            if (!decoded.ok) {
                rejectEvent(chain, chainId, event.id, decoded.reason)
                out.decodeFailures++
                continue
            }
            const record = decoded.value
            items.push({header, event, record, pallet})
            if ('contract' in record) contractIds.add(`${chainId}:${record.contract}`)
            if (record.kind == 'StorageDepositHeld') contractIds.add(`${chainId}:${record.to}`)
            if (record.kind == 'StorageDepositReleased') contractIds.add(`${chainId}:${record.from}`)
            if ('codeHash' in record) codeIds.add(`${chainId}:${record.codeHash}`)
            if (record.kind == 'ContractCodeUpdated') codeIds.add(`${chainId}:${record.newCodeHash}`)
            if (record.kind == 'Instantiated') {
                instantiations.push({header, event, pallet, deployer: record.deployer, contract: record.contract, codeHash: codeHashFromCall(event.call)})
            }
        }
    }
    await Promise.all(pendingCallArgs)
    // Chain order (the argument reads above finish in any order).
    calls.sort((a, b) => a.header.height - b.header.height || compareCallIds(a.call.id, b.call.id))
    await Promise.all(instantiations.filter((i) => !i.codeHash).map(async (i) => {
        i.codeHash = await codeHashFromStorage(i)
    }))
    for (const i of instantiations) if (i.codeHash) codeIds.add(`${chainId}:${i.codeHash}`)

    // Prefetch what exists, once per entity type.
    if (contractIds.size > 0) for (const c of await findByIds(ctx.store, Contract, [...contractIds])) out.contracts.set(c.id, c)
    // Calls mark their contract's code as used: load those codes too.
    for (const c of out.contracts.values()) if (c.codeHash) codeIds.add(`${chainId}:${c.codeHash}`)
    if (codeIds.size > 0) for (const c of await findByIds(ctx.store, ContractCode, [...codeIds])) out.codes.set(c.id, c)
    const pendingByEvent = new Map(instantiations.map((i) => [i.event.id, i]))
    const codeOf = (hash: string | undefined) => hash ? out.codes.get(`${chainId}:${hash}`) : undefined
    const touchCode = (hash: string | undefined, height: number) => {
        const code = codeOf(hash)
        if (code && code.lastUsedHeight < height) code.lastUsedHeight = height
    }

    // Pass 2: apply in chain order.
    for (const {header, event, record, pallet, derived} of items) {
        const block = blocks.get(header.id)!
        const height = header.height
        switch (record.kind) {
            case 'CodeStored': {
                const id = `${chainId}:${record.codeHash}`
                const code = out.codes.get(id) ?? new ContractCode({id, chain: chainId, pallet, codeHash: record.codeHash, instancesCount: 0, storedAtHeight: height})
                Object.assign(code, {uploader: record.uploader, deposit: record.deposit, size: codeSizeFromCall(event.call), storedBlock: block, storedAtHeight: height, removedAtHeight: null})
                code.lastUsedHeight = height
                out.codes.set(id, code)
                break
            }
            case 'CodeRemoved': {
                const code = codeOf(record.codeHash)
                if (code) code.removedAtHeight = height
                break
            }
            case 'Instantiated': {
                const pending = pendingByEvent.get(event.id)!
                const id = `${chainId}:${record.contract}`
                const code = codeOf(pending.codeHash)
                const contract = new Contract({
                    id,
                    chain: chainId,
                    pallet,
                    address: record.contract,
                    addressSs58: record.contract.length == 66 ? render(record.contract) : undefined,
                    deployer: record.deployer,
                    code,
                    codeHash: pending.codeHash,
                    instantiatedAtHeight: height,
                    instantiatedBlock: block,
                    instantiatedIn: event.extrinsic ? extrinsics.get(event.extrinsic.id) : undefined,
                    derivedFromCall: !!derived,
                    storageDeposit: out.contracts.get(id)?.storageDeposit ?? 0n,
                    callsCount: 0,
                    failedCallsCount: 0,
                    eventsCount: 0,
                })
                out.contracts.set(id, contract)
                if (code) {
                    code.instancesCount++
                    touchCode(code.codeHash, height)
                }
                break
            }
            case 'Terminated': {
                const contract = out.contracts.get(`${chainId}:${record.contract}`)
                if (contract) Object.assign(contract, {terminatedAtHeight: height, beneficiary: record.beneficiary})
                break
            }
            case 'ContractCodeUpdated': {
                const contract = out.contracts.get(`${chainId}:${record.contract}`)
                if (!contract) break
                out.codeChanges.push(new ContractCodeChange({
                    id: `${chainId}:${event.id}`, chain: chainId, contract, height, oldCodeHash: record.oldCodeHash ?? contract.codeHash, newCodeHash: record.newCodeHash,
                }))
                const oldCode = codeOf(contract.codeHash ?? undefined)
                if (oldCode) oldCode.instancesCount = Math.max(0, oldCode.instancesCount - 1)
                const newCode = codeOf(record.newCodeHash)
                if (newCode) newCode.instancesCount++
                Object.assign(contract, {codeHash: record.newCodeHash, code: newCode ?? null})
                touchCode(record.newCodeHash, height)
                break
            }
            case 'DelegateCalled':
                touchCode(record.codeHash, height)
                break
            case 'Called':
                // Counted from the calls themselves (failed ones included), as `reindex` recounts them.
                break
            case 'StorageDepositHeld': {
                const contract = out.contracts.get(`${chainId}:${record.to}`)
                if (contract) contract.storageDeposit += record.amount
                break
            }
            case 'StorageDepositReleased': {
                const contract = out.contracts.get(`${chainId}:${record.from}`)
                if (contract) contract.storageDeposit -= record.amount
                break
            }
            case 'ContractEmitted': {
                const topics = (record.topics ?? event.topics ?? []).map((t) => t.toLowerCase())
                const row = new ContractEvent({
                    id: `${chainId}:${event.id}`,
                    chain: chainId,
                    contractAddress: record.contract,
                    pallet,
                    event: events.get(event.id),
                    blockHeight: height,
                    timestamp: block.timestamp,
                    block,
                    extrinsic: event.extrinsic ? extrinsics.get(event.extrinsic.id) : undefined,
                    index: event.index,
                    data: record.data,
                    topics,
                    decoded: false,
                })
                if (event.call && callIds.has(event.call.id)) row.call = new ContractCall({id: `${chainId}:${event.call.id}`})
                out.events.push(row)
                break
            }
        }
    }

    // A constructor's events come before its Instantiated event: link and decode once all is known.
    for (const row of out.events) {
        const contract = out.contracts.get(`${chainId}:${row.contractAddress}`)
        row.contract = contract
        if (contract) contract.eventsCount++
        applyAbi(row, abis.forContract(row.contractAddress, contract?.codeHash))
    }

    for (const {header, call, args} of calls) {
        const dest = args.dest
        const contract = out.contracts.get(`${chainId}:${dest}`)
        const extrinsic = call.extrinsic ?? call.getExtrinsic()
        const input = args.input
        const error = call.success ? undefined : decodeDispatchError(header._runtime, call.error)
        out.calls.push(new ContractCall({
            id: `${chainId}:${call.id}`,
            chain: chainId,
            contract,
            contractAddress: dest,
            caller: args.ethCaller ?? readSignedOrigin(call.origin) ?? readAccountAddress(extrinsic.signature?.address),
            value: args.value,
            selector: input && input.length >= 10 ? input.slice(0, 10) : undefined,
            input,
            success: call.success ?? false,
            errorName: error?.name,
            gasLimit: args.gasLimit,
            // The fee belongs to the extrinsic: only a call that is the extrinsic itself carries it.
            fee: call.address.length == 0 ? extrinsic.fee : undefined,
            blockHeight: header.height,
            timestamp: header.timestamp == null ? undefined : new Date(header.timestamp),
            block: blocks.get(header.id)!,
            extrinsic: extrinsics.get(extrinsic.id)!,
        }))
        if (contract) {
            contract.callsCount++
            if (!call.success) contract.failedCallsCount++
            touchCode(contract.codeHash ?? undefined, header.height)
        }
    }
    // Callers and deployers get their account rows, and point at them.
    for (const c of out.calls) c.callerAccount = linkAccount(chain, chainId, c.caller, c.blockHeight)
    for (const c of out.contracts.values()) {
        if (c.deployer) c.deployerAccount = linkAccount(chain, chainId, c.deployer, c.instantiatedAtHeight)
        c.beneficiaryAccount = c.beneficiary ? linkAccount(chain, chainId, c.beneficiary, c.terminatedAtHeight ?? c.instantiatedAtHeight) : null
    }
    for (const k of out.codes.values()) k.uploaderAccount = k.uploader ? linkAccount(chain, chainId, k.uploader, k.storedAtHeight) : null
    return out
}

/** An H160 account as pallet-revive stores it before it is mapped: the 20 bytes, then twelve 0xEE bytes. */
const UNMAPPED_H160 = /^0x[0-9a-fA-F]{40}(ee){12}$/i

/**
 * Deployments of pallet-revive runtimes that emit no `Instantiated` event (upstream removed it in
 * early 2025 and restored it mid-2025): a successful instantiate call creates the contract's
 * account, seen as `System.NewAccount` of an unmapped H160 (`h160 ++ 0xEE * 12`) within that call.
 * Returns, per such NewAccount event id, the deployer (the call's signed origin, an AccountId32).
 */
export function deriveReviveDeployments(calls: Call[], events: RawEvent[]): Map<string, string> {
    const out = new Map<string, string>()
    const deployers = new Map<string, string>()
    for (const call of calls) {
        if (!REVIVE_INSTANTIATE_CALLS.has(call.name) || !call.success) continue
        deployers.set(call.id, readSignedOrigin(call.origin) ?? readAccountAddress((call.extrinsic ?? call.getExtrinsic()).signature?.address) ?? '0x')
    }
    if (deployers.size == 0) return out
    for (const event of events) {
        if (event.name != 'System.NewAccount' || !event.call) continue
        const deployer = deployers.get(event.call.id)
        const account = isRecord(event.args) ? event.args.account : event.args
        if (deployer && typeof account == 'string' && UNMAPPED_H160.test(account)) out.set(event.id, deployer)
    }
    return out
}

/** Decodes a contract event's data with its ABI, or records why it cannot. */
export function applyAbi(row: ContractEvent, found: ReturnType<AbiLookup['forContract']>): void {
    if (!found) {
        Object.assign(row, {decoded: false, name: null, args: null, abi: null, decodeError: 'no ABI registered for this contract or its code hash'})
        return
    }
    const result = found.abi.decodeEvent(row.data, row.topics)
    if (result.ok) Object.assign(row, {decoded: true, name: result.value.name, args: result.value.args, abi: found.row, decodeError: null})
    else Object.assign(row, {decoded: false, name: null, args: null, abi: found.row, decodeError: result.reason})
}

export async function saveContracts(store: Store, batch: ContractsBatch): Promise<void> {
    await upsertMany(store, [...batch.codes.values()])
    await upsertMany(store, [...batch.contracts.values()])
    await insertMany(store, batch.codeChanges)
    await insertMany(store, batch.calls)
    await insertMany(store, batch.events)
}

/** The code hash in the contract's info at the end of the block (instantiated by another contract, or a revive runtime). */
async function codeHashFromStorage(i: PendingInstantiation): Promise<string | undefined> {
    const runtime = i.header._runtime
    try {
        if (i.pallet == 'contracts' && runtime.hasStorageItem('Contracts.ContractInfoOf')) {
            const info = await runtime.getStorage(i.header.hash, 'Contracts.ContractInfoOf', i.contract)
            return isHex(info?.codeHash) ? info.codeHash.toLowerCase() : undefined
        }
        if (i.pallet == 'revive' && runtime.hasStorageItem('Revive.AccountInfoOf')) {
            const info = await runtime.getStorage(i.header.hash, 'Revive.AccountInfoOf', i.contract)
            const codeHash = info?.accountType?.__kind == 'Contract' ? info.accountType.value?.codeHash : undefined
            return isHex(codeHash) ? codeHash.toLowerCase() : undefined
        }
    } catch {
        // Terminated in the same block, or storage unavailable: the contract keeps no code hash.
    }
    return undefined
}

function compareCallIds(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0
}

let registry: AbiRegistry | undefined

/**
 * pallet-contracts and pallet-revive: code, contracts, calls and their events, decoded with the
 * registered ABIs (read again at every batch). Reads the pallets' events, the calls that run or
 * deploy a contract, and `System.NewAccount` (revive deployments without an `Instantiated` event).
 */
export const contractsModule: DomainModule<ContractsBatch> = {
    name: 'contracts',
    reads: {
        events: (name) => contractPallet(name) != null || name == 'System.NewAccount',
        calls: (name) => name in CONTRACT_CALLS || REVIVE_INSTANTIATE_CALLS.has(name),
    },
    async map({ctx, config, blocks, output}) {
        registry ??= new AbiRegistry(config.ss58Prefix)
        // Held until the batch commits: an ABI registered or removed now waits for this batch,
        // so the re-decoding that follows sees its events (src/admin/abi-admin.ts).
        await untrackedQuery(ctx.store, `SELECT pg_advisory_xact_lock_shared(hashtext($1))`, [ABI_BATCH_LOCK])
        await registry.refresh(ctx.store, config.chainId)
        return mapContracts(ctx, config, output(chainModule), registry, blocks)
    },
    save: saveContracts,
    failures: (out) => out.decodeFailures,
    rollback: CONTRACTS_ROLLBACK,
}
