module.exports = class Data1796103852162 {
    name = 'Data1796103852162'

    async up(db) {
        await db.query(`CREATE TABLE "asset_approval" ("id" character varying NOT NULL, "chain" text NOT NULL, "owner" text NOT NULL, "delegate" text NOT NULL, "amount" numeric NOT NULL, "deposit" numeric, "active" boolean NOT NULL, "created_at_height" integer NOT NULL, "updated_at_height" integer NOT NULL, "reconciled_at_height" integer, "asset_id" character varying, CONSTRAINT "PK_97d9b65ba5a9743103e3067bb40" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_9e3c47e8b5952a017d865e781b" ON "asset_approval" ("chain") `)
        await db.query(`CREATE INDEX "IDX_3afaa3d9716aed10cc56e1569f" ON "asset_approval" ("asset_id") `)
        await db.query(`CREATE INDEX "IDX_03182bb9aa61428408aad3cc26" ON "asset_approval" ("owner") `)
        await db.query(`CREATE INDEX "IDX_7e8a32f59244c8a8717083ee02" ON "asset_approval" ("delegate") `)
        await db.query(`ALTER TABLE "asset_approval" ADD CONSTRAINT "FK_3afaa3d9716aed10cc56e1569fc" FOREIGN KEY ("asset_id") REFERENCES "asset"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`DROP TABLE "asset_approval"`)
    }
}
