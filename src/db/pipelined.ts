import {createLogger} from '@subsquid/logger'
import type {Store} from '@subsquid/typeorm-store'
import {onAllSent} from './bulk'
import {ResilientDatabase} from './resilient'

type FinalTxInfo = Parameters<ResilientDatabase['transact']>[0]
type HotTxInfo = Parameters<ResilientDatabase['transactHot2']>[0]
type Handler = (store: Store) => Promise<void>

/**
 * The processor's database, letting the processor prepare the next batch of final blocks while
 * PostgreSQL still answers this one's writes: a batch's `transact` returns once the handler has
 * sent its last write (`writeBehind`, src/db/bulk.ts); the answers, the status row and the commit
 * follow in the background. The next batch's transaction starts only after that commit, so every
 * batch reads what the one before wrote, and a crash at any point leaves the database at the last
 * committed batch, from which the processor resumes (as before).
 *
 * A batch that fails in the background fails the `transact` (or hot update) waiting for it with
 * its error; when none is waiting, the failure is logged and the processor exits with code 1, as
 * it does when a batch fails in the foreground.
 */
export class PipelinedDatabase extends ResilientDatabase {
    /**
     * The last block to index (END_BLOCK), if any: the batch reaching it is committed before
     * `transact` returns, since the processor exits right after it.
     */
    private readonly endBlock: number | undefined

    /** The batch whose writes are still being answered: its commit, or its failure. */
    private inFlight: Promise<void> | undefined
    private awaited = false
    onBackgroundFailure: (err: unknown) => void = (err) => {
        createLogger('pop-squid:db').fatal(err as Error)
        process.exit(1)
    }

    constructor(options: ConstructorParameters<typeof ResilientDatabase>[0] & {endBlock?: number}) {
        super(options)
        this.endBlock = options.endBlock
    }

    async transact(info: FinalTxInfo, cb: Handler): Promise<void> {
        await this.committed()
        let sent!: () => void
        const allSent = new Promise<void>((resolve) => { sent = resolve })
        const done = super.transact(info, (store) => {
            onAllSent(store, sent)
            return cb(store)
        })
        this.inFlight = done
        let handedBack = false
        done.catch((err) => {
            if (handedBack && this.inFlight == done && !this.awaited) this.onBackgroundFailure(err)
        })
        try {
            await Promise.race([allSent, done])
        } catch (err) {
            // Failed before the handler sent everything: this transact throws it, nothing waits on it.
            this.inFlight = undefined
            throw err
        }
        handedBack = true
        if (this.endBlock != null && info.nextHead.height >= this.endBlock) await this.committed()
    }

    async transactHot2(info: HotTxInfo, cb: Parameters<ResilientDatabase['transactHot2']>[1]): Promise<void> {
        await this.committed()
        return super.transactHot2(info, cb)
    }

    /** Waits until every batch handed over so far is committed; throws the failure of one that was not. */
    async committed(): Promise<void> {
        const pending = this.inFlight
        if (!pending) return
        this.awaited = true
        try {
            await pending
        } finally {
            this.awaited = false
            if (this.inFlight == pending) this.inFlight = undefined
        }
    }
}
