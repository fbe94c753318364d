/** Relay-token amount of a message's assets as the indexed chain reads them: `Parent` on a parachain, `Here` on a relay (no para id). */
export const RELAY_VALUE = `coalesce((SELECT sum((a->>'amount')::numeric) FROM jsonb_array_elements(coalesce(m.local_assets, '[]'::jsonb)) a
    WHERE a->>'id' = CASE WHEN (SELECT c.para_id FROM indexed_chain c WHERE c.id = m.chain) IS NULL THEN 'Here' ELSE 'Parent' END AND a->>'amount' ~ '^[0-9]+$'), 0)`

/**
 * Reindex (`pop-squid reindex --from N`, src/db/reindex.ts): $1 = chain key, $2 = the first height
 * to remove. Kept next to the mapping whose figures these statements must reproduce.
 */
export const XCM_ROLLBACK: readonly string[] = [
    // xcm: messages from `height` on; outcomes from `height` on are undone
    `DELETE FROM xcm_message WHERE chain = $1 AND block_height >= $2`,
    `UPDATE xcm_message SET status = 'enqueued', success = NULL, processed_at_height = NULL, weight_used = NULL, error = NULL, effects = NULL, trapped_assets = NULL
     WHERE chain = $1 AND direction = 'in' AND processed_at_height >= $2`,
]

/**
 * Counterparts are derived from the messages that remain: their assets are dropped in the rollback
 * (their series too, with the other series), their rows updated in the rebuild (the
 * messages point at them) and dropped when no message is left.
 */
export const COUNTERPARTS_ROLLBACK: readonly string[] = [
    // (their series went with the analytics rollback, which runs first)
    `DELETE FROM counterpart_asset WHERE chain = $1`,
]

export const COUNTERPARTS_REBUILD: readonly string[] = [
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
    FROM activity GROUP BY counterpart
    ON CONFLICT (id) DO UPDATE SET para_id = EXCLUDED.para_id, messages_in = EXCLUDED.messages_in, messages_out = EXCLUDED.messages_out,
        processed_in = EXCLUDED.processed_in, failed_in = EXCLUDED.failed_in, value_in = EXCLUDED.value_in, value_out = EXCLUDED.value_out,
        first_activity_height = EXCLUDED.first_activity_height, last_activity_height = EXCLUDED.last_activity_height,
        first_activity_time = EXCLUDED.first_activity_time, last_activity_time = EXCLUDED.last_activity_time`,
    // every message points at its counterpart's row (rows written before the link have none yet)
    `UPDATE xcm_message SET counterpart_chain_id = chain || ':' || counterpart WHERE chain = $1 AND counterpart_chain_id IS DISTINCT FROM chain || ':' || counterpart`,
    `DELETE FROM counterpart_chain c WHERE c.chain = $1 AND NOT EXISTS (SELECT 1 FROM xcm_message m WHERE m.counterpart_chain_id = c.id)`,
    // a message counts once per asset; a non-fungible item counts 1
    `INSERT INTO counterpart_asset (id, chain, counterpart, counterpart_chain_id, asset_id, messages_in, messages_out, amount_in, amount_out, last_activity_height, last_activity_time)
     SELECT $1 || ':' || m.counterpart || ':' || (a->>'id'), $1, m.counterpart, $1 || ':' || m.counterpart, a->>'id',
        count(DISTINCT m.id) FILTER (WHERE m.direction = 'in'), count(DISTINCT m.id) FILTER (WHERE m.direction = 'out'),
        coalesce(sum(CASE WHEN a->>'amount' ~ '^[0-9]+$' THEN (a->>'amount')::numeric WHEN a->>'amount' IS NULL THEN 1 ELSE 0 END) FILTER (WHERE m.direction = 'in'), 0),
        coalesce(sum(CASE WHEN a->>'amount' ~ '^[0-9]+$' THEN (a->>'amount')::numeric WHEN a->>'amount' IS NULL THEN 1 ELSE 0 END) FILTER (WHERE m.direction = 'out'), 0),
        max(m.block_height), (array_agg(m.timestamp ORDER BY m.block_height DESC))[1]
     FROM xcm_message m CROSS JOIN LATERAL jsonb_array_elements(coalesce(m.local_assets, '[]'::jsonb)) a
     WHERE m.chain = $1 GROUP BY m.counterpart, a->>'id'`,
]
