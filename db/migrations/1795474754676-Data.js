module.exports = class Data1795474754676 {
    name = 'Data1795474754676'

    async up(db) {
        await db.query(`ALTER TABLE "xcm_message" ADD "error" text`)
        await db.query(`ALTER TABLE "xcm_message" ADD "effects" jsonb`)
        await db.query(`ALTER TABLE "xcm_message" ADD "trapped_assets" jsonb`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "error"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "effects"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "trapped_assets"`)
    }
}
