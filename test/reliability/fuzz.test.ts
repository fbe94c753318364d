/**
 * Bad input, generated: the ABI parser, the XCM decoder and the configuration reader must answer
 * every input with a result or their own clear error, never another exception, never a hang.
 * Quick: part of `npm test`. FUZZ_RUNS scales the number of runs (default 1).
 */
import {Metadata, TypeRegistry} from '@polkadot/types'
import {u8aToHex} from '@polkadot/util'
import {Runtime} from '@subsquid/substrate-runtime'
import fc from 'fast-check'
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError, loadConfig} from '../../src/config/env'
import {AbiError, loadAbi, LoadedAbi, MAX_ABI_BYTES} from '../../src/decode/contracts/abi'
import {parseTarget} from '../../src/admin/abi-admin'
import {decodeVersionedXcms, normalizeVersionedXcm} from '../../src/decode/xcm/message'

const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
/** A call slower than this counts as a hang. */
const HANG_MS = 500
/** Runs per property, for the docs' figures. */
const figures: Record<string, number> = {}

afterAll(() => {
    console.log(`fuzz runs: ${Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join(', ')}`)
})

function timed<T>(f: () => T): T {
    const start = Date.now()
    const out = f()
    const ms = Date.now() - start
    if (ms > HANG_MS) throw new Error(`took ${ms} ms (over ${HANG_MS} ms)`)
    return out
}

function check<Ts extends [unknown, ...unknown[]]>(name: string, arb: fc.Arbitrary<Ts>, prop: (...args: Ts) => void, numRuns: number): void {
    fc.assert(fc.property(arb, (args) => prop(...args)), {numRuns: runs(numRuns)})
    figures[name] = (figures[name] ?? 0) + runs(numRuns)
}

/** Replaces one node of a JSON value (chosen by `index`) with `replacement`. */
function mutateJson(value: unknown, index: number, replacement: unknown): unknown {
    const nodes: {parent: any, key: string | number}[] = []
    const walk = (v: any) => {
        if (v && typeof v == 'object') {
            for (const k of Object.keys(v)) {
                nodes.push({parent: v, key: Array.isArray(v) ? Number(k) : k})
                walk(v[k])
            }
        }
    }
    const copy = JSON.parse(JSON.stringify(value))
    walk(copy)
    if (nodes.length == 0) return replacement
    const {parent, key} = nodes[index % nodes.length]
    parent[key] = replacement
    return copy
}

describe('the ABI parser', () => {
    // @polkadot/types logs what it cannot construct before throwing: thousands of lines here.
    let quiet: jest.SpyInstance
    beforeAll(() => { quiet = jest.spyOn(console, 'error').mockImplementation(() => {}) })
    afterAll(() => quiet.mockRestore())
    const fixtures = ['ink-v4-event-emitter.json', 'ink-v5-event-emitter.json', 'solidity-evm-emitter.json']
        .map((f) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/abi', f), 'utf8')))

    /** A loaded ABI, or an AbiError; anything else fails the property. */
    function loadOrAbiError(source: unknown): LoadedAbi | undefined {
        try {
            return timed(() => loadAbi(source, 42))
        } catch (err) {
            if (err instanceof AbiError) {
                expect(err.message.length).toBeGreaterThan(0)
                return undefined
            }
            throw err
        }
    }

    test('garbage strings and random JSON', () => {
        check('ABI garbage text', fc.tuple(fc.string({maxLength: 2000})), (s) => { loadOrAbiError(s) }, 500)
        check('ABI random JSON', fc.tuple(fc.jsonValue({maxDepth: 6})), (v) => { loadOrAbiError(JSON.stringify(v)) }, 500)
        check('ABI random values', fc.tuple(fc.anything({maxDepth: 4})), (v) => { loadOrAbiError(v) }, 300)
    })

    test('real ABIs with one node replaced, as text and as objects', () => {
        check('ABI mutated', fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.jsonValue({maxDepth: 3})), (abi, index, replacement) => {
            const mutated = mutateJson(abi, index, replacement)
            const loaded = loadOrAbiError(JSON.stringify(mutated))
            // A mutated ABI that still loads decodes events or says why not.
            if (loaded) {
                const result = timed(() => loaded.decodeEvent('0x00', ['0x' + '00'.repeat(32)]))
                expect(typeof result.ok).toBe('boolean')
            }
        }, 400)
    })

    test('deeply nested and huge ABIs are refused with a clear error', () => {
        for (const depth of [100, 1_000, 100_000]) {
            const nested = '['.repeat(depth) + ']'.repeat(depth)
            expect(() => timed(() => loadAbi(nested, 42))).toThrow(AbiError)
            const nestedObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
            expect(() => timed(() => loadAbi(nestedObject, 42))).toThrow(AbiError)
        }
        const huge = JSON.stringify({version: 5, spec: {events: []}, types: [], pad: 'x'.repeat(MAX_ABI_BYTES)})
        expect(() => timed(() => loadAbi(huge, 42))).toThrow(/larger than/)
        const manyEvents = {...fixtures[1], spec: {...fixtures[1].spec, events: Array(20_000).fill(fixtures[1].spec.events[0])}}
        loadOrAbiError(JSON.stringify(manyEvents))
        figures['ABI nested/huge'] = 7
    })

    test('events of random bytes and topics decode or give a reason', () => {
        const loaded = fixtures.map((f) => loadAbi(f, 42))
        const hex = fc.uint8Array({maxLength: 200}).map((b) => u8aToHex(b))
        const v5Topics = (fixtures[1].spec.events as any[]).map((e) => e.signature_topic).filter(Boolean)
        const topic = fc.oneof(fc.uint8Array({minLength: 32, maxLength: 32}).map((b) => u8aToHex(b)), fc.constantFrom(...v5Topics), hex)
        check('ABI event decode', fc.tuple(fc.nat({max: loaded.length - 1}), hex, fc.array(topic, {maxLength: 5})), (i, data, topics) => {
            const result = timed(() => loaded[i].decodeEvent(data, topics))
            if (!result.ok) expect(result.reason).toMatch(/\S/)
        }, 1_500)
    })

    test('targets: any string gives a normalised target or an AbiError', () => {
        check('ABI target', fc.tuple(fc.oneof(fc.string(), fc.uint8Array({maxLength: 40}).map((b) => u8aToHex(b))), fc.boolean()), (s, asHash) => {
            try {
                const target = parseTarget(asHash ? {codeHash: s} : {address: s})
                expect(target.codeHash ?? target.address).toMatch(/^0x[0-9a-f]+$/)
            } catch (err) {
                if (!(err instanceof AbiError)) throw err
            }
        }, 1_000)
    })
})

describe('the XCM decoder', () => {
    const record = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../metadata/pop-testnet.jsonl'), 'utf8').split('\n')[0])
    const runtime = new Runtime({specName: record.specName, specVersion: record.specVersion, implName: record.specName, implVersion: 0}, record.metadata)
    const registry = new TypeRegistry()
    registry.setMetadata(new Metadata(registry, record.metadata))
    const account = '0x' + '11'.repeat(32)
    const asset = (parents: number) => ({id: {Concrete: {parents, interior: 'Here'}}, fun: {Fungible: 10n ** 10n}})
    // Real messages of the kinds Pop sends and receives, encoded with the runtime's own types.
    const real = [
        {V3: [
            {ReserveAssetDeposited: [asset(1)]}, {ClearOrigin: null},
            {BuyExecution: {fees: asset(1), weightLimit: 'Unlimited'}},
            {DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: {parents: 0, interior: {X1: {AccountId32: {network: null, id: account}}}}}},
            {SetTopic: '0x' + 'ab'.repeat(32)},
        ]},
        {V3: [
            {WithdrawAsset: [asset(0)]}, {ClearOrigin: null},
            {BuyExecution: {fees: asset(0), weightLimit: 'Unlimited'}},
            {DepositReserveAsset: {assets: {Wild: {AllCounted: 1}}, dest: {parents: 1, interior: {X1: {Parachain: 1000}}},
                xcm: [{DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: {parents: 0, interior: {X1: {AccountId32: {network: null, id: account}}}}}}]}},
        ]},
    ].map((m) => registry.createType('XcmVersionedXcm', m).toU8a())

    function decode(bytes: Uint8Array): void {
        const out = timed(() => decodeVersionedXcms(runtime, bytes))
        expect(out.length).toBeGreaterThan(0)
        for (const d of out) {
            if (d.ok) expect(Array.isArray(d.record.instructions)).toBe(true)
            else expect(d.reason).toMatch(/\S/)
            expect(d.hash).toMatch(/^0x[0-9a-f]{64}$/)
        }
    }

    test('the real messages decode', () => {
        for (const bytes of real) {
            const [d] = decodeVersionedXcms(runtime, bytes)
            expect(d).toMatchObject({ok: true, record: {version: 3}})
        }
    })

    test('a forged length prefix is refused at once, not after allocating millions of slots', () => {
        const [d] = timed(() => decodeVersionedXcms(runtime, Uint8Array.from([4, 222, 245, 4, 6, 165])))
        expect(d).toMatchObject({ok: false, reason: 'bad XCM at byte 0: length prefix 25247095 at byte 5 is more than the 1 bytes left could hold'})
    })

    test('random bytes give a decoded record or a reason', () => {
        check('XCM random bytes', fc.tuple(fc.uint8Array({minLength: 1, maxLength: 512})), decode, 3_000)
        // Starting with a real version byte gets the decoder further into the message.
        check('XCM random after a version byte', fc.tuple(fc.constantFrom(2, 3, 4, 5), fc.uint8Array({maxLength: 256})), (v, rest) => decode(Uint8Array.from([v, ...rest])), 2_000)
    })

    test('mutated real messages (bytes flipped, cut, inserted, concatenated) give a record or a reason', () => {
        const mutation = fc.tuple(fc.nat(), fc.nat({max: 255}), fc.constantFrom('flip', 'cut', 'insert', 'concat'))
        check('XCM mutated', fc.tuple(fc.nat({max: real.length - 1}), fc.array(mutation, {minLength: 1, maxLength: 4})), (i, mutations) => {
            let bytes = real[i]
            for (const [pos, byte, kind] of mutations) {
                const at = pos % (bytes.length + 1)
                if (kind == 'flip' && at < bytes.length) bytes = Uint8Array.from(bytes, (b, j) => j == at ? b ^ (byte || 1) : b)
                else if (kind == 'cut') bytes = bytes.subarray(0, at)
                else if (kind == 'insert') bytes = Uint8Array.from([...bytes.subarray(0, at), byte, ...bytes.subarray(at)])
                else bytes = Uint8Array.from([...bytes, ...real[byte % real.length]])
            }
            if (bytes.length == 0) return
            decode(bytes)
        }, 2_000)
    })

    test('normalising any JSON (event args come as JSON) gives a record or a plain Error with a message', () => {
        check('XCM normalise JSON', fc.tuple(fc.jsonValue({maxDepth: 6})), (v) => {
            try {
                timed(() => normalizeVersionedXcm(v))
            } catch (err) {
                expect(err).toBeInstanceOf(Error)
                expect((err as Error).message).toMatch(/^not a VersionedXcm/)
            }
        }, 1_000)
        // Shaped like a message, with random instructions.
        const instruction = fc.record({__kind: fc.constantFrom('WithdrawAsset', 'ReserveAssetDeposited', 'TransferAsset', 'DepositAsset', 'DepositReserveAsset', 'SetTopic', 'Other'),
            value: fc.jsonValue({maxDepth: 4}), beneficiary: fc.jsonValue({maxDepth: 4}), assets: fc.jsonValue({maxDepth: 3}), xcm: fc.jsonValue({maxDepth: 3})})
        check('XCM normalise shaped', fc.tuple(fc.constantFrom('V2', 'V3', 'V4', 'V5'), fc.array(instruction, {maxLength: 6})), (kind, value) => {
            timed(() => normalizeVersionedXcm({__kind: kind, value}))
        }, 1_000)
    })
})

describe('the configuration', () => {
    const names = ['CHAIN', 'CHAIN_ID', 'RPC_ENDPOINT', 'GATEWAY_URL', 'START_BLOCK', 'END_BLOCK', 'FINALITY_CONFIRMATION', 'RPC_RATE_LIMIT',
        'RPC_CAPACITY', 'RPC_REQUEST_TIMEOUT_MS', 'RPC_STALL_TIMEOUT_MS', 'PARA_ID', 'SS58_PREFIX', 'TOKEN_SYMBOL', 'TOKEN_DECIMALS', 'DB_HOST', 'DB_PORT',
        'DB_NAME', 'DB_USER', 'DB_PASS', 'GQL_PORT', 'PROMETHEUS_PORT', 'STATE_SCHEMA', 'REVIVE_DEPLOYMENTS_FROM']
    const value = fc.oneof(
        fc.string({maxLength: 40}),
        fc.integer().map(String),
        fc.bigInt().map(String),
        fc.double().map(String),
        fc.constantFrom('', ' ', '0', '-1', '1e3', '0x10', 'NaN', 'Infinity', '9007199254740993', 'pop', 'local', 'custom', 'ws://127.0.0.1:9944',
            'wss://a,wss://b', ',', 'http://[::1', 'auto', 'calls', '\u0000', 'ws://a, ,http://b'),
        fc.webUrl().map((u) => u.replace(/^https?/, 'ws')),
    )

    test('random environments give a Config or a ConfigError, never another exception', () => {
        check('config random env', fc.tuple(fc.dictionary(fc.constantFrom(...names), value, {maxKeys: 12})), (env) => {
            try {
                const config = loadConfig(env)
                expect(config.rpcEndpoints.length).toBeGreaterThan(0)
                expect(Number.isSafeInteger(config.startBlock)).toBe(true)
            } catch (err) {
                if (!(err instanceof ConfigError)) throw err
                expect(err.problems.length).toBeGreaterThan(0)
            }
        }, 3_000)
    })
})
