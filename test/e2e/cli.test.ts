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

test('pop-squid dev starts a local chain with activity, indexes it and serves GraphQL; a second run on the same database starts clean', async () => {
    const database = `popsquid_test_dev_${process.pid}`
    const stateFile = tempFile('dev.json')
    const run = async () => {
        const dev = spawnNode('dev', 'lib/cli/index.js', ['dev', '--exit-when-synced', '--chain-port', String(await findFreePort())], {
            DB_HOST: dbServer.host, DB_PORT: String(dbServer.port), DB_NAME: database, DB_USER: dbServer.user, DB_PASS: dbServer.password,
            GQL_PORT: String(await findFreePort()), LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC, DEV_STATE_FILE: stateFile,
        })
        try {
            await dev.waitExit(150_000)
        } finally {
            await dev.kill('SIGKILL')
        }
        expect({code: dev.exitCode, tail: dev.exitCode == 0 ? '' : dev.tail(40)}).toEqual({code: 0, tail: ''})
        expect(dev.output).toMatch(/synced: indexed #\d+ = chain head/)
        expect(dev.output).not.toMatch(/\n\s+at /)
        return dev
    }
    try {
        const first = await run()
        expect(first.output).toMatch(/GraphQL API: http:\/\/localhost:\d+\/graphql/)
        const counts = async () => {
            const client = new Client({...dbServer, database})
            await client.connect()
            const {rows} = await client.query(`SELECT
                (SELECT count(*) FROM block) AS blocks,
                (SELECT max(height) FROM block) AS head,
                (SELECT count(*) FROM extrinsic WHERE NOT success) AS failed,
                (SELECT count(*) FROM event WHERE name = 'Contracts.ContractEmitted') AS contract_events,
                (SELECT count(*) FROM contract_event WHERE decoded) AS decoded,
                (SELECT count(*) FROM event WHERE name = 'MessageQueue.Processed') AS xcm_processed`)
            await client.end()
            return rows[0]
        }
        const once = await counts()
        expect(Number(once.blocks)).toBeGreaterThanOrEqual(10)
        expect(Number(once.failed)).toBe(1)
        expect(Number(once.contract_events)).toBe(2)
        expect(Number(once.decoded)).toBe(1)
        expect(Number(once.xcm_processed)).toBe(2)
        // Again: a new local chain meets the first one's index, and starts it anew.
        const second = await run()
        expect(second.output).toContain(`starting with an empty index: database ${database} held a previous local chain's data`)
        const twice = await counts()
        expect({blocks: twice.blocks, head: twice.head, decoded: twice.decoded}).toEqual({blocks: once.blocks, head: once.head, decoded: once.decoded})
    } finally {
        const admin = new Client({...dbServer, database: 'postgres'})
        await admin.connect()
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
        await admin.end()
    }
})

test('pop-squid dev starts an embedded PostgreSQL when none answers, and runs again on it', async () => {
    const closedPort = await findFreePort()
    const dataDir = tempFile('pglite')
    const stateFile = tempFile('dev.json')
    for (const round of [1, 2]) {
        const dev = spawnNode('dev', 'lib/cli/index.js', ['dev', '--exit-when-synced', '--no-activity', '--chain-port', String(await findFreePort())], {
            DB_HOST: '127.0.0.1', DB_PORT: String(closedPort), GQL_PORT: String(await findFreePort()),
            LOCAL_CHAIN_SPEC: POP_TESTNET_SPEC, EMBEDDED_PG_DIR: dataDir, DEV_STATE_FILE: stateFile,
        })
        try {
            await dev.waitExit(150_000)
        } finally {
            await dev.kill('SIGKILL')
        }
        expect({round, code: dev.exitCode, tail: dev.exitCode == 0 ? '' : dev.tail(40)}).toEqual({round, code: 0, tail: ''})
        expect(dev.output).toContain(`no PostgreSQL answers at 127.0.0.1:${closedPort}: starting an embedded one (PGlite`)
        expect(dev.output).toMatch(/embedded PostgreSQL listening on 127\.0\.0\.1:\d+/)
        expect(dev.output).toMatch(/synced: indexed #\d+ = chain head/)
        if (round == 2) expect(dev.output).toContain('starting with an empty index')
    }
})
