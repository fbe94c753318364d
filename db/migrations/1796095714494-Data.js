module.exports = class Data1796095714494 {
    name = 'Data1796095714494'

    async up(db) {
        await db.query(`ALTER TABLE "asset" ADD "chain_supply" numeric`)
        await db.query(`ALTER TABLE "asset" ADD "reconciled_at_height" integer`)
        await db.query(`ALTER TABLE "asset" ADD "min_balance" numeric`)
        await db.query(`ALTER TABLE "asset" ADD "freezer" text`)
        // Wider for ADJUSTMENT; altered in place (the generator's drop-and-add would lose every row's kind).
        await db.query(`ALTER TABLE "transfer" ALTER COLUMN "kind" TYPE character varying(10)`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "asset" DROP COLUMN "chain_supply"`)
        await db.query(`ALTER TABLE "asset" DROP COLUMN "reconciled_at_height"`)
        await db.query(`ALTER TABLE "asset" DROP COLUMN "min_balance"`)
        await db.query(`ALTER TABLE "asset" DROP COLUMN "freezer"`)
        await db.query(`ALTER TABLE "transfer" ALTER COLUMN "kind" TYPE character varying(8)`)
    }
}
