import {sqlKinds, VOLUME_KINDS} from './kinds'

/**
 * Reindex (`pop-squid reindex --from N`, src/db/reindex.ts): $1 = chain key, $2 = the first height
 * to remove. Kept next to the mapping whose figures these statements must reproduce.
 */
export const ASSETS_ROLLBACK: readonly string[] = [
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
    `UPDATE nft_item i SET owner = CASE WHEN t.kind = 'BURN' THEN NULL ELSE t."to" END, owner_account_id = CASE WHEN t.kind = 'BURN' THEN NULL ELSE t.to_account_id END,
        burned_at_height = CASE WHEN t.kind = 'BURN' THEN t.block_height END
     FROM (SELECT DISTINCT ON (asset_id, item) asset_id, item, kind, "to", to_account_id, block_height FROM transfer WHERE chain = $1 AND item IS NOT NULL ORDER BY asset_id, item, block_height DESC, id DESC) t
     WHERE i.collection_id = t.asset_id AND i.item = t.item`,
    // An item from the opening state has no movement of its own: moved from `height` on, its owner
    // cannot be recomputed, and the account of the undone owner may be removed (its row stays, unlinked).
    `UPDATE nft_item i SET owner_account_id = NULL WHERE i.chain = $1
        AND i.owner_account_id IN (SELECT a.id FROM account a WHERE a.chain = $1 AND a.first_seen_height >= $2)`,
    // An asset's roles are not movements either: those set from `height` on stay as they are (the
    // next comparison with storage reads owner and freezer again), unlinked from accounts reindex removes.
    ...['owner', 'issuer', 'admin', 'freezer'].map((role) => `UPDATE asset SET ${role}_account_id = NULL WHERE chain = $1
        AND ${role}_account_id IN (SELECT a.id FROM account a WHERE a.chain = $1 AND a.first_seen_height >= $2)`),
    `UPDATE nft_item i SET transfers_count = (SELECT count(*) FROM transfer t WHERE t.asset_id = i.collection_id AND t.item = i.item AND t.kind = 'TRANSFER') WHERE i.chain = $1`,
    `UPDATE asset a SET supply = coalesce((SELECT sum(balance) FROM asset_balance b WHERE b.asset_id = a.id), 0),
        holder_count = (SELECT count(*) FROM asset_balance b WHERE b.asset_id = a.id AND b.balance > 0),
        transfers_count = (SELECT count(*) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ${sqlKinds(VOLUME_KINDS)}),
        volume = coalesce((SELECT sum(amount) FROM transfer t WHERE t.asset_id = a.id AND t.kind IN ${sqlKinds(VOLUME_KINDS)}), 0)
     WHERE a.chain = $1`,
]
