import {events as popEvents} from '../../types/pop'
import {events as testnetEvents} from '../../types/pop-testnet'
import type {Event} from '../../processor'
import {Decoded, decodeEvent, isHex, isRecord} from '../typed'

/** The chain-domain events this decoder reads; every other event is stored raw only. */
export const RUNTIME_CODE_EVENTS = ['System.CodeUpdated', 'ParachainSystem.ValidationFunctionApplied'] as const

export interface NewAccountRecord {
    account: string
}

// Spec 100 of the Pop testnet and mainnet genesis runtimes; later and other runtimes use the fallback.
const NEW_ACCOUNT_TYPES = [testnetEvents.system.newAccount.v100, popEvents.system.newAccount.v100]
    .map((type) => ({type, map: (v: {account: string}) => ({account: v.account})}))

export function decodeNewAccount(event: Event): Decoded<NewAccountRecord> {
    return decodeEvent(event, NEW_ACCOUNT_TYPES, (args) => {
        if (isRecord(args) && isHex(args.account)) return {account: args.account}
        if (isHex(args)) return {account: args} // pre-named-fields runtimes: NewAccount(AccountId)
        return undefined
    })
}
