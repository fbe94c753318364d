import {accountKey} from '../decode/accounts'
import {Config} from '../config/env'
import {AbiError, loadAbi, LoadedAbi} from '../decode/contracts/abi'
import {ABI_BATCH_LOCK, ABI_REMOVING, abiId} from '../decode/contracts/registry'

/** Anything that runs SQL and returns rows (a pg Client, or a typeorm EntityManager). */
export interface Sql {
    query(sql: string, params?: unknown[]): Promise<any>
}

export interface AbiTarget {
    codeHash?: string
    address?: string
}

export interface RegisteredAbi {
    id: string
    kind: string
    contractName?: string
    target: AbiTarget
}

async function rows(db: Sql, sql: string, params: unknown[] = []): Promise<any[]> {
    const result = await db.query(sql, params)
    return Array.isArray(result) ? result : result.rows
}

/** Normalises a target given by a user: a 32-byte code hash, or an address as hex (32 or 20 bytes) or SS58. */
export function parseTarget(input: {codeHash?: string, address?: string}): AbiTarget {
    if (!!input.codeHash == !!input.address) throw new AbiError('give exactly one of a code hash and a contract address')
    if (input.codeHash) {
        if (!/^0x[0-9a-fA-F]{64}$/.test(input.codeHash)) throw new AbiError(`code hash ${quoted(input.codeHash)} is not 0x followed by 64 hex digits`)
        return {codeHash: input.codeHash.toLowerCase()}
    }
    const address = input.address!
    // SS58 of a 32-byte key is at most 50 characters: never run the base58 decoder (quadratic) on more.
    if (address.length > 80) throw new AbiError(`address ${quoted(address)} is neither hex (20 or 32 bytes) nor SS58`)
    // Hex, or SS58 under any prefix (Pop mainnet's 0, the testnet's 42, a dAppChain's own).
    const key = accountKey(address)
    if (key) return {address: key}
    throw new AbiError(`address ${quoted(address)} is neither hex (20 or 32 bytes) nor SS58`)
}

/** A value the user gave, quoted, at most 70 characters of it. */
function quoted(value: string): string {
    return value.length <= 70 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 66))}… (${value.length} characters)`
}

/**
 * Validates an ABI and stores it for a code hash or one address. Where the metadata names its
 * code hash, it must match the target's (the given hash, or the indexed contract's).
 * Throws AbiError for anything wrong with the input; stores nothing then.
 */
export async function registerAbi(db: Sql, config: Config, target: AbiTarget, source: string): Promise<RegisteredAbi & {abi: LoadedAbi, warning?: string}> {
    const abi = loadAbi(source, config.ss58Prefix)
    let expected = target.codeHash
    let pallet: string | undefined
    let warning: string | undefined
    if (target.address) {
        const [contract] = await rows(db, `SELECT code_hash, pallet FROM contract WHERE id = $1`, [`${config.chainId}:${target.address}`])
        expected = contract?.code_hash ?? undefined
        pallet = contract?.pallet
        if (!contract) warning = `no contract ${target.address} is indexed on ${config.chainId} yet: the ABI is kept and decodes its events once it appears`
    } else {
        const [code] = await rows(db, `SELECT pallet FROM contract_code WHERE chain = $1 AND code_hash = $2 UNION SELECT pallet FROM contract WHERE chain = $1 AND code_hash = $2 LIMIT 1`, [config.chainId, target.codeHash])
        pallet = code?.pallet
        if (!code) warning = `no code ${target.codeHash} is indexed on ${config.chainId} yet: the ABI is kept and decodes the events of its contracts once they appear`
    }
    if (pallet) {
        const fits = ABI_KINDS_BY_PALLET[pallet]
        if (fits && !fits.includes(abi.kind)) {
            throw new AbiError(`a ${abi.kind} ABI cannot decode ${target.address ?? target.codeHash}'s events: it is a pallet-${pallet} contract, which needs ${fits.join(' or ')} metadata`)
        }
    }
    if (abi.codeHash && expected && abi.codeHash != expected) {
        throw new AbiError(`the ABI is for code ${abi.codeHash}, not ${expected}${target.address ? ` (the code of ${target.address})` : ''}`)
    }
    const id = abiId(config.chainId, target)
    await db.query(
        `INSERT INTO contract_abi (id, chain, code_hash, address, kind, contract_name, metadata, registered_time, redecode_status, redecode_total, redecode_done)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now(), 'pending', 0, 0)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, contract_name = EXCLUDED.contract_name, metadata = EXCLUDED.metadata,
             registered_time = EXCLUDED.registered_time, redecode_status = 'pending', redecode_total = 0, redecode_done = 0`,
        [id, config.chainId, target.codeHash ?? null, target.address ?? null, abi.kind, abi.contractName ?? null, source]
    )
    await awaitBatchesInFlight(db)
    return {id, kind: abi.kind, contractName: abi.contractName, target, abi, warning}
}

/**
 * Returns once every processor batch that read the registered ABIs before now has committed (each
 * holds ABI_BATCH_LOCK shared until then); later batches read the registry as it is now. The lock
 * is taken and released in one statement.
 */
async function awaitBatchesInFlight(db: Sql): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ABI_BATCH_LOCK])
}

/** Which ABIs decode which pallet's contracts: ink! v4/v5 on WebAssembly (pallet-contracts), ink! v6 and Solidity on PolkaVM (pallet-revive). */
const ABI_KINDS_BY_PALLET: Record<string, string[]> = {
    contracts: ['ink-v4', 'ink-v5'],
    revive: ['ink-v6', 'solidity'],
}

export async function listAbis(db: Sql, chain: string): Promise<any[]> {
    return rows(db, `SELECT id, code_hash, address, kind, contract_name, registered_time, redecode_status, redecode_done, redecode_total
                     FROM contract_abi WHERE chain = $1 ORDER BY registered_time`, [chain])
}

/** Removes an ABI; its events fall back to the code hash's ABI, or stay raw with the reason. */
export async function removeAbi(db: Sql, config: Config, target: AbiTarget, onProgress?: (done: number, total: number) => void): Promise<boolean> {
    const id = abiId(config.chainId, target)
    const found = await rows(db, `UPDATE contract_abi SET redecode_status = $2 WHERE id = $1 RETURNING id`, [id, ABI_REMOVING])
    if (found.length == 0) return false
    // From here the processor decodes without it; the batches that still used it commit first.
    await awaitBatchesInFlight(db)
    try {
        await redecode(db, config, target, onProgress, id, false)
    } catch (err) {
        // Still left out by the processor and the re-decoding (its status starts with "removing"); removing again finishes it.
        await db.query(`UPDATE contract_abi SET redecode_status = $2 WHERE id = $1 AND redecode_status = $3`,
            [id, `${ABI_REMOVING} (failed: ${(err as Error).message}; remove it again)`, ABI_REMOVING]).catch(() => {})
        throw err
    }
    // Only while still being removed: registered again meanwhile, it stays (and its re-decoding runs).
    const deleted = await rows(db, `DELETE FROM contract_abi WHERE id = $1 AND redecode_status = $2 RETURNING id`, [id, ABI_REMOVING])
    if (deleted.length == 0) throw new AbiError(`${target.address ?? target.codeHash}'s ABI was registered again while it was being removed: it stays registered`)
    return true
}

const PAGE = 1000

/** ABI rows in use: not being removed (`removing`, `removing (failed: …)`), as the processor's registry reads them. */
const NOT_REMOVING = `redecode_status NOT LIKE '${ABI_REMOVING}%'`

/**
 * Decodes again the stored events of a target's contracts with the ABIs registered now, in pages
 * of 1000 rows, recording progress in the ABI's row. Safe to run beside the processor: each page
 * is one UPDATE, and the processor reads the registry at every batch.
 * `excluding`: an ABI about to be removed, treated as absent.
 */
export async function redecode(db: Sql, config: Config, target: AbiTarget, onProgress?: (done: number, total: number) => void, excluding?: string, recordProgress = true): Promise<{done: number, total: number}> {
    const id = abiId(config.chainId, target)
    // Progress in the ABI's row, never over a removal (started meanwhile, or this re-decoding's own:
    // `recordProgress` false), whose status the registry leaves the ABI out by.
    const record = recordProgress
        ? (set: string, params: unknown[]) => db.query(`UPDATE contract_abi SET ${set} WHERE id = $1 AND ${NOT_REMOVING}`, params)
        : async () => {}
    const where = target.address
        ? `e.chain = $1 AND e.contract_address = $2`
        : `e.chain = $1 AND e.contract_id IN (SELECT c.id FROM contract c WHERE c.chain = $1 AND c.code_hash = $2)`
    const key = target.address ?? target.codeHash
    const [{n}] = await rows(db, `SELECT count(*) AS n FROM contract_event e WHERE ${where}`, [config.chainId, key])
    const total = Number(n)
    await record(`redecode_status = 'running', redecode_total = $2, redecode_done = 0`, [id, total])
    let done = 0
    try {
        done = await decodeAgain(db, config, where, [config.chainId, key], excluding, async (n) => {
            await record(`redecode_done = $2`, [id, n])
            onProgress?.(n, total)
        })
        await record(`redecode_status = 'done', redecode_done = $2, redecode_total = GREATEST(redecode_total, $2)`, [id, done])
    } catch (err) {
        await record(`redecode_status = $2`, [id, `failed: ${(err as Error).message}`]).catch(() => {})
        throw err
    }
    return {done, total}
}

/**
 * Decodes again every decoded event of the chain (their arguments render accounts under the SS58
 * prefix, which has changed). Returns how many rows were decoded again.
 */
export async function redecodeChain(db: Sql, config: Config, onProgress?: (done: number) => void): Promise<number> {
    return decodeAgain(db, config, `e.chain = $1 AND e.decoded`, [config.chainId], undefined, async (n) => onProgress?.(n))
}

/**
 * The page loop of both: rows of `where` (over `contract_event e`, with `params`) in id order,
 * decoded with the ABIs registered now, one UPDATE per page; `excluding`: an ABI treated as absent.
 */
async function decodeAgain(db: Sql, config: Config, where: string, params: unknown[], excluding: string | undefined, onPage: (done: number) => Promise<void>): Promise<number> {
    const abis = new Map<string, {row: {id: string}, abi: LoadedAbi} | null>()
    const abiFor = async (address: string, codeHash: string | null): Promise<{row: {id: string}, abi: LoadedAbi} | null> => {
        const cacheKey = `${address}|${codeHash}`
        if (abis.has(cacheKey)) return abis.get(cacheKey)!
        const candidates = await rows(db,
            `SELECT id, metadata FROM contract_abi WHERE chain = $1 AND id <> $4 AND ${NOT_REMOVING} AND (address = $2 OR (address IS NULL AND code_hash = $3))
             ORDER BY (address IS NOT NULL) DESC LIMIT 1`, [config.chainId, address, codeHash, excluding ?? ''])
        let found: {row: {id: string}, abi: LoadedAbi} | null = null
        if (candidates[0]) {
            try {
                found = {row: {id: candidates[0].id}, abi: loadAbi(candidates[0].metadata, config.ss58Prefix)}
            } catch (err) {
                const reason = `the registered ABI does not load: ${(err as Error).message}`
                found = {row: {id: candidates[0].id}, abi: {kind: 'ink-v5', decodeEvent: () => ({ok: false, reason})}}
            }
        }
        abis.set(cacheKey, found)
        return found
    }
    let done = 0
    let last = ''
    while (true) {
        const page = await rows(db,
            `SELECT e.id, e.contract_address, e.data, e.topics, c.code_hash FROM contract_event e LEFT JOIN contract c ON c.id = e.contract_id
             WHERE ${where} AND e.id > $${params.length + 1} ORDER BY e.id LIMIT ${PAGE}`, [...params, last])
        if (page.length == 0) break
        const ids: string[] = [], decoded: boolean[] = [], names: (string | null)[] = [], args: (string | null)[] = [], errors: (string | null)[] = [], abiIds: (string | null)[] = []
        for (const row of page) {
            const found = await abiFor(row.contract_address, row.code_hash)
            const result = found ? found.abi.decodeEvent(row.data, row.topics) : {ok: false as const, reason: 'no ABI registered for this contract or its code hash'}
            ids.push(row.id)
            decoded.push(result.ok)
            names.push(result.ok ? result.value.name : null)
            args.push(result.ok ? JSON.stringify(result.value.args) : null)
            errors.push(result.ok ? null : result.reason)
            abiIds.push(found?.row.id ?? null)
        }
        await db.query(
            `UPDATE contract_event e SET decoded = u.decoded, name = u.name, args = u.args::jsonb, decode_error = u.error, abi_id = u.abi_id
             FROM unnest($1::text[], $2::bool[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, decoded, name, args, error, abi_id)
             WHERE e.id = u.id`, [ids, decoded, names, args, errors, abiIds])
        done += page.length
        last = page[page.length - 1].id
        await onPage(done)
    }
    return done
}

