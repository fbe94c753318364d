import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v100 from '../v100'

export const endowed =  {
    name: 'Balances.Endowed',
    /**
     * An account was created with some free balance.
     */
    v100: new EventType(
        'Balances.Endowed',
        sts.struct({
            account: v100.AccountId32,
            freeBalance: sts.bigint(),
        })
    ),
}

export const dustLost =  {
    name: 'Balances.DustLost',
    /**
     * An account was removed whose balance was non-zero but below ExistentialDeposit,
     * resulting in an outright loss.
     */
    v100: new EventType(
        'Balances.DustLost',
        sts.struct({
            account: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const transfer =  {
    name: 'Balances.Transfer',
    /**
     * Transfer succeeded.
     */
    v100: new EventType(
        'Balances.Transfer',
        sts.struct({
            from: v100.AccountId32,
            to: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const deposit =  {
    name: 'Balances.Deposit',
    /**
     * Some amount was deposited (e.g. for transaction fees).
     */
    v100: new EventType(
        'Balances.Deposit',
        sts.struct({
            who: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const withdraw =  {
    name: 'Balances.Withdraw',
    /**
     * Some amount was withdrawn from the account (e.g. for transaction fees).
     */
    v100: new EventType(
        'Balances.Withdraw',
        sts.struct({
            who: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const minted =  {
    name: 'Balances.Minted',
    /**
     * Some amount was minted into an account.
     */
    v100: new EventType(
        'Balances.Minted',
        sts.struct({
            who: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const burned =  {
    name: 'Balances.Burned',
    /**
     * Some amount was burned from an account.
     */
    v100: new EventType(
        'Balances.Burned',
        sts.struct({
            who: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}
