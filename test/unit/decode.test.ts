import {Runtime} from '@subsquid/substrate-runtime'
import fs from 'node:fs'
import path from 'node:path'
import {decodeNewAccount} from '../../src/decode/chain/events'
import {decodeEvent} from '../../src/decode/typed'
import type {Event} from '../../src/processor'

function runtimeFrom(file: string): Runtime {
    const record = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../metadata', file), 'utf8').split('\n')[0])
    return new Runtime({specName: record.specName, specVersion: record.specVersion, implName: record.specName, implVersion: 0}, record.metadata)
}

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'

/** An event as the processor hands it over, on a runtime built from captured metadata. */
function eventOn(runtime: Runtime, name: string, args: unknown): Event {
    return {name, args, block: {_runtime: runtime, specName: runtime.specName, specVersion: runtime.specVersion}} as unknown as Event
}

describe('event decoding: generated types first, then a shape-checked read of args', () => {
    test.each([
        ['pop-testnet.jsonl'], ['pop.jsonl'], ['passet-hub.jsonl'],
    ])('System.NewAccount on %s', (file) => {
        expect(decodeNewAccount(eventOn(runtimeFrom(file), 'System.NewAccount', {account: ALICE}))).toEqual({ok: true, value: {account: ALICE}})
    })

    test('a runtime without generated types falls back to the args shape', () => {
        const notMatching = {is: () => false, decode: () => { throw new Error('not called') }}
        const event = eventOn(runtimeFrom('pop-testnet.jsonl'), 'System.NewAccount', {account: ALICE})
        expect(decodeEvent(event, [{type: notMatching, map: (v) => v}], (args: any) => args?.account)).toEqual({ok: true, value: ALICE})
    })

    test('an event that neither path reads gives the reason, never an exception', () => {
        const notMatching = {is: () => false, decode: () => ({})}
        const event = eventOn(runtimeFrom('pop-testnet.jsonl'), 'System.NewAccount', {who: 42})
        const result = decodeEvent(event, [{type: notMatching, map: (v) => v}], (args: any) => args?.account)
        expect(result).toEqual({ok: false, reason: 'System.NewAccount in pop@100: no generated type matches and the args do not have the expected shape'})
    })

    test('a typed decoder that throws is reported, not thrown', () => {
        const throwing = {is: () => true, decode: () => { throw new Error('unexpected end of input at byte 7') }}
        const event = eventOn(runtimeFrom('pop-testnet.jsonl'), 'System.NewAccount', {account: ALICE})
        expect(decodeEvent(event, [{type: throwing, map: (v) => v}], () => undefined)).toEqual({
            ok: false, reason: 'System.NewAccount: typed decoding failed: unexpected end of input at byte 7',
        })
    })
})
