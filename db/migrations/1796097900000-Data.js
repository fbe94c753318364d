module.exports = class Data1796097900000 {
    name = 'Data1796097900000'

    async up(db) {
        await db.query(`ALTER TABLE "extrinsic" ADD "nonce" integer`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "extrinsic" DROP COLUMN "nonce"`)
    }
}
