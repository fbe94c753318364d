module.exports = class Data1795473702498 {
    name = 'Data1795473702498'

    async up(db) {
        await db.query(`CREATE TABLE "xcm_message" ("id" character varying NOT NULL, "chain" text NOT NULL, "direction" text NOT NULL, "transport" text NOT NULL, "counterpart" text NOT NULL, "message_id" text NOT NULL, "message_hash" text, "status" text NOT NULL, "success" boolean, "version" integer, "instructions" jsonb, "assets" jsonb, "beneficiary" text, "sender" text, "raw" text, "decode_error" text, "block_height" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE, "processed_at_height" integer, "weight_used" jsonb, "block_id" character varying, "extrinsic_id" character varying, CONSTRAINT "PK_94e8c572efd57d8eed60261c318" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_02e3103af488cdc5bfcaf662bd" ON "xcm_message" ("direction") `)
        await db.query(`CREATE INDEX "IDX_3ea65ff570d86366e1be5f580f" ON "xcm_message" ("transport") `)
        await db.query(`CREATE INDEX "IDX_3d1c512b7d9f678a62442597b9" ON "xcm_message" ("counterpart") `)
        await db.query(`CREATE INDEX "IDX_f9e53788c1e24d31fff9512eee" ON "xcm_message" ("message_id") `)
        await db.query(`CREATE INDEX "IDX_eaf30b8d5c56cbeec9f2094402" ON "xcm_message" ("message_hash") `)
        await db.query(`CREATE INDEX "IDX_00062c468660dd0d705a6eb71b" ON "xcm_message" ("status") `)
        await db.query(`CREATE INDEX "IDX_881ea1e7401701663db22db9d7" ON "xcm_message" ("beneficiary") `)
        await db.query(`CREATE INDEX "IDX_2ed4c4e560f616ca212bc69c72" ON "xcm_message" ("sender") `)
        await db.query(`CREATE INDEX "IDX_87bbb560542b444612b1f8312c" ON "xcm_message" ("block_height") `)
        await db.query(`CREATE INDEX "IDX_cdf2ff7da366753e4916391c16" ON "xcm_message" ("timestamp") `)
        await db.query(`CREATE INDEX "IDX_67a90b18b0cdd04b45ee2794af" ON "xcm_message" ("block_id") `)
        await db.query(`CREATE INDEX "IDX_62b340e0781fb1df9df6d772f3" ON "xcm_message" ("extrinsic_id") `)
        await db.query(`CREATE INDEX "IDX_77e9e550809c9fc3647c142b31" ON "xcm_message" ("chain", "block_height") `)
        await db.query(`ALTER TABLE "xcm_message" ADD CONSTRAINT "FK_67a90b18b0cdd04b45ee2794afb" FOREIGN KEY ("block_id") REFERENCES "block"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "xcm_message" ADD CONSTRAINT "FK_62b340e0781fb1df9df6d772f38" FOREIGN KEY ("extrinsic_id") REFERENCES "extrinsic"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "xcm_message"`)
        await db.query(`DROP INDEX "public"."IDX_02e3103af488cdc5bfcaf662bd"`)
        await db.query(`DROP INDEX "public"."IDX_3ea65ff570d86366e1be5f580f"`)
        await db.query(`DROP INDEX "public"."IDX_3d1c512b7d9f678a62442597b9"`)
        await db.query(`DROP INDEX "public"."IDX_f9e53788c1e24d31fff9512eee"`)
        await db.query(`DROP INDEX "public"."IDX_eaf30b8d5c56cbeec9f2094402"`)
        await db.query(`DROP INDEX "public"."IDX_00062c468660dd0d705a6eb71b"`)
        await db.query(`DROP INDEX "public"."IDX_881ea1e7401701663db22db9d7"`)
        await db.query(`DROP INDEX "public"."IDX_2ed4c4e560f616ca212bc69c72"`)
        await db.query(`DROP INDEX "public"."IDX_87bbb560542b444612b1f8312c"`)
        await db.query(`DROP INDEX "public"."IDX_cdf2ff7da366753e4916391c16"`)
        await db.query(`DROP INDEX "public"."IDX_67a90b18b0cdd04b45ee2794af"`)
        await db.query(`DROP INDEX "public"."IDX_62b340e0781fb1df9df6d772f3"`)
        await db.query(`DROP INDEX "public"."IDX_77e9e550809c9fc3647c142b31"`)
        await db.query(`ALTER TABLE "xcm_message" DROP CONSTRAINT "FK_67a90b18b0cdd04b45ee2794afb"`)
        await db.query(`ALTER TABLE "xcm_message" DROP CONSTRAINT "FK_62b340e0781fb1df9df6d772f38"`)
    }
}
