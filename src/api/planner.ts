/**
 * Planner costs of the API's PostgreSQL sessions: a random page read costs about a sequential one
 * (data on SSD or in memory). With PostgreSQL's default of 4, made for spinning disks, a page of one
 * event name ordered by id walks the whole primary key, filtering, instead of the `(name, chain, id)`
 * index (docs/performance.md). Set with `SET` on each new connection of every pool made after this
 * runs (a startup `options` parameter would be refused by some poolers); `cost` undefined (the
 * operator set PGOPTIONS): nothing is changed.
 */
export function setRandomPageCostOnConnect(pg: {Pool: any}, cost: string | undefined): void {
    const set = randomPageCostStatement(cost)
    if (!set) return
    const statement: string = set
    const Pool = pg.Pool
    pg.Pool = class extends Pool {
        constructor(...args: unknown[]) {
            super(...args)
            // Queued on the new client before the query it was taken for.
            this.on('connect', (client: {query(sql: string): Promise<unknown>}) => { client.query(statement).catch(() => {}) })
        }
    }
}

/** The `SET` of `cost` as random_page_cost, or undefined for none; what is not a number is refused. */
export function randomPageCostStatement(cost: string | undefined): string | undefined {
    if (!cost) return undefined
    if (!/^\d+(\.\d+)?$/.test(cost)) throw new Error(`random_page_cost ${JSON.stringify(cost)} is not a number`)
    return `SET random_page_cost = ${cost}`
}
