module.exports = class Data1796120707595 {
    name = 'Data1796120707595'

    async up(db) {
        await db.query(`CREATE TABLE "call" ("id" character varying NOT NULL, "chain" text NOT NULL, "block_height" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE, "address" integer array NOT NULL, "depth" integer NOT NULL, "name" text NOT NULL, "pallet" text NOT NULL, "args" jsonb, "success" boolean NOT NULL, "error_name" text, "origin" text, "extrinsic_id" character varying, "parent_id" character varying, "origin_account_id" character varying, CONSTRAINT "PK_2098af0169792a34f9cfdd39c47" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_dde30e4f2c6a80f9236bfdf259" ON "call" ("extrinsic_id") `)
        await db.query(`CREATE INDEX "IDX_11c1e76d5be8f04c472c4a05b9" ON "call" ("parent_id") `)
        await db.query(`CREATE INDEX "IDX_96d0a8aebfecd9473070e78566" ON "call" ("origin_account_id") `)
        await db.query(`CREATE INDEX "IDX_89e089a1c8e0bbf2e7eee41cd9" ON "call" ("name", "block_height", "chain") `)
        await db.query(`CREATE INDEX "IDX_04da9a4594568d669f96a0f7bd" ON "call" ("chain", "block_height") `)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_dde30e4f2c6a80f9236bfdf2590" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_11c1e76d5be8f04c472c4a05b95" FOREIGN KEY ("parent_id") REFERENCES "call"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "call" ADD CONSTRAINT "FK_96d0a8aebfecd9473070e785669" FOREIGN KEY ("origin_account_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "call"`)
    }
}
