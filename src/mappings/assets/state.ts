import {Config} from '../../config/env'
import {keyOf} from '../../decode/accounts'
import {AssetRef, assetKey} from '../../decode/assets/events'
import {Asset, AssetApproval, AssetBalance, AssetKind, NftItem, Transfer} from '../../model'

/** What the assets mapping holds for one batch: the rows it touched, written once at the end. */
export interface AssetsBatch {
    assets: Map<string, Asset>
    balances: Map<string, AssetBalance>
    items: Map<string, NftItem>
    /** pallet-assets approvals touched in this batch (by events; their amounts then read from storage). */
    approvals: Map<string, AssetApproval>
    transfers: Transfer[]
    /** Balance rows made in this batch: an account holding the asset for the first time. */
    newHolders: {assetKey: string, account: string, timestamp: Date | null | undefined}[]
    decodeFailures: number
    /** Balances set to the chain's storage in this batch (ADJUSTMENT movements). */
    adjustments: number
    /** Assets whose roles (owner, issuer, admin, freezer) were set in this batch, with the earliest height. */
    roleHeights: Map<string, number>
}

/** Notes that `asset`'s roles were set at `height`: their accounts are linked as seen there. */
export function rolesSet(out: AssetsBatch, asset: Asset, height: number): void {
    out.roleHeights.set(asset.id, Math.min(out.roleHeights.get(asset.id) ?? height, height))
}

/** A new approval row, nothing approved yet (its amount comes from events or storage). */
/** A new approval of `owner`'s `asset` to `delegate` (keys or addresses), rendered with `address`. */
export function newApproval(chainId: string, asset: Asset, owner: string, delegate: string, height: number, address: (hex: string) => string): AssetApproval {
    return new AssetApproval({
        id: `${asset.id}:${keyOf(owner)}:${keyOf(delegate)}`, chain: chainId, asset, owner: address(owner), delegate: address(delegate), amount: 0n, active: false,
        createdAtHeight: height, updatedAtHeight: height,
    })
}

export function newAsset(chainId: string, ref: AssetRef, config: Config, height: number): Asset {
    const key = assetKey(ref)
    const native = ref.kind == 'NATIVE'
    return new Asset({
        id: `${chainId}:${key}`, chain: chainId, key, kind: AssetKind[ref.kind], assetId: native ? undefined : ref.id,
        name: native ? config.tokenSymbol : undefined, symbol: native ? config.tokenSymbol : undefined,
        decimals: native ? config.tokenDecimals : ref.kind == 'NFT' ? 0 : undefined,
        supply: 0n, holderCount: 0, transfersCount: 0, volume: 0n, isFrozen: false, createdAtHeight: native ? undefined : height,
    })
}
