import {TransferKind} from '../../model'

/**
 * Which movements count, in one place for the batch mappings and the SQL that rebuilds the same
 * figures (`pop-squid reindex`): value moving between accounts, here or across chains, is volume
 * and a transfer; mints and burns also make an account active.
 */
export const VOLUME_KINDS: readonly TransferKind[] = [TransferKind.TRANSFER, TransferKind.XCM_IN, TransferKind.XCM_OUT]
export const ACTIVITY_KINDS: readonly TransferKind[] = [...VOLUME_KINDS, TransferKind.MINT, TransferKind.BURN]

/** `('TRANSFER', 'XCM_IN', 'XCM_OUT')`: the kinds as an SQL list (enum names, never user input). */
export function sqlKinds(kinds: readonly TransferKind[]): string {
    return `(${kinds.map((k) => `'${k}'`).join(', ')})`
}
