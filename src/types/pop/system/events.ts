import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v100 from '../v100'

export const extrinsicFailed =  {
    name: 'System.ExtrinsicFailed',
    /**
     * An extrinsic failed.
     */
    v100: new EventType(
        'System.ExtrinsicFailed',
        sts.struct({
            dispatchError: v100.DispatchError,
            dispatchInfo: v100.DispatchInfo,
        })
    ),
}

export const codeUpdated =  {
    name: 'System.CodeUpdated',
    /**
     * `:code` was updated.
     */
    v100: new EventType(
        'System.CodeUpdated',
        sts.unit()
    ),
}

export const newAccount =  {
    name: 'System.NewAccount',
    /**
     * A new account was created.
     */
    v100: new EventType(
        'System.NewAccount',
        sts.struct({
            account: v100.AccountId32,
        })
    ),
}

export const killedAccount =  {
    name: 'System.KilledAccount',
    /**
     * An account was reaped.
     */
    v100: new EventType(
        'System.KilledAccount',
        sts.struct({
            account: v100.AccountId32,
        })
    ),
}
