import {ACTIVITY_KINDS, sqlKinds, VOLUME_KINDS} from '../assets/kinds'
import {RELAY_VALUE} from '../xcm/rollback'

/** `<start ISO>` as the processor writes it in bucket ids (`Date.toISOString()`). */
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** The key of an account as ids hold it (`keyOf`): from its relation's id (`<chain>:<key>`), else the text as stored. */
const KEY = (accountId: string, address: string) => `coalesce(substr(${accountId}, length($1) + 2), ${address})`

/**
 * The hourly and daily series, rebuilt from the raw rows of one chain ($1): the same figures the
 * processor adds up batch by batch (see src/mappings/analytics).
 */
function analyticsSql(): string[] {
    const out: string[] = []
    for (const p of ['hour', 'day']) {
        const start = (col: string) => `(date_trunc('${p}', coalesce(${col}, 'epoch') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`
        const id = (subject: string | null) => `$1 || ':' || ${subject ? `${subject} || ':' || ` : ''}'${p}:' || ${ISO('start')}`
        out.push(
            `INSERT INTO chain_stat (id, chain, period, start, blocks, extrinsics, failed_extrinsics, events)
             SELECT ${id(null)}, $1, '${p}', start, sum(b), sum(x), sum(f), sum(e) FROM (
                SELECT ${start('timestamp')} AS start, 1 AS b, 0 AS x, 0 AS f, 0 AS e FROM block WHERE chain = $1
                UNION ALL SELECT ${start('timestamp')}, 0, 1, CASE WHEN success THEN 0 ELSE 1 END, 0 FROM extrinsic WHERE chain = $1
                UNION ALL SELECT ${start('timestamp')}, 0, 0, 0, 1 FROM event WHERE chain = $1) s GROUP BY start`,
            `INSERT INTO pallet_stat (id, chain, pallet, period, start, events, calls)
             SELECT ${id('pallet')}, $1, pallet, '${p}', start, sum(e), sum(c) FROM (
                SELECT pallet, ${start('timestamp')} AS start, 1 AS e, 0 AS c FROM event WHERE chain = $1
                UNION ALL SELECT pallet, ${start('timestamp')}, 0, 1 FROM extrinsic WHERE chain = $1) s GROUP BY pallet, start`,
            `INSERT INTO contract_stat (id, chain, contract_address, period, start, calls, events, failures, distinct_callers)
             SELECT ${id('contract_address')}, $1, contract_address, '${p}', start, sum(c), sum(e), sum(f), count(DISTINCT caller) FROM (
                SELECT contract_address, ${start('timestamp')} AS start, 1 AS c, 0 AS e, CASE WHEN success THEN 0 ELSE 1 END AS f, caller FROM contract_call WHERE chain = $1
                UNION ALL SELECT contract_address, ${start('timestamp')}, 0, 1, 0, NULL FROM contract_event WHERE chain = $1) s GROUP BY contract_address, start`,
            `INSERT INTO activity_mark (id, chain, height)
             SELECT $1 || ':' || contract_address || ':${p}:' || ${ISO('start')} || ':' || caller, $1, min(block_height)
             FROM (SELECT contract_address, caller, block_height, ${start('timestamp')} AS start FROM contract_call WHERE chain = $1 AND caller IS NOT NULL) s
             GROUP BY contract_address, caller, start`,
            `INSERT INTO asset_stat (id, chain, asset_key, period, start, volume, transfers, active_accounts, new_holders)
             WITH t AS (SELECT a.key, ${start('t.timestamp')} AS start, t.kind, t.amount, t."from", t."to" FROM transfer t JOIN asset a ON a.id = t.asset_id
                        WHERE t.chain = $1 AND t.kind <> 'OPENING'),
             moved AS (SELECT key, start, coalesce(sum(amount) FILTER (WHERE kind IN ${sqlKinds(VOLUME_KINDS)}), 0) AS volume,
                        count(*) FILTER (WHERE kind IN ${sqlKinds(VOLUME_KINDS)}) AS transfers FROM t GROUP BY key, start),
             active AS (SELECT key, start, count(DISTINCT who) AS n FROM (SELECT key, start, "from" AS who FROM t UNION ALL SELECT key, start, "to" FROM t) x
                        WHERE who IS NOT NULL GROUP BY key, start),
             fresh AS (SELECT a.key, ${start('k.timestamp')} AS start, count(*) AS n FROM asset_balance b JOIN asset a ON a.id = b.asset_id
                        JOIN block k ON k.chain = $1 AND k.height = b.first_received_height
                        WHERE b.chain = $1 AND NOT EXISTS (SELECT 1 FROM transfer o WHERE o.chain = $1 AND o.kind = 'OPENING' AND o.asset_id = b.asset_id AND o."to" = b.account)
                        GROUP BY a.key, start)
             SELECT $1 || ':' || key || ':${p}:' || ${ISO('start')}, $1, key, '${p}', start, coalesce(m.volume, 0), coalesce(m.transfers, 0), coalesce(ac.n, 0), coalesce(f.n, 0)
             FROM (SELECT key, start FROM moved UNION SELECT key, start FROM fresh) k
             LEFT JOIN moved m USING (key, start) LEFT JOIN active ac USING (key, start) LEFT JOIN fresh f USING (key, start)`,
            `INSERT INTO activity_mark (id, chain, height)
             SELECT $1 || ':' || key || ':${p}:' || ${ISO('start')} || ':' || who, $1, min(block_height) FROM (
                SELECT a.key, ${start('t.timestamp')} AS start, t.block_height, ${KEY('w.acc', 'w.addr')} AS who FROM transfer t JOIN asset a ON a.id = t.asset_id
                CROSS JOIN LATERAL (VALUES (t."from", t.from_account_id), (t."to", t.to_account_id)) w(addr, acc) WHERE t.chain = $1 AND t.kind <> 'OPENING' AND w.addr IS NOT NULL) s
             GROUP BY key, start, who`,
            `INSERT INTO account_stat (id, chain, account, holder_id, period, start, extrinsics, transfers)
             SELECT ${id('key')}, $1, min(account), min(holder), '${p}', start, sum(x), sum(t) FROM (
                SELECT a.public_key AS key, a.address AS account, a.id AS holder, ${start('x.timestamp')} AS start, 1 AS x, 0 AS t FROM extrinsic x JOIN account a ON a.id = x.signer_id WHERE x.chain = $1
                UNION ALL SELECT ${KEY('w.acc', 'w.addr')}, w.addr, w.acc, ${start('t.timestamp')}, 0, 1 FROM transfer t CROSS JOIN LATERAL (VALUES (t."from", t.from_account_id), (t."to", t.to_account_id)) w(addr, acc)
                    WHERE t.chain = $1 AND w.addr IS NOT NULL AND t.kind IN ${sqlKinds(ACTIVITY_KINDS)}) s GROUP BY key, start`,
            `INSERT INTO counterpart_stat (id, chain, counterpart, counterpart_chain_id, period, start, messages_in, messages_out, processed_in, failed_in, value_in, value_out)
             SELECT ${id('counterpart')}, $1, counterpart, $1 || ':' || counterpart, '${p}', start, count(*) FILTER (WHERE direction = 'in'), count(*) FILTER (WHERE direction = 'out'),
                count(*) FILTER (WHERE direction = 'processed'), count(*) FILTER (WHERE direction = 'failed'),
                coalesce(sum(value) FILTER (WHERE direction = 'in'), 0) - coalesce(sum(value) FILTER (WHERE direction = 'failed'), 0), coalesce(sum(value) FILTER (WHERE direction = 'out'), 0)
             FROM (SELECT m.counterpart, m.direction, ${start('m.timestamp')} AS start, ${RELAY_VALUE} AS value FROM xcm_message m WHERE m.chain = $1
                -- outcomes count in the bucket of the block that processed the message; a failed one deposited nothing: its value comes off there
                UNION ALL SELECT m.counterpart, m.status, ${start('b.timestamp')}, ${RELAY_VALUE} FROM xcm_message m
                    JOIN block b ON b.chain = m.chain AND b.height = m.processed_at_height WHERE m.chain = $1 AND m.direction = 'in' AND m.status IN ('processed', 'failed')) s
             GROUP BY counterpart, start`,
        )
    }
    return out
}

/** Reindex: the series go first (they point at accounts and counterparts the other rollbacks may remove)... */
export const ANALYTICS_ROLLBACK: readonly string[] = [
    `DELETE FROM activity_mark WHERE chain = $1`,
    ...['chain_stat', 'pallet_stat', 'asset_stat', 'contract_stat', 'account_stat', 'counterpart_stat'].map((t) => `DELETE FROM ${t} WHERE chain = $1`),
]

/** ...and are rebuilt from the raw rows once every other domain is rolled back. */
export const ANALYTICS_REBUILD: readonly string[] = analyticsSql()
