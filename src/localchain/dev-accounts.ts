import {Keyring} from '@polkadot/keyring'
import type {KeyringPair} from '@polkadot/keyring/types'
import {cryptoWaitReady} from '@polkadot/util-crypto'

export const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const
export type DevName = (typeof DEV_NAMES)[number]

export type DevAccounts = Record<DevName, KeyringPair>

/** The well-known `//Alice` ... `//Ferdie` sr25519 dev keys, with the given SS58 prefix. */
export async function devAccounts(ss58Prefix = 42): Promise<DevAccounts> {
    await cryptoWaitReady()
    const keyring = new Keyring({type: 'sr25519', ss58Format: ss58Prefix})
    const out = {} as DevAccounts
    for (const name of DEV_NAMES) out[name] = keyring.addFromUri(`//${name}`)
    return out
}
