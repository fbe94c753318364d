module.exports = class Data1796111009375 {
    name = 'Data1796111009375'

    async up(db) {
        await db.query(`DROP INDEX "public"."IDX_b535fbe8ec6d832dde22065ebd"`)
        await db.query(`CREATE INDEX "IDX_1fd95bda65a1c463f666d429ba" ON "event" ("name", "block_height", "chain") `)
    }

    async down(db) {
        await db.query(`CREATE INDEX "IDX_b535fbe8ec6d832dde22065ebd" ON "event" ("name") `)
        await db.query(`DROP INDEX "public"."IDX_1fd95bda65a1c463f666d429ba"`)
    }
}
