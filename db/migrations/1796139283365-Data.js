module.exports = class Data1796139283365 {
    name = 'Data1796139283365'

    // Event (name, chain, id): a connection over one event name ordered by id (the API's default
    // order for pages) walks this index instead of the whole primary key.
    async up(db) {
        await db.query(`CREATE INDEX "IDX_71cbef990f11b06b5494a602d6" ON "event" ("name", "chain", "id") `)
    }

    async down(db) {
        await db.query(`DROP INDEX "public"."IDX_71cbef990f11b06b5494a602d6"`)
    }
}
