import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v100 from '../v100'

export const created =  {
    name: 'Assets.Created',
    /**
     * Some asset class was created.
     */
    v100: new EventType(
        'Assets.Created',
        sts.struct({
            assetId: sts.number(),
            creator: v100.AccountId32,
            owner: v100.AccountId32,
        })
    ),
}

export const issued =  {
    name: 'Assets.Issued',
    /**
     * Some assets were issued.
     */
    v100: new EventType(
        'Assets.Issued',
        sts.struct({
            assetId: sts.number(),
            owner: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const transferred =  {
    name: 'Assets.Transferred',
    /**
     * Some assets were transferred.
     */
    v100: new EventType(
        'Assets.Transferred',
        sts.struct({
            assetId: sts.number(),
            from: v100.AccountId32,
            to: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const burned =  {
    name: 'Assets.Burned',
    /**
     * Some assets were destroyed.
     */
    v100: new EventType(
        'Assets.Burned',
        sts.struct({
            assetId: sts.number(),
            owner: v100.AccountId32,
            balance: sts.bigint(),
        })
    ),
}

export const forceCreated =  {
    name: 'Assets.ForceCreated',
    /**
     * Some asset class was force-created.
     */
    v100: new EventType(
        'Assets.ForceCreated',
        sts.struct({
            assetId: sts.number(),
            owner: v100.AccountId32,
        })
    ),
}

export const metadataSet =  {
    name: 'Assets.MetadataSet',
    /**
     * New metadata has been set for an asset.
     */
    v100: new EventType(
        'Assets.MetadataSet',
        sts.struct({
            assetId: sts.number(),
            name: sts.bytes(),
            symbol: sts.bytes(),
            decimals: sts.number(),
            isFrozen: sts.boolean(),
        })
    ),
}

export const transferredApproved =  {
    name: 'Assets.TransferredApproved',
    /**
     * An `amount` was transferred in its entirety from `owner` to `destination` by
     * the approved `delegate`.
     */
    v100: new EventType(
        'Assets.TransferredApproved',
        sts.struct({
            assetId: sts.number(),
            owner: v100.AccountId32,
            delegate: v100.AccountId32,
            destination: v100.AccountId32,
            amount: sts.bigint(),
        })
    ),
}
