const COLUMNS = [
    // [table, column, the column it links, matched on the account's, index, foreign key, the row's height (reindex keeps a row below it)]
    // (reindex unlinks an asset's roles and a kept code's uploader when it removes their accounts)
    ['asset', 'owner_account_id', 'owner', 'address', 'IDX_32ff9a6b6486d9d058e9cd4825', 'FK_32ff9a6b6486d9d058e9cd48259', null],
    ['asset', 'issuer_account_id', 'issuer', 'address', 'IDX_ad5e5044072b00142869632b52', 'FK_ad5e5044072b00142869632b52d', null],
    ['asset', 'admin_account_id', 'admin', 'address', 'IDX_e7a81f4a98fa8b3a336737ee61', 'FK_e7a81f4a98fa8b3a336737ee61c', null],
    ['asset', 'freezer_account_id', 'freezer', 'address', 'IDX_df3f0fe7978aee690a3f867598', 'FK_df3f0fe7978aee690a3f8675982', null],
    ['contract_code', 'uploader_account_id', 'uploader', 'public_key', 'IDX_24f4cc6ce5dd160c2850610eba', 'FK_24f4cc6ce5dd160c2850610ebae', null],
    ['contract', 'beneficiary_account_id', 'beneficiary', 'public_key', 'IDX_0cb5b7dface410dbc7f2c6ab65', 'FK_0cb5b7dface410dbc7f2c6ab65d', 'terminated_at_height'],
]

module.exports = class Data1796132232301 {
    name = 'Data1796132232301'

    // Asset.ownerAccount/issuerAccount/adminAccount/freezerAccount, ContractCode.uploaderAccount,
    // Contract.beneficiaryAccount (and Account.assetsOwned, codesUploaded): filled here where the
    // account row exists; the processor fills the others as it next touches the rows.
    async up(db) {
        for (const [table, column, party, key, index, fk, height] of COLUMNS) {
            await db.query(`ALTER TABLE "${table}" ADD "${column}" character varying`)
            const value = key == 'public_key' ? `lower(t."${party}")` : `t."${party}"`
            await db.query(`UPDATE "${table}" t SET "${column}" = a.id FROM "account" a WHERE t."${party}" IS NOT NULL AND a.chain = t.chain AND a.${key} = ${value}`)
            // No row points at an account first seen after it: reindex removes accounts by that height.
            if (height) await db.query(`UPDATE "account" a SET first_seen_height = m.h
                FROM (SELECT "${column}" AS id, min("${height}") AS h FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY 1) m
                WHERE a.id = m.id AND m.h < a.first_seen_height`)
            await db.query(`CREATE INDEX "${index}" ON "${table}" ("${column}") `)
            await db.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("${column}") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        }
    }

    async down(db) {
        for (const [table, column, , , index, fk] of COLUMNS) {
            await db.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}"`)
            await db.query(`DROP INDEX "public"."${index}"`)
            await db.query(`ALTER TABLE "${table}" DROP COLUMN "${column}"`)
        }
    }
}
