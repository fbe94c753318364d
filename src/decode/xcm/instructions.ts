import {isRecord} from '../typed'
import {renderAsset, renderLocation, XcmAsset} from './location'

/** One instruction as the project records it, whatever the XCM version (the GraphQL `XcmInstruction`). */
export interface XcmInstructionRecord {
    kind: string
    assets?: XcmAsset[]
    assetFilter?: string
    fees?: XcmAsset
    weightLimit?: string
    beneficiary?: string
    destination?: string
    reserve?: string
    location?: string
    topic?: string
    xcm?: XcmInstructionRecord[]
    detail?: Record<string, unknown>
}

/** Field names that hold a nested message. */
const NESTED = new Set(['xcm', 'remoteXcm'])
/** Field names that hold a location, and the record field each goes to. */
const LOCATIONS: Record<string, keyof XcmInstructionRecord> = {
    beneficiary: 'beneficiary', dest: 'destination', destination: 'destination', reserve: 'reserve',
    location: 'location', ticket: 'location', unlocker: 'location', locker: 'location', owner: 'location', target: 'location', querier: 'location',
}
/** Instructions whose single value is a nested message, a location, or assets. */
const VALUE_MESSAGE = new Set(['SetAppendix', 'SetErrorHandler'])
const VALUE_LOCATION = new Set(['UniversalOrigin', 'AliasOrigin', 'DescendOrigin'])

/**
 * The instructions of a decoded message (as the chain's metadata decodes them: V2 to V5) as the
 * project's own records: one record per instruction, in order, never throwing on odd input.
 */
export function normalizeInstructions(instructions: unknown[]): XcmInstructionRecord[] {
    return instructions.map(normalizeInstruction)
}

function normalizeInstruction(ins: unknown): XcmInstructionRecord {
    if (!isRecord(ins) || typeof ins.__kind != 'string') return {kind: 'Unknown', detail: {value: versionFree(ins)}}
    const record: XcmInstructionRecord = {kind: ins.__kind}
    const detail: Record<string, unknown> = {}
    // Tuple variants carry `value`; struct variants their fields beside `__kind`.
    const fields: [string, unknown][] = 'value' in ins ? [['value', ins.value]] : Object.entries(ins).filter(([k]) => k != '__kind')
    for (const [name, value] of fields) {
        if (value === undefined) continue
        if (name == 'value') readValue(record, value, detail)
        else if (NESTED.has(name) && Array.isArray(value)) record.xcm = normalizeInstructions(value)
        else if (name in LOCATIONS && isLocation(value)) record[LOCATIONS[name] as 'location'] = renderLocation(value)
        else if (name == 'assets') readAssets(record, value, detail)
        else if ((name == 'fees' || name == 'asset' && record.kind == 'PayFees') && isAsset(value)) record.fees = renderAsset(value)
        else if (name == 'asset' && isAsset(value)) record.assets = [renderAsset(value)]
        else if (name == 'weightLimit') record.weightLimit = renderWeightLimit(value)
        else if (name == 'remoteFees' && isRecord(value)) readRemoteFees(record, value, detail)
        else detail[name] = versionFree(value)
    }
    if (Object.keys(detail).length > 0) record.detail = detail
    return record
}

/** The single value of a tuple variant. */
function readValue(record: XcmInstructionRecord, value: unknown, detail: Record<string, unknown>): void {
    if (record.kind == 'SetTopic' && typeof value == 'string') record.topic = value.toLowerCase()
    else if (VALUE_MESSAGE.has(record.kind) && Array.isArray(value)) record.xcm = normalizeInstructions(value)
    else if (isLocation(value)) record.location = renderLocation(value)
    else if (VALUE_LOCATION.has(record.kind) && isRecord(value)) record.location = renderInterior(value)
    else if (Array.isArray(value) && value.every(isAsset)) record.assets = value.map(renderAsset)
    else detail.value = versionFree(value)
}

/** `assets`: a list of assets, or a filter (`Definite` list / `Wild`). */
function readAssets(record: XcmInstructionRecord, value: unknown, detail: Record<string, unknown>): void {
    if (Array.isArray(value) && value.every(isAsset)) record.assets = value.map(renderAsset)
    else if (isRecord(value) && value.__kind == 'Definite' && Array.isArray(value.value)) record.assets = value.value.map(renderAsset)
    else if (isRecord(value) && value.__kind == 'Wild') record.assetFilter = renderWild(value.value)
    else if (Array.isArray(value)) {
        // V5 InitiateTransfer: a list of transfer filters, each `{__kind: <how>, value: AssetFilter}`.
        const assets: XcmAsset[] = []
        const filters: string[] = []
        for (const item of value) {
            const how = isRecord(item) && typeof item.__kind == 'string' ? item.__kind : 'Unknown'
            const inner = isRecord(item) ? item.value : undefined
            if (isRecord(inner) && inner.__kind == 'Definite' && Array.isArray(inner.value)) assets.push(...inner.value.map(renderAsset))
            else if (isRecord(inner) && inner.__kind == 'Wild') filters.push(`${how}(${renderWild(inner.value)})`)
            else filters.push(`${how}(${JSON.stringify(versionFree(inner))})`)
        }
        if (assets.length > 0) record.assets = assets
        if (filters.length > 0) record.assetFilter = filters.join(', ')
    } else {
        detail.assets = versionFree(value)
    }
}

/** V5 InitiateTransfer's `remoteFees`: `{__kind: 'Teleport' | ..., value: AssetFilter}`. */
function readRemoteFees(record: XcmInstructionRecord, value: Record<string, unknown>, detail: Record<string, unknown>): void {
    const inner = value.value
    if (isRecord(inner) && inner.__kind == 'Definite' && Array.isArray(inner.value) && inner.value.length == 1) record.fees = renderAsset(inner.value[0])
    else detail.remoteFees = versionFree(value)
}

/** `All`, `AllCounted(1)`, `AllOf(Parent, Fungible)`, `AllOfCounted(Parent, Fungible, 2)`. */
function renderWild(wild: unknown): string {
    if (!isRecord(wild) || typeof wild.__kind != 'string') return String(versionFree(wild))
    // A struct variant's fields sit beside `__kind`; a tuple variant's in `value`.
    const v: any = 'value' in wild ? wild.value : wild
    switch (wild.__kind) {
        case 'All': return 'All'
        case 'AllCounted': return `AllCounted(${v})`
        case 'AllOf': return `AllOf(${assetIdOf(v?.id)}, ${v?.fun?.__kind ?? v?.fun})`
        case 'AllOfCounted': return `AllOfCounted(${assetIdOf(v?.id)}, ${v?.fun?.__kind ?? v?.fun}, ${v?.count})`
        default: return `${wild.__kind}(${JSON.stringify(versionFree(v))})`
    }
}

function assetIdOf(id: unknown): string {
    return renderAsset({id, fun: {__kind: 'Fungible', value: 0}}).id
}

/** `Unlimited`, `Limited(refTime, proofSize)` (V3+), `Limited(n)` (V2). */
function renderWeightLimit(limit: unknown): string {
    if (!isRecord(limit)) return String(versionFree(limit))
    if (limit.__kind == 'Unlimited') return 'Unlimited'
    const w: any = limit.value
    if (isRecord(w)) return `Limited(${w.refTime}, ${w.proofSize})`
    return `Limited(${w})`
}

/** A junction (UniversalOrigin, AliasOrigin) or an interior (DescendOrigin) as a location string. */
function renderInterior(value: Record<string, unknown>): string {
    const interior = typeof value.__kind == 'string' && /^(Here|X[1-8])$/.test(value.__kind) ? value : {__kind: 'X1', value: [value]}
    return renderLocation({parents: 0, interior})
}

function isLocation(value: unknown): boolean {
    return isRecord(value) && 'parents' in value && 'interior' in value
}

function isAsset(value: unknown): boolean {
    return isRecord(value) && 'id' in value && 'fun' in value
}

/** Any other value, with locations and assets inside rendered as the records render them. */
function versionFree(value: unknown): unknown {
    if (isLocation(value)) return renderLocation(value)
    if (isAsset(value)) return renderAsset(value)
    if (Array.isArray(value)) return value.map(versionFree)
    if (isRecord(value)) {
        // Enums: a unit variant is its name.
        if (typeof value.__kind == 'string' && Object.keys(value).length == 1) return value.__kind
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, versionFree(v)]))
    }
    return value
}
