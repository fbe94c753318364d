/**
 * The command line as a user runs it: bad settings refused with a clear message and exit code 2,
 * help on every command, and `pop-squid dev` on an embedded PostgreSQL (dev on a real one, run
 * twice, is in dev.test.ts).
 */
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
