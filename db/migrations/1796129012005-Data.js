const RENAMES = [
    // [table, old column, new column, [old index, new index], [old constraint, new constraint]]
    ['contract_code', 'stored_at_id', 'stored_block_id', ['IDX_8cc9c6bbe28de807387dc53134', 'IDX_72813e0db4a3fe072b4c50cd1e'], ['FK_8cc9c6bbe28de807387dc531346', 'FK_72813e0db4a3fe072b4c50cd1e2']],
    ['contract', 'instantiated_at_id', 'instantiated_block_id', ['IDX_5d451150794130902821b49657', 'IDX_db4eb246d91232345e926a38c2'], ['FK_5d451150794130902821b496573', 'FK_db4eb246d91232345e926a38c2f']],
    ['contract_abi', 'registered_at', 'registered_time'],
    ['counterpart_asset', 'last_activity_at', 'last_activity_time'],
    ['counterpart_chain', 'first_activity_at', 'first_activity_time'],
    ['counterpart_chain', 'last_activity_at', 'last_activity_time'],
]

module.exports = class Data1796129012005 {
    name = 'Data1796129012005'

    // One naming rule: `…Height` a block number, `…Block` the block's row, `…Time` a wall-clock
    // time. Renames only (columns, their indexes and foreign keys): no data moves.
    async up(db) {
        for (const [table, from, to, index, fk] of RENAMES) await rename(db, table, from, to, index, fk)
    }

    async down(db) {
        for (const [table, from, to, index, fk] of RENAMES) {
            await rename(db, table, to, from, index && [index[1], index[0]], fk && [fk[1], fk[0]])
        }
    }
}

async function rename(db, table, from, to, index, fk) {
    await db.query(`ALTER TABLE "${table}" RENAME COLUMN "${from}" TO "${to}"`)
    if (index) await db.query(`ALTER INDEX "${index[0]}" RENAME TO "${index[1]}"`)
    if (fk) await db.query(`ALTER TABLE "${table}" RENAME CONSTRAINT "${fk[0]}" TO "${fk[1]}"`)
}
