#!/usr/bin/env node
import {Command, InvalidArgumentError} from 'commander'
import {ApiSettings, CommandSettings, Config, ConfigError, loadApiSettings, loadCommandSettings, loadConfig, processorNodeFlags} from '../config/env'
import {PRESET_NAMES, PRESETS} from '../config/presets'
import {applyMigrations, canConnect, ensureDatabase, PROJECT_DIR} from '../db/migrate'
import {readChainHead, readProcessorState} from '../status'
import {startChild, PROCESSOR_SCRIPT, stopChild} from './children'
import {listenProblem, RunningApi, startApi} from './api'
import http from 'node:http'
import net from 'node:net'
import {runDev} from './dev'
import {ProgressView} from './progress-view'
import {Client} from 'pg'
import {reindexFrom} from '../db/reindex'
import fs from 'node:fs'
import path from 'node:path'
import {AbiTarget, listAbis, parseTarget, redecode, registerAbi, removeAbi} from '../admin/abi-admin'
import {AbiError, MAX_ABI_BYTES} from '../decode/contracts/abi'
import {printContractEvents, UnknownContract} from './events'
import {devApiUrl, withDevDefaults} from './dev-state'
import {redactUrls} from '../config/redact'
import {startHealthServer} from './health'

/** Exit codes: 0 ok, 1 runtime failure, 2 bad configuration or arguments, 3 data no longer matches the chain. */
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
/** The indexed data no longer matches the chain (the processor's own code, passed on). */
export const EXIT_DATA_MISMATCH = 3

const program = new Command('pop-squid')
    .description('Indexer and GraphQL API for Pop Network and chains built from its runtimes.\n' +
        'Settings come from environment variables (see docs/configuration.md); flags override them.')
    .version(projectVersion(), '-V, --version', 'print pop-squid\'s version')
    .showHelpAfterError()
    .exitOverride((err) => process.exit(err.exitCode == 0 ? 0 : EXIT_USAGE))

program.command('dev')
    .description('Start a local Pop chain (chopsticks) with some activity, the indexer and the GraphQL API')
    .option('--spec <file>', 'raw chain spec for the local chain (env LOCAL_CHAIN_SPEC; default: the Pop testnet genesis spec)')
    .option('--fork <endpoint>', 'fork a live chain at its head instead of starting from a genesis spec')
    .option('--chain-port <port>', 'port of the local chain on 127.0.0.1 (default: 8000, or a free one)', parsePort)
    .option('--no-activity', 'do not build the demo activity')
    .option('--exit-when-synced', 'stop everything once the indexer has reached the head (for scripts and CI)')
    .option('--keep', 'resume the previous run\'s local chain (saved in .data/) with its indexed data, instead of a new chain and an empty index')
    .option('-v, --verbose', 'show every processor log line')
    .action(async (opts) => {
        apiSettingsOrExit()
        await runDev(opts)
    })

program.command('run')
    .description('Index the configured chain (CHAIN, RPC_ENDPOINT, ...) and serve the GraphQL API')
    .option('--no-api', 'run only the processor')
    .option('-v, --verbose', 'show every processor log line')
    .action(async (opts) => {
        const config = configOrExit()
        const settings = opts.api ? apiSettingsOrExit() : undefined
        await prepareDatabase(config)
        const view = new ProgressView(!!opts.verbose)
        const head = await readChainHead(config.rpcEndpoints[0], 10_000)
        if (head.error) view.print(`the chain's RPC does not answer: ${head.error}; the processor keeps trying (reported every 5 s)`)
        view.setHead(head.head)
        const api = settings ? await startApi(settings, process.env, (m) => view.print(m)).catch((err) => {
            console.error((err as Error).message)
            process.exit(err instanceof ConfigError ? EXIT_USAGE : EXIT_FAILURE)
        }) : undefined
        const processor = startChild(PROCESSOR_SCRIPT, [], process.env, (line) => view.onProcessorLine(line), {nodeFlags: processorNodeFlags(process.env)})
        if (api && settings) view.print(`GraphQL API: http://${displayHost(settings.host)}:${config.gqlPort}/graphql  dashboard: http://${displayHost(settings.host)}:${config.gqlPort}/dashboard/`)
        const health = api ? healthServerOrExit(config, api) : undefined
        let stopping = false
        let rpcDown = !!head.error
        const headTimer = setInterval(async () => {
            const h = await readChainHead(config.rpcEndpoints[0])
            if (h.head != null) view.setHead(h.head)
            if (h.error) view.print(`the chain's RPC does not answer: ${h.error}; still trying`)
            else if (rpcDown) view.print(`the chain's RPC answers again (head #${h.head})`)
            rpcDown = !!h.error
        }, 5_000)
        const stop = async () => {
            stopping = true
            clearInterval(headTimer)
            health?.close()
            await Promise.all([stopChild(processor), api?.stop()])
        }
        process.once('SIGINT', () => stop().then(() => process.exit(0)))
        process.once('SIGTERM', () => stop().then(() => process.exit(0)))
        // The API is supervised by startApi (restarted when it stops): ingestion never stops with it.
        processor.once('exit', async (code) => {
            if (stopping) return
            view.print(`processor exited with code ${code}`)
            await stop()
            process.exit(code == 0 ? 0 : code == EXIT_DATA_MISMATCH ? EXIT_DATA_MISMATCH : EXIT_FAILURE)
        })
    })

program.command('serve')
    .description('Serve the GraphQL API and the dashboard only (API_HOST, GQL_PORT; per-client budget GQL_RATE_LIMIT, GQL_RATE_BURST, GQL_MAX_CONCURRENT, GQL_TRUST_PROXY; ' +
        'limits GQL_MAX_TOKENS, GQL_MAX_FIELDS, GQL_MAX_DEPTH, GQL_MAX_ROOT_FIELDS, GQL_MAX_RESPONSE_NODES, GQL_SQL_STATEMENT_TIMEOUT_MS, GQL_MAX_REQUEST_KB; docs/operations.md#security; ' +
        'entity queries answered by the front server itself: GQL_DIRECT_QUERIES, connections GQL_DB_CONNECTION_POOL_SIZE)')
    .option('--health-port <port>', 'serve GET /health, GET /ready and GET /metrics on this port (env HEALTH_PORT; address HEALTH_HOST, default API_HOST)', parsePort)
    .action(async (opts) => {
        const config = configOrExit()
        const settings = apiSettingsOrExit()
        if (!(await canConnect(config.db))) {
            console.error(`cannot reach PostgreSQL at ${config.db.host}:${config.db.port} as ${config.db.user}: check DB_HOST, DB_PORT, DB_USER and DB_PASS (the API serves what the processor wrote there)`)
            process.exit(EXIT_FAILURE)
        }
        let api
        try {
            api = await startApi(settings, process.env)
        } catch (err) {
            console.error((err as Error).message)
            process.exit(err instanceof ConfigError ? EXIT_USAGE : EXIT_FAILURE)
        }
        const running = api
        const health = healthServerOrExit(config, running, opts.healthPort)
        const limit = settings.rateLimit
        console.log(`GraphQL API: http://${displayHost(settings.host)}:${settings.port}/graphql  dashboard: http://${displayHost(settings.host)}:${settings.port}/dashboard/  ` +
            `budget: ${limit ? `${limit.ratePerSecond} cost units/s per client, bursts of ${limit.burst}` : 'off'}` +
            `${settings.trustedProxies ? ` (client from X-Forwarded-For, ${settings.trustedProxies} trusted prox${settings.trustedProxies == 1 ? 'y' : 'ies'})` : ''}`)
        const stop = () => {
            health?.close()
            return running.stop().then(() => process.exit(0))
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
    })

/** The health server when HEALTH_PORT (or --health-port) is set. */
function healthServerOrExit(config: Config, api: RunningApi, flagPort?: number): http.Server | undefined {
    const command = commandSettingsOrExit()
    const port = flagPort ?? command.healthPort
    if (port == null) return undefined
    const host = command.healthHost ?? apiSettingsOrExit().host
    const server = startHealthServer(port, host, config, api)
    server.once('error', (err: NodeJS.ErrnoException) => {
        console.error(`the health server: ${listenProblem(err, host, port, 'HEALTH_PORT / --health-port', 'HEALTH_HOST')}`)
        api.stop().finally(() => process.exit(EXIT_FAILURE))
    })
    return server
}

/** How to show a listen address in a URL a user can open. */
function displayHost(host: string): string {
    return host == '0.0.0.0' || host == '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
}

program.command('migrate')
    .description('Create the database if missing and apply pending migrations')
    .action(async () => {
        const config = configOrExit()
        await prepareDatabase(config)
    })

program.command('status')
    .description('Indexed height against the chain head, and the lag')
    .option('--json', 'print JSON')
    .action(async (opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        let state: Awaited<ReturnType<typeof readProcessorState>> = {height: null, hash: null, finalizedHeight: null}
        await withClient(config, async (client) => {
            state = await readProcessorState(client, config.stateSchema)
        })
        const head = await readChainHead(config.rpcEndpoints[0])
        const lag = head.head != null && state.height != null ? head.head - state.height : null
        const status = {chain: config.chainId, indexedHeight: state.height, finalizedHeight: state.finalizedHeight, chainHead: head.head, chainFinalized: head.finalized, lag, rpcError: head.error}
        if (opts.json) {
            console.log(JSON.stringify(status))
        } else {
            console.log(`chain           ${status.chain}`)
            console.log(`indexed height  ${status.indexedHeight ?? 'nothing indexed yet'}`)
            console.log(`finalized       ${status.finalizedHeight ?? '-'}`)
            console.log(`chain head      ${status.chainHead ?? `unknown (${status.rpcError})`}`)
            console.log(`lag             ${lag ?? '-'}${lag != null ? ' blocks' : ''}`)
        }
        if (state.height == null) process.exit(EXIT_FAILURE)
    })

program.command('reindex')
    .description('Remove this chain\'s rows from a block on, so the processor indexes them again (stop the processor first)')
    .requiredOption('--from <height>', 'first block to index again', parseHeight)
    .action(async (opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        await withClient(config, async (client) => {
            const result = await reindexFrom(client, config, opts.from)
            console.log(`removed ${result.removedBlocks} blocks of ${config.chainId} from #${result.from}; the processor resumes at #${result.from}`)
        })
    })

const abi = program.command('abi').description('Contract ABIs: register, list, remove (past events are re-decoded)')

abi.command('add')
    .description('Register an ink! (v4, v5, v6) metadata file or a Solidity JSON ABI for a code hash or one contract, and re-decode past events')
    .argument('<file>', 'the ABI: ink! metadata JSON (`cargo contract build` output) or a Solidity ABI JSON')
    .option('--code-hash <hash>', 'every contract with this code decodes with it')
    .option('--address <address>', 'only this contract (hex or SS58); takes precedence over a code-hash ABI')
    .action(async (file: string, opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        const target = abiTargetOrExit(opts)
        let source: string
        try {
            const size = fs.statSync(file).size
            if (size > MAX_ABI_BYTES) usageError(`${file} is ${size} bytes; an ABI may have at most ${MAX_ABI_BYTES}`)
            source = fs.readFileSync(file, 'utf8')
        } catch (err) {
            usageError(`cannot read ${file}: ${(err as Error).message}`)
        }
        await withClient(config, async (client) => {
            let registered
            try {
                registered = await registerAbi(client, config, target, source!)
            } catch (err) {
                if (err instanceof AbiError) usageError(`ABI refused: ${err.message}`)
                throw err
            }
            if (registered.warning) console.error(`warning: ${registered.warning}`)
            console.log(`registered ${registered.kind} ABI${registered.contractName ? ` ${registered.contractName}` : ''} as ${registered.id}`)
            const result = await redecode(client, config, target, progressPrinter('re-decoding'))
            console.log(`re-decoded ${result.done} of ${result.total} events`)
        })
    })

abi.command('list')
    .description('List the registered ABIs of the configured chain')
    .option('--json', 'print JSON')
    .action(async (opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        await withClient(config, async (client) => {
            const list = await listAbis(client, config.chainId)
            if (opts.json) console.log(JSON.stringify(list))
            else if (list.length == 0) console.log('no ABIs registered')
            else for (const a of list) console.log(`${a.id}  ${a.kind}  ${a.contract_name ?? '-'}  re-decode ${a.redecode_status} ${a.redecode_done}/${a.redecode_total}`)
        })
    })

abi.command('remove')
    .description('Remove an ABI; its events fall back to the code hash\'s ABI or stay raw with the reason')
    .option('--code-hash <hash>')
    .option('--address <address>')
    .action(async (opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        const target = abiTargetOrExit(opts)
        await withClient(config, async (client) => {
            let removed: boolean
            try {
                removed = await removeAbi(client, config, target, progressPrinter('re-decoding'))
            } catch (err) {
                if (!(err instanceof AbiError)) throw err
                console.error(`ABI not removed: ${err.message}`)
                process.exit(EXIT_FAILURE)
            }
            if (!removed) {
                console.error('no such ABI')
                process.exit(EXIT_FAILURE)
            }
            console.log('removed')
        })
    })

program.command('events')
    .description('A contract\'s events, decoded, in chain order; --follow prints new ones as they are indexed')
    .requiredOption('--contract <address>', 'contract address, hex or SS58')
    .option('-f, --follow', 'keep printing new events (Ctrl-C to stop)')
    .option('-n, --limit <count>', 'how many past events to print first', parseCount, 20)
    .option('--json', 'one JSON object per line')
    .option('--api <url>', 'with --follow: the API whose subscription pushes new events (default: the running dev\'s, else http://127.0.0.1:$GQL_PORT/graphql); "none" reads the database every second instead')
    .action(async (opts) => {
        const config = configOrExit(withDevDefaults(process.env))
        if (opts.api != null && !opts.follow) usageError('--api is for --follow: it names the API whose subscription pushes new events')
        if (opts.follow) {
            const api = opts.api ?? devApiUrl() ?? `http://127.0.0.1:${config.gqlPort}/graphql`
            if (api == 'none') opts.api = undefined
            else if (!/^https?:\/\/[^\s/]+/.test(api)) usageError(`--api ${JSON.stringify(api)} is not an http(s) URL of the API's /graphql (or "none")`)
            else opts.api = api
        }
        try {
            parseTarget({address: opts.contract})
        } catch (err) {
            usageError((err as Error).message)
        }
        await withClient(config, async (client) => {
            try {
                await printContractEvents(client, config, opts)
            } catch (err) {
                if (!(err instanceof UnknownContract)) throw err
                console.error(err.message)
                process.exit(EXIT_FAILURE)
            }
        })
    })

program.command('networks')
    .description('List the network presets (CHAIN=...)')
    .action(() => {
        for (const name of PRESET_NAMES) console.log(`${name.padEnd(12)} ${PRESETS[name].description}`)
    })

function projectVersion(): string {
    try {
        return JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')).version
    } catch {
        return 'unknown'
    }
}

function parseCount(value: string): number {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < 0 || n > 100_000) throw new InvalidArgumentError('give a whole number from 0 to 100000')
    return n
}

function parseHeight(value: string): number {
    const n = Number(value)
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('give a block height (a whole number >= 0)')
    return n
}

function parsePort(value: string): number {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('give a port number from 1 to 65535')
    return n
}

function usageError(message: string): never {
    console.error(message)
    process.exit(EXIT_USAGE)
}

function abiTargetOrExit(opts: {codeHash?: string, address?: string}): AbiTarget {
    try {
        return parseTarget(opts)
    } catch (err) {
        usageError((err as Error).message)
    }
}

async function withClient(config: Config, fn: (client: Client) => Promise<void>): Promise<void> {
    const client = new Client({...config.db, connectionTimeoutMillis: 5_000})
    try {
        await client.connect()
    } catch (err) {
        console.error(`cannot reach PostgreSQL at ${config.db.host}:${config.db.port}/${config.db.database}: ${(err as Error).message}`)
        process.exit(EXIT_FAILURE)
    }
    try {
        const {rows} = await client.query(`SELECT to_regclass('public.block') IS NOT NULL AS ready`)
        if (!rows[0].ready) {
            console.error(`database ${config.db.database} at ${config.db.host}:${config.db.port} has no pop-squid tables yet: run pop-squid migrate, or index something first (pop-squid run, pop-squid dev)`)
            process.exit(EXIT_FAILURE)
        }
        await fn(client)
    } finally {
        await client.end().catch(() => {})
    }
}

/** Progress on stderr for long work: a line every second at most, and the last one. */
function progressPrinter(label: string): (done: number, total: number) => void {
    let last = 0
    return (done, total) => {
        const now = Date.now()
        if (now - last < 1_000 && done < total) return
        last = now
        process.stderr.write(`${label}: ${done}/${total}${total > 0 ? ` (${Math.floor(done / total * 100)}%)` : ''}\n`)
    }
}

export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
    try {
        return loadConfig(env)
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message)
            process.exit(EXIT_USAGE)
        }
        throw err
    }
}

export function commandSettingsOrExit(env: NodeJS.ProcessEnv = process.env): CommandSettings {
    try {
        return loadCommandSettings(env)
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message)
            process.exit(EXIT_USAGE)
        }
        throw err
    }
}

export function apiSettingsOrExit(env: NodeJS.ProcessEnv = process.env): ApiSettings {
    try {
        return loadApiSettings(env)
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message)
            process.exit(EXIT_USAGE)
        }
        throw err
    }
}

export async function prepareDatabase(config: Config): Promise<void> {
    if (!(await canConnect(config.db))) {
        console.error(`cannot reach PostgreSQL at ${config.db.host}:${config.db.port} as ${config.db.user}: check DB_HOST, DB_PORT, DB_USER and DB_PASS`)
        process.exit(EXIT_FAILURE)
    }
    await ensureDatabase(config.db)
    const applied = await applyMigrations()
    if (applied.length > 0) console.log(`applied migrations: ${applied.join(', ')}`)
}

program.parseAsync(process.argv).catch((err) => {
    // One sentence for the user; the stack only when asked for (POP_SQUID_DEBUG=1).
    const message = err instanceof Error ? err.message : String(err)
    console.error(`pop-squid: ${redactUrls(message)}`)
    if (err instanceof Error && debugAsked()) console.error(err.stack)
    process.exit(EXIT_FAILURE)
})

/** POP_SQUID_DEBUG, read even when other settings are wrong (this runs on the way out). */
function debugAsked(): boolean {
    try {
        return loadCommandSettings().debug
    } catch {
        return false
    }
}
