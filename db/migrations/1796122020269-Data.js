module.exports = class Data1796122020269 {
    name = 'Data1796122020269'

    async up(db) {
        await db.query(`ALTER TABLE "transfer" ADD "nft_item_id" character varying`)
        await db.query(`CREATE INDEX "IDX_268a50709f9fa1d917e5ecf1a2" ON "transfer" ("nft_item_id") `)
        await db.query(`ALTER TABLE "transfer" ADD CONSTRAINT "FK_268a50709f9fa1d917e5ecf1a27" FOREIGN KEY ("nft_item_id") REFERENCES "nft_item"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "transfer" DROP CONSTRAINT "FK_268a50709f9fa1d917e5ecf1a27"`)
        await db.query(`DROP INDEX "public"."IDX_268a50709f9fa1d917e5ecf1a2"`)
        await db.query(`ALTER TABLE "transfer" DROP COLUMN "nft_item_id"`)
    }
}
