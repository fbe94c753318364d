import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Extrinsic} from "./extrinsic.model"
import {Transfer} from "./transfer.model"
import {AssetBalance} from "./assetBalance.model"
import {Call} from "./call.model"
import {ContractCall} from "./contractCall.model"
import {Contract} from "./contract.model"
import {XcmMessage} from "./xcmMessage.model"
import {AssetApproval} from "./assetApproval.model"
import {NftItem} from "./nftItem.model"
import {Asset} from "./asset.model"
import {ContractCode} from "./contractCode.model"
import {AccountStat} from "./accountStat.model"

@Entity_()
export class Account {
    constructor(props?: Partial<Account>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>:<hex public key>`
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @StringColumn_({nullable: false})
    publicKey!: string

    /**
     * The key rendered with the chain's SS58 prefix.
     */
    @Index_()
    @StringColumn_({nullable: false})
    address!: string

    /**
     * The first block it appeared in, in any role (signer, sender, recipient, holder, caller...).
     */
    @IntColumn_({nullable: false})
    firstSeenHeight!: number

    /**
     * The last block it signed an extrinsic in or was created in (`System.NewAccount`); its first block when it only ever was a party.
     */
    @IntColumn_({nullable: false})
    lastSeenHeight!: number

    /**
     * Signed extrinsics sent by this account.
     */
    @IntColumn_({nullable: false})
    extrinsicsCount!: number

    /**
     * Signed extrinsics it sent.
     */
    @OneToMany_(() => Extrinsic, e => e.signer)
    extrinsics!: Extrinsic[]

    /**
     * Movements of value out of it (sent, burned, fees, reserved...).
     */
    @OneToMany_(() => Transfer, e => e.fromAccount)
    transfersOut!: Transfer[]

    /**
     * Movements of value into it.
     */
    @OneToMany_(() => Transfer, e => e.toAccount)
    transfersIn!: Transfer[]

    /**
     * What it holds of each asset (native token, pallet-assets, NFT collections).
     */
    @OneToMany_(() => AssetBalance, e => e.holder)
    balances!: AssetBalance[]

    /**
     * Calls it dispatched as their signed origin (its extrinsics' calls, and calls made on its behalf through a proxy or multisig).
     */
    @OneToMany_(() => Call, e => e.originAccount)
    calls!: Call[]

    /**
     * Contract calls it made.
     */
    @OneToMany_(() => ContractCall, e => e.callerAccount)
    contractCalls!: ContractCall[]

    /**
     * Contracts it deployed.
     */
    @OneToMany_(() => Contract, e => e.deployerAccount)
    contractsDeployed!: Contract[]

    /**
     * XCM messages it sent (signed origin).
     */
    @OneToMany_(() => XcmMessage, e => e.senderAccount)
    xcmMessagesSent!: XcmMessage[]

    /**
     * Approvals it gave (pallet-assets), and those it holds as the delegate
     */
    @OneToMany_(() => AssetApproval, e => e.ownerAccount)
    approvalsGiven!: AssetApproval[]

    @OneToMany_(() => AssetApproval, e => e.delegateAccount)
    approvalsHeld!: AssetApproval[]

    /**
     * Movements it made as an approved delegate
     */
    @OneToMany_(() => Transfer, e => e.delegateAccount)
    transfersDelegated!: Transfer[]

    /**
     * The NFT items it owns now
     */
    @OneToMany_(() => NftItem, e => e.ownerAccount)
    nftItems!: NftItem[]

    /**
     * Assets it owns now (pallet-assets, pallet-nfts collections)
     */
    @OneToMany_(() => Asset, e => e.ownerAccount)
    assetsOwned!: Asset[]

    /**
     * Contract code it uploaded
     */
    @OneToMany_(() => ContractCode, e => e.uploaderAccount)
    codesUploaded!: ContractCode[]

    /**
     * Its hourly and daily totals (signed extrinsics, movements)
     */
    @OneToMany_(() => AccountStat, e => e.holder)
    stats!: AccountStat[]
}
