module.exports = class Data1795474376245 {
    name = 'Data1795474376245'

    async up(db) {
        await db.query(`ALTER TABLE "xcm_message" ADD "fees" jsonb`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "fees"`)
    }
}
