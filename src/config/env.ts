import net from 'node:net'
import type {ClientConfig} from 'pg'
import {DEFAULT_GUARD_LIMITS, GuardLimits} from '../api/guard'
import {PRESET_NAMES, PRESETS, PresetName} from './presets'

/** Everything the processor and the API read from the environment, validated once. */
export interface Config {
    preset: PresetName
    /** Key of the chain in every row (`pop-testnet:...`) and in the state schema name. */
    chainId: string
    rpcEndpoints: string[]
    rpcRateLimit?: number
    rpcCapacity?: number
    rpcRequestTimeoutMs: number
    /**
     * With several endpoints: how long the current one's head may stay behind another's before
     * the processor moves to that one (see src/rpc/failover.ts).
     */
    rpcStallTimeoutMs: number
    /** Set at start when several endpoints are configured: the loopback forwarder the processor talks to. */
    rpcForwarder?: string
    gateway?: string
    startBlock: number
    endBlock?: number
    finalityConfirmation: number
    paraId?: number
    ss58Prefix: number
    tokenSymbol: string
    tokenDecimals: number
    /**
     * Which of the chain's properties were only defaulted (no variable, preset `custom`): the
     * processor then asks the chain (`system_properties`) at start.
     */
    fromChain: {ss58Prefix: boolean, tokenSymbol: boolean, tokenDecimals: boolean}
    db: {host: string, port: number, database: string, user: string, password: string}
    gqlPort: number
    prometheusPort?: number
    /** Address the processor's metrics server listens on (METRICS_HOST). */
    metricsHost: string
    /**
     * How pallet-revive deployments are found: `auto` uses `Revive.Instantiated` where the runtime
     * has it and derives them from instantiate calls where it does not; `calls` always derives.
     */
    reviveDeploymentsFrom: 'auto' | 'calls'
    /**
     * Where balances start: `storage` reads every account's and asset's state at the block before
     * the first indexed one (so balances equal the chain's); `none` starts from zero.
     */
    openingBalances: 'storage' | 'none'
    /**
     * `batch`: after each batch, the balances it touched are compared with the chain's storage (and
     * every `reconcileInterval` blocks at the head, every balance); differences become ADJUSTMENT
     * movements. `off`: balances are what the events say.
     */
    reconcileBalances: 'batch' | 'off'
    reconcileInterval: number
    /**
     * After a catch-up of at least this many blocks, on reaching the head, the processor runs
     * `VACUUM (ANALYZE)` once (fresh planner statistics and visibility map for the API); 0: never.
     */
    vacuumAfterCatchUp: number
    /** Schema of the processor's own state (height, hot blocks), one per chain. */
    stateSchema: string
}

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
        this.name = 'ConfigError'
    }
}

type Env = Record<string, string | undefined>

/**
 * Reads and validates the configuration. Collects every problem before failing, and each
 * message names the variable and how to fix it.
 */
export function loadConfig(env: Env = process.env): Config {
    const problems: string[] = []
    const read = new EnvReader(env, problems)

    const presetRaw = read.string('CHAIN') ?? (env.RPC_ENDPOINT ? 'custom' : 'local')
    let preset: PresetName = 'local'
    if ((PRESET_NAMES as readonly string[]).includes(presetRaw)) {
        preset = presetRaw as PresetName
    } else {
        problems.push(`CHAIN=${JSON.stringify(presetRaw)} is not a known network: use one of ${PRESET_NAMES.join(', ')} (custom = any chain, with RPC_ENDPOINT)`)
    }
    const p = PRESETS[preset]

    const chainId = read.string('CHAIN_ID') ?? preset
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(chainId)) {
        problems.push(`CHAIN_ID=${JSON.stringify(chainId)} must be 1-32 characters of a-z, 0-9 and '-', starting with a letter (it prefixes every row id)`)
    }

    const rpcEndpoints = (read.string('RPC_ENDPOINT') ?? p.rpcEndpoint ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    if (rpcEndpoints.length == 0) {
        problems.push(`RPC_ENDPOINT is required for CHAIN=${preset}: set it to the chain's ws:// or http(s):// endpoint`)
    }
    for (const url of rpcEndpoints) {
        if (!isUrl(url, ['ws:', 'wss:', 'http:', 'https:'])) {
            problems.push(`RPC_ENDPOINT contains ${JSON.stringify(url)}, which is not a ws://, wss://, http:// or https:// URL`)
        }
    }
    const gateway = read.string('GATEWAY_URL') ?? p.gateway
    if (gateway != null && !isUrl(gateway, ['http:', 'https:'])) {
        problems.push(`GATEWAY_URL=${JSON.stringify(gateway)} is not an http(s) URL`)
    }

    const startBlock = read.int('START_BLOCK', {min: 0}) ?? 0
    const endBlock = read.int('END_BLOCK', {min: 0})
    if (endBlock != null && endBlock < startBlock) {
        problems.push(`END_BLOCK=${endBlock} is below START_BLOCK=${startBlock}`)
    }
    const finalityConfirmation = read.int('FINALITY_CONFIRMATION', {
        min: 1,
        hint: '0 makes the processor stop following a chain that reports finalized = best, like chopsticks',
    }) ?? p.finalityConfirmation

    const config: Config = {
        preset,
        chainId,
        rpcEndpoints,
        rpcRateLimit: read.int('RPC_RATE_LIMIT', {min: 1}),
        rpcCapacity: read.int('RPC_CAPACITY', {min: 1}),
        rpcRequestTimeoutMs: read.int('RPC_REQUEST_TIMEOUT_MS', {min: 100}) ?? 30_000,
        rpcStallTimeoutMs: read.int('RPC_STALL_TIMEOUT_MS', {min: 1000}) ?? 30_000,
        gateway,
        startBlock,
        endBlock,
        finalityConfirmation,
        paraId: read.int('PARA_ID', {min: 0}) ?? p.paraId,
        ss58Prefix: read.int('SS58_PREFIX', {min: 0, max: 16383}) ?? p.ss58Prefix,
        tokenSymbol: read.string('TOKEN_SYMBOL') ?? p.tokenSymbol,
        tokenDecimals: read.int('TOKEN_DECIMALS', {min: 0, max: 38}) ?? p.tokenDecimals,
        db: {
            host: read.string('DB_HOST') ?? 'localhost',
            port: read.int('DB_PORT', {min: 1, max: 65535}) ?? 5432,
            database: read.string('DB_NAME') ?? 'postgres',
            user: read.string('DB_USER') ?? 'postgres',
            password: read.string('DB_PASS') ?? 'postgres',
        },
        gqlPort: read.int('GQL_PORT', {min: 1, max: 65535}) ?? 4350,
        prometheusPort: read.int('PROMETHEUS_PORT', {min: 0, max: 65535}),
        metricsHost: read.string('METRICS_HOST') ?? '127.0.0.1',
        stateSchema: read.string('STATE_SCHEMA') ?? `squid_processor_${chainId.replace(/-/g, '_')}`,
        fromChain: {
            ss58Prefix: preset == 'custom' && read.string('SS58_PREFIX') == null,
            tokenSymbol: preset == 'custom' && read.string('TOKEN_SYMBOL') == null,
            tokenDecimals: preset == 'custom' && read.string('TOKEN_DECIMALS') == null,
        },
        reviveDeploymentsFrom: 'auto',
        openingBalances: 'storage',
        reconcileBalances: 'batch',
        reconcileInterval: read.int('RECONCILE_INTERVAL', {min: 1}) ?? 600,
        vacuumAfterCatchUp: read.int('VACUUM_AFTER_CATCH_UP', {min: 0}) ?? 10_000,
    }
    const revive = read.string('REVIVE_DEPLOYMENTS_FROM') ?? 'auto'
    if (revive == 'auto' || revive == 'calls') config.reviveDeploymentsFrom = revive
    else problems.push(`REVIVE_DEPLOYMENTS_FROM=${JSON.stringify(revive)} must be auto or calls`)
    const opening = read.string('OPENING_BALANCES') ?? 'storage'
    if (opening == 'storage' || opening == 'none') config.openingBalances = opening
    else problems.push(`OPENING_BALANCES=${JSON.stringify(opening)} must be storage or none`)
    const reconcile = read.string('RECONCILE_BALANCES') ?? (config.openingBalances == 'none' ? 'off' : 'batch')
    if (reconcile == 'batch' || reconcile == 'off') config.reconcileBalances = reconcile
    else problems.push(`RECONCILE_BALANCES=${JSON.stringify(reconcile)} must be batch or off`)
    if (!net.isIP(config.metricsHost) && config.metricsHost != 'localhost') {
        problems.push(`METRICS_HOST=${JSON.stringify(config.metricsHost)} must be an IP address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`)
    }
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.stateSchema)) {
        problems.push(`STATE_SCHEMA=${JSON.stringify(config.stateSchema)} must be a lower-case PostgreSQL identifier`)
    }
    if (problems.length > 0) throw new ConfigError(problems)
    return config
}

class EnvReader {
    constructor(private env: Env, private problems: string[]) {}

    string(name: string): string | undefined {
        const value = this.env[name]?.trim()
        return value ? value : undefined
    }

    bool(name: string): boolean | undefined {
        const raw = this.string(name)
        if (raw == null) return undefined
        if (/^(true|1|yes|on)$/i.test(raw)) return true
        if (/^(false|0|no|off)$/i.test(raw)) return false
        this.problems.push(`${name}=${JSON.stringify(raw)} must be true or false`)
        return undefined
    }

    int(name: string, opts: {min?: number, max?: number, hint?: string} = {}): number | undefined {
        const raw = this.string(name)
        if (raw == null) return undefined
        const range = `${opts.min ?? '-∞'}..${opts.max ?? '∞'}`
        if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
            this.problems.push(`${name}=${JSON.stringify(raw)} is not a whole number: give an integer in ${range}`)
            return undefined
        }
        const value = Number(raw)
        if ((opts.min != null && value < opts.min) || (opts.max != null && value > opts.max)) {
            this.problems.push(`${name}=${value} is out of range: give an integer in ${range}${opts.hint ? ` (${opts.hint})` : ''}`)
            return undefined
        }
        return value
    }
}

function isUrl(value: string, protocols: string[]): boolean {
    try {
        return protocols.includes(new URL(value).protocol)
    } catch {
        return false
    }
}

/** Settings of the API's front server (`pop-squid serve`, `run`, `dev`), validated like the rest. */
export interface ApiSettings {
    port: number
    /** Address the public server listens on (API_HOST). */
    host: string
    /**
     * Cross-origin reads: `*` (any page may read the public API, without credentials), a list of
     * origins (those may also send the admin token), or none.
     */
    corsOrigins: '*' | string[]
    /** Requests one client may have in flight at once (0: no limit). */
    maxConcurrentPerClient: number
    /** What a query may be before the GraphQL server sees it (src/api/guard.ts). */
    guard: GuardLimits
    /** Per-client token bucket; undefined when GQL_RATE_LIMIT=0. */
    rateLimit?: {ratePerSecond: number, burst: number}
    /** How many proxies in front of the server append to X-Forwarded-For (0: the header is ignored). */
    trustedProxies: number
    maxRequestBytes: number
    /** The limits handed to the GraphQL server. */
    maxRootFields: number
    maxResponseNodes: number
    sqlStatementTimeoutMs: number
    /** Connections to PostgreSQL of each API process (GQL_DB_CONNECTION_POOL_SIZE). */
    dbPoolSize: number
    /** GQL_DIRECT_QUERIES: the front server answers entity lists and entities by id itself. */
    directQueries: boolean
    /** Live queries over WebSocket (graphql-ws) on /graphql; perClient 0 turns them off. */
    subscriptions: SubscriptionSettings
}

export interface SubscriptionSettings {
    /** Subscriptions one client may hold at once (each also counts as one open WebSocket at most). */
    perClient: number
    /** Subscriptions the server holds at once, all clients together: each re-runs its query every poll. */
    total: number
    /** How often the GraphQL server re-runs each subscription's query and pushes it when it changed. */
    pollMs: number
}

export function loadApiSettings(env: Env = process.env, defaults: {host?: string} = {}): ApiSettings {
    const problems: string[] = []
    const read = new EnvReader(env, problems)
    const rate = read.int('GQL_RATE_LIMIT', {min: 0, max: 1_000_000, hint: '0 turns the limit off'}) ?? 20
    const burst = read.int('GQL_RATE_BURST', {min: 1, max: 1_000_000}) ?? Math.max(1, 2 * rate)
    const trustRaw = read.string('GQL_TRUST_PROXY') ?? 'false'
    let trustedProxies = 0
    if (/^(true|yes|on)$/i.test(trustRaw)) trustedProxies = 1
    else if (/^(false|no|off)$/i.test(trustRaw)) trustedProxies = 0
    else if (/^\d+$/.test(trustRaw) && Number(trustRaw) <= 10) trustedProxies = Number(trustRaw)
    else problems.push(`GQL_TRUST_PROXY=${JSON.stringify(trustRaw)} must be true (one proxy in front appends to X-Forwarded-For), false, or the number of such proxies (0-10)`)
    const host = read.string('API_HOST') ?? defaults.host ?? '0.0.0.0'
    if (!net.isIP(host) && host != 'localhost') problems.push(`API_HOST=${JSON.stringify(host)} must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one interface's address`)
    const corsRaw = read.string('GQL_CORS_ORIGINS') ?? '*'
    let corsOrigins: '*' | string[] = '*'
    if (corsRaw == '*') corsOrigins = '*'
    else if (/^none$/i.test(corsRaw)) corsOrigins = []
    else {
        corsOrigins = corsRaw.split(',').map((o) => o.trim()).filter(Boolean)
        for (const origin of corsOrigins) {
            if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`GQL_CORS_ORIGINS contains ${JSON.stringify(origin)}: give *, none, or origins like https://explorer.example (scheme and host, no path)`)
        }
    }
    const rateOn = rate > 0
    const settings: ApiSettings = {
        port: read.int('GQL_PORT', {min: 1, max: 65535}) ?? 4350,
        host,
        corsOrigins,
        maxConcurrentPerClient: read.int('GQL_MAX_CONCURRENT', {min: 0, max: 10_000, hint: '0 turns the limit off'}) ?? (rateOn ? 8 : 0),
        guard: {
            ...DEFAULT_GUARD_LIMITS,
            maxTokens: read.int('GQL_MAX_TOKENS', {min: 100, max: 1_000_000}) ?? DEFAULT_GUARD_LIMITS.maxTokens,
            maxFields: read.int('GQL_MAX_FIELDS', {min: 1, max: 100_000}) ?? DEFAULT_GUARD_LIMITS.maxFields,
            maxDepth: read.int('GQL_MAX_DEPTH', {min: 1, max: 100}) ?? DEFAULT_GUARD_LIMITS.maxDepth,
            maxStringLength: read.int('GQL_MAX_STRING_LENGTH', {min: 64, max: 10_000_000}) ?? DEFAULT_GUARD_LIMITS.maxStringLength,
            maxNodes: read.int('GQL_MAX_RESPONSE_NODES', {min: 1}) ?? DEFAULT_GUARD_LIMITS.maxNodes,
            introspection: read.bool('GQL_INTROSPECTION') ?? true,
        },
        rateLimit: rateOn ? {ratePerSecond: rate, burst} : undefined,
        trustedProxies,
        maxRequestBytes: (read.int('GQL_MAX_REQUEST_KB', {min: 1, max: 1_048_576}) ?? 256) * 1024,
        maxRootFields: read.int('GQL_MAX_ROOT_FIELDS', {min: 1}) ?? 20,
        maxResponseNodes: read.int('GQL_MAX_RESPONSE_NODES', {min: 1}) ?? 100_000,
        sqlStatementTimeoutMs: read.int('GQL_SQL_STATEMENT_TIMEOUT_MS', {min: 1}) ?? 10_000,
        dbPoolSize: read.int('GQL_DB_CONNECTION_POOL_SIZE', {min: 1, max: 1000}) ?? 5,
        directQueries: read.bool('GQL_DIRECT_QUERIES') ?? true,
        subscriptions: {
            perClient: read.int('GQL_SUBSCRIPTIONS_PER_CLIENT', {min: 0, max: 1_000, hint: '0 turns subscriptions off'}) ?? 5,
            total: read.int('GQL_SUBSCRIPTIONS_MAX', {min: 1, max: 100_000}) ?? 100,
            pollMs: read.int('GQL_SUBSCRIPTION_POLL_MS', {min: 100, max: 600_000}) ?? 1_000,
        },
    }
    if (problems.length > 0) throw new ConfigError(problems)
    return settings
}

/**
 * The settings of the `pop-squid` command itself (not of the processor or the API), validated like
 * the rest: every variable the project reads is read in this module.
 */
export interface CommandSettings {
    /** HEALTH_PORT: the health and metrics server of `serve` / `run` / `dev` (off when unset). */
    healthPort?: number
    /** HEALTH_HOST: where it listens (default: API_HOST). */
    healthHost?: string
    /** EMBEDDED_PG_DIR: the embedded PostgreSQL's data directory, when `dev` starts one. */
    embeddedPgDir?: string
    /** LOCAL_CHAIN_SPEC: the chain spec `dev` starts from (a path or a network name). */
    localChainSpec?: string
    /** POP_TESTNET_SPEC_URL: where `dev` fetches Pop's published testnet spec when none is beside the project. */
    publishedSpecUrl: string
    /** DEV_STATE_FILE: the running or last `dev`'s state (default `.data/dev.json`). */
    devStateFile?: string
    /** DB_NAME / CHAIN / CHAIN_ID / RPC_ENDPOINT: whether the user named a database or a chain. */
    namesIndex: boolean
    /** Whether DB_NAME is set (`dev` uses its own database, pop_squid_dev, otherwise). */
    namesDatabase: boolean
    /** POP_SQUID_DEBUG: stack traces of unexpected errors. */
    debug: boolean
    /** CHOPSTICKS_LOG_LEVEL: the local chain's log level. */
    chopsticksLogLevel: string
}

export function loadCommandSettings(env: Env = process.env): CommandSettings {
    const problems: string[] = []
    const read = new EnvReader(env, problems)
    const healthHost = read.string('HEALTH_HOST')
    if (healthHost != null && !net.isIP(healthHost) && healthHost != 'localhost') problems.push(`HEALTH_HOST=${JSON.stringify(healthHost)} must be an IP address to listen on`)
    const settings: CommandSettings = {
        healthPort: read.int('HEALTH_PORT', {min: 1, max: 65535}),
        healthHost,
        embeddedPgDir: read.string('EMBEDDED_PG_DIR'),
        localChainSpec: read.string('LOCAL_CHAIN_SPEC'),
        publishedSpecUrl: read.string('POP_TESTNET_SPEC_URL') ?? 'https://raw.githubusercontent.com/r0gue-io/pop-node/main/node/chain-specs/paseo/pop-paseo.raw.json',
        devStateFile: read.string('DEV_STATE_FILE'),
        namesIndex: ['DB_NAME', 'CHAIN', 'CHAIN_ID', 'RPC_ENDPOINT'].some((k) => read.string(k) != null),
        namesDatabase: read.string('DB_NAME') != null,
        debug: !!read.string('POP_SQUID_DEBUG'),
        chopsticksLogLevel: read.string('CHOPSTICKS_LOG_LEVEL') ?? 'warn',
    }
    if (problems.length > 0) throw new ConfigError(problems)
    return settings
}

/**
 * Where the API's connections go, read as the GraphQL server reads it (typeorm-config: DB_URL, or
 * DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASS; DB_SSL, DB_SSL_CA, DB_SSL_CA_FILE), so that the
 * front server's own connections (src/api/direct.ts) go where the GraphQL server's go.
 */
export function apiDatabaseConfig(): ClientConfig {
    const {createConnectionOptions} = require('@subsquid/typeorm-config/lib/connectionOptions')
    const {toPgClientConfig} = require('@subsquid/typeorm-config/lib/pg')
    try {
        return toPgClientConfig(createConnectionOptions())
    } catch (err) {
        throw new ConfigError([`the database settings (DB_URL, DB_HOST, DB_PORT, DB_SSL, ...) cannot be used: ${(err as Error).message}`])
    }
}

/**
 * The processor's V8 heap limit, in MiB. Without one, Node sizes the heap by the machine's memory
 * and lets garbage pile up towards it: on a 24 GiB machine the 1,000,000-event bench run reached
 * 1.5-1.8 GiB RSS with a live heap near 300 MiB; with this limit it stays near 350 MiB at the same
 * speed (docs/performance.md). An operator's own `--max-old-space-size` in NODE_OPTIONS wins.
 */
export const PROCESSOR_HEAP_MB = 1024

/** Node flags the processor is started with (`run`, `dev`, the bench; `commands.json` spells them out). */
export function processorNodeFlags(env: Env = process.env): string[] {
    return /--max-old-space-size\b/.test(env.NODE_OPTIONS ?? '') ? [] : [`--max-old-space-size=${PROCESSOR_HEAP_MB}`]
}

/** ADMIN_TOKEN: the bearer token admin mutations need; undefined turns them off. */
export function adminToken(env: Env = process.env): string | undefined {
    return env.ADMIN_TOKEN || undefined
}

/**
 * The `random_page_cost` the API sets on each of its PostgreSQL connections (data on SSD or in
 * memory), or undefined when the operator sets PGOPTIONS (their planner settings then apply alone).
 */
export function apiRandomPageCost(env: Env = process.env): string | undefined {
    return env.PGOPTIONS ? undefined : '1.1'
}
