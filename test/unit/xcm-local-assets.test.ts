import {toLocalAssetId} from '../../src/decode/xcm/message'

describe('asset ids as the indexed chain reads them', () => {
    test('on a parachain (4001): what it sends to the relay', () => {
        expect(toLocalAssetId('Here', 'relay', 4001)).toBe('Parent')
        expect(toLocalAssetId('Parachain(4001)', 'relay', 4001)).toBe('Here')
        expect(toLocalAssetId('Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)', 'relay', 4001)).toBe('Parent/Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)')
        expect(toLocalAssetId('Parachain(1000)', 'relay', 4001)).toBe('Sibling(1000)')
    })

    test('on a parachain (4001): what it sends to a sibling (3395)', () => {
        expect(toLocalAssetId('Parent', 'para:3395', 4001)).toBe('Parent')
        expect(toLocalAssetId('Here', 'para:3395', 4001)).toBe('Sibling(3395)')
        expect(toLocalAssetId('Sibling(4001)', 'para:3395', 4001)).toBe('Here')
        expect(toLocalAssetId('Parent/Parachain(4001)/GeneralIndex(7)', 'para:3395', 4001)).toBe('GeneralIndex(7)')
        expect(toLocalAssetId('PalletInstance(50)/GeneralIndex(1)', 'para:3395', 4001)).toBe('Parent/Parachain(3395)/PalletInstance(50)/GeneralIndex(1)')
        expect(toLocalAssetId('Parent/Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)', 'para:3395', 4001)).toBe('Parent/Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)')
        expect(toLocalAssetId('Parent/Parent/GlobalConsensus(Kusama)', 'para:3395', 4001)).toBe('Parent/Parent/GlobalConsensus(Kusama)')
    })

    test('on a relay: what it sends down to a parachain', () => {
        expect(toLocalAssetId('Parent', 'para:4001', undefined)).toBe('Here')
        expect(toLocalAssetId('Here', 'para:4001', undefined)).toBe('Parachain(4001)')
        expect(toLocalAssetId('Parent/Parachain(1000)/GeneralIndex(1)', 'para:4001', undefined)).toBe('Parachain(1000)/GeneralIndex(1)')
    })

    test('ids that are not locations, or an unknown counterpart, are kept', () => {
        expect(toLocalAssetId('Abstract(0x01)', 'relay', 4001)).toBe('Abstract(0x01)')
        expect(toLocalAssetId('weird id', 'relay', 4001)).toBe('weird id')
        expect(toLocalAssetId('Here', 'Parent/Parent/GlobalConsensus(Kusama)', 4001)).toBe('Here')
    })
})
