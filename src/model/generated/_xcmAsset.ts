import assert from "assert"
import * as marshal from "./marshal"

/**
 * An asset in an XCM message, the same whatever the XCM version.
 */
export class XcmAsset {
    private _id!: string
    private _amount!: bigint | undefined | null
    private _instance!: string | undefined | null

    constructor(props?: Partial<Omit<XcmAsset, 'toJSON'>>, json?: any) {
        Object.assign(this, props)
        if (json != null) {
            this._id = marshal.string.fromJSON(json.id)
            this._amount = json.amount == null ? undefined : marshal.bigint.fromJSON(json.amount)
            this._instance = json.instance == null ? undefined : marshal.string.fromJSON(json.instance)
        }
    }

    /**
     * Its location, rendered: `Parent`, `Here`, `Parent/Parachain(1000)/PalletInstance(50)/GeneralIndex(1984)`
     */
    get id(): string {
        assert(this._id != null, 'uninitialized access')
        return this._id
    }

    set id(value: string) {
        this._id = value
    }

    /**
     * Fungible amount, in the asset's smallest unit
     */
    get amount(): bigint | undefined | null {
        return this._amount
    }

    set amount(value: bigint | undefined | null) {
        this._amount = value
    }

    /**
     * Non-fungible instance: `Index(1)`, `Array4(0x…)`, `Undefined`
     */
    get instance(): string | undefined | null {
        return this._instance
    }

    set instance(value: string | undefined | null) {
        this._instance = value
    }

    toJSON(): object {
        return {
            id: this.id,
            amount: this.amount == null ? undefined : marshal.bigint.toJSON(this.amount),
            instance: this.instance,
        }
    }
}
