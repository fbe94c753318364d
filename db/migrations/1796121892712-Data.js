module.exports = class Data1796121892712 {
    name = 'Data1796121892712'

    // indexed_chain.state_schema (internal) moves to chain_state, which the API does not serve.
    async up(db) {
        await db.query(`CREATE TABLE "chain_state" ("id" character varying NOT NULL, "state_schema" text NOT NULL, CONSTRAINT "PK_e28e46a238ada7cbbcf711b3f6c" PRIMARY KEY ("id"))`)
        await db.query(`INSERT INTO "chain_state" ("id", "state_schema") SELECT "id", "state_schema" FROM "indexed_chain"`)
        await db.query(`ALTER TABLE "indexed_chain" DROP COLUMN "state_schema"`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "indexed_chain" ADD "state_schema" text`)
        await db.query(`UPDATE "indexed_chain" c SET "state_schema" = s."state_schema" FROM "chain_state" s WHERE s."id" = c."id"`)
        await db.query(`ALTER TABLE "indexed_chain" ALTER COLUMN "state_schema" SET NOT NULL`)
        await db.query(`DROP TABLE "chain_state"`)
    }
}
