module.exports = class Data1795493216239 {
    name = 'Data1795493216239'

    async up(db) {
        await db.query(`CREATE TABLE "counterpart_asset" ("id" character varying NOT NULL, "chain" text NOT NULL, "counterpart" text NOT NULL, "asset_id" text NOT NULL, "messages_in" integer NOT NULL, "messages_out" integer NOT NULL, "amount_in" numeric NOT NULL, "amount_out" numeric NOT NULL, "last_activity_height" integer NOT NULL, "last_activity_at" TIMESTAMP WITH TIME ZONE, "counterpart_chain_id" character varying, CONSTRAINT "PK_96c0332acdf555a40b49a0b9ceb" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_e4ceef040534d748b0d191f7e8" ON "counterpart_asset" ("counterpart") `)
        await db.query(`CREATE INDEX "IDX_37cbee60addbc014356970a17d" ON "counterpart_asset" ("counterpart_chain_id") `)
        await db.query(`CREATE INDEX "IDX_9d8f58617772be023350e027e1" ON "counterpart_asset" ("asset_id") `)
        await db.query(`CREATE INDEX "IDX_c73cee4df15abca5768ca97bb1" ON "counterpart_asset" ("chain", "asset_id") `)
        await db.query(`ALTER TABLE "xcm_message" ADD "local_assets" jsonb`)
        await db.query(`ALTER TABLE "counterpart_asset" ADD CONSTRAINT "FK_37cbee60addbc014356970a17d0" FOREIGN KEY ("counterpart_chain_id") REFERENCES "counterpart_chain"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "counterpart_asset"`)
        await db.query(`DROP INDEX "public"."IDX_e4ceef040534d748b0d191f7e8"`)
        await db.query(`DROP INDEX "public"."IDX_37cbee60addbc014356970a17d"`)
        await db.query(`DROP INDEX "public"."IDX_9d8f58617772be023350e027e1"`)
        await db.query(`DROP INDEX "public"."IDX_c73cee4df15abca5768ca97bb1"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "local_assets"`)
        await db.query(`ALTER TABLE "counterpart_asset" DROP CONSTRAINT "FK_37cbee60addbc014356970a17d0"`)
    }
}
