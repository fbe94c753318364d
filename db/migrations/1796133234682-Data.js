module.exports = class Data1796133234682 {
    name = 'Data1796133234682'

    // AccountStat.holder (and Account.stats): the account a series row is about, filled here from
    // the rows' rendered address where the account row exists.
    async up(db) {
        await db.query(`ALTER TABLE "account_stat" ADD "holder_id" character varying`)
        await db.query(`UPDATE "account_stat" s SET "holder_id" = a.id FROM "account" a WHERE a.chain = s.chain AND a.address = s.account`)
        await db.query(`CREATE INDEX "IDX_fc0df4f56a1e53290ff918f456" ON "account_stat" ("holder_id") `)
        await db.query(`ALTER TABLE "account_stat" ADD CONSTRAINT "FK_fc0df4f56a1e53290ff918f456c" FOREIGN KEY ("holder_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "account_stat" DROP CONSTRAINT "FK_fc0df4f56a1e53290ff918f456c"`)
        await db.query(`DROP INDEX "public"."IDX_fc0df4f56a1e53290ff918f456"`)
        await db.query(`ALTER TABLE "account_stat" DROP COLUMN "holder_id"`)
    }
}
