import 'reflect-metadata'
import {accountKey} from '../../decode/accounts'
import {Arg, Field, Int, ObjectType, Query, registerEnumType, Resolver} from 'type-graphql'
import type {EntityManager} from 'typeorm'
import {UserError} from '../errors'

/**
 * Dashboard analytics: dense hourly / daily series and top-N over a period, read only from the
 * bucket tables the processor maintains in each batch (never from the raw tables).
 */

export enum Bucket {
    HOUR = 'hour',
    DAY = 'day',
}
registerEnumType(Bucket, {name: 'Bucket', description: 'Series bucket: UTC hours or UTC days'})

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** Most points one series answers: 83 days of hours, 5 years of days. */
export const MAX_POINTS = 2000
export const MAX_TOP = 100

@ObjectType()
export class ActivityPoint {
    @Field(() => Date) bucket!: Date
    @Field(() => Int) blocks!: number
    @Field(() => Int) extrinsics!: number
    @Field(() => Int) failedExtrinsics!: number
    @Field(() => Int) events!: number
}

@ObjectType()
export class PalletPoint {
    @Field(() => Date) bucket!: Date
    @Field(() => Int) events!: number
    @Field(() => Int, {description: 'Extrinsics whose call is in the pallet'}) calls!: number
}

@ObjectType()
export class AssetPoint {
    @Field(() => Date) bucket!: Date
    @Field(() => String, {description: 'Sum of TRANSFER, XCM_IN and XCM_OUT amounts, in the asset\'s smallest unit (decimal string)'}) volume!: string
    @Field(() => Int) transfers!: number
    @Field(() => Int) activeAccounts!: number
    @Field(() => Int) newHolders!: number
}

@ObjectType()
export class ContractPoint {
    @Field(() => Date) bucket!: Date
    @Field(() => Int) calls!: number
    @Field(() => Int) events!: number
    @Field(() => Int) failures!: number
    @Field(() => Int) distinctCallers!: number
}

@ObjectType()
export class CounterpartPoint {
    @Field(() => Date) bucket!: Date
    @Field(() => Int) messagesIn!: number
    @Field(() => Int) messagesOut!: number
    @Field(() => String, {description: 'Relay-token amount in (decimal string)'}) valueIn!: string
    @Field(() => String, {description: 'Relay-token amount out (decimal string)'}) valueOut!: string
}

@ObjectType()
export class TopAsset {
    @Field(() => String, {description: '`native`, `asset:<id>` or `nft:<collection>`'}) asset!: string
    @Field(() => String, {nullable: true}) symbol!: string | null
    @Field(() => Int, {nullable: true}) decimals!: number | null
    @Field(() => String, {description: 'Decimal string'}) volume!: string
    @Field(() => Int) transfers!: number
}

@ObjectType()
export class TopContract {
    @Field(() => String) contract!: string
    @Field(() => Int) calls!: number
    @Field(() => Int) events!: number
    @Field(() => Int) failures!: number
}

@ObjectType()
export class TopAccount {
    @Field(() => String) account!: string
    @Field(() => Int) extrinsics!: number
    @Field(() => Int, {description: 'Movements it was part of (transfers, mints, burns, XCM), fees excluded'}) transfers!: number
}

/** A validated period: [from, to) aligned to the bucket, with the number of points it spans. */
export interface Period {
    from: Date
    to: Date
    points: number
}

/**
 * Checks and completes a period. `to` defaults to the end of the bucket holding the chain's newest
 * indexed block; `from` to 30 days (DAY) or 48 hours (HOUR) before `to`. Both are floored to the
 * bucket. Throws a message a dashboard author can act on.
 */
export function resolvePeriod(bucket: Bucket, from: Date | undefined | null, to: Date | undefined | null, newest: Date | null): Period {
    const size = bucket == Bucket.HOUR ? HOUR_MS : DAY_MS
    for (const [name, d] of [['from', from], ['to', to]] as const) {
        if (d != null && (!(d instanceof Date) || isNaN(d.getTime()))) throw new UserError(`${name} is not a valid date-time: use ISO 8601, e.g. 2026-11-01T00:00:00Z`)
    }
    const floor = (ms: number) => ms - (((ms % size) + size) % size)
    const end = to != null ? floor(to.getTime() + size - 1) : floor((newest ?? new Date()).getTime()) + size
    const start = from != null ? floor(from.getTime()) : end - (bucket == Bucket.HOUR ? 48 : 30) * size
    if (start >= end) throw new UserError(`from (${new Date(start).toISOString()}) must be before to (${new Date(end).toISOString()})`)
    const points = (end - start) / size
    if (points > MAX_POINTS) {
        throw new UserError(`the period spans ${points} ${bucket}s; a series has at most ${MAX_POINTS} points: narrow from/to${bucket == Bucket.HOUR ? ' or use bucket: DAY' : ''}`)
    }
    return {from: new Date(start), to: new Date(end), points}
}

export function checkLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TOP) throw new UserError(`limit must be an integer from 1 to ${MAX_TOP} (got ${limit})`)
}

export function checkText(name: string, value: string, max = 200): void {
    if (value.length == 0 || value.length > max) throw new UserError(`${name} must be 1 to ${max} characters`)
}

@Resolver()
export class AnalyticsResolver {
    constructor(private tx: () => Promise<EntityManager>) {}

    @Query(() => [ActivityPoint], {description: 'Blocks, extrinsics (and failed ones) and events per hour or day, oldest first, zeros included.'})
    async activitySeries(
        @Arg('chain', () => String) chain: string,
        @Arg('bucket', () => Bucket, {defaultValue: Bucket.DAY}) bucket: Bucket,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
    ): Promise<ActivityPoint[]> {
        const {em, period} = await this.prepare(chain, bucket, from, to)
        return series(em, period, bucket, 'chain_stat', 'TRUE', [chain],
            ['blocks', 'extrinsics', 'failed_extrinsics', 'events'],
            (r) => ({bucket: r.bucket, blocks: r.blocks, extrinsics: r.extrinsics, failedExtrinsics: r.failed_extrinsics, events: r.events}))
    }

    @Query(() => [PalletPoint], {description: 'Events and extrinsic calls of one pallet per hour or day.'})
    async palletSeries(
        @Arg('chain', () => String) chain: string,
        @Arg('pallet', () => String) pallet: string,
        @Arg('bucket', () => Bucket, {defaultValue: Bucket.DAY}) bucket: Bucket,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
    ): Promise<PalletPoint[]> {
        checkText('pallet', pallet)
        const {em, period} = await this.prepare(chain, bucket, from, to)
        return series(em, period, bucket, 'pallet_stat', 's.pallet = $5', [chain, pallet], ['events', 'calls'],
            (r) => ({bucket: r.bucket, events: r.events, calls: r.calls}))
    }

    @Query(() => [AssetPoint], {description: 'Volume, transfers, active accounts and new holders of one asset (`native`, `asset:<id>`, `nft:<collection>`) per hour or day.'})
    async assetSeries(
        @Arg('chain', () => String) chain: string,
        @Arg('asset', () => String) asset: string,
        @Arg('bucket', () => Bucket, {defaultValue: Bucket.DAY}) bucket: Bucket,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
    ): Promise<AssetPoint[]> {
        if (!/^(native|asset:\d+|nft:\d+)$/.test(asset)) throw new UserError(`asset must be native, asset:<id> or nft:<collection> (got ${JSON.stringify(asset.slice(0, 50))})`)
        const {em, period} = await this.prepare(chain, bucket, from, to)
        return series(em, period, bucket, 'asset_stat', 's.asset_key = $5', [chain, asset], ['volume', 'transfers', 'active_accounts', 'new_holders'],
            (r) => ({bucket: r.bucket, volume: String(r.volume), transfers: r.transfers, activeAccounts: r.active_accounts, newHolders: r.new_holders}))
    }

    @Query(() => [ContractPoint], {description: 'Calls, events, failed calls and distinct callers of one contract (its address, hex or SS58) per hour or day.'})
    async contractSeries(
        @Arg('chain', () => String) chain: string,
        @Arg('contract', () => String) contract: string,
        @Arg('bucket', () => Bucket, {defaultValue: Bucket.DAY}) bucket: Bucket,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
    ): Promise<ContractPoint[]> {
        const address = accountKey(contract)
        if (!address) throw new UserError('contract must be an address: hex (0x and 40 digits for pallet-revive, 64 for pallet-contracts) or SS58')
        const {em, period} = await this.prepare(chain, bucket, from, to)
        return series(em, period, bucket, 'contract_stat', 's.contract_address = $5', [chain, address], ['calls', 'events', 'failures', 'distinct_callers'],
            (r) => ({bucket: r.bucket, calls: r.calls, events: r.events, failures: r.failures, distinctCallers: r.distinct_callers}))
    }

    @Query(() => [CounterpartPoint], {description: 'XCM messages and relay-token value in and out with one counterpart (`relay`, `para:<id>`) per hour or day.'})
    async counterpartSeries(
        @Arg('chain', () => String) chain: string,
        @Arg('counterpart', () => String) counterpart: string,
        @Arg('bucket', () => Bucket, {defaultValue: Bucket.DAY}) bucket: Bucket,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
    ): Promise<CounterpartPoint[]> {
        if (!/^(relay|para:\d+|unknown)$/.test(counterpart)) throw new UserError(`counterpart must be relay or para:<id> (got ${JSON.stringify(counterpart.slice(0, 50))})`)
        const {em, period} = await this.prepare(chain, bucket, from, to)
        return series(em, period, bucket, 'counterpart_stat', 's.counterpart = $5', [chain, counterpart], ['messages_in', 'messages_out', 'value_in', 'value_out'],
            (r) => ({bucket: r.bucket, messagesIn: r.messages_in, messagesOut: r.messages_out, valueIn: String(r.value_in), valueOut: String(r.value_out)}))
    }

    @Query(() => [TopAsset], {description: 'Assets by volume in whole tokens (volume scaled by the asset\'s decimals) over [from, to) (default: the last 30 days); volume itself is in the smallest unit.'})
    async topAssets(
        @Arg('chain', () => String) chain: string,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
        @Arg('limit', () => Int, {defaultValue: 10}) limit = 10,
    ): Promise<TopAsset[]> {
        checkLimit(limit)
        const {em, range} = await this.prepareTop(chain, from, to)
        const rows: any[] = await em.query(`
            SELECT s.asset_key, a.symbol, a.decimals, sum(s.volume) AS volume, sum(s.transfers)::int AS transfers
            FROM asset_stat s LEFT JOIN asset a ON a.id = s.chain || ':' || s.asset_key
            WHERE s.chain = $1 AND s.period = $2 AND s.start >= $3 AND s.start < $4
            GROUP BY s.asset_key, a.symbol, a.decimals HAVING sum(s.transfers) > 0
            -- Whole tokens, not smallest units: assets with different decimals compare (unknown decimals count as 0).
            ORDER BY sum(s.volume) / power(10::numeric, coalesce(a.decimals, 0)) DESC, s.asset_key LIMIT $5`, [chain, range.period, range.from, range.to, limit])
        return rows.map((r) => ({asset: r.asset_key, symbol: r.symbol, decimals: r.decimals, volume: String(r.volume), transfers: r.transfers}))
    }

    @Query(() => [TopContract], {description: 'Contracts by calls over [from, to) (default: the last 30 days).'})
    async topContracts(
        @Arg('chain', () => String) chain: string,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
        @Arg('limit', () => Int, {defaultValue: 10}) limit = 10,
    ): Promise<TopContract[]> {
        checkLimit(limit)
        const {em, range} = await this.prepareTop(chain, from, to)
        const rows: any[] = await em.query(`
            SELECT contract_address, sum(calls)::int AS calls, sum(events)::int AS events, sum(failures)::int AS failures
            FROM contract_stat WHERE chain = $1 AND period = $2 AND start >= $3 AND start < $4
            GROUP BY contract_address ORDER BY sum(calls) DESC, sum(events) DESC, contract_address LIMIT $5`, [chain, range.period, range.from, range.to, limit])
        return rows.map((r) => ({contract: r.contract_address, calls: r.calls, events: r.events, failures: r.failures}))
    }

    @Query(() => [TopAccount], {description: 'Accounts by activity (signed extrinsics + movements) over [from, to) (default: the last 30 days).'})
    async topAccounts(
        @Arg('chain', () => String) chain: string,
        @Arg('from', () => Date, {nullable: true}) from?: Date,
        @Arg('to', () => Date, {nullable: true}) to?: Date,
        @Arg('limit', () => Int, {defaultValue: 10}) limit = 10,
    ): Promise<TopAccount[]> {
        checkLimit(limit)
        const {em, range} = await this.prepareTop(chain, from, to)
        const rows: any[] = await em.query(`
            SELECT account, sum(extrinsics)::int AS extrinsics, sum(transfers)::int AS transfers
            FROM account_stat WHERE chain = $1 AND period = $2 AND start >= $3 AND start < $4
            GROUP BY account ORDER BY sum(extrinsics) + sum(transfers) DESC, account LIMIT $5`, [chain, range.period, range.from, range.to, limit])
        return rows.map((r) => ({account: r.account, extrinsics: r.extrinsics, transfers: r.transfers}))
    }

    private async prepare(chain: string, bucket: Bucket, from?: Date | null, to?: Date | null): Promise<{em: EntityManager, period: Period}> {
        const em = await this.tx()
        const newest = await newestTimestamp(em, chain)
        return {em, period: resolvePeriod(bucket, from, to, newest)}
    }

    /** Top-N reads daily buckets when the period is whole days, else hourly ones (exact either way). */
    private async prepareTop(chain: string, from?: Date | null, to?: Date | null): Promise<{em: EntityManager, range: {period: string, from: Date, to: Date}}> {
        const em = await this.tx()
        const newest = await newestTimestamp(em, chain)
        for (const [name, d] of [['from', from], ['to', to]] as const) {
            if (d != null && isNaN(d.getTime())) throw new UserError(`${name} is not a valid date-time: use ISO 8601, e.g. 2026-11-01T00:00:00Z`)
        }
        const aligned = (d?: Date | null) => d == null || d.getTime() % DAY_MS == 0
        const bucket = aligned(from) && aligned(to) ? Bucket.DAY : Bucket.HOUR
        const size = bucket == Bucket.DAY ? DAY_MS : HOUR_MS
        const end = to != null ? Math.ceil(to.getTime() / size) * size : Math.floor((newest ?? new Date()).getTime() / size) * size + size
        const start = from != null ? Math.floor(from.getTime() / size) * size : end - 30 * DAY_MS
        if (start >= end) throw new UserError(`from (${new Date(start).toISOString()}) must be before to (${new Date(end).toISOString()})`)
        return {em, range: {period: bucket, from: new Date(start), to: new Date(end)}}
    }
}

/** An unknown chain is an error naming the known ones. */
export async function checkKnownChain(em: EntityManager, chain: string): Promise<void> {
    checkText('chain', chain, 100)
    const rows: any[] = await em.query(`SELECT id FROM indexed_chain ORDER BY id`)
    if (!rows.some((r) => r.id == chain)) {
        throw new UserError(`unknown chain ${JSON.stringify(chain)}: this database indexes ${rows.length ? rows.map((k) => k.id).join(', ') : 'no chain yet'}`)
    }
}

/** The newest indexed block's time on the chain; an unknown chain is an error naming the known ones. */
async function newestTimestamp(em: EntityManager, chain: string): Promise<Date | null> {
    checkText('chain', chain, 100)
    const rows: any[] = await em.query(`SELECT timestamp FROM block WHERE chain = $1 ORDER BY height DESC LIMIT 1`, [chain])
    if (rows.length == 0) await checkKnownChain(em, chain)
    return rows[0]?.timestamp ? new Date(rows[0].timestamp) : null
}

/** A dense series: one row per bucket in the period, zeros where the table has none. */
async function series<T>(
    em: EntityManager, period: Period, bucket: Bucket, table: string, filter: string, params: unknown[], columns: string[], map: (row: any) => T,
): Promise<T[]> {
    const step = bucket == Bucket.HOUR ? '1 hour' : '1 day'
    const rows: any[] = await em.query(`
        SELECT g.bucket, ${columns.map((c) => `coalesce(s.${c}, 0) AS ${c}`).join(', ')}
        FROM generate_series($2::timestamptz, $3::timestamptz - interval '${step}', interval '${step}') AS g(bucket)
        LEFT JOIN ${table} s ON s.chain = $1 AND s.period = $4 AND s.start = g.bucket AND ${filter}
        ORDER BY g.bucket`, [params[0], period.from, period.to, bucket, ...params.slice(1)])
    return rows.map((r) => map({...r, bucket: new Date(r.bucket)}))
}
