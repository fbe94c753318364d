module.exports = class Data1796133355325 {
    name = 'Data1796133355325'

    // XcmMessage.receipt (and sentAs): a sent message's row on the receiving chain, when that chain
    // is indexed in the same database. The foreign key clears the link when the receipt's row goes
    // (a fork or a reindex on the receiver): written by hand, as the schema cannot say it, so a
    // later `migration:generate` proposes to turn it back into NO ACTION: leave that line out.
    async up(db) {
        await db.query(`ALTER TABLE "xcm_message" ADD "receipt_id" character varying`)
        await db.query(`CREATE INDEX "IDX_14a3b60d206b84582f5d34dc5c" ON "xcm_message" ("receipt_id") `)
        await db.query(`ALTER TABLE "xcm_message" ADD CONSTRAINT "FK_14a3b60d206b84582f5d34dc5c0" FOREIGN KEY ("receipt_id") REFERENCES "xcm_message"("id") ON DELETE SET NULL ON UPDATE NO ACTION`)
        // The messages already indexed, matched as xcmJourney matches them (the first receipt).
        await db.query(`UPDATE xcm_message t SET receipt_id = m.receipt FROM (
            SELECT DISTINCT ON (s.id) s.id AS sent, r.id AS receipt
            FROM xcm_message s JOIN indexed_chain sc ON sc.id = s.chain, xcm_message r JOIN indexed_chain rc ON rc.id = r.chain
            WHERE s.direction = 'out' AND r.direction = 'in' AND r.chain <> s.chain
                AND s.counterpart = CASE WHEN rc.para_id IS NULL THEN 'relay' ELSE 'para:' || rc.para_id END
                AND r.counterpart = CASE WHEN sc.para_id IS NULL THEN 'relay' ELSE 'para:' || sc.para_id END
                AND (r.message_id = s.message_id OR (s.message_hash IS NOT NULL AND (r.message_id = s.message_hash OR r.message_hash = s.message_hash)))
            ORDER BY s.id, r.block_height, r.id) m
            WHERE t.id = m.sent`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "xcm_message" DROP CONSTRAINT "FK_14a3b60d206b84582f5d34dc5c0"`)
        await db.query(`DROP INDEX "public"."IDX_14a3b60d206b84582f5d34dc5c"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "receipt_id"`)
    }
}
