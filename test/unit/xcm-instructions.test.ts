/**
 * XCM instructions as the project's own records, whatever the version: real messages encoded with
 * the runtimes' own types (Pop spec 100: V2-V4; Passet Hub: V3-V5), decoded by the indexer's decoder.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Metadata, TypeRegistry} from '@polkadot/types'
import {Runtime} from '@subsquid/substrate-runtime'
import {decodeVersionedXcms} from '../../src/decode/xcm/message'
import {normalizeInstructions} from '../../src/decode/xcm/instructions'

function load(name: string): {runtime: Runtime, registry: TypeRegistry} {
    const record = JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../metadata/${name}.jsonl`), 'utf8').split('\n')[0])
    const runtime = new Runtime({specName: record.specName, specVersion: record.specVersion, implName: record.specName, implVersion: 0}, record.metadata)
    const registry = new TypeRegistry()
    registry.setMetadata(new Metadata(registry, record.metadata))
    return {runtime, registry}
}

const pop = load('pop-testnet')
const assetHub = load('passet-hub')

/** Encodes a VersionedXcm with the runtime's types and decodes it back with the indexer. */
function roundTrip(chain: {runtime: Runtime, registry: TypeRegistry}, message: Record<string, unknown[]>) {
    const bytes = chain.registry.createType('XcmVersionedXcm', message).toU8a()
    const [decoded] = decodeVersionedXcms(chain.runtime, bytes)
    if (!decoded.ok) throw new Error(decoded.reason)
    return decoded.record
}

const account = '0x' + '11'.repeat(32)
const topic = '0x' + 'ab'.repeat(32)
const here = {parents: 0, interior: 'Here'}
const accountV3 = {parents: 0, interior: {X1: {AccountId32: {network: null, id: account}}}}
const accountV4 = {parents: 0, interior: {X1: [{AccountId32: {network: null, id: account}}]}}
const v2Asset = (parents: number) => ({id: {Concrete: {parents, interior: 'Here'}}, fun: {Fungible: 10n ** 10n}})
const v3Asset = v2Asset
const v4Asset = (parents: number) => ({id: {parents, interior: 'Here'}, fun: {Fungible: 10n ** 10n}})
const relayToken = {id: 'Parent', amount: '10000000000'}
const beneficiary = `AccountId32(${account})`

describe('a reserve transfer, the same records in V2, V3, V4 and V5', () => {
    const expected = [
        {kind: 'ReserveAssetDeposited', assets: [relayToken]},
        {kind: 'ClearOrigin'},
        {kind: 'BuyExecution', fees: relayToken, weightLimit: 'Unlimited'},
        {kind: 'DepositAsset', assetFilter: 'AllCounted(1)', beneficiary},
        {kind: 'SetTopic', topic},
    ]
    const v3 = [
        {ReserveAssetDeposited: [v3Asset(1)]}, {ClearOrigin: null},
        {BuyExecution: {fees: v3Asset(1), weightLimit: 'Unlimited'}},
        {DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: accountV3}},
        {SetTopic: topic},
    ]
    const v4 = [
        {ReserveAssetDeposited: [v4Asset(1)]}, {ClearOrigin: null},
        {BuyExecution: {fees: v4Asset(1), weightLimit: 'Unlimited'}},
        {DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: accountV4}},
        {SetTopic: topic},
    ]

    test('V3 and V4 (Pop), V3, V4 and V5 (Asset Hub)', () => {
        for (const [chain, message, version] of [[pop, {V3: v3}, 3], [pop, {V4: v4}, 4], [assetHub, {V3: v3}, 3], [assetHub, {V4: v4}, 4], [assetHub, {V5: v4}, 5]] as const) {
            const record = roundTrip(chain, message as any)
            expect(record.version).toBe(version)
            expect(record.instructions).toEqual(expected)
            expect(record).toMatchObject({topic, beneficiary, assets: [relayToken]})
        }
    })

    test('V2 (no SetTopic in V2; DepositAsset carries max assets)', () => {
        const record = roundTrip(pop, {V2: [
            {ReserveAssetDeposited: [v2Asset(1)]}, {ClearOrigin: null},
            {BuyExecution: {fees: v2Asset(1), weightLimit: 'Unlimited'}},
            {DepositAsset: {assets: {Wild: 'All'}, maxAssets: 1, beneficiary: accountV3}},
        ]})
        expect(record.version).toBe(2)
        expect(record.instructions).toEqual([
            {kind: 'ReserveAssetDeposited', assets: [relayToken]},
            {kind: 'ClearOrigin'},
            {kind: 'BuyExecution', fees: relayToken, weightLimit: 'Unlimited'},
            {kind: 'DepositAsset', assetFilter: 'All', beneficiary, detail: {maxAssets: 1}},
        ])
    })
})

test('nested messages, reserves, destinations, limited weight, a definite filter', () => {
    const record = roundTrip(pop, {V3: [
        {WithdrawAsset: [v3Asset(0)]},
        {BuyExecution: {fees: v3Asset(0), weightLimit: {Limited: {refTime: 1_000_000, proofSize: 65_536}}}},
        {InitiateReserveWithdraw: {assets: {Definite: [v3Asset(0)]}, reserve: {parents: 1, interior: 'Here'},
            xcm: [{DepositAsset: {assets: {Wild: {AllOf: {id: {Concrete: {parents: 1, interior: 'Here'}}, fun: 'Fungible'}}}, beneficiary: accountV3}}]}},
        {DepositReserveAsset: {assets: {Wild: {AllCounted: 1}}, dest: {parents: 1, interior: {X1: {Parachain: 1000}}},
            xcm: [{DepositAsset: {assets: {Wild: {AllOfCounted: {id: {Concrete: {parents: 1, interior: 'Here'}}, fun: 'Fungible', count: 2}}}, beneficiary: accountV3}}]}},
        {TransferReserveAsset: {assets: [v3Asset(0)], dest: {parents: 1, interior: {X1: {Parachain: 2000}}}, xcm: [{ClearOrigin: null}]}},
    ]})
    const native = {id: 'Here', amount: '10000000000'}
    expect(record.instructions).toEqual([
        {kind: 'WithdrawAsset', assets: [native]},
        {kind: 'BuyExecution', fees: native, weightLimit: 'Limited(1000000, 65536)'},
        {kind: 'InitiateReserveWithdraw', assets: [native], reserve: 'Parent', xcm: [{kind: 'DepositAsset', assetFilter: 'AllOf(Parent, Fungible)', beneficiary}]},
        {kind: 'DepositReserveAsset', assetFilter: 'AllCounted(1)', destination: 'Sibling(1000)', xcm: [{kind: 'DepositAsset', assetFilter: 'AllOfCounted(Parent, Fungible, 2)', beneficiary}]},
        {kind: 'TransferReserveAsset', assets: [native], destination: 'Sibling(2000)', xcm: [{kind: 'ClearOrigin'}]},
    ])
    // The beneficiary of a transfer through a reserve is in the nested message.
    expect(record.beneficiary).toBe(beneficiary)
})

test('Transact, origins, a non-fungible asset, appendix and error handler', () => {
    const record = roundTrip(pop, {V4: [
        {DescendOrigin: {X1: [{PalletInstance: 50}]}},
        {UniversalOrigin: {GlobalConsensus: 'Polkadot'}},
        {Transact: {originKind: 'SovereignAccount', requireWeightAtMost: {refTime: 5, proofSize: 6}, call: {encoded: '0x0a0b'}}},
        {WithdrawAsset: [{id: {parents: 0, interior: {X1: [{GeneralIndex: 7}]}}, fun: {NonFungible: {Index: 3}}}]},
        {SetAppendix: [{RefundSurplus: null}]},
        {SetErrorHandler: [{ClearError: null}]},
        {ClaimAsset: {assets: [v4Asset(1)], ticket: here}},
    ]})
    expect(record.instructions).toEqual([
        {kind: 'DescendOrigin', location: 'PalletInstance(50)'},
        {kind: 'UniversalOrigin', location: 'GlobalConsensus(Polkadot)'},
        {kind: 'Transact', detail: {originKind: 'SovereignAccount', requireWeightAtMost: {refTime: '5', proofSize: '6'}, call: {encoded: '0x0a0b'}}},
        {kind: 'WithdrawAsset', assets: [{id: 'GeneralIndex(7)', instance: 'Index(3)'}]},
        {kind: 'SetAppendix', xcm: [{kind: 'RefundSurplus'}]},
        {kind: 'SetErrorHandler', xcm: [{kind: 'ClearError'}]},
        {kind: 'ClaimAsset', assets: [relayToken], location: 'Here'},
    ])
})

test('V5: PayFees and InitiateTransfer (Asset Hub)', () => {
    const record = roundTrip(assetHub, {V5: [
        {WithdrawAsset: [v4Asset(1)]},
        {PayFees: {asset: v4Asset(1)}},
        {InitiateTransfer: {
            destination: {parents: 1, interior: {X1: [{Parachain: 4001}]}},
            remoteFees: {ReserveDeposit: {Definite: [v4Asset(1)]}},
            preserveOrigin: false,
            assets: [{ReserveDeposit: {Wild: {AllCounted: 1}}}],
            remoteXcm: [{DepositAsset: {assets: {Wild: {AllCounted: 1}}, beneficiary: accountV4}}],
        }},
    ]})
    expect(record.version).toBe(5)
    expect(record.instructions).toEqual([
        {kind: 'WithdrawAsset', assets: [relayToken]},
        {kind: 'PayFees', fees: relayToken},
        {kind: 'InitiateTransfer', destination: 'Sibling(4001)', fees: relayToken, assetFilter: 'ReserveDeposit(AllCounted(1))',
            detail: {preserveOrigin: false}, xcm: [{kind: 'DepositAsset', assetFilter: 'AllCounted(1)', beneficiary}]},
    ])
})

test('odd input gives a record per item and never throws', () => {
    expect(normalizeInstructions([null, 7, 'x', {__kind: 'Future', value: {parents: 1, interior: {__kind: 'Here'}}}, {__kind: 'Later', amount: '5', origin: {parents: 2, interior: {__kind: 'Here'}}}])).toEqual([
        {kind: 'Unknown', detail: {value: null}},
        {kind: 'Unknown', detail: {value: 7}},
        {kind: 'Unknown', detail: {value: 'x'}},
        {kind: 'Future', location: 'Parent'},
        {kind: 'Later', detail: {amount: '5', origin: 'Parent/Parent'}},
    ])
})

test('a Sent event whose args cannot be read says why (stored on its event row)', () => {
    const {sentArgsProblem} = require('../../src/decode/xcm/transport') as typeof import('../../src/decode/xcm/transport')
    expect(sentArgsProblem('PolkadotXcm.Sent', {origin: {}, destination: {}, message: [], messageId: '0x' + '11'.repeat(32)})).toBeUndefined()
    expect(sentArgsProblem('PolkadotXcm.Sent', null)).toBe('PolkadotXcm.Sent: the args are not a record')
    expect(sentArgsProblem('PolkadotXcm.Sent', {message: {__kind: 'V4'}, messageId: '0x11'})).toBe('PolkadotXcm.Sent: the args have no message (a list of instructions)')
    expect(sentArgsProblem('XcmPallet.Sent', {message: []})).toBe('XcmPallet.Sent: the args have no messageId (hex)')
})
