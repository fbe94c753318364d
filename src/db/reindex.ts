import {Client} from 'pg'
import {redactUrl} from '../config/redact'
import {Config} from '../config/env'
import {rpcCall, toHttpUrl} from '../rpc/client'
import {readProcessorState} from '../status'
import {ACTIVITY_KINDS, sqlKinds, VOLUME_KINDS} from '../mappings/assets/kinds'

/** Relay-token amount of a message's assets as the indexed chain reads them: `Parent` on a parachain, `Here` on a relay (no para id). */
const RELAY_VALUE = `coalesce((SELECT sum((a->>'amount')::numeric) FROM jsonb_array_elements(coalesce(m.local_assets, '[]'::jsonb)) a
    WHERE a->>'id' = CASE WHEN (SELECT c.para_id FROM indexed_chain c WHERE c.id = m.chain) IS NULL THEN 'Here' ELSE 'Parent' END AND a->>'amount' ~ '^[0-9]+$'), 0)`

/** `<start ISO>` as the processor writes it in bucket ids (`Date.toISOString()`). */
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** The key of an account as ids hold it (`keyOf`): from its relation's id (`<chain>:<key>`), else the text as stored. */
const KEY = (accountId: string, address: string) => `coalesce(substr(${accountId}, length($1) + 2), ${address})`

/**
 * The hourly and daily series, rebuilt from the raw rows of one chain ($1): the same figures the
 * processor adds up batch by batch (see src/mappings/analytics).
 */
function analyticsSql(): string[] {
    const out = [
        `DELETE FROM activity_mark WHERE chain = $1`,
        ...['chain_stat', 'pallet_stat', 'asset_stat', 'contract_stat', 'account_stat', 'counterpart_stat'].map((t) => `DELETE FROM ${t} WHERE chain = $1`),
    ]
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
            `INSERT INTO account_stat (id, chain, account, period, start, extrinsics, transfers)
             SELECT ${id('key')}, $1, min(account), '${p}', start, sum(x), sum(t) FROM (
                SELECT a.public_key AS key, a.address AS account, ${start('x.timestamp')} AS start, 1 AS x, 0 AS t FROM extrinsic x JOIN account a ON a.id = x.signer_id WHERE x.chain = $1
                UNION ALL SELECT ${KEY('w.acc', 'w.addr')}, w.addr, ${start('t.timestamp')}, 0, 1 FROM transfer t CROSS JOIN LATERAL (VALUES (t."from", t.from_account_id), (t."to", t.to_account_id)) w(addr, acc)
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

/**
 * Statements that remove one chain's rows from `height` on, per domain, in child-to-parent order.
 * $1 = chain key, $2 = first height to remove. Derived rows (account counters) are recomputed
 * from what remains, so the result equals a run that stopped at height - 1.
 */
const ROLLBACK_SQL: string[] = [
    // assets: movements from `height` on; state recomputed from the movements that remain
    // (every balance is the sum of its movements, OPENING included). Reindexing from the first
    // indexed block drops the state, so the next run reads the opening balances again.
    `DELETE FROM transfer WHERE chain = $1 AND block_height >= $2`,
    // approvals changed from `height` on: gone, the live ones read again from storage by the next full comparison (every start runs one)
    `DELETE FROM asset_approval WHERE chain = $1 AND (updated_at_height >= $2 OR $2 <= (SELECT first_indexed_height FROM indexed_chain WHERE id = $1))`,
    `DELETE FROM nft_item WHERE chain = $1 AND (minted_at_height >= $2 OR $2 <= (SELECT first_indexed_height FROM indexed_chain WHERE id = $1))`,
    `DELETE FROM asset_balance WHERE chain = $1 AND (first_received_height >= $2 OR $2 <= (SELECT first_indexed_height FROM indexed_chain WHERE id = $1))`,
    `DELETE FROM asset WHERE chain = $1 AND (created_at_height >= $2 OR $2 <= (SELECT first_indexed_height FROM indexed_chain WHERE id = $1))`,
    `UPDATE asset SET destroyed_at_height = NULL WHERE chain = $1 AND destroyed_at_height >= $2`,
    // reserved (held) amounts are not movements: unknown (null) after a reindex
    `UPDATE asset_balance b SET balance = coalesce(s.balance, 0), reserved = CASE WHEN b.reserved IS NULL THEN NULL WHEN b.last_change_height >= $2 THEN NULL ELSE b.reserved END,
        last_change_height = coalesce(s.last, b.first_received_height)
     FROM asset_balance b2 LEFT JOIN (
        SELECT asset_id, account, sum(d) AS balance, max(block_height) AS last FROM (
            SELECT asset_id, "to" AS account, amount AS d, block_height FROM transfer WHERE chain = $1 AND "to" IS NOT NULL
            UNION ALL SELECT asset_id, "from", -amount, block_height FROM transfer WHERE chain = $1 AND "from" IS NOT NULL) f GROUP BY 1, 2) s
        ON s.asset_id = b2.asset_id AND s.account = b2.account
     WHERE b.id = b2.id AND b.chain = $1`,
    `UPDATE nft_item i SET owner = CASE WHEN t.kind = 'BURN' THEN NULL ELSE t."to" END, burned_at_height = CASE WHEN t.kind = 'BURN' THEN t.block_height END
     FROM (SELECT DISTINCT ON (asset_id, item) asset_id, item, kind, "to", block_height FROM transfer WHERE chain = $1 AND item IS NOT NULL ORDER BY asset_id, item, block_height DESC, id DESC) t
     WHERE i.collection_id = t.asset_id AND i.item = t.item`,
    `UPDATE nft_item i SET transfers_count = (SELECT count(*) FROM transfer t WHERE t.asset_id = i.collection_id AND t.item = i.item AND t.kind = 'TRANSFER') WHERE i.chain = $1`,
    `UPDATE asset a SET supply = coalesce((SELECT sum(balance) FROM asset_balance b WHERE b.asset_id = a.id), 0),
        holder_count = (SELECT count(*) FROM asset_balance b WHERE b.asset_id = a.id AND b.balance > 0),
        transfers_count = (SELECT count(*) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ${sqlKinds(VOLUME_KINDS)}),
        volume = coalesce((SELECT sum(amount) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ${sqlKinds(VOLUME_KINDS)}), 0)
     WHERE a.chain = $1`,
    // xcm: messages from `height` on; outcomes from `height` on are undone
    `DELETE FROM xcm_message WHERE chain = $1 AND block_height >= $2`,
    `UPDATE xcm_message SET status = 'enqueued', success = NULL, processed_at_height = NULL, weight_used = NULL, error = NULL, effects = NULL, trapped_assets = NULL
     WHERE chain = $1 AND direction = 'in' AND processed_at_height >= $2`,
    // counterparts: rebuilt from the messages that remain (exact, and cheap: one row per message)
    `DELETE FROM counterpart_asset WHERE chain = $1`,
    // (their series point at them; rebuilt with the other series below)
    `DELETE FROM counterpart_stat WHERE chain = $1`,
    `DELETE FROM counterpart_chain WHERE chain = $1`,
    `WITH activity AS (
        SELECT m.counterpart, 'in' AS kind, m.block_height AS height, m.timestamp, ${RELAY_VALUE} AS value FROM xcm_message m WHERE m.chain = $1 AND m.direction = 'in'
        UNION ALL
        SELECT m.counterpart, 'out', m.block_height, m.timestamp, ${RELAY_VALUE} FROM xcm_message m WHERE m.chain = $1 AND m.direction = 'out'
        UNION ALL
        SELECT m.counterpart, CASE WHEN m.status = 'processed' THEN 'processed' ELSE 'failed' END, m.processed_at_height, b.timestamp,
            CASE WHEN m.status = 'failed' THEN ${RELAY_VALUE} ELSE 0 END
        FROM xcm_message m JOIN block b ON b.chain = m.chain AND b.height = m.processed_at_height
        WHERE m.chain = $1 AND m.direction = 'in' AND m.status IN ('processed', 'failed')
    )
    INSERT INTO counterpart_chain (id, chain, counterpart, para_id, messages_in, messages_out, processed_in, failed_in, value_in, value_out,
        first_activity_height, last_activity_height, first_activity_time, last_activity_time)
    SELECT $1 || ':' || counterpart, $1, counterpart, CASE WHEN counterpart LIKE 'para:%' THEN substr(counterpart, 6)::int END,
        count(*) FILTER (WHERE kind = 'in'), count(*) FILTER (WHERE kind = 'out'), count(*) FILTER (WHERE kind = 'processed'), count(*) FILTER (WHERE kind = 'failed'),
        coalesce(sum(value) FILTER (WHERE kind = 'in'), 0) - coalesce(sum(value) FILTER (WHERE kind = 'failed'), 0), coalesce(sum(value) FILTER (WHERE kind = 'out'), 0),
        min(height), max(height), (array_agg(timestamp ORDER BY height))[1], (array_agg(timestamp ORDER BY height DESC))[1]
    FROM activity GROUP BY counterpart`,
    // a message counts once per asset; a non-fungible item counts 1
    `INSERT INTO counterpart_asset (id, chain, counterpart, counterpart_chain_id, asset_id, messages_in, messages_out, amount_in, amount_out, last_activity_height, last_activity_time)
     SELECT $1 || ':' || m.counterpart || ':' || (a->>'id'), $1, m.counterpart, $1 || ':' || m.counterpart, a->>'id',
        count(DISTINCT m.id) FILTER (WHERE m.direction = 'in'), count(DISTINCT m.id) FILTER (WHERE m.direction = 'out'),
        coalesce(sum(CASE WHEN a->>'amount' ~ '^[0-9]+$' THEN (a->>'amount')::numeric WHEN a->>'amount' IS NULL THEN 1 ELSE 0 END) FILTER (WHERE m.direction = 'in'), 0),
        coalesce(sum(CASE WHEN a->>'amount' ~ '^[0-9]+$' THEN (a->>'amount')::numeric WHEN a->>'amount' IS NULL THEN 1 ELSE 0 END) FILTER (WHERE m.direction = 'out'), 0),
        max(m.block_height), (array_agg(m.timestamp ORDER BY m.block_height DESC))[1]
     FROM xcm_message m CROSS JOIN LATERAL jsonb_array_elements(coalesce(m.local_assets, '[]'::jsonb)) a
     WHERE m.chain = $1 GROUP BY m.counterpart, a->>'id'`,
    // contracts: rows made from `height` on
    `DELETE FROM contract_event WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM contract_call WHERE chain = $1 AND block_height >= $2`,
    // a code change undone restores the hash the contract had before the first undone change
    `UPDATE contract c SET code_hash = ch.old_code_hash, code_id = (SELECT k.id FROM contract_code k WHERE k.id = c.chain || ':' || ch.old_code_hash)
     FROM (SELECT DISTINCT ON (contract_id) contract_id, old_code_hash FROM contract_code_change WHERE chain = $1 AND height >= $2 ORDER BY contract_id, height, id) ch
     WHERE c.id = ch.contract_id`,
    `DELETE FROM contract_code_change WHERE chain = $1 AND height >= $2`,
    `DELETE FROM contract WHERE chain = $1 AND instantiated_at_height >= $2`,
    `UPDATE contract SET terminated_at_height = NULL, beneficiary = NULL WHERE chain = $1 AND terminated_at_height >= $2`,
    `UPDATE contract c SET
        calls_count = (SELECT count(*) FROM contract_call x WHERE x.contract_id = c.id),
        failed_calls_count = (SELECT count(*) FROM contract_call x WHERE x.contract_id = c.id AND NOT x.success),
        events_count = (SELECT count(*) FROM contract_event x WHERE x.contract_id = c.id),
        storage_deposit = COALESCE((SELECT sum(CASE WHEN e.name LIKE '%AndHeld' THEN (e.args->>'amount')::numeric ELSE -(e.args->>'amount')::numeric END)
            FROM event e WHERE e.chain = c.chain AND e.block_height < $2
              AND ((e.name LIKE '%.StorageDepositTransferredAndHeld' AND e.args->>'to' = c.address)
                OR (e.name LIKE '%.StorageDepositTransferredAndReleased' AND e.args->>'from' = c.address))), 0)
     WHERE c.chain = $1`,
    `DELETE FROM contract_code WHERE chain = $1 AND stored_at_height >= $2 AND id NOT IN (SELECT code_id FROM contract WHERE code_id IS NOT NULL)`,
    `UPDATE contract_code SET removed_at_height = NULL WHERE chain = $1 AND removed_at_height >= $2`,
    `UPDATE contract_code k SET
        instances_count = (SELECT count(*) FROM contract c WHERE c.code_id = k.id),
        last_used_height = GREATEST(k.stored_at_height,
            COALESCE((SELECT max(c.instantiated_at_height) FROM contract c WHERE c.code_id = k.id), 0),
            COALESCE((SELECT max(x.block_height) FROM contract_call x JOIN contract c ON c.id = x.contract_id WHERE c.code_id = k.id), 0),
            COALESCE((SELECT max(ch.height) FROM contract_code_change ch WHERE ch.chain = k.chain AND ch.new_code_hash = k.code_hash), 0),
            COALESCE((SELECT max(e.block_height) FROM event e WHERE e.chain = k.chain AND e.name LIKE '%.DelegateCalled' AND e.args->>'codeHash' = k.code_hash AND e.block_height < $2), 0))
     WHERE k.chain = $1 AND k.last_used_height >= $2`,
    // chain
    `DELETE FROM runtime_upgrade WHERE chain = $1 AND height >= $2`,
    `DELETE FROM runtime_version WHERE chain = $1 AND first_height >= $2`,
    `DELETE FROM event WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM "call" WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM extrinsic WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM block WHERE chain = $1 AND height >= $2`,
    `DELETE FROM account WHERE chain = $1 AND first_seen_height >= $2`,
    `UPDATE account a SET
        extrinsics_count = (SELECT count(*) FROM extrinsic x WHERE x.signer_id = a.id),
        last_seen_height = GREATEST(a.first_seen_height, COALESCE((SELECT max(block_height) FROM extrinsic x WHERE x.signer_id = a.id), a.first_seen_height))
     WHERE a.chain = $1 AND a.last_seen_height >= $2`,
    // analytics: rebuilt from the raw rows that remain, after every domain is rolled back
    ...analyticsSql(),
]

export interface ConsistencyProblem {
    height: number
    indexedHash: string
    chainHash: string | null
}

/**
 * Checks that the last block the processor treats as final is still on the chain. When it is not,
 * the chain was reset or forked deeper than the finality window: continuing would mix two chains.
 */
export async function checkIndexedChain(client: Client, config: Config): Promise<ConsistencyProblem | undefined> {
    const state = await readProcessorState(client, config.stateSchema)
    if (state.finalizedHeight == null || state.finalizedHeight < 0) return undefined
    const {rows} = await client.query(`SELECT hash FROM "${config.stateSchema}".status WHERE id = 0`)
    const indexedHash: string | undefined = rows[0]?.hash
    if (!indexedHash || state.finalizedHeight < config.startBlock) return undefined
    const chainHash = await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [state.finalizedHeight], 10_000).catch((err) => {
        throw new Error(`the chain's RPC ${redactUrl(config.rpcEndpoints[0])} does not answer (${(err as Error).message})`)
    })
    if (chainHash == indexedHash) return undefined
    return {height: state.finalizedHeight, indexedHash, chainHash}
}

export function describeProblem(p: ConsistencyProblem, config: Config): string {
    const safe = Math.max(config.startBlock, p.height - 100)
    return [
        `the chain no longer has block #${p.height} ${p.indexedHash}, which was indexed as final ` +
        `(the chain has ${p.chainHash ?? 'no block'} at that height).`,
        `The chain was reset, or forked deeper than FINALITY_CONFIRMATION=${config.finalityConfirmation} blocks.`,
        `Nothing more was written. To recover, re-index from a block both chains share, for example:`,
        `  pop-squid reindex --from ${safe}`,
        `or, after a chain reset, start over with an empty database (or another DB_NAME).`,
    ].join('\n')
}

/**
 * Removes this chain's rows from `from` on and points the processor state at block from - 1
 * as the chain has it now, so the next run re-indexes from `from`. Runs in one transaction.
 */
export async function reindexFrom(client: Client, config: Config, requested: number): Promise<{from: number, removedBlocks: number}> {
    if (requested < config.startBlock) throw new Error(`--from ${requested} is below START_BLOCK=${config.startBlock}`)
    const schema = config.stateSchema
    // Rows between the final height and `requested` may belong to an orphaned branch: redo them too.
    const state = await readProcessorState(client, schema)
    const from = state.finalizedHeight == null ? requested : Math.min(requested, state.finalizedHeight + 1)
    const resumeHeight = from - 1
    const resumeHash = resumeHeight < 0 ? '0x' : await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [resumeHeight], 10_000).catch((err) => {
        throw new Error(`the chain's RPC ${redactUrl(config.rpcEndpoints[0])} does not answer (${(err as Error).message}): reindex reads the hash of block #${resumeHeight} from it, so start the chain (or point RPC_ENDPOINT at it) and run reindex again`)
    })
    if (resumeHash == null) throw new Error(`the chain has no block #${resumeHeight}: choose a lower --from`)
    await client.query('BEGIN')
    try {
        const {rows} = await client.query(`SELECT count(*) AS n FROM block WHERE chain = $1 AND height >= $2`, [config.chainId, from])
        for (const sql of ROLLBACK_SQL) await client.query(sql, sql.includes('$2') ? [config.chainId, from] : [config.chainId])
        await client.query(`DELETE FROM "${schema}".hot_block`).catch(ignoreMissing)
        await client.query(`UPDATE "${schema}".status SET height = $1, hash = $2 WHERE id = 0`, [resumeHeight, resumeHash]).catch(ignoreMissing)
        await client.query('COMMIT')
        return {from, removedBlocks: Number(rows[0].n)}
    } catch (err) {
        await client.query('ROLLBACK')
        throw err
    }
}

function ignoreMissing(err: Error): void {
    if (!/does not exist/.test(err.message)) throw err
}
