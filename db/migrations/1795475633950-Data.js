module.exports = class Data1795475633950 {
    name = 'Data1795475633950'

    async up(db) {
        await db.query(`ALTER TABLE "xcm_message" ADD "instruction_kinds" text array NOT NULL`)
        await db.query(`ALTER TABLE "xcm_message" ADD "asset_ids" text array NOT NULL`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "instruction_kinds"`)
        await db.query(`ALTER TABLE "xcm_message" DROP COLUMN "asset_ids"`)
    }
}
