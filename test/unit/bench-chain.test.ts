import fs from 'node:fs'
import path from 'node:path'
import {RpcClient} from '@subsquid/rpc-client'
import {encodeHeader, hashHeader, planChain, readTimestamp, setTimestamp, SyntheticChain} from '../../bench/chain'
import {Recording} from '../../bench/recording'
import {BenchRpcServer} from '../../bench/rpc-server'
import {blake2AsHex} from '@polkadot/util-crypto'

// Real blocks recorded from the Pop runtime on chopsticks (genesis, the first block, an empty block, a transfer).
const recording: Recording = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/bench-recording.json'), 'utf8'))
const DAY = 86_400_000

test('the recorded headers hash to the recorded hashes (the encoding is the chain\'s)', () => {
    // Chopsticks' genesis mode gives genesis a placeholder hash (0x4545...), also its parent hash.
    expect(recording.blocks[0].hash).toBe('0x' + '45'.repeat(32))
    for (const block of recording.blocks.slice(1)) expect(hashHeader(block.header)).toBe(block.hash)
})

test('a renumbered chain: heights in order, each parent hash the hash of the block before, hashes unique', () => {
    const chain = new SyntheticChain(recording, planChain(recording, 'sparse', {blocks: 500}), {endMs: Date.UTC(2026, 10, 1), intervalMs: 6000})
    expect(chain.height).toBe(499)
    const seen = new Set<string>()
    for (let h = 0; h <= chain.height; h++) {
        const header = chain.header(h)
        expect(parseInt(header.number, 16)).toBe(h)
        if (h > 0) expect(header.parentHash).toBe(chain.hashAt(h - 1))
        expect(blake2AsHex(encodeHeader(header), 256)).toBe(chain.hashAt(h))
        expect(chain.heightOf(chain.hashAt(h)!)).toBe(h)
        expect(JSON.parse(chain.headerJson(h))).toEqual(header)
        seen.add(chain.hashAt(h)!)
    }
    expect(seen.size).toBe(500)
    // Genesis too is hashed from its header (chopsticks gave it a placeholder).
    expect(chain.hashAt(0)).toBe(hashHeader(recording.blocks[0].header))
})

test('timestamps are rewritten into the timestamp inherent, increasing, ending at endMs', () => {
    const endMs = Date.UTC(2026, 10, 1)
    const chain = new SyntheticChain(recording, planChain(recording, 'sparse', {blocks: 200}), {endMs, intervalMs: 30 * DAY / 200})
    let prev = 0
    for (let h = 1; h <= chain.height; h++) {
        const block = JSON.parse(chain.blockJson(h))
        const t = chain.sourceAt(h).timestampIndex
        expect(block.block.header).toEqual(chain.header(h))
        expect(block.block.extrinsics).toEqual(chain.extrinsics(h))
        const moment = readTimestamp(block.block.extrinsics[t])
        expect(moment).toBe(chain.timestampAt(h))
        expect(moment).toBeGreaterThan(prev)
        prev = moment
        // Everything but the timestamp is the recorded block's.
        block.block.extrinsics.forEach((e: string, i: number) => { if (i != t) expect(e).toBe(chain.sourceAt(h).extrinsics[i]) })
    }
    expect(prev).toBe(endMs)
})

test('setTimestamp re-encodes the inherent exactly and changes only the moment', () => {
    const block = recording.blocks[2]
    const original = block.extrinsics[block.timestampIndex]
    const moment = readTimestamp(original)
    expect(setTimestamp(original, moment)).toBe(original)
    for (const m of [0, 1, 63, 64, 16383, 16384, 2 ** 30, Date.UTC(2030, 0, 1)]) {
        const rewritten = setTimestamp(original, m)
        expect(readTimestamp(rewritten)).toBe(m)
        expect(setTimestamp(rewritten, moment)).toBe(original)
    }
    expect(() => setTimestamp(recording.blocks[3].extrinsics.find((_, i) => i != recording.blocks[3].timestampIndex && i > 1)!, 1)).toThrow(/not an unsigned extrinsic/)
})

test('planChain: the setup prefix first, then the mix; by blocks exactly or by events at least; deterministic', () => {
    const a = planChain(recording, 'dense', {blocks: 100})
    expect(a.slice(0, 2)).toEqual(recording.groups.setup)
    expect(a).toHaveLength(100)
    expect(planChain(recording, 'dense', {blocks: 100})).toEqual(a)
    const byEvents = planChain(recording, 'dense', {events: 1000})
    const events = byEvents.reduce((s, i) => s + recording.blocks[i].eventCount, 0)
    expect(events).toBeGreaterThanOrEqual(1000)
    expect(events - recording.blocks[byEvents[byEvents.length - 1]].eventCount).toBeLessThan(1000 + 20)
})

describe('the RPC server, through the client the processor uses', () => {
    let chain: SyntheticChain
    let server: BenchRpcServer
    let client: RpcClient

    beforeAll(async () => {
        chain = new SyntheticChain(recording, planChain(recording, 'sparse', {blocks: 50}), {endMs: Date.now(), intervalMs: 6000})
        server = await BenchRpcServer.start(chain)
        client = new RpcClient({url: server.wsUrl, capacity: 5})
    })
    afterAll(async () => {
        client?.close()
        await server?.stop()
    })

    test('blocks, hashes, headers, events and recorded storage by hash; unknown blocks', async () => {
        expect(await client.call('chain_getBlockHash', ['0x5'])).toBe(chain.hashAt(5))
        expect(await client.call('chain_getBlockHash', [60])).toBeNull()
        expect(await client.call('chain_getFinalizedHead')).toBe(chain.headHash)
        const [block, header, events] = await client.batchCall([
            {method: 'chain_getBlock', params: [chain.hashAt(7)]},
            {method: 'chain_getHeader', params: [chain.hashAt(7)]},
            {method: 'state_getStorageAt', params: ['0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7', chain.hashAt(7)]},
        ])
        expect(block.block.header).toEqual(chain.header(7))
        expect(header.parentHash).toBe(chain.hashAt(6))
        expect(events).toBe(chain.sourceAt(7).events)
        expect(await client.call('chain_getBlock', ['0x' + '00'.repeat(32)])).toBeNull()
        await expect(client.call('state_getStorageAt', ['0x00', '0x' + '00'.repeat(32)])).rejects.toThrow(/not found/)
        await expect(client.call('author_submitExtrinsic', ['0x00'])).rejects.toThrow(/not served/)
    })

    test('a new head reaches the subscribers, linked to the old head', async () => {
        const heads: any[] = []
        const sub = client.subscribe<any>({
            method: 'chain_subscribeNewHeads', unsubscribe: 'chain_unsubscribeNewHeads', notification: 'chain_newHead',
            onMessage: (h) => heads.push(h), onError: (err) => { throw err },
        })
        const deadline = Date.now() + 5000
        while (heads.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
        expect(parseInt(heads[0].number, 16)).toBe(chain.height)
        const old = chain.headHash
        const height = server.newHead(recording.groups.transfer[0][0])
        while (heads.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
        sub.close()
        expect(parseInt(heads[1].number, 16)).toBe(height)
        expect(heads[1].parentHash).toBe(old)
        expect(await client.call('chain_getBlockHash', [height])).toBe(chain.headHash)
    })
})
