/**
 * `npm run bench`: ingest, raw PostgreSQL writes, a peer squid, head latency and GraphQL load,
 * on chains made from real recorded Pop blocks. Writes bench/results/latest.json and prints a table.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Command} from 'commander'
import {Client} from 'pg'
import {processorNodeFlags} from '../src/config/env'
import {findFreePort} from '../src/localchain/ports'
import {MixName, planChain, SyntheticChain} from './chain'
import {BenchDatabase, dropAll, PROJECT_DIR} from './db'
import {percentile, post, runLoad, LoadResult} from './gql-load'
import {IngestResult, timeIngest} from './ingest'
import {rawWrites, RawWriteResult} from './pg-raw'
import {BENCH_EVENT_DDL} from './peer/lib/model'
import {BenchProcess, sleep} from './proc'
import {summarizeProfile} from './profile-summary'
import {loadOrRecord} from './record'
import {Recording} from './recording'
import {BenchRpcServer} from './rpc-server'
import http from 'node:http'

const PHASES = ['sparse', 'dense', 'reconcile', 'head', 'gql', 'pg', 'peer'] as const
type Phase = (typeof PHASES)[number]

interface Options {
    quick: boolean
    sparseBlocks: number
    denseEvents: number
    gqlSeconds: number
    gqlConcurrency: number
    heads: number
    only: Set<Phase>
    profile: boolean
    recordRounds: number
    rpcSplitSize?: number
    keepDb: boolean
    /** Times the dense ingests compared (the project's processor with and without reconciliation, the peer) run; their medians are reported. */
    ingestRounds: number
    out: string
}

const CACHE_DIR = path.join(PROJECT_DIR, 'bench/.cache')
const CHAIN_ID = 'bench'
const FINALITY_CONFIRMATION = 3
const DAY_MS = 86_400_000

const started = Date.now()
function log(msg: string): void {
    const s = Math.round((Date.now() - started) / 1000)
    console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}`)
}

function parseOptions(argv: string[]): Options {
    const program = new Command('npm run bench --')
        .description('Benchmarks: ingest into PostgreSQL (sparse and dense chains made from real recorded Pop blocks), the raw INSERT/COPY limit, '
            + 'a minimal peer squid, head latency and GraphQL load. Writes bench/results/latest.json and prints a table.')
        .option('--quick', 'a small run (under 3 minutes once the recording is cached)')
        .option('--sparse-blocks <n>', 'blocks of the sparse chain (default 100000; --quick 3000)')
        .option('--dense-events <n>', 'events of the dense chain (default 1000000; --quick 40000)')
        .option('--gql-seconds <s>', 'measured seconds per GraphQL query (default 15; --quick 3)')
        .option('--gql-concurrency <n>', 'concurrent GraphQL clients', '8')
        .option('--heads <n>', 'new heads for the head latency (default 40; --quick 8)')
        .option('--only <phases>', `comma-separated subset of ${PHASES.join(',')}`)
        .option('--profile', 'write CPU profiles of the processor (node --cpu-prof) to bench/.cache/profiles and print their top functions')
        .option('--rpc-split-size <n>', 'experiment: make the processor fetch (and commit) finalized blocks in batches of n instead of 100 (the library\'s split size as the project patches it)')
        .option('--keep-db', 'keep the dense database at the end (its name is printed) to inspect it, e.g. EXPLAIN the GraphQL server\'s SQL; drop it yourself')
        .option('--record-rounds <n>', 'rounds of each recorded pattern when recording', '1')
        .option('--ingest-rounds <n>', 'runs of each dense ingest that is compared (processor, processor without reconciliation, peer), interleaved; the medians are reported (default 1; --quick 3, whose window is about 1.5 s)')
        .option('--out <file>', 'results file', path.join(PROJECT_DIR, 'bench/results/latest.json'))
        .allowExcessArguments(false)
    program.parse(argv, {from: 'user'})
    const o = program.opts()
    const quick = !!o.quick
    const int = (v: string | undefined, dflt: number, name: string) => {
        if (v == null) return dflt
        const n = Number(v)
        if (!Number.isInteger(n) || n <= 0) {
            console.error(`${name}: give a positive whole number, not ${JSON.stringify(v)}`)
            process.exit(2)
        }
        return n
    }
    const only = new Set<Phase>()
    for (const p of (o.only ?? PHASES.join(',')).split(',').map((s: string) => s.trim()).filter(Boolean)) {
        if (!(PHASES as readonly string[]).includes(p)) {
            console.error(`--only: unknown phase ${JSON.stringify(p)}; phases: ${PHASES.join(', ')}`)
            process.exit(2)
        }
        only.add(p as Phase)
    }
    return {
        quick,
        sparseBlocks: int(o.sparseBlocks, quick ? 3000 : 100_000, '--sparse-blocks'),
        denseEvents: int(o.denseEvents, quick ? 40_000 : 1_000_000, '--dense-events'),
        gqlSeconds: int(o.gqlSeconds, quick ? 3 : 15, '--gql-seconds'),
        gqlConcurrency: int(o.gqlConcurrency, 8, '--gql-concurrency'),
        heads: int(o.heads, quick ? 8 : 40, '--heads'),
        only,
        profile: !!o.profile,
        recordRounds: int(o.recordRounds, 1, '--record-rounds'),
        keepDb: !!o.keepDb,
        ingestRounds: int(o.ingestRounds, quick ? 3 : 1, '--ingest-rounds'),
        rpcSplitSize: o.rpcSplitSize == null ? undefined : int(o.rpcSplitSize, 10, '--rpc-split-size'),
        out: path.resolve(o.out),
    }
}

/** Events served in heights (from, to], from prefix sums over the chain. */
function eventCounter(chain: SyntheticChain): (from: number, to: number) => number {
    const prefix = [0]
    return (from, to) => {
        for (let h = prefix.length - 1; h <= to; h++) prefix.push(prefix[h] + chain.eventCountAt(h))
        return prefix[to + 1] - prefix[from + 1]
    }
}

/** The CPU a process spent per 1,000 events, for a progress line. */
function cpuText(ms: number | undefined): string {
    return ms == null ? '' : `CPU ${ms.toFixed(1)} ms per 1,000 events, `
}

function processorArgs(opts: Options, label: string, script = 'lib/main.js'): string[] {
    // Started as `pop-squid run` starts it (its heap limit), so its memory is the production figure.
    const args = [...processorNodeFlags(process.env), ...(opts.rpcSplitSize == null ? [] : ['-r', path.join(__dirname, 'split-size-hook.js')])]
    if (!opts.profile) return [...args, script]
    const dir = path.join(CACHE_DIR, 'profiles')
    fs.mkdirSync(dir, {recursive: true})
    return [...args, '-r', path.join(__dirname, 'exit-hook.js'), '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${label}-${Date.now()}.cpuprofile`, script]
}

/** Stops a profiled process so that it writes its profile, and prints the profile's top functions. */
async function stopProfiled(proc: BenchProcess, opts: Options, label: string, results: Record<string, unknown>): Promise<void> {
    if (!opts.profile) return proc.stop()
    proc.proc.kill('SIGUSR2')
    for (let i = 0; i < 600 && proc.isRunning; i++) await sleep(100)
    await proc.stop()
    const dir = path.join(CACHE_DIR, 'profiles')
    const files = fs.readdirSync(dir).filter((f) => f.startsWith(label + '-')).sort()
    if (files.length == 0) {
        log(`${label}: no CPU profile was written`)
        return
    }
    const file = path.join(dir, files[files.length - 1])
    const s = summarizeProfile(file, 20)
    log(`${label}: CPU profile ${path.relative(PROJECT_DIR, file)} (${(s.total / 1000).toFixed(1)} s sampled)`)
    for (const p of s.byPackage.slice(0, 10)) console.log(`    ${p.pct.toFixed(1).padStart(5)}%  ${p.pkg}`)
    console.log('    top functions (self time):')
    for (const r of s.rows.slice(0, 15)) console.log(`    ${r.pct.toFixed(1).padStart(5)}%  ${r.fn}  ${r.where}`)
    ;(results.profiles as Record<string, unknown>)[label] = {file: path.relative(PROJECT_DIR, file), byPackage: s.byPackage, top: s.rows}
}

function processorEnv(db: BenchDatabase, rpc: BenchRpcServer, extra: Record<string, string> = {}): Record<string, string> {
    return {...db.env, CHAIN: 'custom', CHAIN_ID, PARA_ID: '4001', RPC_ENDPOINT: rpc.wsUrl, FINALITY_CONFIRMATION: String(FINALITY_CONFIRMATION), PROMETHEUS_PORT: '0', ...splitEnv(), ...extra}
}

let splitSize: number | undefined
function splitEnv(): Record<string, string> {
    return splitSize == null ? {} : {BENCH_RPC_SPLIT_SIZE: String(splitSize)}
}

/** Checks that the processor wrote exactly the blocks and events served up to `height`. */
async function verifyIngest(client: Client, chain: SyntheticChain, height: number, events: (a: number, b: number) => number): Promise<void> {
    const {rows: [b]} = await client.query(`SELECT count(*)::int AS n FROM block WHERE chain = $1 AND height <= $2`, [CHAIN_ID, height])
    const {rows: [e]} = await client.query(`SELECT count(*)::int AS n FROM event WHERE chain = $1 AND block_height <= $2`, [CHAIN_ID, height])
    const want = events(-1, height)
    if (b.n != height + 1 || e.n != want) {
        throw new Error(`ingest check failed: the database has ${b.n} blocks and ${e.n} events up to #${height}, the chain served ${height + 1} and ${want}`)
    }
}

async function ingest(label: string, chain: SyntheticChain, rpc: BenchRpcServer, db: BenchDatabase, opts: Options, results: Record<string, unknown>, env: Record<string, string> = {}): Promise<{proc: BenchProcess, result: IngestResult}> {
    const client = await db.connect()
    const events = eventCounter(chain)
    const proc = BenchProcess.node(`processor (${label})`, processorArgs(opts, label), processorEnv(db, rpc, env))
    try {
        log(`${label}: indexing ${chain.height + 1} blocks, ${events(-1, chain.height)} events with the project's processor (lib/main.js)`)
        const result = await timeIngest({
            proc, client, heightSql: `SELECT max(height) AS h FROM block`, target: chain.height, eventsIn: events,
            label, progress: log, timeoutMs: 3 * 3600_000,
        })
        await verifyIngest(client, chain, chain.height, events)
        log(`${label}: ${result.blocksPerS.toFixed(0)} blocks/s, ${result.eventsPerS.toFixed(0)} events/s over ${result.seconds.toFixed(1)} s (${result.wallSeconds.toFixed(1)} s with start-up), ${cpuText(result.cpuMsPer1kEvents)}peak RSS ${result.peakRssMb} MiB; database checked: every block and event is there`)
        return {proc, result}
    } catch (err) {
        await proc.stop()
        throw err
    } finally {
        await client.end()
    }
}

async function spawnApi(db: BenchDatabase, rpc: BenchRpcServer): Promise<{proc: BenchProcess, url: string, backendUrl?: string, metricsUrl: string}> {
    const port = await findFreePort()
    const healthPort = await findFreePort()
    const proc = BenchProcess.node('GraphQL server', ['lib/cli/index.js', 'serve'], {
        ...db.env, CHAIN: 'custom', CHAIN_ID, RPC_ENDPOINT: rpc.wsUrl, GQL_PORT: String(port), GQL_RATE_LIMIT: '0',
        HEALTH_PORT: String(healthPort), HEALTH_HOST: '127.0.0.1',
    })
    const url = `http://127.0.0.1:${port}/graphql`
    const agent = new http.Agent({keepAlive: false})
    const deadline = Date.now() + 60_000
    while (true) {
        proc.assertRunning()
        try {
            const res = await post(new URL(url), agent, '{"query":"{__typename}"}')
            if (res.status == 200) break
        } catch {}
        if (Date.now() > deadline) throw new Error(`the GraphQL server did not answer within 60 s:\n${proc.tail()}`)
        await sleep(250)
    }
    // The GraphQL server itself, behind the front server (which checks each request and proxies it).
    const backend = /GraphQL server \(pid \d+\) ready on (127\.0\.0\.1:\d+)/.exec(proc.output)
    return {proc, url, backendUrl: backend ? `http://${backend[1]}/graphql` : undefined, metricsUrl: `http://127.0.0.1:${healthPort}/metrics`}
}

async function gqlOnce(url: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query, variables})})
    const body: any = await res.json()
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`)
    return body.data
}

/** From a new head announced by the RPC server to its block answering in GraphQL. */
async function headLatency(rpc: BenchRpcServer, recording: Recording, url: string, count: number): Promise<{p50: number, p95: number, max: number, samples: number[]}> {
    const sources = [...recording.groups.transfers, ...recording.groups.contracts, ...recording.groups.transfer].map((r) => r[0])
    const samples: number[] = []
    const agent = new http.Agent({keepAlive: true, maxSockets: 1})
    const u = new URL(url)
    try {
        for (let i = 0; i < count; i++) {
            await sleep(300 + Math.random() * 700)
            const height = rpc.newHead(sources[i % sources.length])
            const t0 = performance.now()
            const body = JSON.stringify({query: `{ blocks(where: {chain_eq: "${CHAIN_ID}", height_eq: ${height}}, limit: 1) { height } }`})
            while (true) {
                const res = await post(u, agent, body)
                if (res.status == 200 && res.body.includes(`"height":${height}`)) break
                if (res.body.includes('"errors"')) throw new Error(`head latency query failed: ${res.body.slice(0, 300)}`)
                if (performance.now() - t0 > 30_000) throw new Error(`block #${height} was not in GraphQL 30 s after its head was announced`)
                await sleep(5)
            }
            samples.push(performance.now() - t0)
        }
    } finally {
        agent.destroy()
    }
    const sorted = [...samples].sort((a, b) => a - b)
    return {p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], samples: samples.map((s) => Math.round(s))}
}

interface QuerySpec {
    name: string
    make: () => {query: string, variables?: Record<string, unknown>}
}

/** GraphQL queries so far, by who answered them (src/api/direct.ts): the front server itself, or the GraphQL server. */
async function whoAnswered(metricsUrl: string): Promise<{front: number, backend: number}> {
    const text = await (await fetch(metricsUrl)).text()
    const count = (outcome: string) => Number(new RegExp(`pop_squid_api_direct_queries_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0)
    return {front: count('answered'), backend: count('passed') + count('retried')}
}

async function graphqlLoad(url: string, client: Client, opts: Options, results: Record<string, unknown>, metricsUrl: string, backendUrl?: string): Promise<Record<string, LoadResult & {query: string, front: number}>> {
    const {rows: [{h}]} = await client.query(`SELECT max(height)::int AS h FROM block WHERE chain = $1`, [CHAIN_ID])
    const {rows: ids} = await client.query(`SELECT id FROM extrinsic WHERE chain = $1 AND signer_id IS NOT NULL ORDER BY random() LIMIT 500`, [CHAIN_ID])
    if (ids.length == 0) throw new Error('no signed extrinsics to query by id')
    const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]
    const fields: string[] = (await gqlOnce(url, `{ __type(name: "Query") { fields { name } } }`)).__type.fields.map((f: any) => f.name)
    const analytics = fields.includes('activitySeries') && fields.includes('topContracts')
    const monthAgo = new Date(Date.now() - 30 * DAY_MS).toISOString()
    const specs: QuerySpec[] = [
        {name: 'list', make: () => ({
            query: `query($h: Int!) { events(where: {chain_eq: "${CHAIN_ID}", name_eq: "Balances.Transfer", blockHeight_lt: $h}, orderBy: blockHeight_DESC, limit: 20) { id blockHeight timestamp name args extrinsic { hash success signer { address } } } }`,
            variables: {h: Math.floor(h / 2 + Math.random() * h / 2)},
        })},
        {name: 'byid', make: () => ({
            query: `query($id: String!) { extrinsicById(id: $id) { id blockHeight callName success fee tip error: errorName signer { address publicKey } block { height hash timestamp } events(orderBy: index_ASC, limit: 20) { index name args } } }`,
            variables: {id: pick(ids).id},
        })},
        {name: 'connection', make: () => ({
            query: `query($h: Int!) { eventsConnection(where: {chain_eq: "${CHAIN_ID}", name_eq: "Contracts.ContractEmitted", blockHeight_gt: $h}, orderBy: id_ASC, first: 20) { totalCount edges { node { id blockHeight args } } pageInfo { hasNextPage endCursor } } }`,
            variables: {h: Math.floor(Math.random() * h / 2)},
        })},
        analytics
            ? {name: 'series', make: () => ({query: `{ activitySeries(chain: "${CHAIN_ID}") { bucket blocks extrinsics failedExtrinsics events } }`})}
            : {name: 'series', make: () => ({query: `{ counterpartStats(where: {chain_eq: "${CHAIN_ID}", counterpart_eq: "relay", period_eq: day, start_gte: "${monthAgo}"}, orderBy: start_ASC, limit: 31) { start messagesIn messagesOut valueIn valueOut } }`})},
        analytics
            ? {name: 'topn', make: () => ({query: `{ topContracts(chain: "${CHAIN_ID}", limit: 10) { contract calls events failures } }`})}
            : {name: 'topn', make: () => ({query: `{ counterpartChains(where: {chain_eq: "${CHAIN_ID}"}, orderBy: messagesIn_DESC, limit: 10) { counterpart messagesIn messagesOut valueIn valueOut } }`})},
    ]
    results.gql_series_query = analytics ? 'activitySeries' : 'counterpartStats'
    results.gql_topn_query = analytics ? 'topContracts' : 'counterpartChains'
    const out: Record<string, LoadResult & {query: string, front: number}> = {}
    for (const spec of specs) {
        const sample = spec.make()
        const data = await gqlOnce(url, sample.query, sample.variables)
        const first = Object.values(data)[0] as any
        const size = Array.isArray(first) ? first.length : first?.edges ? first.edges.length : first ? 1 : 0
        if (size == 0) throw new Error(`GraphQL ${spec.name}: the query answered nothing; it would measure an empty answer: ${sample.query}`)
        const before = await whoAnswered(metricsUrl)
        const r = await runLoad(url, spec.make, {concurrency: opts.gqlConcurrency, seconds: opts.gqlSeconds, warmupSeconds: opts.quick ? 1 : 3})
        if (r.errors > 0) throw new Error(`GraphQL ${spec.name}: ${r.errors} of ${r.requests} requests failed; first: ${r.firstError}`)
        // The share of this load's requests (warm-up included) the front server answered itself.
        const after = await whoAnswered(metricsUrl)
        const front = (after.front - before.front) / Math.max(1, after.front - before.front + after.backend - before.backend)
        out[spec.name] = {...r, query: sample.query, front}
        log(`GraphQL ${spec.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.requests} requests, ${opts.gqlConcurrency} clients; ${front == 1 ? 'all' : front == 0 ? 'none' : `${(front * 100).toFixed(0)}%`} answered by the front server itself)`)
        if (backendUrl && (spec.name == 'list' || spec.name == 'byid')) {
            // The same load on the GraphQL server alone (what answers whatever the front server does
            // not answer itself, src/api/direct.ts): what the front server's own execution gains.
            const d = await runLoad(backendUrl, spec.make, {concurrency: opts.gqlConcurrency, seconds: opts.gqlSeconds, warmupSeconds: opts.quick ? 1 : 3})
            if (d.errors > 0) throw new Error(`GraphQL ${spec.name} (GraphQL server alone): ${d.errors} of ${d.requests} requests failed; first: ${d.firstError}`)
            out[`${spec.name}_backend`] = {...d, query: sample.query, front: 0}
            log(`GraphQL ${spec.name}, on the GraphQL server alone: ${d.rps.toFixed(0)} req/s, p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms`)
        }
    }
    return out
}

function machine(): Record<string, unknown> {
    const cpus = os.cpus()
    return {cpu_model: cpus[0]?.model, cores: cpus.length, memory_gib: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, node: process.version, platform: `${os.platform()} ${os.release()}`}
}

function commit(): {commit?: string, dirty?: boolean} {
    try {
        const commit = execFileSync('git', ['rev-parse', 'HEAD'], {cwd: PROJECT_DIR, encoding: 'utf8'}).trim()
        const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'schema.graphql', 'db'], {cwd: PROJECT_DIR, encoding: 'utf8'}).trim() != ''
        return {commit, dirty}
    } catch {
        return {}
    }
}

async function pgVersion(): Promise<string | undefined> {
    const db = new Client({host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 5432), user: process.env.DB_USER ?? 'postgres', password: process.env.DB_PASS ?? 'postgres', database: 'postgres'})
    try {
        await db.connect()
        return (await db.query('SHOW server_version')).rows[0].server_version
    } catch {
        return undefined
    } finally {
        await db.end().catch(() => {})
    }
}

const TARGETS: {field: string, label: string, op: '>=' | '<=' | '<', value: number | ((r: any) => number | undefined), unit: string}[] = [
    {field: 'ingest_dense_events_per_s', label: 'dense ingest', op: '>=', value: 10_000, unit: 'events/s'},
    {field: 'ingest_dense_events_per_s', label: 'dense ingest vs raw INSERT', op: '>=', value: (r) => r.pg_insert_events_per_s == null ? undefined : 0.6 * r.pg_insert_events_per_s, unit: 'events/s'},
    {field: 'ingest_dense_events_per_s', label: 'dense ingest vs peer squid', op: '>=', value: (r) => r.peer_events_per_s ?? undefined, unit: 'events/s'},
    {field: 'reconcile_cost', label: 'reconciliation cost (dense)', op: '<=', value: 0.1, unit: '(share of dense ingest time)'},
    {field: 'ingest_sparse_blocks_per_s', label: 'sparse ingest', op: '>=', value: 1000, unit: 'blocks/s'},
    {field: 'processor_rss_peak_mb', label: 'processor peak RSS', op: '<=', value: 1024, unit: 'MiB'},
    {field: 'head_latency_p95_ms', label: 'head latency p95', op: '<=', value: 1500, unit: 'ms'},
    {field: 'gql_list_rps', label: 'GraphQL list', op: '>=', value: 1000, unit: 'req/s'},
    {field: 'gql_list_p95_ms', label: 'GraphQL list p95', op: '<', value: 50, unit: 'ms'},
    {field: 'gql_byid_rps', label: 'GraphQL by id', op: '>=', value: 1000, unit: 'req/s'},
    {field: 'gql_byid_p95_ms', label: 'GraphQL by id p95', op: '<', value: 50, unit: 'ms'},
    {field: 'gql_connection_p95_ms', label: 'GraphQL connection p95', op: '<', value: 100, unit: 'ms'},
    {field: 'gql_series_p95_ms', label: 'GraphQL 30-day series p95', op: '<', value: 50, unit: 'ms'},
]

function targetRows(r: Record<string, any>): {label: string, field: string, value?: number, target?: number, op: string, unit: string, met?: boolean}[] {
    return TARGETS.map((t) => {
        const value = r[t.field]
        const target = typeof t.value == 'function' ? t.value(r) : t.value
        const met = value == null || target == null ? undefined : t.op == '>=' ? value >= target : t.op == '<=' ? value <= target : value < target
        return {label: t.label, field: t.field, value, target, op: t.op, unit: t.unit, met}
    })
}

function printTable(r: Record<string, any>): void {
    const fmt = (v: unknown) => v == null ? '-' : typeof v == 'number' ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1)) : String(v)
    const rows: [string, string][] = [
        ['sparse chain', `${fmt(r.sparse_blocks)} blocks, ${fmt(r.sparse_events)} events`],
        ['dense chain', `${fmt(r.dense_blocks)} blocks, ${fmt(r.dense_events)} events`],
        ['ingest_sparse_blocks_per_s', fmt(r.ingest_sparse_blocks_per_s)],
        ['ingest_dense_events_per_s', fmt(r.ingest_dense_events_per_s)],
        ['ingest_dense_unreconciled_events_per_s', fmt(r.ingest_dense_unreconciled_events_per_s)],
        ['reconcile_cost / adjustments', `${r.reconcile_cost == null ? '-' : (100 * r.reconcile_cost).toFixed(1) + '%'} / ${fmt(r.dense_adjustments)}`],
        ['processor_rss_peak_mb', fmt(r.processor_rss_peak_mb)],
        ['cpu ms per 1,000 dense events: processor / peer', `${fmt(r.processor_cpu_ms_per_1k_events)} / ${fmt(r.peer_cpu_ms_per_1k_events)}`],
        ['pg_insert_rows_per_s', fmt(r.pg_insert_rows_per_s)],
        ['pg_copy_rows_per_s', fmt(r.pg_copy_rows_per_s)],
        ['pg_insert_events_per_s (same rows)', fmt(r.pg_insert_events_per_s)],
        ['peer_events_per_s', fmt(r.peer_events_per_s)],
        ['head_latency_p50_ms / p95', `${fmt(r.head_latency_p50_ms)} / ${fmt(r.head_latency_p95_ms)}`],
    ]
    for (const q of ['list', 'list_backend', 'byid', 'byid_backend', 'connection', 'series', 'topn']) {
        if (r[`gql_${q}_rps`] != null) rows.push([`gql_${q} req/s, p50/p95/p99 ms`, `${fmt(r[`gql_${q}_rps`])}, ${fmt(r[`gql_${q}_p50_ms`])} / ${fmt(r[`gql_${q}_p95_ms`])} / ${fmt(r[`gql_${q}_p99_ms`])}`])
    }
    const w = Math.max(...rows.map(([k]) => k.length))
    console.log('\nResults')
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`)
    console.log('\nTargets')
    for (const t of targetRows(r)) {
        const mark = t.met == null ? 'n/a ' : t.met ? 'met ' : 'MISS'
        console.log(`  ${mark}  ${t.label.padEnd(28)} ${fmt(t.value).padStart(10)} ${t.op} ${fmt(t.target)} ${t.unit}`)
    }
}

async function main(): Promise<void> {
    const opts = parseOptions(process.argv.slice(2))
    splitSize = opts.rpcSplitSize
    const results: Record<string, any> = {
        date: new Date().toISOString(),
        mode: opts.quick ? 'quick' : 'full',
        // Without --rpc-split-size: the library's split size as the project patches it.
        rpc_split_size: opts.rpcSplitSize ?? 100,
        ...commit(),
        machine: machine(),
        profiles: {},
    }
    results.postgres = await pgVersion()
    const spec = process.env.LOCAL_CHAIN_SPEC ?? path.resolve(PROJECT_DIR, '../shared/chain-specs/pop-paseo.raw.json')
    const cacheFile = path.join(CACHE_DIR, `recording-r${opts.recordRounds}.json`)
    const {recording, cached} = await loadOrRecord(cacheFile, {spec, rounds: opts.recordRounds, log})
    log(`${cached ? 'using the cached recording' : 'recorded'} ${path.relative(PROJECT_DIR, cacheFile)}: ${recording.blocks.length} real blocks of ${recording.specName} spec ${recording.specVersion}`)
    results.recording = {blocks: recording.blocks.length, spec: `${recording.specName}/${recording.specVersion}`, recorded_at: recording.recordedAt,
        patterns: Object.fromEntries(Object.entries(recording.groups).map(([k, v]) => [k, v.length]))}

    const interrupted = () => {
        log('interrupted: dropping the databases')
        // Connections still open to them are cut: their errors are expected now.
        process.on('uncaughtException', () => {})
        process.on('unhandledRejection', () => {})
        dropAll().finally(() => process.exit(130))
    }
    process.once('SIGINT', interrupted)
    process.once('SIGTERM', interrupted)
    let peak = 0
    try {
        if (opts.only.has('sparse')) {
            const chain = new SyntheticChain(recording, planChain(recording, 'sparse', {blocks: opts.sparseBlocks}), {endMs: Date.now(), intervalMs: 6000})
            results.sparse_blocks = chain.height + 1
            results.sparse_events = chain.eventCount
            const rpc = await BenchRpcServer.start(chain)
            const db = await BenchDatabase.create('sparse', true)
            try {
                const {proc, result} = await ingest('sparse', chain, rpc, db, opts, results)
                await stopProfiled(proc, opts, 'sparse', results)
                results.ingest_sparse_blocks_per_s = result.blocksPerS
                results.ingest_sparse_events_per_s = result.eventsPerS
                results.ingest_sparse_seconds = result.seconds
                results.processor_rss_peak_mb_sparse = result.peakRssMb
                peak = Math.max(peak, result.peakRssMb ?? 0)
                noteMisses(rpc, results, 'sparse')
            } finally {
                await db.drop()
                await rpc.stop()
            }
        }
        if (['dense', 'reconcile', 'head', 'gql', 'pg', 'peer'].some((p) => opts.only.has(p as Phase))) {
            // A month and a bit of history, ending now: the daily series have 30 days to show.
            const plan = planChain(recording, 'dense', {events: opts.denseEvents})
            const chain = new SyntheticChain(recording, plan, {endMs: Date.now() - 60_000, intervalMs: Math.max(6000, Math.floor(32 * DAY_MS / plan.length))})
            results.dense_blocks = chain.height + 1
            results.dense_events = chain.eventCount
            results.dense_extrinsics = chain.extrinsicCount
            const rpc = await BenchRpcServer.start(chain)
            try {
                let denseRound: IngestResult | undefined
                if (['dense', 'head', 'gql', 'pg'].some((p) => opts.only.has(p as Phase))) {
                    const db = await BenchDatabase.create('dense', true)
                    try {
                        const {proc, result} = await ingest('dense', chain, rpc, db, opts, results)
                        denseRound = result
                        results.ingest_dense_events_per_s = result.eventsPerS
                        results.ingest_dense_blocks_per_s = result.blocksPerS
                        results.ingest_dense_seconds = result.seconds
                        results.processor_rss_peak_mb_dense = result.peakRssMb
                        results.processor_cpu_ms_per_1k_events = result.cpuMsPer1kEvents
                        peak = Math.max(peak, result.peakRssMb ?? 0)
                        {
                            const c = await db.connect()
                            const {rows: [a]} = await c.query(`SELECT count(*)::int AS n FROM transfer WHERE kind = 'ADJUSTMENT'`).finally(() => c.end())
                            results.dense_adjustments = a.n
                        }
                        let api: {proc: BenchProcess, url: string, backendUrl?: string, metricsUrl: string} | undefined
                        try {
                            if (opts.only.has('head') || opts.only.has('gql')) {
                                // Fresh planner statistics and visibility map, as autovacuum would have made them
                                // by now on a long-running database (a bulk load leaves the statistics describing
                                // empty tables, and counts reading every row from the heap).
                                const c = await db.connect()
                                await c.query('VACUUM (ANALYZE)').finally(() => c.end())
                                api = await spawnApi(db, rpc)
                                log(`GraphQL server up on the dense database (${result.events} events); the processor keeps following the chain`)
                            }
                            if (opts.only.has('head')) {
                                log(`head latency: ${opts.heads} new heads, each from announcement to its block answering in GraphQL`)
                                const h = await headLatency(rpc, recording, api!.url, opts.heads)
                                results.head_latency_p50_ms = h.p50
                                results.head_latency_p95_ms = h.p95
                                results.head_latency_max_ms = h.max
                                results.head_latency_samples_ms = h.samples
                                log(`head latency: p50 ${h.p50.toFixed(0)} ms, p95 ${h.p95.toFixed(0)} ms, max ${h.max.toFixed(0)} ms`)
                            }
                            if (opts.only.has('gql')) {
                                const client = await db.connect()
                                // The indexer keeps running: a new head every 2 s during the load.
                                const heads = setInterval(() => rpc.newHead(recording.groups.transfer[0][0]), 2000)
                                try {
                                    const {rows: [{n}]} = await client.query(`SELECT count(*)::int AS n FROM event`)
                                    results.gql_database_events = n
                                    const load = await graphqlLoad(api!.url, client, opts, results, api!.metricsUrl, api!.backendUrl)
                                    for (const [name, r] of Object.entries(load)) {
                                        results[`gql_${name}_rps`] = r.rps
                                        results[`gql_${name}_p50_ms`] = r.p50
                                        results[`gql_${name}_p95_ms`] = r.p95
                                        results[`gql_${name}_p99_ms`] = r.p99
                                        results[`gql_${name}_requests`] = r.requests
                                        results[`gql_${name}_front_share`] = r.front
                                    }
                                    results.gql_concurrency = opts.gqlConcurrency
                                    results.gql_seconds = opts.gqlSeconds
                                    results.gql_queries = Object.fromEntries(Object.entries(load).map(([k, v]) => [k, v.query]))
                                } finally {
                                    clearInterval(heads)
                                    await client.end()
                                }
                            }
                        } finally {
                            await api?.proc.stop()
                            peak = Math.max(peak, proc.peakRssMb() ?? 0)
                            await stopProfiled(proc, opts, 'dense', results)
                        }
                        if (opts.only.has('pg')) {
                            log('raw writes: the rows the processor wrote, again into fresh databases with multi-row INSERT and with COPY')
                            const insertDb = await BenchDatabase.create('insert', true)
                            const copyDb = await BenchDatabase.create('copy', true)
                            const [source, ins, cp] = await Promise.all([db.connect(), insertDb.connect(), copyDb.connect()])
                            try {
                                const raw: RawWriteResult = await rawWrites(source, ins, cp, log)
                                results.pg_rows = raw.rows
                                results.pg_rows_per_table = raw.perTable
                                results.pg_insert_seconds = raw.insertSeconds
                                results.pg_copy_seconds = raw.copySeconds
                                results.pg_insert_rows_per_s = raw.insertRowsPerS
                                results.pg_copy_rows_per_s = raw.copyRowsPerS
                                const {rows: [{n}]} = await source.query(`SELECT count(*)::int AS n FROM event`)
                                results.pg_insert_events_per_s = n / raw.insertSeconds
                                results.pg_copy_events_per_s = n / raw.copySeconds
                                results.ingest_vs_insert = results.ingest_dense_events_per_s / results.pg_insert_events_per_s
                                log(`raw writes: ${raw.rows} rows in ${raw.tables} tables: INSERT ${raw.insertRowsPerS.toFixed(0)} rows/s (${raw.insertSeconds.toFixed(1)} s), COPY ${raw.copyRowsPerS.toFixed(0)} rows/s (${raw.copySeconds.toFixed(1)} s)`)
                            } finally {
                                await Promise.all([source.end(), ins.end(), cp.end()])
                                await insertDb.drop()
                                await copyDb.drop()
                            }
                        }
                    } finally {
                        if (opts.keepDb) {
                            db.keep()
                            log(`kept the dense database ${db.name} (--keep-db); drop it with: DROP DATABASE "${db.name}"`)
                        } else {
                            await db.drop()
                        }
                    }
                }
                const rounds: Record<'dense' | 'unreconciled' | 'peer', IngestResult[]> = {dense: [], unreconciled: [], peer: []}
                if (denseRound) rounds.dense.push(denseRound)
                if (opts.only.has('reconcile')) rounds.unreconciled.push(await unreconciledIngest(chain, rpc, opts, results))
                if (opts.only.has('peer')) rounds.peer.push(await peerIngest(chain, rpc, opts, results))
                // More rounds of the compared ingests, interleaved, into databases of their own: a
                // short window's rate moves with whatever else the machine runs, so each figure is a median.
                for (let round = 2; round <= opts.ingestRounds; round++) {
                    if (denseRound) {
                        const db = await BenchDatabase.create('dense', true)
                        try {
                            const {proc, result} = await ingest(`dense (round ${round})`, chain, rpc, db, opts, results)
                            await proc.stop()
                            rounds.dense.push(result)
                            peak = Math.max(peak, result.peakRssMb ?? 0)
                        } finally {
                            await db.drop()
                        }
                    }
                    if (opts.only.has('reconcile')) rounds.unreconciled.push(await unreconciledIngest(chain, rpc, opts, results, round))
                    if (opts.only.has('peer')) rounds.peer.push(await peerIngest(chain, rpc, opts, results, round))
                }
                if (rounds.dense.length) {
                    results.ingest_dense_events_per_s = median(rounds.dense.map((r) => r.eventsPerS))
                    results.processor_cpu_ms_per_1k_events = median(rounds.dense.map((r) => r.cpuMsPer1kEvents))
                    if (rounds.dense.length > 1) results.ingest_dense_rounds = rounds.dense.map((r) => Math.round(r.eventsPerS))
                }
                if (rounds.unreconciled.length) {
                    results.ingest_dense_unreconciled_events_per_s = median(rounds.unreconciled.map((r) => r.eventsPerS))
                    if (rounds.unreconciled.length > 1) results.ingest_dense_unreconciled_rounds = rounds.unreconciled.map((r) => Math.round(r.eventsPerS))
                    if (results.ingest_dense_events_per_s != null) {
                        results.reconcile_cost = 1 - results.ingest_dense_events_per_s / results.ingest_dense_unreconciled_events_per_s
                        log(`reconcile: dense ingest ${results.ingest_dense_unreconciled_events_per_s.toFixed(0)} events/s without the comparison with storage, ${results.ingest_dense_events_per_s.toFixed(0)} with it: cost ${(100 * results.reconcile_cost).toFixed(1)}% (${results.dense_adjustments} adjustments written)`)
                    }
                }
                if (rounds.peer.length) {
                    results.peer_events_per_s = median(rounds.peer.map((r) => r.eventsPerS))
                    results.peer_blocks_per_s = median(rounds.peer.map((r) => r.blocksPerS))
                    results.peer_rss_peak_mb = Math.max(...rounds.peer.map((r) => r.peakRssMb ?? 0)) || undefined
                    results.peer_cpu_ms_per_1k_events = median(rounds.peer.map((r) => r.cpuMsPer1kEvents))
                    if (rounds.peer.length > 1) results.peer_rounds = rounds.peer.map((r) => Math.round(r.eventsPerS))
                }
                if (opts.ingestRounds > 1 && rounds.dense.length && rounds.peer.length) {
                    log(`dense ingest over ${opts.ingestRounds} rounds: processor ${rounds.dense.map((r) => r.eventsPerS.toFixed(0)).join(', ')} events/s, peer ${rounds.peer.map((r) => r.eventsPerS.toFixed(0)).join(', ')}: medians ${results.ingest_dense_events_per_s.toFixed(0)} and ${results.peer_events_per_s.toFixed(0)}`)
                }
                noteMisses(rpc, results, 'dense')
            } finally {
                await rpc.stop()
            }
        }
    } finally {
        await dropAll()
    }
    if (peak > 0) results.processor_rss_peak_mb = peak
    results.targets = targetRows(results)
    results.duration_s = Math.round((Date.now() - started) / 1000)
    if (Object.keys(results.profiles).length == 0) delete results.profiles
    fs.mkdirSync(path.dirname(opts.out), {recursive: true})
    fs.writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n')
    printTable(results)
    log(`wrote ${path.relative(process.cwd(), opts.out)}`)
}

/** The dense chain again with the batch comparison of balances with storage turned off: its cost is the difference. */
async function unreconciledIngest(chain: SyntheticChain, rpc: BenchRpcServer, opts: Options, results: Record<string, unknown>, round = 1): Promise<IngestResult> {
    const db = await BenchDatabase.create('unreconciled', true)
    try {
        const label = round == 1 ? 'dense-unreconciled' : `dense-unreconciled (round ${round})`
        const {proc, result} = await ingest(label, chain, rpc, db, opts, results, {RECONCILE_BALANCES: 'off'})
        if (round == 1) await stopProfiled(proc, opts, 'dense-unreconciled', results)
        else await proc.stop()
        return result
    } finally {
        await db.drop()
    }
}

/** The template-style peer squid on the dense chain, into a database of its own. */
async function peerIngest(chain: SyntheticChain, rpc: BenchRpcServer, opts: Options, results: Record<string, unknown>, round = 1): Promise<IngestResult> {
    const db = await BenchDatabase.create('peer', false)
    const client = await db.connect()
    await client.query(BENCH_EVENT_DDL)
    const events = eventCounter(chain)
    const label = round == 1 ? 'peer' : `peer (round ${round})`
    const peer = BenchProcess.node('peer squid', processorArgs(opts, 'peer', path.join(__dirname, 'peer/main.js')), {
        ...db.env, RPC_ENDPOINT: rpc.wsUrl, FINALITY_CONFIRMATION: String(FINALITY_CONFIRMATION), ...splitEnv(),
    })
    try {
        log(`${label}: a template-style squid (one row per event, no domain logic) on the same ${chain.height + 1} blocks`)
        const r = await timeIngest({proc: peer, client, heightSql: 'SELECT max(block_number) AS h FROM bench_event', target: chain.height,
            eventsIn: events, label, progress: log, timeoutMs: 3 * 3600_000})
        const {rows: [{n}]} = await client.query('SELECT count(*)::int AS n FROM bench_event')
        if (n != events(-1, chain.height)) throw new Error(`peer check failed: ${n} event rows, the chain served ${events(-1, chain.height)}`)
        log(`${label}: ${r.eventsPerS.toFixed(0)} events/s, ${r.blocksPerS.toFixed(0)} blocks/s, ${cpuText(r.cpuMsPer1kEvents)}peak RSS ${r.peakRssMb} MiB`)
        return r
    } finally {
        if (round == 1) await stopProfiled(peer, opts, 'peer', results)
        else await peer.stop()
        await client.end()
        await db.drop()
    }
}

/** The median of the figures given (undefined ones left out). */
function median(values: (number | undefined)[]): number | undefined {
    const v = values.filter((x): x is number => x != null).sort((a, b) => a - b)
    if (v.length == 0) return undefined
    return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2
}

function noteMisses(rpc: BenchRpcServer, results: Record<string, any>, label: string): void {
    if (rpc.storageMisses.size == 0) return
    results[`rpc_storage_misses_${label}`] = Object.fromEntries(rpc.storageMisses)
    const keys = [...rpc.storageMisses.keys()]
    const asked = [...rpc.storageMisses.values()].reduce((a, b) => a + b, 0)
    log(`${label}: the indexer asked ${asked} times for ${keys.length} storage keys the recording does not have (answered null; all in the results), e.g. ${keys.slice(0, 2).map((k) => k.slice(0, 66) + (k.length > 66 ? '…' : '')).join(', ')}`)
}

main().then(() => process.exit(0), async (err) => {
    console.error(`bench failed: ${err instanceof Error ? err.stack ?? err.message : err}`)
    await dropAll()
    process.exit(1)
})
