import {Client} from 'pg'
import {Config} from '../config/env'
import {rpcCall, toHttpUrl} from '../localchain/rpc'
import {readProcessorState} from '../status'

/** Relay-token amount of a message's assets: `Parent` inbound and to siblings, `Here` to the relay (as the destination reads it). */
const RELAY_VALUE = `coalesce((SELECT sum((a->>'amount')::numeric) FROM jsonb_array_elements(coalesce(m.assets, '[]'::jsonb)) a
    WHERE a->>'id' = CASE WHEN m.direction = 'out' AND m.counterpart = 'relay' THEN 'Here' ELSE 'Parent' END AND a->>'amount' ~ '^[0-9]+$'), 0)`

/**
 * Statements that remove one chain's rows from `height` on, per domain, in child-to-parent order.
 * $1 = chain key, $2 = first height to remove. Derived rows (account counters) are recomputed
 * from what remains, so the result equals a run that stopped at height - 1.
 */
const ROLLBACK_SQL: string[] = [
    // xcm: messages from `height` on; outcomes from `height` on are undone
    `DELETE FROM xcm_message WHERE chain = $1 AND block_height >= $2`,
    `UPDATE xcm_message SET status = 'enqueued', success = NULL, processed_at_height = NULL, weight_used = NULL, error = NULL, effects = NULL, trapped_assets = NULL
     WHERE chain = $1 AND direction = 'in' AND processed_at_height >= $2`,
    // counterparts: rebuilt from the messages that remain (exact, and cheap: one row per message)
    `DELETE FROM counterpart_day WHERE chain = $1`,
    `DELETE FROM counterpart_chain WHERE chain = $1`,
    `WITH activity AS (
        SELECT m.counterpart, 'in' AS kind, m.block_height AS height, m.timestamp, ${RELAY_VALUE} AS value FROM xcm_message m WHERE m.chain = $1 AND m.direction = 'in'
        UNION ALL
        SELECT m.counterpart, 'out', m.block_height, m.timestamp, ${RELAY_VALUE} FROM xcm_message m WHERE m.chain = $1 AND m.direction = 'out'
        UNION ALL
        SELECT m.counterpart, CASE WHEN m.status = 'processed' THEN 'processed' ELSE 'failed' END, m.processed_at_height, b.timestamp, 0
        FROM xcm_message m JOIN block b ON b.chain = m.chain AND b.height = m.processed_at_height
        WHERE m.chain = $1 AND m.direction = 'in' AND m.status IN ('processed', 'failed')
    ), chains AS (
        INSERT INTO counterpart_chain (id, chain, counterpart, para_id, messages_in, messages_out, processed_in, failed_in, value_in, value_out,
            first_activity_height, last_activity_height, first_activity_at, last_activity_at)
        SELECT $1 || ':' || counterpart, $1, counterpart, CASE WHEN counterpart LIKE 'para:%' THEN substr(counterpart, 6)::int END,
            count(*) FILTER (WHERE kind = 'in'), count(*) FILTER (WHERE kind = 'out'), count(*) FILTER (WHERE kind = 'processed'), count(*) FILTER (WHERE kind = 'failed'),
            coalesce(sum(value) FILTER (WHERE kind = 'in'), 0), coalesce(sum(value) FILTER (WHERE kind = 'out'), 0),
            min(height), max(height), (array_agg(timestamp ORDER BY height))[1], (array_agg(timestamp ORDER BY height DESC))[1]
        FROM activity GROUP BY counterpart
        RETURNING id
    )
    INSERT INTO counterpart_day (id, chain, counterpart, counterpart_chain_id, day, messages_in, messages_out, processed_in, failed_in, value_in, value_out)
    SELECT $1 || ':' || counterpart || ':' || to_char(coalesce(timestamp, 'epoch') AT TIME ZONE 'UTC', 'YYYY-MM-DD'), $1, counterpart, $1 || ':' || counterpart,
        date_trunc('day', coalesce(timestamp, 'epoch') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
        count(*) FILTER (WHERE kind = 'in'), count(*) FILTER (WHERE kind = 'out'), count(*) FILTER (WHERE kind = 'processed'), count(*) FILTER (WHERE kind = 'failed'),
        coalesce(sum(value) FILTER (WHERE kind = 'in'), 0), coalesce(sum(value) FILTER (WHERE kind = 'out'), 0)
    FROM activity GROUP BY 1, 2, 3, 4, 5`,
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
    `DELETE FROM extrinsic WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM block WHERE chain = $1 AND height >= $2`,
    `DELETE FROM account WHERE chain = $1 AND first_seen_height >= $2`,
    `UPDATE account a SET
        extrinsics_count = (SELECT count(*) FROM extrinsic x WHERE x.signer_id = a.id),
        last_seen_height = GREATEST(a.first_seen_height, COALESCE((SELECT max(block_height) FROM extrinsic x WHERE x.signer_id = a.id), a.first_seen_height))
     WHERE a.chain = $1 AND a.last_seen_height >= $2`,
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
    const chainHash = await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [state.finalizedHeight], 10_000)
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
    const resumeHash = resumeHeight < 0 ? '0x' : await rpcCall<string | null>(toHttpUrl(config.rpcEndpoints[0]), 'chain_getBlockHash', [resumeHeight], 10_000)
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
