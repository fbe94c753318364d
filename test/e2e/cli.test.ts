/**
 * The command line as a user runs it: bad settings refused with a clear message and exit code 2,
 * help on every command, and `pop-squid dev` bringing up a local chain, the indexer and the API.
 */
import {Client} from 'pg'
import {findFreePort} from '../../src/localchain/ports'
import {POP_TESTNET_SPEC} from '../harness/chain'
import {spawnNode, spawnProcessor, tempFile} from '../harness/processes'

const dbServer = {host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 5432), user: 'postgres', password: 'postgres'}

test('the processor refuses a bad setting with a message that says what to fix', async () => {
    const proc = spawnProcessor({FINALITY_CONFIRMATION: '0', START_BLOCK: 'ten', RPC_ENDPOINT: 'ws://127.0.0.1:1'})
    await proc.waitExit()
    expect(proc.exitCode).toBe(2)
    expect(proc.output).toContain('FINALITY_CONFIRMATION=0 is out of range')
    expect(proc.output).toContain('START_BLOCK="ten" is not a whole number')
})

test('every command has --help', async () => {
    const main = spawnNode('cli', 'lib/cli/index.js', ['--help'], {})
    await main.waitExit()
    expect(main.exitCode).toBe(0)
    for (const command of ['dev', 'run', 'serve', 'migrate', 'status', 'networks']) expect(main.output).toContain(command)
    for (const command of ['dev', 'run', 'status']) {
        const sub = spawnNode('cli', 'lib/cli/index.js', [command, '--help'], {})
        await sub.waitExit()
        expect(sub.exitCode).toBe(0)
        expect(sub.output).toContain(`Usage: pop-squid ${command}`)
    }
})

test('an unknown command or flag exits with code 2 and says so', async () => {
    const proc = spawnNode('cli', 'lib/cli/index.js', ['dev', '--chain-port', 'abc'], {})
    await proc.waitExit()
    expect(proc.exitCode).toBe(2)
    expect(proc.output).toContain('give a port number from 1 to 65535')
})

test('status with a bad CHAIN exits with code 2', async () => {
    const proc = spawnNode('cli', 'lib/cli/index.js', ['status'], {CHAIN: 'kusama'})
    await proc.waitExit()
    expect(proc.exitCode).toBe(2)
    expect(proc.output).toContain('CHAIN="kusama" is not a known network')
})

test('pop-squid dev starts a local chain with activity, indexes it and serves GraphQL', async () => {
    const database = `popsquid_test_dev_${process.pid}`
    const gqlPort = await findFreePort()
    const chainPort = await findFreePort()
    const dev = spawnNode('dev', 'lib/cli/index.js', ['dev', '--exit-when-synced', '--chain-port', String(chainPort)], {
        DB_HOST: dbServer.host, DB_PORT: String(dbServer.port), DB_NAME: database, DB_USER: dbServer.user, DB_PASS: dbServer.password,
        GQL_PORT: String(gqlPort), LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC,
    })
    try {
        await dev.waitExit(150_000)
        expect({code: dev.exitCode, tail: dev.exitCode == 0 ? '' : dev.tail(40)}).toEqual({code: 0, tail: ''})
        expect(dev.output).toContain(`GraphQL API: http://localhost:${gqlPort}/graphql`)
        expect(dev.output).toMatch(/synced: indexed #\d+ = chain head/)
        const client = new Client({...dbServer, database})
        await client.connect()
        const {rows} = await client.query(`SELECT
            (SELECT count(*) FROM block) AS blocks,
            (SELECT count(*) FROM extrinsic WHERE NOT success) AS failed,
            (SELECT count(*) FROM event WHERE name = 'Contracts.ContractEmitted') AS contract_events,
            (SELECT count(*) FROM event WHERE name = 'MessageQueue.Processed') AS xcm_processed`)
        await client.end()
        expect(Number(rows[0].blocks)).toBeGreaterThanOrEqual(10)
        expect(Number(rows[0].failed)).toBe(1)
        expect(Number(rows[0].contract_events)).toBe(1)
        expect(Number(rows[0].xcm_processed)).toBe(1)
    } finally {
        await dev.kill('SIGKILL')
        const admin = new Client({...dbServer, database: 'postgres'})
        await admin.connect()
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
        await admin.end()
    }
})

test('pop-squid dev starts an embedded PostgreSQL when none answers', async () => {
    const closedPort = await findFreePort()
    const dev = spawnNode('dev', 'lib/cli/index.js', ['dev', '--exit-when-synced', '--no-activity', '--chain-port', String(await findFreePort())], {
        DB_HOST: '127.0.0.1', DB_PORT: String(closedPort), GQL_PORT: String(await findFreePort()),
        LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC, EMBEDDED_PG_DIR: tempFile('pglite'),
    })
    try {
        await dev.waitExit(150_000)
        expect({code: dev.exitCode, tail: dev.exitCode == 0 ? '' : dev.tail(40)}).toEqual({code: 0, tail: ''})
        expect(dev.output).toContain(`no PostgreSQL answers at 127.0.0.1:${closedPort}: starting an embedded one (PGlite`)
        expect(dev.output).toMatch(/synced: indexed #\d+ = chain head/)
    } finally {
        await dev.kill('SIGKILL')
    }
})
