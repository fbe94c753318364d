/** What the long reliability tests share: waiting until a run matches the chain, and a clean run to compare with. */
import {LocalChain} from '../../src/localchain/chopsticks'
import {Scenario} from '../../src/localchain/scenarios'
import {emitInput} from '../../src/localchain/contracts/event-emitter'
import {blake2AsHex} from '@polkadot/util-crypto'
import {checksumDiff, checksumSummary, Queryable, rowDiff, tableChecksums, TableChecksum} from '../harness/checksum'
import {TestDatabase} from '../harness/db'
import {ProjectProcess, spawnProcessor, waitFor} from '../harness/processes'

export type Checksums = Record<string, TableChecksum>

/**
 * Index from #2: the local chain funds the dev accounts with `dev_setStorage` before block 1, an
 * eventless change that the opening balances (read at the block before the first indexed) then
 * include. From #0 the comparison with storage finds it after the first batch and writes it as an
 * ADJUSTMENT dated at that batch's last block, which depends on where batches end: a run that was
 * killed, forked or restarted would differ from the clean run in that date alone.
 */
export const FROM_FUNDED_STATE = {START_BLOCK: '2'}

/** A progress line on stderr as it happens (jest shows console.log only at the end of a file). */
export function note(message: string): void {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** Until the run holds exactly the chain's current blocks: the head's hash at the head's height, nothing above. */
export async function waitSynced(db: {query(sql: string, params?: unknown[]): Promise<any[]>}, processor: ProjectProcess, chain: LocalChain, timeoutMs = 120_000): Promise<void> {
    await waitFor(async () => {
        if (!processor.isRunning) throw new Error(`${processor.name} exited (${processor.exitCode ?? processor.signal}):\n${processor.tail()}`)
        const head = await chain.head()
        const hash = await chain.blockHash(head)
        const [row] = await db.query(`SELECT max(height) AS top, bool_or(height = $1 AND hash = $2) AS has_head FROM block`, [head, hash])
        return row.has_head === true && Number(row.top) == head
    }, timeoutMs, `${processor.name} to index the chain's head`, 250)
}

/**
 * Compares a run's tables with a clean run: one that only ever saw the chain as it is now (a
 * fresh database indexed from genesis by a fresh processor, then dropped). `prepare` runs on the
 * clean database before its processor starts (e.g. registering the same ABI). Fails with the
 * tables that differ, their row counts and md5s, and a few rows only one side has.
 * Returns the summary figure of the (equal) data.
 */
export async function expectEqualToCleanRun(db: Queryable, chain: LocalChain, env: Record<string, string>,
    prepare?: (clean: TestDatabase) => Promise<void>): Promise<string> {
    const actual = await tableChecksums(db)
    const clean = await TestDatabase.create('clean')
    let processor: ProjectProcess | undefined
    try {
        await prepare?.(clean)
        processor = spawnProcessor({...env, ...clean.env})
        await waitSynced(clean, processor, chain)
        const expected = await tableChecksums(clean)
        const diff: Record<string, unknown> = checksumDiff(actual, expected)
        for (const table of Object.keys(diff)) {
            diff[table] = {...diff[table] as object, rows: await rowDiff(db, clean, table)}
        }
        expect(diff).toEqual({})
        return checksumSummary(actual)
    } finally {
        await processor?.kill()
        await clean.drop()
    }
}

/**
 * Some activity that touches most tables: transfers (events, extrinsics, accounts), a contract
 * call emitting an event (contract calls and events), varied by `tag` so that two branches of a
 * fork hold different data.
 */
export async function someActivity(scenario: Scenario, contract: string, tag: number, blocks: number): Promise<void> {
    const {Alice, Bob, Charlie, Dave, Eve, Ferdie} = scenario.accounts
    const recipients = [Dave, Eve, Ferdie, Charlie]
    for (let i = 0; i < blocks; i++) {
        await included(scenario, () => i % 3 == 2
            ? scenario.callContract(Bob, contract, emitInput([blake2AsHex(`Fork(${tag})`, 256)], '0x' + tag.toString(16).padStart(8, '0')))
            : scenario.transfer(i % 2 ? Bob : Alice, recipients[(tag + i) % recipients.length].address, BigInt(tag * 1000 + i + 1) * 10n ** 9n))
    }
}

/**
 * Submits one transaction and waits until it is in a block. Chopsticks (instant block mode)
 * sometimes builds the block before polkadot-js has its status subscription, which then never
 * reports it: a new head with an empty pool counts as included too.
 */
export async function included(scenario: Scenario, submit: () => Promise<unknown>): Promise<void> {
    const before = await scenario.chain.head()
    const tx = submit()
    tx.catch(() => {})
    const built = waitFor(async () => await scenario.chain.head() > before
        && (await scenario.chain.rpc<unknown[]>('author_pendingExtrinsics')).length == 0, 60_000, 'the transaction to be in a block', 500)
    built.catch(() => {})
    await Promise.race([tx, built.then(() => new Promise((r) => setTimeout(r, 2_000)))])
}
