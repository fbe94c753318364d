import {Like, Not} from 'typeorm'
import {ContractAbi} from '../../model'
import {AbiError, ContractEventDecoding, LoadedAbi, loadAbi} from './abi'

/** Where a contract event's ABI comes from: one registered for its address, else for its code hash. */
export interface AbiLookup {
    forContract(address: string, codeHash: string | null | undefined): {abi: LoadedAbi, row: ContractAbi} | undefined
}

/**
 * The advisory lock between the processor and the ABI admin: every batch holds it shared from the
 * moment it reads the registered ABIs until it commits; registering or removing an ABI takes it
 * alone once, after the change, so no batch that read the old registry is still uncommitted when
 * the stored events are decoded again.
 */
export const ABI_BATCH_LOCK = 'pop-squid: contract abis'

/** `redecode_status` of an ABI being removed (or whose removal failed: `removing (failed: …)`): the registry leaves it out. */
export const ABI_REMOVING = 'removing'

export function abiId(chain: string, target: {codeHash?: string, address?: string}): string {
    return target.address ? `${chain}:address:${target.address.toLowerCase()}` : `${chain}:code:${target.codeHash!.toLowerCase()}`
}

/**
 * The registered ABIs of one chain, parsed once and kept until their row changes. A row that no
 * longer parses (it was validated at registration, so only after a library change) decodes nothing
 * and says why, instead of stopping the indexer.
 */
export class AbiRegistry implements AbiLookup {
    private byAddress = new Map<string, {abi: LoadedAbi, row: ContractAbi}>()
    private byCode = new Map<string, {abi: LoadedAbi, row: ContractAbi}>()
    private loaded = new Map<string, {stamp: number, abi: LoadedAbi | AbiError}>()

    constructor(private ss58Prefix: number) {}

    /** Replaces the registry's content with these rows (all ABIs of the chain). */
    update(rows: ContractAbi[]): void {
        this.byAddress.clear()
        this.byCode.clear()
        const seen = new Set<string>()
        for (const row of rows) {
            seen.add(row.id)
            const stamp = row.registeredTime.getTime()
            let entry = this.loaded.get(row.id)
            if (!entry || entry.stamp != stamp) {
                let abi: LoadedAbi | AbiError
                try {
                    abi = loadAbi(row.metadata, this.ss58Prefix)
                } catch (err) {
                    abi = err instanceof AbiError ? err : new AbiError(String(err))
                }
                entry = {stamp, abi}
                this.loaded.set(row.id, entry)
            }
            const abi = entry.abi instanceof AbiError ? brokenAbi(entry.abi) : entry.abi
            if (row.address) this.byAddress.set(row.address.toLowerCase(), {abi, row})
            else if (row.codeHash) this.byCode.set(row.codeHash.toLowerCase(), {abi, row})
        }
        for (const id of this.loaded.keys()) if (!seen.has(id)) this.loaded.delete(id)
    }

    /** Re-reads the chain's ABI rows when any changed (one small query per batch otherwise). */
    async refresh(store: {find: (entity: typeof ContractAbi, options: any) => Promise<ContractAbi[]>}, chain: string): Promise<void> {
        // An ABI being removed no longer decodes: its events are decoded again without it.
        const where = {chain, redecodeStatus: Not(Like(`${ABI_REMOVING}%`))}
        const stamps = await store.find(ContractAbi, {where, select: {id: true, registeredTime: true}})
        const fingerprint = stamps.map((r) => `${r.id}@${r.registeredTime.getTime()}`).sort().join(',')
        if (fingerprint == this.fingerprint) return
        this.update(await store.find(ContractAbi, {where}))
        this.fingerprint = fingerprint
    }

    private fingerprint?: string

    forContract(address: string, codeHash: string | null | undefined) {
        return this.byAddress.get(address.toLowerCase()) ?? (codeHash ? this.byCode.get(codeHash.toLowerCase()) : undefined)
    }
}

function brokenAbi(error: AbiError): LoadedAbi {
    return {
        kind: 'ink-v5',
        decodeEvent: (): ContractEventDecoding => ({ok: false, reason: `the registered ABI does not load: ${error.message}`}),
    }
}
