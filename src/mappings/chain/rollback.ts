/**
 * Reindex (`pop-squid reindex --from N`, src/db/reindex.ts): $1 = chain key, $2 = the first height
 * to remove. Kept next to the mapping whose figures these statements must reproduce.
 */
export const CHAIN_ROLLBACK: readonly string[] = [
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
]
