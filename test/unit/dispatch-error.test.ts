import {Runtime} from '@subsquid/substrate-runtime'
import fs from 'node:fs'
import path from 'node:path'
import {decodeDispatchError} from '../../src/decode/chain/dispatch-error'

/** Runtime metadata captured from the real Pop testnet genesis runtime (spec 100). */
function popTestnetRuntime(): Runtime {
    const line = fs.readFileSync(path.resolve(__dirname, '../../metadata/pop-testnet.jsonl'), 'utf8').split('\n')[0]
    const record = JSON.parse(line)
    return new Runtime({specName: record.specName, specVersion: record.specVersion, implName: record.specName, implVersion: 0}, record.metadata)
}

describe('decodeDispatchError on the Pop testnet spec-100 metadata', () => {
    const runtime = popTestnetRuntime()

    test.each([
        [{__kind: 'Module', value: {index: 52, error: '0x03000000'}}, {name: 'Assets.Unknown', docs: 'The given asset ID is unknown.'}],
        [{__kind: 'Module', value: {index: 40, error: '0x0c000000'}}, {name: 'Contracts.ContractTrapped'}],
        [{__kind: 'Module', value: {index: 40, error: '0x1a000000'}}, {name: 'Contracts.ContractReverted'}],
        [{__kind: 'Module', value: {index: 40, error: '0x1b000000'}}, {name: 'Contracts.CodeRejected'}],
        [{__kind: 'Module', value: {index: 200, error: '0x00000000'}}, {name: 'Module(200).Error(0)'}],
        [{__kind: 'Module', value: {index: 52, error: '0xff000000'}}, {name: 'Assets.Error(255)'}],
        [{__kind: 'Token', value: {__kind: 'FundsUnavailable'}}, {name: 'Token.FundsUnavailable'}],
        [{__kind: 'BadOrigin'}, {name: 'BadOrigin'}],
    ])('%j', (error, expected) => {
        expect(decodeDispatchError(runtime, error)).toMatchObject(expected)
    })

    test('anything that is not a dispatch error gives no name, not an exception', () => {
        expect(decodeDispatchError(runtime, null)).toBeUndefined()
        expect(decodeDispatchError(runtime, 'Module')).toBeUndefined()
        expect(decodeDispatchError(runtime, {__kind: 'Module', value: {}})).toEqual({name: 'Module.Unknown'})
    })
})
