import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {loadApiSettings, loadCommandSettings, loadConfig, processorNodeFlags} from '../config/env'
import {applyMigrations, canConnect, ensureDatabase, PROJECT_DIR} from '../db/migrate'
import {LocalChain} from '../localchain/chopsticks'
import {buildDemoActivity, DemoActivity} from '../localchain/demo'
import {demoInkAbi} from '../localchain/contracts/demo-abi'
import {redecode, registerAbi} from '../admin/abi-admin'
import {findFreePort} from '../localchain/ports'
import {Scenario} from '../localchain/scenarios'
import {readProcessorState} from '../status'
import {PROCESSOR_SCRIPT, startChild, stopChild} from './children'
import {startApi} from './api'
import {startEmbeddedPostgres} from './embedded-postgres'
import {devChainDbFile, markDevStopped, readDevState, writeDevState} from './dev-state'
import {ProgressView} from './progress-view'
import {Client} from 'pg'

export interface DevOptions {
    spec?: string
    fork?: string
    chainPort?: number
    activity: boolean
    exitWhenSynced?: boolean
    verbose?: boolean
    /** Resume the previous run's chain (saved by chopsticks) and keep its indexed data. */
    keep?: boolean
}

/**
 * `pop-squid dev`: a local Pop chain, some activity on it, the processor and the GraphQL API,
 * all on this machine; stops everything on Ctrl-C.
 */
export async function runDev(opts: DevOptions): Promise<void> {
    const say = (msg: string) => console.log(`[dev] ${msg}`)
    const stops: (() => Promise<unknown>)[] = []
    let stopping = false
    const stopAll = async () => {
        stopping = true
        for (const stop of stops.reverse()) await stop().catch(() => {})
    }
    process.once('SIGINT', () => stopAll().then(() => process.exit(0)))
    process.once('SIGTERM', () => stopAll().then(() => process.exit(0)))

    const previous = readDevState()
    if (previous?.running) {
        console.error(`pop-squid dev is already running (pid ${previous.state.pid}, API on port ${previous.state.gqlPort}): stop it first (Ctrl-C in its terminal), or use its API`)
        process.exit(1)
    }
    stops.push(async () => markDevStopped(process.pid))

    try {
        // 1. Database: the one DB_* names, or an embedded one when none answers.
        const settings = loadCommandSettings()
        const db = loadConfig({...process.env, CHAIN: 'local'}).db
        let embeddedDb = false
        if (!settings.namesDatabase) db.database = 'pop_squid_dev'
        if (await canConnect(db)) {
            await ensureDatabase(db)
            say(`PostgreSQL at ${db.host}:${db.port}, database ${db.database}`)
        } else {
            const dataDir = settings.embeddedPgDir ?? path.join(PROJECT_DIR, '.data/pglite')
            say(`no PostgreSQL answers at ${db.host}:${db.port}: starting an embedded one (PGlite, data in ${dataDir})`)
            const embedded = await startEmbeddedPostgres(dataDir)
            embeddedDb = true
            stops.push(() => embedded.stop())
            Object.assign(db, {host: '127.0.0.1', port: embedded.port, user: 'postgres', password: 'postgres', database: 'postgres'})
            say(`embedded PostgreSQL listening on 127.0.0.1:${embedded.port} (user postgres, database postgres) while dev runs; the other commands find it`)
        }
        Object.assign(process.env, {DB_HOST: db.host, DB_PORT: String(db.port), DB_NAME: db.database, DB_USER: db.user, DB_PASS: db.password})

        // 2. The local chain.
        const spec = opts.fork ? undefined : await resolveChainSpec(opts.spec ?? settings.localChainSpec, settings.publishedSpecUrl, say)
        const port = opts.chainPort ?? (await isPortFree(8000) ? 8000 : await findFreePort())
        say(opts.fork ? `forking ${opts.fork} with chopsticks...` : `starting a local chain from ${spec} with chopsticks...`)
        // The chain's blocks are saved (chopsticks' SQLite) so that the next `dev --keep` can resume it.
        const chainDb = spec ? devChainDbFile() : undefined
        let resume = !!opts.keep && !!chainDb && fs.existsSync(chainDb)
        if (opts.keep && !resume) say(opts.fork ? '--keep: a forked chain is not saved; starting a new fork' : '--keep: no saved local chain to resume; starting a new one')
        if (chainDb && !resume) for (const f of [chainDb, `${chainDb}-wal`, `${chainDb}-shm`]) fs.rmSync(f, {force: true})
        if (chainDb) fs.mkdirSync(path.dirname(chainDb), {recursive: true})
        const chain = await LocalChain.start({spec, forkEndpoint: opts.fork, port, db: chainDb, resume})
        stops.push(() => chain.stop())
        say(`local chain at ${chain.wsUrl} (head #${await chain.head()}${resume ? ', resumed from the previous run' : ''})`)

        // The index belongs to one chain: a new chain starts with an empty one. The chain key and
        // state schema are the configured ones (CHAIN_ID, STATE_SCHEMA), as the processor will use them.
        // The processor and the API index the local chain: CHAIN defaults to `local`.
        const env = {CHAIN: 'local', ...process.env, RPC_ENDPOINT: chain.wsUrl}
        const own = loadConfig(env)
        const {rows: held} = await withPg(db, (c) => c.query(`SELECT to_regclass('public.indexed_chain') IS NOT NULL AS has`))
        if (held[0].has) {
            const {rows} = await withPg(db, (c) => c.query(`SELECT id, (SELECT max(height) FROM block WHERE chain = indexed_chain.id) AS height FROM indexed_chain`))
            const others = rows.filter((r: any) => r.id != own.chainId).map((r: any) => r.id)
            if (others.length > 0) {
                console.error(`database ${db.database} also holds other chains (${others.join(', ')}): dev empties its database for each new local chain, so give it its own (DB_NAME=pop_squid_dev)`)
                await stopAll()
                process.exit(2)
            }
            const local = rows.find((r: any) => r.id == own.chainId)
            if (resume) {
                say(`keeping the indexed data (to #${local?.height ?? '-'}): the processor resumes where it stopped`)
            } else if (local) {
                say(`starting with an empty index: database ${db.database} held a previous local chain's data (to #${local.height ?? '-'}), which this new chain does not continue (pop-squid dev --keep resumes the previous chain instead)`)
                await withPg(db, (c) => c.query(`DROP SCHEMA IF EXISTS "${own.stateSchema}" CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public`))
            }
        }

        let demo: DemoActivity | undefined
        if (opts.activity && spec && !resume) {
            say('building demo activity (about one block per second)...')
            const scenario = await Scenario.connect(chain)
            try {
                demo = await buildDemoActivity(scenario, (m) => say(`  ${m}`))
            } finally {
                await scenario.disconnect()
            }
        }

        // 3. Schema, processor, API. Indexing starts at #0: chopsticks funds the dev accounts at #1
        // by a storage write no event records, and the processor finds that difference in storage
        // (an ADJUSTMENT movement). It cannot start on a block inside the finality window (it would
        // have no runtime for it yet), so make the first block final.
        if (spec && !resume) {
            const finalAt = own.startBlock + own.finalityConfirmation
            const head = await chain.head()
            if (head < finalAt) await chain.newBlock({count: finalAt - head})
        }
        const config = loadConfig(env)
        await applyMigrations()
        if (demo) {
            // The demo contract's ink! metadata, so its event shows decoded from the start.
            await withPg(db, async (c) => {
                await registerAbi(c, config, {codeHash: demo!.codeHash}, JSON.stringify(demoInkAbi()))
                await redecode(c, config, {codeHash: demo!.codeHash})
            })
            say(`registered the demo contract's ink! ABI for code ${demo.codeHash}; its contract is ${demo.contract}`)
        }
        const view = new ProgressView(!!opts.verbose)
        view.setHead(await chain.head())
        const processor = startChild(PROCESSOR_SCRIPT, [], env, (line) => view.onProcessorLine(line), {nodeFlags: processorNodeFlags(env)})
        stops.push(() => stopChild(processor))
        // A local development server: listen on this machine only unless API_HOST says otherwise.
        const apiSettings = loadApiSettings(env, {host: '127.0.0.1'})
        // The embedded PostgreSQL is one session for every connection: the front server's read-only
        // setting would reach the processor's writes, and its prepared statements every connection.
        if (embeddedDb) apiSettings.directQueries = false
        const api = await startApi(apiSettings, env, (m) => view.print(m))
        stops.push(() => api.stop())
        processor.once('exit', (code) => {
            if (code != 0 && !stopping) {
                view.print(`processor exited with code ${code}; stopping`)
                stopAll().then(() => process.exit(code == 3 ? 3 : 1))
            }
        })
        writeDevState({
            pid: process.pid, db: {...db}, embedded: embeddedDb, rpc: chain.wsUrl, gqlPort: config.gqlPort,
            startedAt: new Date().toISOString(),
        })
        view.print(`GraphQL API: http://localhost:${config.gqlPort}/graphql`)
        view.print(`dashboard: http://localhost:${config.gqlPort}/dashboard/`)

        // 4. Follow the head until synced (and exit then, with --exit-when-synced).
        const client = new Client({...db})
        await client.connect()
        stops.push(() => client.end())
        let announced = false
        while (!stopping) {
            const head = await chain.head().catch((err) => {
                if (stopping) return undefined // Ctrl-C stopped the chain under this read
                throw err
            })
            if (head == null) break
            view.setHead(head)
            const state = await readProcessorState(client, config.stateSchema)
            if (state.height != null && state.height >= head && !announced) {
                announced = true
                view.print(`synced: indexed #${state.height} = chain head. Try: curl -s localhost:${config.gqlPort}/graphql -H 'content-type: application/json' -d '{"query":"{ indexerStatus { chain indexedHeight chainHead } }"}'`)
                if (opts.exitWhenSynced) break
            }
            await new Promise((r) => setTimeout(r, 1_000))
        }
    } catch (err) {
        if (stopping) return
        await stopAll()
        throw err
    }
    if (!stopping) await stopAll()
}

/** The spec given, else the Pop testnet spec beside the project, else the published one (cached). */
async function resolveChainSpec(given: string | undefined, publishedSpecUrl: string, say: (m: string) => void): Promise<string> {
    if (given) {
        if (!fs.existsSync(given)) throw new Error(`chain spec not found: ${given} (from --spec or LOCAL_CHAIN_SPEC)`)
        return path.resolve(given)
    }
    const beside = path.resolve(PROJECT_DIR, '../shared/chain-specs/pop-paseo.raw.json')
    if (fs.existsSync(beside)) return beside
    const cached = path.join(os.homedir(), '.cache/pop-squid/pop-paseo.raw.json')
    if (fs.existsSync(cached)) return cached
    say(`downloading the Pop testnet chain spec from ${publishedSpecUrl}`)
    try {
        const res = await fetch(publishedSpecUrl, {signal: AbortSignal.timeout(60_000)})
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        const text = await res.text()
        JSON.parse(text) // a spec is JSON; refuse an HTML error page
        fs.mkdirSync(path.dirname(cached), {recursive: true})
        fs.writeFileSync(cached, text)
        return cached
    } catch (err) {
        throw new Error(
            `no chain spec for the local chain: the download failed (${(err as Error).message}).\n` +
            `Give one: LOCAL_CHAIN_SPEC=/path/to/pop-paseo.raw.json (or --spec), put it at ${cached}, ` +
            `or fork a live chain with --fork wss://...`
        )
    }
}

async function isPortFree(port: number): Promise<boolean> {
    const net = await import('node:net')
    return new Promise((resolve) => {
        const server = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
}

async function withPg<T>(db: {host: string, port: number, database: string, user: string, password: string}, fn: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({...db, connectionTimeoutMillis: 10_000})
    await client.connect()
    try {
        return await fn(client)
    } finally {
        await client.end().catch(() => {})
    }
}
