import assert from "assert"
import * as marshal from "./marshal"
import {XcmAsset} from "./_xcmAsset"

/**
 * One XCM instruction, the same whatever the XCM version (v2 to v5): the fields an explorer reads, locations and assets rendered; everything else in `detail`.
 */
export class XcmInstruction {
    private _kind!: string
    private _assets!: (XcmAsset)[] | undefined | null
    private _assetFilter!: string | undefined | null
    private _fees!: XcmAsset | undefined | null
    private _weightLimit!: string | undefined | null
    private _beneficiary!: string | undefined | null
    private _destination!: string | undefined | null
    private _reserve!: string | undefined | null
    private _location!: string | undefined | null
    private _topic!: string | undefined | null
    private _xcm!: (XcmInstruction)[] | undefined | null
    private _detail!: unknown | undefined | null

    constructor(props?: Partial<Omit<XcmInstruction, 'toJSON'>>, json?: any) {
        Object.assign(this, props)
        if (json != null) {
            this._kind = marshal.string.fromJSON(json.kind)
            this._assets = json.assets == null ? undefined : marshal.fromList(json.assets, val => new XcmAsset(undefined, marshal.nonNull(val)))
            this._assetFilter = json.assetFilter == null ? undefined : marshal.string.fromJSON(json.assetFilter)
            this._fees = json.fees == null ? undefined : new XcmAsset(undefined, json.fees)
            this._weightLimit = json.weightLimit == null ? undefined : marshal.string.fromJSON(json.weightLimit)
            this._beneficiary = json.beneficiary == null ? undefined : marshal.string.fromJSON(json.beneficiary)
            this._destination = json.destination == null ? undefined : marshal.string.fromJSON(json.destination)
            this._reserve = json.reserve == null ? undefined : marshal.string.fromJSON(json.reserve)
            this._location = json.location == null ? undefined : marshal.string.fromJSON(json.location)
            this._topic = json.topic == null ? undefined : marshal.string.fromJSON(json.topic)
            this._xcm = json.xcm == null ? undefined : marshal.fromList(json.xcm, val => new XcmInstruction(undefined, marshal.nonNull(val)))
            this._detail = json.detail
        }
    }

    /**
     * `WithdrawAsset`, `BuyExecution`, `DepositAsset`, `SetTopic`, ...
     */
    get kind(): string {
        assert(this._kind != null, 'uninitialized access')
        return this._kind
    }

    set kind(value: string) {
        this._kind = value
    }

    /**
     * The definite assets it names (withdrawn, deposited, transferred, claimed, a Definite filter)
     */
    get assets(): (XcmAsset)[] | undefined | null {
        return this._assets
    }

    set assets(value: (XcmAsset)[] | undefined | null) {
        this._assets = value
    }

    /**
     * A wild asset filter: `All`, `AllCounted(1)`, `AllOf(Parent, Fungible)`, `AllOfCounted(Parent, Fungible, 2)`
     */
    get assetFilter(): string | undefined | null {
        return this._assetFilter
    }

    set assetFilter(value: string | undefined | null) {
        this._assetFilter = value
    }

    /**
     * The fees asset (BuyExecution, PayFees)
     */
    get fees(): XcmAsset | undefined | null {
        return this._fees
    }

    set fees(value: XcmAsset | undefined | null) {
        this._fees = value
    }

    /**
     * `Unlimited` or `Limited(refTime, proofSize)`
     */
    get weightLimit(): string | undefined | null {
        return this._weightLimit
    }

    set weightLimit(value: string | undefined | null) {
        this._weightLimit = value
    }

    get beneficiary(): string | undefined | null {
        return this._beneficiary
    }

    set beneficiary(value: string | undefined | null) {
        this._beneficiary = value
    }

    get destination(): string | undefined | null {
        return this._destination
    }

    set destination(value: string | undefined | null) {
        this._destination = value
    }

    get reserve(): string | undefined | null {
        return this._reserve
    }

    set reserve(value: string | undefined | null) {
        this._reserve = value
    }

    /**
     * Any other single location the instruction carries (UniversalOrigin, AliasOrigin, DescendOrigin, a claim's ticket)
     */
    get location(): string | undefined | null {
        return this._location
    }

    set location(value: string | undefined | null) {
        this._location = value
    }

    /**
     * SetTopic's id
     */
    get topic(): string | undefined | null {
        return this._topic
    }

    set topic(value: string | undefined | null) {
        this._topic = value
    }

    /**
     * A nested message (DepositReserveAsset, InitiateReserveWithdraw, InitiateTeleport, TransferReserveAsset, SetAppendix, SetErrorHandler, InitiateTransfer, ExportMessage)
     */
    get xcm(): (XcmInstruction)[] | undefined | null {
        return this._xcm
    }

    set xcm(value: (XcmInstruction)[] | undefined | null) {
        this._xcm = value
    }

    /**
     * The instruction's other fields, version-free
     */
    get detail(): unknown | undefined | null {
        return this._detail
    }

    set detail(value: unknown | undefined | null) {
        this._detail = value
    }

    toJSON(): object {
        return {
            kind: this.kind,
            assets: this.assets == null ? undefined : this.assets.map((val: any) => val.toJSON()),
            assetFilter: this.assetFilter,
            fees: this.fees == null ? undefined : this.fees.toJSON(),
            weightLimit: this.weightLimit,
            beneficiary: this.beneficiary,
            destination: this.destination,
            reserve: this.reserve,
            location: this.location,
            topic: this.topic,
            xcm: this.xcm == null ? undefined : this.xcm.map((val: any) => val.toJSON()),
            detail: this.detail,
        }
    }
}
