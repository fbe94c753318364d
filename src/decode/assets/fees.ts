import type {Extrinsic} from '../../processor'
import {isHex, isRecord, toBigInt} from '../typed'

/**
 * The fee events of each signed extrinsic: the payer's withdrawal (its first `Balances.Withdraw`)
 * and the deposits just before `TransactionPayment.TransactionFeePaid` (refund, author, treasury)
 * whose sum stays within what was withdrawn.
 */
export function classifyFees(blocks: readonly {extrinsics: Extrinsic[]}[]): Set<string> {
    const fees = new Set<string>()
    for (const {extrinsics} of blocks) {
        for (const ex of extrinsics) {
            const events = ex.events
            const paidAt = events.findIndex((e) => e.name == 'TransactionPayment.TransactionFeePaid')
            if (paidAt < 0) continue
            const who = isRecord(events[paidAt].args) && isHex(events[paidAt].args.who) ? events[paidAt].args.who.toLowerCase() : undefined
            const withdraw = events.find((e) => e.name == 'Balances.Withdraw' && e.index < events[paidAt].index && String(e.args?.who).toLowerCase() == who)
            if (!withdraw) continue
            fees.add(withdraw.id)
            let left = toBigInt(withdraw.args?.amount) ?? 0n
            for (let i = paidAt - 1; i >= 0; i--) {
                const e = events[i]
                if (e.name != 'Balances.Deposit') break
                const amount = toBigInt(e.args?.amount) ?? 0n
                if (amount > left) break
                left -= amount
                fees.add(e.id)
            }
        }
    }
    return fees
}
