/**
 * Addresses as users give them and as the index renders them: SS58 under any prefix is the same
 * key (Pop mainnet renders with 0, the testnet with 42, a dAppChain with its own), hex is kept,
 * anything else is refused, and the renderer and the reader agree.
 */
import {codec} from '@subsquid/ss58'
import {parseTarget} from '../../src/admin/abi-admin'
import {accountKey, accountRenderer} from '../../src/decode/accounts'

const KEY = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'

test('SS58 under any prefix reads back to the same 32-byte key', () => {
    for (const prefix of [0, 2, 42, 7777]) {
        expect({prefix, key: accountKey(codec(prefix).encode(KEY))}).toEqual({prefix, key: KEY})
        expect({prefix, key: accountKey(accountRenderer(prefix)(KEY))}).toEqual({prefix, key: KEY})
    }
})

test('hex is kept (lower-cased), H160 as it is; junk and over-long text are refused', () => {
    expect(accountKey(KEY.toUpperCase().replace('0X', '0x'))).toBe(KEY)
    expect(accountKey('0x' + 'AB'.repeat(20))).toBe('0x' + 'ab'.repeat(20))
    expect(accountRenderer(0)('0x' + 'ab'.repeat(20))).toBe('0x' + 'ab'.repeat(20))
    for (const junk of ['', 'not-an-address', '0x1234', '5G'.repeat(30), codec(42).encode(KEY).slice(0, -1) + 'x']) {
        expect({junk, key: accountKey(junk)}).toEqual({junk, key: undefined})
    }
})

test('a contract address in SS58 under Pop mainnet\'s prefix is accepted as a target', () => {
    expect(parseTarget({address: codec(0).encode(KEY)})).toEqual({address: KEY})
    expect(() => parseTarget({address: 'nope'})).toThrow(/neither hex \(20 or 32 bytes\) nor SS58/)
})
