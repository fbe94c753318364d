import {Client} from 'pg'
import {Config} from '../config/env'
import {parseTarget} from '../admin/abi-admin'
import {redactUrls} from '../config/redact'
import {followSubscription} from './live'

export interface EventsOptions {
    contract: string
    follow?: boolean
    limit: number
    json?: boolean
    intervalMs?: number
    /** The API's /graphql URL to follow through (a subscription); without it, or when it fails, the database is read every `intervalMs`. */
    api?: string
}

/** Newest events each subscription result carries; a result of only unseen ones may have skipped some, which are read from the database. */
const PUSHED_ROWS = 100

/**
 * Prints one contract's events, decoded, in chain order: the last `limit`, then (with --follow)
 * each new one as it is indexed. Rows re-indexed after a fork show again under their new block.
 */
export async function printContractEvents(client: Client, config: Config, opts: EventsOptions, out: (line: string) => void = console.log, note: (line: string) => void = console.error): Promise<void> {
    const address = parseTarget({address: opts.contract}).address!
    const known = await client.query(`SELECT 1 FROM contract WHERE id = $1`, [`${config.chainId}:${address}`])
    if (known.rows.length == 0) {
        const seen = await client.query(`SELECT 1 FROM contract_event WHERE chain = $1 AND contract_address = $2 LIMIT 1`, [config.chainId, address])
        if (seen.rows.length == 0 && !opts.follow) throw new UnknownContract(`no contract ${opts.contract} is indexed on ${config.chainId}: check the address, or wait until the indexer reaches its deployment (pop-squid status)`)
    }
    const select = `SELECT e.id, e.block_height, e.index, e.name, e.args, e.decoded, e.decode_error, e.data, e.topics, x.hash AS extrinsic_hash
        FROM contract_event e LEFT JOIN extrinsic x ON x.id = e.extrinsic_id
        WHERE e.chain = $1 AND e.contract_address = $2`
    const initial = await client.query(`SELECT * FROM (${select} ORDER BY e.block_height DESC, e.index DESC LIMIT $3) t ORDER BY block_height, index`, [config.chainId, address, opts.limit])
    const seen = new Set<string>()
    let lastHeight = -1
    const print = (row: any) => {
        seen.add(row.id)
        lastHeight = Math.max(lastHeight, row.block_height)
        if (opts.json) {
            out(JSON.stringify({height: row.block_height, index: row.index, extrinsic: row.extrinsic_hash, decoded: row.decoded, name: row.name, args: row.args, decodeError: row.decode_error, data: row.data, topics: row.topics}))
        } else if (row.decoded) {
            out(`#${row.block_height}.${row.index} ${row.name} ${JSON.stringify(row.args)}`)
        } else {
            out(`#${row.block_height}.${row.index} (not decoded: ${row.decode_error}) data=${row.data} topics=${row.topics.join(',')}`)
        }
    }
    for (const row of initial.rows) print(row)
    if (!opts.follow) return
    // Re-read a finality window back each time (a fork re-indexes those heights with new ids);
    // what is in that window now was there before following began: not new.
    const window = config.finalityConfirmation + 1
    const [{h}] = (await client.query(`SELECT max(block_height) AS h FROM contract_event WHERE chain = $1 AND contract_address = $2`, [config.chainId, address])).rows
    lastHeight = Math.max(lastHeight, h ?? -1)
    const present = await client.query(`SELECT id FROM contract_event WHERE chain = $1 AND contract_address = $2 AND block_height > $3`, [config.chainId, address, lastHeight - window])
    for (const row of present.rows) seen.add(row.id)
    const catchUp = async () => {
        const fresh = await client.query(`${select} AND e.block_height > $3 ORDER BY e.block_height, e.index LIMIT 1000`, [config.chainId, address, lastHeight - window])
        for (const row of fresh.rows) if (!seen.has(row.id)) print(row)
    }
    if (opts.api) {
        // The API pushes the newest events whenever they change; the database is read only when a
        // push may have skipped some (all of it new) or once the subscription ends.
        note(`(following through the API's subscription at ${redactUrls(opts.api)})`)
        const ended = await followSubscription(opts.api, `subscription($chain: String!, $address: String!) {
            contractEvents(where: {chain_eq: $chain, contractAddress_eq: $address}, orderBy: [blockHeight_DESC, index_DESC], limit: ${PUSHED_ROWS}) {
                id blockHeight index name args decoded decodeError data topics extrinsic { hash }
            }
        }`, {chain: config.chainId, address}, async (data) => {
            const rows = (data?.contractEvents ?? []).map((e: any) => ({
                id: e.id, block_height: e.blockHeight, index: e.index, name: e.name, args: e.args, decoded: e.decoded,
                decode_error: e.decodeError, data: e.data, topics: e.topics, extrinsic_hash: e.extrinsic?.hash ?? null,
            })).reverse()
            if (rows.length >= PUSHED_ROWS && rows.every((r: any) => !seen.has(r.id))) await catchUp()
            for (const row of rows) if (!seen.has(row.id)) print(row)
        })
        note(`(${ended}; following by reading the database every ${(opts.intervalMs ?? 1_000) / 1000} s)`)
        await catchUp()
    }
    while (true) {
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1_000))
        await catchUp()
    }
}

/** The contract asked for is not in the index. */
export class UnknownContract extends Error {}
