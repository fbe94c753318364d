const COLUMNS = [
    ['event', 'phase', 14],
    ['xcm_message', 'direction', 3],
    ['xcm_message', 'transport', 4],
    ['xcm_message', 'status', 10],
    ...['counterpart_stat', 'chain_stat', 'pallet_stat', 'asset_stat', 'contract_stat', 'account_stat'].map((t) => [t, 'period', 4]),
]

module.exports = class Data1796128897833 {
    name = 'Data1796128897833'

    // String columns with a fixed vocabulary become GraphQL enums (EventPhase, XcmDirection,
    // XcmTransport, XcmStatus, Period): the values stay as they are; the column type is the
    // codegen's varchar of the longest value. Their indexes are rebuilt by the type change.
    async up(db) {
        for (const [table, column, length] of COLUMNS) {
            await db.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(${length})`)
        }
    }

    async down(db) {
        for (const [table, column] of COLUMNS) await db.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text`)
    }
}
