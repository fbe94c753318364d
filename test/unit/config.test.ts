import fs from 'node:fs'
import path from 'node:path'
import {ConfigError, loadConfig, PROCESSOR_HEAP_MB, processorNodeFlags} from '../../src/config/env'

function problems(env: Record<string, string>): string[] {
    try {
        loadConfig(env)
    } catch (err) {
        if (err instanceof ConfigError) return err.problems
        throw err
    }
    return []
}

describe('loadConfig', () => {
    test('defaults to the local chain', () => {
        const config = loadConfig({})
        expect(config).toMatchObject({
            preset: 'local', chainId: 'local', rpcEndpoints: ['ws://127.0.0.1:8000'], finalityConfirmation: 3,
            ss58Prefix: 42, stateSchema: 'squid_processor_local', startBlock: 0, gqlPort: 4350,
            db: {host: 'localhost', port: 5432, database: 'postgres', user: 'postgres', password: 'postgres'},
        })
    })

    test.each([
        ['pop', {RPC_ENDPOINT: 'wss://example.invalid'}, {paraId: 3395, ss58Prefix: 0, tokenSymbol: 'DOT'}],
        ['pop-testnet', {}, {paraId: 4001, ss58Prefix: 42, tokenSymbol: 'PAS', rpcEndpoints: ['wss://rpc1.paseo.popnetwork.xyz']}],
        ['custom', {RPC_ENDPOINT: 'http://127.0.0.1:9944', SS58_PREFIX: '0', CHAIN_ID: 'my-dapp'}, {chainId: 'my-dapp', ss58Prefix: 0, stateSchema: 'squid_processor_my_dapp'}],
    ])('preset %s', (chain, env, expected) => {
        expect(loadConfig({CHAIN: chain, ...env})).toMatchObject(expected)
    })

    test('an RPC URL alone selects the custom preset', () => {
        expect(loadConfig({RPC_ENDPOINT: 'ws://10.0.0.1:9944, ws://10.0.0.2:9944'})).toMatchObject({
            preset: 'custom', rpcEndpoints: ['ws://10.0.0.1:9944', 'ws://10.0.0.2:9944'],
        })
    })

    test.each([
        [{CHAIN: 'kusama'}, /CHAIN="kusama" is not a known network: use one of pop, pop-testnet, local, custom/],
        [{CHAIN: 'pop'}, /RPC_ENDPOINT is required for CHAIN=pop/],
        [{RPC_ENDPOINT: 'localhost:9944'}, /RPC_ENDPOINT contains "localhost:9944", which is not a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/],
        [{FINALITY_CONFIRMATION: '0'}, /FINALITY_CONFIRMATION=0 is out of range: give an integer in 1\.\.∞ \(0 makes the processor stop following/],
        [{START_BLOCK: '-5'}, /START_BLOCK=-5 is out of range/],
        [{START_BLOCK: '1e3'}, /START_BLOCK="1e3" is not a whole number/],
        [{START_BLOCK: '10', END_BLOCK: '5'}, /END_BLOCK=5 is below START_BLOCK=10/],
        [{DB_PORT: '70000'}, /DB_PORT=70000 is out of range: give an integer in 1\.\.65535/],
        [{GQL_PORT: 'abc'}, /GQL_PORT="abc" is not a whole number/],
        [{CHAIN_ID: 'Pop Main'}, /CHAIN_ID="Pop Main" must be 1-32 characters/],
        [{GATEWAY_URL: 'ftp://x'}, /GATEWAY_URL="ftp:\/\/x" is not an http\(s\) URL/],
        [{VACUUM_AFTER_CATCH_UP: 'yes'}, /VACUUM_AFTER_CATCH_UP="yes" is not a whole number/],
        [{VACUUM_AFTER_CATCH_UP: '-1'}, /VACUUM_AFTER_CATCH_UP=-1 is out of range/],
    ])('refuses %j with a message that says what to fix', (env, message) => {
        const found = problems(env as Record<string, string>)
        expect(found.join('\n')).toMatch(message)
    })

    test('reports every problem at once', () => {
        expect(problems({START_BLOCK: 'x', DB_PORT: '0', FINALITY_CONFIRMATION: '-1'})).toHaveLength(3)
    })
})

describe('the processor heap limit', () => {
    test('given as a Node flag, unless NODE_OPTIONS sets one; commands.json starts the processor with the same', () => {
        expect(processorNodeFlags({})).toEqual([`--max-old-space-size=${PROCESSOR_HEAP_MB}`])
        expect(processorNodeFlags({NODE_OPTIONS: '--max-old-space-size=4096 --enable-source-maps'})).toEqual([])
        expect(processorNodeFlags({NODE_OPTIONS: '--enable-source-maps'})).toEqual([`--max-old-space-size=${PROCESSOR_HEAP_MB}`])
        const commands = JSON.parse(fs.readFileSync(path.join(__dirname, '../../commands.json'), 'utf8'))
        expect(commands.commands['process:prod'].cmd.join(' ')).toContain(`node --max-old-space-size=${PROCESSOR_HEAP_MB} lib/main.js`)
    })
})
