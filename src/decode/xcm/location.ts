/** XCM locations and assets rendered as short strings, whatever the XCM version, and read back. */

/** An asset as the project records it, whatever the XCM version. */
export interface XcmAsset {
    id: string
    /** Fungible amount, decimal. */
    amount?: string
    /** Non-fungible instance, rendered: `Index(1)`, `Array4(0x…)`, `Undefined`. */
    instance?: string
}

export function renderAsset(asset: unknown): XcmAsset {
    const a = asset as any
    // v3: {id: {__kind: 'Concrete', value: location}, fun}; v4/v5: {id: location, fun}
    const id = a?.id?.__kind == 'Concrete' ? renderLocation(a.id.value) : a?.id?.__kind == 'Abstract' ? `Abstract(${a.id.value})` : renderLocation(a?.id)
    const fun = a?.fun
    if (fun?.__kind == 'Fungible') return {id, amount: String(fun.value)}
    return {id, instance: renderInstance(fun?.value)}
}

/** A non-fungible instance as a short string: `Index(1)`, `Array4(0x01020304)`, `Undefined`. */
function renderInstance(instance: unknown): string {
    const i = instance as any
    if (i && typeof i == 'object' && typeof i.__kind == 'string') return i.value == null ? i.__kind : `${i.__kind}(${typeof i.value == 'object' ? JSON.stringify(i.value) : i.value})`
    return instance === undefined ? 'Undefined' : typeof instance == 'string' ? instance : JSON.stringify(instance)
}

/**
 * A location as a short string: `Here`, `Parent`, `Sibling(1000)`, `Parent/Parachain(1000)/AccountId32(0x…)`,
 * `AccountId32(0x…)`: junctions joined by `/`, `Parent` for each parent.
 */
export function renderLocation(location: unknown): string {
    const l = location as any
    if (!l || typeof l != 'object') return String(location)
    const parents = Number(l.parents ?? 0)
    const junctions = interiorJunctions(l.interior)
    if (parents == 1 && junctions.length == 1 && junctions[0].__kind == 'Parachain') return `Sibling(${junctions[0].value})`
    const parts = [...Array(parents).fill('Parent'), ...junctions.map(renderJunction)]
    return parts.length == 0 ? 'Here' : parts.join('/')
}

function interiorJunctions(interior: any): any[] {
    if (!interior || interior.__kind == 'Here') return []
    // v3: X1(j) / X2(j, j) as value (a junction or an array); v4/v5: X1([j]) ...
    const value = interior.value
    return Array.isArray(value) ? value : value ? [value] : []
}

function renderJunction(j: any): string {
    switch (j?.__kind) {
        case 'Parachain': return `Parachain(${j.value})`
        case 'AccountId32': return `AccountId32(${j.id ?? j.value?.id})`
        case 'AccountKey20': return `AccountKey20(${j.key ?? j.value?.key})`
        case 'PalletInstance': return `PalletInstance(${j.value})`
        case 'GeneralIndex': return `GeneralIndex(${j.value})`
        case 'GlobalConsensus': return `GlobalConsensus(${typeof j.value == 'object' ? j.value?.__kind ?? JSON.stringify(j.value) : j.value})`
        default: return `${j?.__kind}(${JSON.stringify(j?.value ?? '')})`
    }
}

/** The counterpart chain of a location: `relay`, `para:<id>` (a sibling, or a parachain seen from its relay), or the location itself. */
export function counterpartOf(location: string): string {
    if (location == 'Parent' || location.startsWith('Parent/') && !location.startsWith('Parent/Parachain(')) return 'relay'
    const sibling = /^Sibling\((\d+)\)/.exec(location) ?? /^Parent\/Parachain\((\d+)\)/.exec(location) ?? /^Parachain\((\d+)\)/.exec(location)
    if (sibling) return `para:${sibling[1]}`
    return location
}

const JUNCTIONS = new Set(['Parachain', 'AccountId32', 'AccountIndex64', 'AccountKey20', 'PalletInstance', 'GeneralIndex', 'GeneralKey', 'OnlyChild', 'Plurality', 'GlobalConsensus'])

/** A rendered location taken apart: parents and the junctions as rendered (`Sibling(n)` split back). */
function parseLocation(location: string): {parents: number, junctions: string[]} | undefined {
    if (location == 'Here') return {parents: 0, junctions: []}
    const parsed = {parents: 0, junctions: [] as string[]}
    for (const part of location.split('/')) {
        const sibling = /^Sibling\((\d+)\)$/.exec(part)
        if (part == 'Parent' && parsed.junctions.length == 0) parsed.parents++
        else if (sibling && parsed.junctions.length == 0) {
            parsed.parents++
            parsed.junctions.push(`Parachain(${sibling[1]})`)
        } else if (JUNCTIONS.has(/^(\w+)\(/.exec(part)?.[1] ?? '')) parsed.junctions.push(part)
        else return undefined
    }
    return parsed
}

function joinLocation(parents: number, junctions: string[]): string {
    if (parents == 1 && junctions.length == 1 && junctions[0].startsWith('Parachain(')) return `Sibling(${junctions[0].slice(10, -1)})`
    const parts = [...Array(parents).fill('Parent'), ...junctions]
    return parts.length == 0 ? 'Here' : parts.join('/')
}

/**
 * An asset id as the indexed chain reads it, from the id as `counterpart` (`relay` or `para:<id>`)
 * reads it: an outbound message is written for its receiver (the relay token is `Here` to the
 * relay, Pop's own token `Parachain(4001)` there). `selfParaId` is the indexed chain's para id,
 * undefined on a relay chain. Ids that are not locations are returned as they are.
 */
export function toLocalAssetId(id: string, counterpart: string, selfParaId: number | undefined): string {
    const asset = parseLocation(id)
    const para = /^para:(\d+)$/.exec(counterpart)?.[1]
    if (!asset || (!para && counterpart != 'relay')) return id
    // Where the receiver is, seen from here.
    const junctions = para ? [`Parachain(${para})`] : []
    let parents = selfParaId == null ? 0 : 1
    for (let i = 0; i < asset.parents; i++) {
        if (junctions.length > 0) junctions.pop()
        else parents++
    }
    junctions.push(...asset.junctions)
    // Back to ourselves: `Parent/Parachain(self)/…` is `…` here.
    if (selfParaId != null && parents == 1 && junctions[0] == `Parachain(${selfParaId})`) return joinLocation(0, junctions.slice(1))
    return joinLocation(parents, junctions)
}
