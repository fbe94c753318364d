import type {Runtime} from '@subsquid/substrate-runtime'

export interface DispatchErrorRecord {
    /** `Pallet.Error` for module errors, `Kind.Variant` or `Kind` otherwise. */
    name: string
    docs?: string
}

type VariantInfo = {name: string, docs: string[]}
/** Per runtime: pallet index -> error variant index -> variant. Built once per runtime. */
const moduleErrors = new WeakMap<Runtime, Map<number, {pallet: string, variants: Map<number, VariantInfo>}>>()

/**
 * Names a `DispatchError` (as the processor decodes it to JSON) using the runtime's own
 * metadata, so it works for every runtime version and every chain without generated types.
 */
export function decodeDispatchError(runtime: Runtime, error: unknown): DispatchErrorRecord | undefined {
    if (error == null || typeof error != 'object') return undefined
    const e = error as {__kind?: string, value?: any}
    if (typeof e.__kind != 'string') return undefined
    if (e.__kind != 'Module') {
        const inner = e.value && typeof e.value == 'object' && typeof e.value.__kind == 'string' ? `.${e.value.__kind}` : ''
        return {name: `${e.__kind}${inner}`}
    }
    const index = Number(e.value?.index)
    const errorByte = readErrorIndex(e.value?.error)
    if (!Number.isInteger(index) || errorByte == null) return {name: 'Module.Unknown'}
    const pallet = moduleErrorTable(runtime).get(index)
    if (!pallet) return {name: `Module(${index}).Error(${errorByte})`}
    const variant = pallet.variants.get(errorByte)
    if (!variant) return {name: `${pallet.pallet}.Error(${errorByte})`}
    return {name: `${pallet.pallet}.${variant.name}`, docs: variant.docs.join(' ').trim() || undefined}
}

/** `error` is `[u8; 4]` as hex (the first byte is the variant) since v0.9.25; a plain u8 before. */
function readErrorIndex(value: unknown): number | undefined {
    if (typeof value == 'number') return value
    if (typeof value == 'string' && /^0x[0-9a-fA-F]{2}/.test(value)) return parseInt(value.slice(2, 4), 16)
    return undefined
}

function moduleErrorTable(runtime: Runtime) {
    let table = moduleErrors.get(runtime)
    if (table) return table
    table = new Map()
    const metadata = runtime.metadata
    // Metadata V15 is served as V14 by the processor; older formats carry no error types.
    if (metadata.__kind == 'V14') {
        const lookup = metadata.value.lookup.types
        for (const pallet of metadata.value.pallets) {
            if (pallet.errors == null) continue
            const variants = new Map<number, VariantInfo>()
            const def = lookup[pallet.errors.type]?.type.def
            if (def?.__kind == 'Variant') {
                for (const v of def.value.variants) variants.set(v.index, {name: v.name, docs: v.docs})
            }
            table.set(pallet.index, {pallet: pallet.name, variants})
        }
    }
    moduleErrors.set(runtime, table)
    return table
}
