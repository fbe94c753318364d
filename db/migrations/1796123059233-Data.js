module.exports = class Data1796123059233 {
    name = 'Data1796123059233'

    // CounterpartDay merges into CounterpartStat (period 'day'): the series gain processed_in,
    // failed_in and their counterpart chain, computed here from the messages; counterpart_day goes.
    async up(db) {
        await db.query(`ALTER TABLE "counterpart_stat" ADD "processed_in" integer NOT NULL DEFAULT 0`)
        await db.query(`ALTER TABLE "counterpart_stat" ADD "failed_in" integer NOT NULL DEFAULT 0`)
        await db.query(`ALTER TABLE "counterpart_stat" ADD "counterpart_chain_id" character varying`)
        // Outcomes count in the bucket of the block that processed the message (as the processor counts them).
        await db.query(`
            WITH outcomes AS (
                SELECT m.chain, m.counterpart, p.period,
                    date_trunc(p.period, coalesce(b.timestamp, 'epoch') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
                    count(*) FILTER (WHERE m.status = 'processed')::int AS processed, count(*) FILTER (WHERE m.status = 'failed')::int AS failed
                FROM xcm_message m JOIN block b ON b.chain = m.chain AND b.height = m.processed_at_height
                CROSS JOIN (VALUES ('hour'), ('day')) p(period)
                WHERE m.direction = 'in' AND m.status IN ('processed', 'failed')
                GROUP BY 1, 2, 3, 4)
            INSERT INTO "counterpart_stat" (id, chain, counterpart, period, start, messages_in, messages_out, processed_in, failed_in, value_in, value_out)
            SELECT chain || ':' || counterpart || ':' || period || ':' || to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                chain, counterpart, period, start, 0, 0, processed, failed, 0, 0
            FROM outcomes
            ON CONFLICT (id) DO UPDATE SET processed_in = EXCLUDED.processed_in, failed_in = EXCLUDED.failed_in`)
        await db.query(`UPDATE "counterpart_stat" s SET "counterpart_chain_id" = s.chain || ':' || s.counterpart
            WHERE EXISTS (SELECT 1 FROM "counterpart_chain" c WHERE c.id = s.chain || ':' || s.counterpart)`)
        await db.query(`ALTER TABLE "counterpart_stat" ALTER COLUMN "processed_in" DROP DEFAULT`)
        await db.query(`ALTER TABLE "counterpart_stat" ALTER COLUMN "failed_in" DROP DEFAULT`)
        await db.query(`CREATE INDEX "IDX_affbf96b2e49ae74c7a2617a6d" ON "counterpart_stat" ("counterpart_chain_id") `)
        await db.query(`ALTER TABLE "counterpart_stat" ADD CONSTRAINT "FK_affbf96b2e49ae74c7a2617a6d8" FOREIGN KEY ("counterpart_chain_id") REFERENCES "counterpart_chain"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`DROP TABLE "counterpart_day"`)
    }

    async down(db) {
        await db.query(`CREATE TABLE "counterpart_day" ("id" character varying NOT NULL, "chain" text NOT NULL, "counterpart" text NOT NULL, "day" TIMESTAMP WITH TIME ZONE NOT NULL, "messages_in" integer NOT NULL, "messages_out" integer NOT NULL, "processed_in" integer NOT NULL, "failed_in" integer NOT NULL, "value_in" numeric NOT NULL, "value_out" numeric NOT NULL, "counterpart_chain_id" character varying, CONSTRAINT "PK_cc867a34653138bdd28d15b2cf8" PRIMARY KEY ("id"))`)
        await db.query(`INSERT INTO "counterpart_day" (id, chain, counterpart, day, messages_in, messages_out, processed_in, failed_in, value_in, value_out, counterpart_chain_id)
            SELECT chain || ':' || counterpart || ':' || to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD'), chain, counterpart, start,
                messages_in, messages_out, processed_in, failed_in, value_in, value_out, counterpart_chain_id
            FROM "counterpart_stat" WHERE period = 'day'`)
        await db.query(`CREATE INDEX "IDX_e8d88bcac29be03ecc7fe471c0" ON "counterpart_day" ("counterpart") `)
        await db.query(`CREATE INDEX "IDX_c0ce561983e7c60d49d3d3d3aa" ON "counterpart_day" ("counterpart_chain_id") `)
        await db.query(`CREATE INDEX "IDX_784c7164c915f84b9daa196266" ON "counterpart_day" ("day") `)
        await db.query(`CREATE INDEX "IDX_4be07c6f9b0e05d1b8863fa8cc" ON "counterpart_day" ("chain", "day") `)
        await db.query(`ALTER TABLE "counterpart_day" ADD CONSTRAINT "FK_c0ce561983e7c60d49d3d3d3aae" FOREIGN KEY ("counterpart_chain_id") REFERENCES "counterpart_chain"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "counterpart_stat" DROP CONSTRAINT "FK_affbf96b2e49ae74c7a2617a6d8"`)
        await db.query(`DROP INDEX "public"."IDX_affbf96b2e49ae74c7a2617a6d"`)
        await db.query(`ALTER TABLE "counterpart_stat" DROP COLUMN "counterpart_chain_id"`)
        await db.query(`ALTER TABLE "counterpart_stat" DROP COLUMN "failed_in"`)
        await db.query(`ALTER TABLE "counterpart_stat" DROP COLUMN "processed_in"`)
    }
}
