import {Client} from 'pg'
import {Config} from '../config/env'
import {accountKey, accountRenderer} from '../decode/accounts'
import {redecodeChain} from '../admin/abi-admin'

/**
 * The columns that hold an address rendered under the chain's SS58 prefix. Ids and relations hold
 * the hex key instead, so a change of prefix only re-renders these.
 */
const RENDERED: [table: string, column: string][] = [
    ['transfer', 'from'], ['transfer', 'to'], ['transfer', 'delegate'],
    ['asset_balance', 'account'],
    ['asset', 'owner'], ['asset', 'issuer'], ['asset', 'admin'], ['asset', 'freezer'],
    ['asset_approval', 'owner'], ['asset_approval', 'delegate'],
    ['nft_item', 'owner'],
    ['account_stat', 'account'],
]

export interface Rerendered {
    from: number
    to: number
    /** Rows whose address columns changed, per table. */
    rows: Record<string, number>
    /** Contract events decoded again (their arguments render accounts). */
    events: number
}

/**
 * When the configured SS58 prefix differs from the one the database was written with
 * (`indexed_chain.ss58_prefix`), renders every stored address again under the new prefix, decodes
 * the contract events again, and records the new prefix: in one transaction, so that a crash
 * leaves either prefix whole. No row is added or removed: ids hold keys, not renderings.
 * Undefined when there is nothing to do.
 */
export async function rerenderAddresses(client: Client, config: Config, log: (line: string) => void = (l) => console.error(l)): Promise<Rerendered | undefined> {
    const from = await storedPrefix(client, config.chainId)
    if (from == null || from == config.ss58Prefix) return undefined
    const to = config.ss58Prefix
    log(`pop-squid: the database renders addresses with SS58 prefix ${from}, the configuration says ${to}: rendering them again`)
    const render = accountRenderer(to)
    const started = Date.now()
    const result: Rerendered = {from, to, rows: {}, events: 0}
    await client.query('BEGIN')
    try {
        const accounts = await client.query(
            `UPDATE account SET address = u.address FROM unnest($2::text[], $3::text[]) u(key, address) WHERE account.id = $1 || ':' || u.key AND account.address <> u.address`,
            await keyed(client, `SELECT public_key AS k FROM account WHERE chain = $1 AND length(public_key) = 66`, config.chainId, render))
        result.rows.account = accounts.rowCount ?? 0
        const contracts = await client.query(
            `UPDATE contract SET address_ss58 = u.address FROM unnest($2::text[], $3::text[]) u(key, address) WHERE contract.chain = $1 AND contract.address = u.key`,
            await keyed(client, `SELECT address AS k FROM contract WHERE chain = $1 AND length(address) = 66`, config.chainId, render))
        result.rows.contract = contracts.rowCount ?? 0
        for (const [table, column] of RENDERED) {
            // The distinct values (one per account): each rendered again from the key it stands for.
            const {rows} = await client.query(`SELECT DISTINCT "${column}" AS a FROM ${table} WHERE chain = $1 AND "${column}" IS NOT NULL`, [config.chainId])
            const old: string[] = [], next: string[] = []
            for (const {a} of rows) {
                const key = accountKey(a)
                if (key?.length != 66) continue
                const rendered = render(key)
                if (rendered == a) continue
                old.push(a)
                next.push(rendered)
            }
            if (old.length == 0) continue
            const updated = await client.query(
                `UPDATE ${table} t SET "${column}" = u.next FROM unnest($2::text[], $3::text[]) u(old, next) WHERE t.chain = $1 AND t."${column}" = u.old`,
                [config.chainId, old, next])
            result.rows[table] = (result.rows[table] ?? 0) + (updated.rowCount ?? 0)
        }
        result.events = await redecodeChain(client, config)
        result.rows.hot_change_log = await rerenderChangeLog(client, config, render)
        await client.query(`UPDATE indexed_chain SET ss58_prefix = $2 WHERE id = $1`, [config.chainId, to])
        await client.query('COMMIT')
    } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
    }
    const changed = Object.entries(result.rows).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ') || 'no rows'
    log(`pop-squid: addresses rendered with SS58 prefix ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s (${changed}; ${result.events} contract events decoded again)`)
    return result
}

/** The prefix the database renders a chain's addresses with; undefined before its first batch (or before migrations). */
export async function storedPrefix(client: Client, chainId: string): Promise<number | undefined> {
    const {rows: [chain]} = await client.query(`SELECT ss58_prefix FROM indexed_chain WHERE id = $1`, [chainId]).catch(() => ({rows: [] as any[]}))
    return chain ? Number(chain.ss58_prefix) : undefined
}

/** [chain, keys, renderings] of the keys a query returns (column `k`). */
async function keyed(client: Client, sql: string, chainId: string, render: (hex: string) => string): Promise<[string, string[], string[]]> {
    const {rows} = await client.query(sql, [chainId])
    const keys = rows.map((r) => r.k as string)
    return [chainId, keys, keys.map(render)]
}

/**
 * The change log of unfinalized blocks keeps the fields rows had before: a rollback after the
 * change must restore them rendered the new way too.
 */
async function rerenderChangeLog(client: Client, config: Config, render: (hex: string) => string): Promise<number> {
    const columns = new Map<string, string[]>([['account', ['address']], ['contract', ['address_ss58']]])
    for (const [table, column] of RENDERED) columns.set(table, [...columns.get(table) ?? [], column])
    const log = `"${config.stateSchema.replace(/"/g, '""')}".hot_change_log`
    // (checked first: a failed statement would abort the transaction)
    const {rows: [exists]} = await client.query(`SELECT to_regclass($1) IS NOT NULL AS yes`, [log])
    if (!exists.yes) return 0
    const {rows} = await client.query(`SELECT block_height, index, change FROM ${log} WHERE change->>'table' = ANY($1) AND change ? 'fields'`, [[...columns.keys()]])
    let changed = 0
    for (const row of rows) {
        const fields = row.change.fields
        let touched = false
        for (const column of columns.get(row.change.table) ?? []) {
            const value = fields?.[column]
            const key = typeof value == 'string' ? accountKey(value) : undefined
            if (key?.length != 66 || render(key) == value) continue
            fields[column] = render(key)
            touched = true
        }
        if (!touched) continue
        await client.query(`UPDATE ${log} SET change = $3::jsonb WHERE block_height = $1 AND index = $2`, [row.block_height, row.index, JSON.stringify(row.change)])
        changed++
    }
    return changed
}
