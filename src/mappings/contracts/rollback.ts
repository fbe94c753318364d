/**
 * Reindex (`pop-squid reindex --from N`, src/db/reindex.ts): $1 = chain key, $2 = the first height
 * to remove. Kept next to the mapping whose figures these statements must reproduce.
 */
export const CONTRACTS_ROLLBACK: readonly string[] = [
    // contracts: rows made from `height` on
    `DELETE FROM contract_event WHERE chain = $1 AND block_height >= $2`,
    `DELETE FROM contract_call WHERE chain = $1 AND block_height >= $2`,
    // a code change undone restores the hash the contract had before the first undone change
    `UPDATE contract c SET code_hash = ch.old_code_hash, code_id = (SELECT k.id FROM contract_code k WHERE k.id = c.chain || ':' || ch.old_code_hash)
     FROM (SELECT DISTINCT ON (contract_id) contract_id, old_code_hash FROM contract_code_change WHERE chain = $1 AND height >= $2 ORDER BY contract_id, height, id) ch
     WHERE c.id = ch.contract_id`,
    `DELETE FROM contract_code_change WHERE chain = $1 AND height >= $2`,
    `DELETE FROM contract WHERE chain = $1 AND instantiated_at_height >= $2`,
    `UPDATE contract SET terminated_at_height = NULL, beneficiary = NULL, beneficiary_account_id = NULL WHERE chain = $1 AND terminated_at_height >= $2`,
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
    // code stored again from `height` on but kept (contracts use it): its uploader's account may go
    `UPDATE contract_code SET uploader_account_id = NULL WHERE chain = $1
        AND uploader_account_id IN (SELECT a.id FROM account a WHERE a.chain = $1 AND a.first_seen_height >= $2)`,
    `UPDATE contract_code k SET
        instances_count = (SELECT count(*) FROM contract c WHERE c.code_id = k.id),
        last_used_height = GREATEST(k.stored_at_height,
            COALESCE((SELECT max(c.instantiated_at_height) FROM contract c WHERE c.code_id = k.id), 0),
            COALESCE((SELECT max(x.block_height) FROM contract_call x JOIN contract c ON c.id = x.contract_id WHERE c.code_id = k.id), 0),
            COALESCE((SELECT max(ch.height) FROM contract_code_change ch WHERE ch.chain = k.chain AND ch.new_code_hash = k.code_hash), 0),
            COALESCE((SELECT max(e.block_height) FROM event e WHERE e.chain = k.chain AND e.name LIKE '%.DelegateCalled' AND e.args->>'codeHash' = k.code_hash AND e.block_height < $2), 0))
     WHERE k.chain = $1 AND k.last_used_height >= $2`,
]
