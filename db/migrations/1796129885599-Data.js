module.exports = class Data1796129885599 {
    name = 'Data1796129885599'

    // XcmMessage.counterpartChain (and CounterpartChain.messages): filled here for the messages
    // already indexed, from the counterpart rows the processor made for them.
    async up(db) {
        await db.query(`ALTER TABLE "xcm_message" ADD "counterpart_chain_id" character varying`)
        await db.query(`UPDATE "xcm_message" m SET "counterpart_chain_id" = c.id FROM "counterpart_chain" c WHERE c.id = m.chain || ':' || m.counterpart`)
        await db.query(`CREATE INDEX "IDX_8071c334bb9690f480fd40b8d6" ON "xcm_message" ("counterpart_chain_id") `)
        await db.query(`ALTER TABLE "xcm_message" ADD CONSTRAINT "FK_8071c334bb9690f480fd40b8d68" FOREIGN KEY ("counterpart_chain_id") REFERENCES "counterpart_chain"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "xcm_message" DROP CONSTRAINT "FK_8071c334bb9690f480fd40b8d68"`)
        await db.query(`DROP INDEX "public"."IDX_8071c334bb9690f480fd40b8d6"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "counterpart_chain_id"`)
    }
}
