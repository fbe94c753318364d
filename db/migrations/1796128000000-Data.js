const {decode} = require('@subsquid/ss58')

/** The lower-case hex key of an SS58 address of a 32-byte key (any prefix); undefined for anything else. */
function ss58Key(text) {
    if (typeof text != 'string' || text.length < 46 || text.length > 50 || text.startsWith('0x')) return undefined
    try {
        const bytes = decode(text).bytes.toLowerCase()
        return bytes.length == 66 ? bytes : undefined
    } catch {
        return undefined
    }
}

/** Every segment of an id that is an SS58 address, as its key (the checksum keeps other segments as they are). */
function rekey(id) {
    return id.split(':').map((s) => ss58Key(s) ?? s).join(':')
}

const TABLES = ['asset_balance', 'asset_approval', 'transfer', 'account_stat', 'activity_mark']

module.exports = class Data1796128000000 {
    name = 'Data1796128000000'

    // Ids hold an account's hex key, not its SS58 rendering (which depends on the prefix): balances
    // `<asset>:<key>`, approvals `<asset>:<owner key>:<delegate key>`, OPENING and ADJUSTMENT movements,
    // account series and activity marks. The rendered columns stay as they are.
    async up(db) {
        const addresses = new Set()
        const collect = async (sql) => {
            for (const row of await db.query(sql)) if (row.a != null) addresses.add(row.a)
        }
        await collect(`SELECT DISTINCT account AS a FROM asset_balance`)
        await collect(`SELECT DISTINCT owner AS a FROM asset_approval UNION SELECT DISTINCT delegate FROM asset_approval`)
        await collect(`SELECT DISTINCT account AS a FROM account_stat`)
        await collect(`SELECT DISTINCT "to" AS a FROM transfer WHERE kind IN ('OPENING', 'ADJUSTMENT') UNION SELECT DISTINCT "from" FROM transfer WHERE kind = 'ADJUSTMENT'`)
        await collect(`SELECT DISTINCT substring(id from '[^:]*$') AS a FROM activity_mark`)
        const from = [], to = []
        for (const a of addresses) {
            const key = ss58Key(a)
            if (key) {
                from.push(a)
                to.push(key)
            }
        }
        await db.query(`CREATE TEMPORARY TABLE ss58_key (address text PRIMARY KEY, key text NOT NULL) ON COMMIT DROP`)
        for (let i = 0; i < from.length; i += 10000) {
            await db.query(`INSERT INTO ss58_key SELECT * FROM unnest($1::text[], $2::text[])`, [from.slice(i, i + 10000), to.slice(i, i + 10000)])
        }
        await db.query(`ANALYZE ss58_key`)
        await db.query(`UPDATE asset_balance b SET id = b.asset_id || ':' || k.key FROM ss58_key k WHERE k.address = b.account`)
        await db.query(`UPDATE asset_approval a SET id = a.asset_id || ':' || coalesce(o.key, a.owner) || ':' || coalesce(d.key, a.delegate)
            FROM asset_approval a2 LEFT JOIN ss58_key o ON o.address = a2.owner LEFT JOIN ss58_key d ON d.address = a2.delegate
            WHERE a.id = a2.id AND (o.key IS NOT NULL OR d.key IS NOT NULL)`)
        await db.query(`UPDATE transfer t SET id = left(t.id, length(t.id) - length(k.address)) || k.key FROM ss58_key k
            WHERE t.kind IN ('OPENING', 'ADJUSTMENT') AND substring(t.id from '[^:]*$') = k.address`)
        await db.query(`UPDATE account_stat s SET id = s.chain || ':' || k.key || substr(s.id, length(s.chain) + length(s.account) + 2) FROM ss58_key k
            WHERE k.address = s.account AND s.id LIKE s.chain || ':' || s.account || ':%'`)
        await db.query(`UPDATE activity_mark m SET id = left(m.id, length(m.id) - length(k.address)) || k.key FROM ss58_key k
            WHERE substring(m.id from '[^:]*$') = k.address`)
        await rekeyChangeLog(db, rekey)
    }

    // Back to SS58 ids, rendered as the rows' own address columns are (the account table maps the rest).
    async down(db) {
        await db.query(`UPDATE asset_balance b SET id = b.asset_id || ':' || b.account WHERE b.account NOT LIKE '0x%'`)
        await db.query(`UPDATE asset_approval a SET id = a.asset_id || ':' || a.owner || ':' || a.delegate`)
        await db.query(`UPDATE transfer t SET id = left(t.id, length(t.id) - length(substring(t.id from '[^:]*$'))) || coalesce(t."to", t."from")
            WHERE t.kind IN ('OPENING', 'ADJUSTMENT') AND coalesce(t."to", t."from") NOT LIKE '0x%'`)
        await db.query(`UPDATE account_stat s SET id = s.chain || ':' || s.account || substr(s.id, length(s.chain) + length(substring(s.id from length(s.chain) + 2 for 66)) + 2)
            WHERE s.account NOT LIKE '0x%' AND substring(s.id from length(s.chain) + 2 for 2) = '0x'`)
        // Only the asset series' marks held addresses (contract callers' marks held hex before too).
        await db.query(`UPDATE activity_mark m SET id = left(m.id, length(m.id) - length(a.public_key)) || a.address FROM account a
            WHERE a.id = m.chain || ':' || substring(m.id from '[^:]*$') AND length(a.public_key) = 66
              AND substr(m.id, length(m.chain) + 2) ~ '^(native|asset:|nft:)'`)
        const accounts = new Map()
        for (const a of await db.query(`SELECT public_key, address FROM account WHERE length(public_key) = 66`)) accounts.set(a.public_key, a.address)
        await rekeyChangeLog(db, (id, table) => table == 'activity_mark' && !/^[^:]+:(native|asset:|nft:)/.test(id) ? id : id.split(':').map((s) => accounts.get(s) ?? s).join(':'))
    }
}

/**
 * The change log of unfinalized blocks (one per processor state schema) names rows by id: those of
 * the tables above are renamed too, so that a fork right after the upgrade rolls back the right rows.
 */
async function rekeyChangeLog(db, rename) {
    const schemas = await db.query(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'hot_change_log'`)
    for (const {s} of schemas) {
        const log = `"${s.replace(/"/g, '""')}".hot_change_log`
        const rows = await db.query(`SELECT block_height, index, change FROM ${log} WHERE change->>'table' = ANY($1)`, [TABLES])
        for (const row of rows) {
            const id = row.change.id
            if (typeof id != 'string') continue
            const next = rename(id, row.change.table)
            if (next == id) continue
            await db.query(`UPDATE ${log} SET change = jsonb_set(change, '{id}', to_jsonb($3::text)) WHERE block_height = $1 AND index = $2`, [row.block_height, row.index, next])
        }
    }
}
