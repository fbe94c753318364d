import {blake2AsHex} from '@polkadot/util-crypto'
import {u8aToHex} from '@polkadot/util'
import fs from 'node:fs'
import path from 'node:path'
import {encodeAbiParameters, getAddress} from 'viem'
import {AbiError, loadAbi, MAX_ABI_BYTES} from '../../src/decode/contracts/abi'
import {DEPLOYED_TOPIC, EVM_EMITTER_ABI, TRANSFER_TOPIC} from '../../src/localchain/contracts/evm-emitter'

const fixture = (name: string) => fs.readFileSync(path.resolve(__dirname, '../fixtures/abi', name), 'utf8')
const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'
const ALICE_SS58_0 = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5'
const V5_TRANSFER = blake2AsHex('Transfer(Option<AccountId>,Option<AccountId>,u128)', 256)
const u128 = (v: bigint) => u8aToHex(new Uint8Array(Array.from({length: 16}, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn)))).slice(2)

describe('ink! ABIs', () => {
    const v5 = loadAbi(fixture('ink-v5-event-emitter.json'), 0)
    const v4 = loadAbi(fixture('ink-v4-event-emitter.json'), 0)
    const v6 = loadAbi({...JSON.parse(fixture('ink-v5-event-emitter.json')), version: 6}, 0)

    test.each([
        ['v5', v5], ['v6', v6],
    ])('%s: an event by its signature topic; accounts as addresses, u128 as a string, None as null', (_, abi) => {
        const data = `0x00 01${ALICE.slice(2)} ${u128(340282366920938463463374607431768211455n)}`.replace(/ /g, '')
        expect(abi.decodeEvent(data, [V5_TRANSFER])).toEqual({ok: true, value: {name: 'Transfer', args: {from: null, to: ALICE_SS58_0, value: '340282366920938463463374607431768211455'}}})
    })

    test('v5: an anonymous event by its number of topics', () => {
        expect(v5.decodeEvent('0x2a0000001468656c6c6f', ['0x2a' + '00'.repeat(31)])).toEqual({ok: true, value: {name: 'Note', args: {id: 42, text: 'hello'}}})
    })

    test.each([
        ['0x01', [V5_TRANSFER], /^bad data at byte 1: Transfer\.from needs 32 more bytes$/],
        [`0x00 00 ${u128(1n)} ff`.replace(/ /g, ''), [V5_TRANSFER], /^bad data at byte 18: 1 bytes left after the fields of Transfer$/],
        ['0x00', ['0x' + '99'.repeat(32), '0x00', '0x00'], /^unknown topic 0x9999/],
        ['0x00', [], /^unknown topic \(no topics\)/],
    ])('v5: %s with topics %j is refused with the reason', (data, topics, reason) => {
        const result = v5.decodeEvent(data, topics)
        expect(result.ok).toBe(false)
        expect(!result.ok && result.reason).toMatch(reason)
    })

    test('v4: the first data byte is the event index; the topics do not matter', () => {
        expect(v4.decodeEvent(`0x00${ALICE.slice(2)}${ALICE.slice(2)}${u128(5n)}`, [])).toEqual({ok: true, value: {name: 'Approval', args: {owner: ALICE_SS58_0, spender: ALICE_SS58_0, value: '5'}}})
        expect(v4.decodeEvent('0x07', [])).toEqual({ok: false, reason: 'unknown event index 7 (the ABI has 2 events)'})
        expect(v4.decodeEvent('0x', [])).toEqual({ok: false, reason: 'bad data at byte 0: empty (ink! v4 events start with their index)'})
    })

    test('metadata names its contract and, when present, its code hash', () => {
        expect([v5.kind, v5.contractName, v5.codeHash]).toEqual(['ink-v5', 'event_emitter_v5', undefined])
        const json = JSON.parse(fixture('ink-v5-event-emitter.json'))
        json.source.hash = '0x' + 'AB'.repeat(32)
        expect(loadAbi(json, 0).codeHash).toBe('0x' + 'ab'.repeat(32))
    })
})

describe('Solidity ABIs', () => {
    const abi = loadAbi(JSON.stringify(EVM_EMITTER_ABI), 42)
    const from = '0x' + '00'.repeat(12) + '41dccbd49b26c50d34355ed86ff0fa9e489d1e01'
    const to = '0x' + '00'.repeat(12) + '00000000000000000000000000000000000000bb'

    test('an event by its keccak topic, indexed and data fields, big numbers as strings', () => {
        const data = encodeAbiParameters([{type: 'uint256'}], [2n ** 200n])
        expect(abi.decodeEvent(data, [TRANSFER_TOPIC, from, to])).toEqual({ok: true, value: {name: 'Transfer', args: {
            from: getAddress('0x41dccbd49b26c50d34355ed86ff0fa9e489d1e01'), to: getAddress('0x00000000000000000000000000000000000000bb'), value: (2n ** 200n).toString(),
        }}})
        expect(abi.decodeEvent('0x', [DEPLOYED_TOPIC])).toEqual({ok: true, value: {name: 'Deployed', args: {}}})
    })

    test('also inside a compiler output object ({abi: [...]})', () => {
        expect(loadAbi({abi: EVM_EMITTER_ABI, bytecode: '0x00'}, 42).kind).toBe('solidity')
    })

    test('an unknown topic and short data give reasons', () => {
        expect(abi.decodeEvent('0x', ['0x' + '12'.repeat(32)])).toEqual({ok: false, reason: `unknown topic 0x${'12'.repeat(32)}: no event of the ABI has this signature`})
        const short = abi.decodeEvent('0x0102', [TRANSFER_TOPIC, from, to])
        expect(short.ok).toBe(false)
        expect(!short.ok && short.reason).toMatch(/^bad data: /)
    })
})

describe('hostile or malformed ABIs are refused with what is wrong', () => {
    let deep: unknown = {}
    for (let i = 0; i < 200; i++) deep = {x: deep}

    test.each([
        ['not JSON', 'version: 5', /^ABI is not JSON: /],
        ['a number', '42', /^ABI must be a JSON object \(ink! metadata\) or array \(Solidity ABI\)$/],
        ['an old ink! version', '{"version": "3"}', /^unsupported ink! metadata version "3"/],
        ['no version', '{"spec": {}}', /^unsupported ink! metadata version null/],
        ['no events', '{"version": 5, "spec": {}, "types": []}', /^ink! metadata needs `spec.events` and `types`$/],
        ['bad types', '{"version": 5, "spec": {"events": [], "constructors": [], "messages": []}, "types": [{"id": 0, "type": {"def": {"bogus": 1}}}]}', /^invalid ink! metadata: /],
        ['a Solidity event without inputs', '[{"type": "event", "name": "X"}]', /^every Solidity ABI event needs a `name` and `inputs`$/],
        ['nesting 200 deep', JSON.stringify(deep), /^ABI is nested deeper than 64 levels$/],
        ['larger than the cap', '[' + ' '.repeat(MAX_ABI_BYTES) + ']', /^ABI is larger than \d+ bytes$/],
    ])('%s', (_, source, message) => {
        expect(() => loadAbi(source, 42)).toThrow(AbiError)
        expect(() => loadAbi(source, 42)).toThrow(message)
    })
})
