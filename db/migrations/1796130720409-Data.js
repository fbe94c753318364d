const COLUMNS = [
    // [table, column, the address column it links, index, foreign key, the row's height (reindex keeps a row below it)]
    ['asset_approval', 'owner_account_id', 'owner', 'IDX_a8c7f976a09cdd4b2a1dd7627b', 'FK_a8c7f976a09cdd4b2a1dd7627b0', 'created_at_height'],
    ['asset_approval', 'delegate_account_id', 'delegate', 'IDX_38bc101d8ff395cb33f3a848c2', 'FK_38bc101d8ff395cb33f3a848c20', 'created_at_height'],
    // (reindex unlinks an item's owner whose account it removes)
    ['nft_item', 'owner_account_id', 'owner', 'IDX_2baa8755c6eb684e29269ccc29', 'FK_2baa8755c6eb684e29269ccc29d', null],
    ['transfer', 'delegate_account_id', 'delegate', 'IDX_db2123e96c281b4fbff091ce6b', 'FK_db2123e96c281b4fbff091ce6b7', 'block_height'],
]

module.exports = class Data1796130720409 {
    name = 'Data1796130720409'

    // AssetApproval.ownerAccount/delegateAccount, NftItem.ownerAccount, Transfer.delegateAccount
    // (and the Account lists approvalsGiven, approvalsHeld, nftItems, transfersDelegated): filled
    // here where the party's account row exists; the processor fills the rest as it touches them.
    async up(db) {
        for (const [table, column, address, index, fk, height] of COLUMNS) {
            await db.query(`ALTER TABLE "${table}" ADD "${column}" character varying`)
            await db.query(`UPDATE "${table}" t SET "${column}" = a.id FROM "account" a WHERE t."${address}" IS NOT NULL AND a.chain = t.chain AND a.address = t."${address}"`)
            // No row points at an account first seen after it: reindex removes accounts by that height.
            if (height) await db.query(`UPDATE "account" a SET first_seen_height = m.h
                FROM (SELECT "${column}" AS id, min("${height}") AS h FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY 1) m
                WHERE a.id = m.id AND m.h < a.first_seen_height`)
            await db.query(`CREATE INDEX "${index}" ON "${table}" ("${column}") `)
            await db.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("${column}") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        }
    }

    async down(db) {
        for (const [table, column, , index, fk] of COLUMNS) {
            await db.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}"`)
            await db.query(`DROP INDEX "public"."${index}"`)
            await db.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`)
        }
    }
}
