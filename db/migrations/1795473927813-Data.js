module.exports = class Data1795473927813 {
    name = 'Data1795473927813'

    async up(db) {
        await db.query(`CREATE TABLE "counterpart_day" ("id" character varying NOT NULL, "chain" text NOT NULL, "counterpart" text NOT NULL, "day" TIMESTAMP WITH TIME ZONE NOT NULL, "messages_in" integer NOT NULL, "messages_out" integer NOT NULL, "processed_in" integer NOT NULL, "failed_in" integer NOT NULL, "value_in" numeric NOT NULL, "value_out" numeric NOT NULL, "counterpart_chain_id" character varying, CONSTRAINT "PK_cc867a34653138bdd28d15b2cf8" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_e8d88bcac29be03ecc7fe471c0" ON "counterpart_day" ("counterpart") `)
        await db.query(`CREATE INDEX "IDX_c0ce561983e7c60d49d3d3d3aa" ON "counterpart_day" ("counterpart_chain_id") `)
        await db.query(`CREATE INDEX "IDX_784c7164c915f84b9daa196266" ON "counterpart_day" ("day") `)
        await db.query(`CREATE INDEX "IDX_4be07c6f9b0e05d1b8863fa8cc" ON "counterpart_day" ("chain", "day") `)
        await db.query(`CREATE TABLE "counterpart_chain" ("id" character varying NOT NULL, "chain" text NOT NULL, "counterpart" text NOT NULL, "para_id" integer, "messages_in" integer NOT NULL, "messages_out" integer NOT NULL, "processed_in" integer NOT NULL, "failed_in" integer NOT NULL, "value_in" numeric NOT NULL, "value_out" numeric NOT NULL, "first_activity_height" integer NOT NULL, "last_activity_height" integer NOT NULL, "first_activity_at" TIMESTAMP WITH TIME ZONE, "last_activity_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_dd77be0aa482ed6251b1415b6e6" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_ddf6f262c1e037bee7c65f821a" ON "counterpart_chain" ("chain") `)
        await db.query(`CREATE INDEX "IDX_7dfce7cb65dca4c923913177f2" ON "counterpart_chain" ("counterpart") `)
        await db.query(`CREATE INDEX "IDX_8a9121f01104e38b53a505276f" ON "counterpart_chain" ("para_id") `)
        await db.query(`ALTER TABLE "counterpart_day" ADD CONSTRAINT "FK_c0ce561983e7c60d49d3d3d3aae" FOREIGN KEY ("counterpart_chain_id") REFERENCES "counterpart_chain"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "counterpart_day"`)
        await db.query(`DROP INDEX "public"."IDX_e8d88bcac29be03ecc7fe471c0"`)
        await db.query(`DROP INDEX "public"."IDX_c0ce561983e7c60d49d3d3d3aa"`)
        await db.query(`DROP INDEX "public"."IDX_784c7164c915f84b9daa196266"`)
        await db.query(`DROP INDEX "public"."IDX_4be07c6f9b0e05d1b8863fa8cc"`)
        await db.query(`DROP TABLE "counterpart_chain"`)
        await db.query(`DROP INDEX "public"."IDX_ddf6f262c1e037bee7c65f821a"`)
        await db.query(`DROP INDEX "public"."IDX_7dfce7cb65dca4c923913177f2"`)
        await db.query(`DROP INDEX "public"."IDX_8a9121f01104e38b53a505276f"`)
        await db.query(`ALTER TABLE "counterpart_day" DROP CONSTRAINT "FK_c0ce561983e7c60d49d3d3d3aae"`)
    }
}
