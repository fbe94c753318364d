/**
 * The dashboard and the API's front server end to end: a local Pop chain with real activity
 * (transfers, an asset, a contract emitting ABI-decoded events, an inbound XCM message), the real
 * processor, `pop-squid serve` (front server + GraphQL server), and Debian's chromium driven by
 * playwright-core loading the page. Also: the per-client rate limit, and the proxy passing
 * GraphQL answers through unchanged.
 */
import {u8aToHex} from '@polkadot/util'
import {blake2AsHex} from '@polkadot/util-crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {BrowserContext, chromium, Page} from 'playwright-core'
import {LocalChain} from '../../src/localchain/chopsticks'
import {compileWat, emitInput, EVENT_EMITTER_WAT} from '../../src/localchain/contracts/event-emitter'
import {Scenario} from '../../src/localchain/scenarios'
import {findFreePort} from '../../src/localchain/ports'
import {startTestChain} from '../harness/chain'
import {PROJECT_DIR, TestDatabase} from '../harness/db'
import {gql, ProjectProcess, shutDown, spawnGraphql, spawnNode, spawnProcessor, waitIndexed} from '../harness/processes'

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = path.join(PROJECT_DIR, 'test/artifacts')
const V5_TRANSFER = blake2AsHex('Transfer(Option<AccountId>,Option<AccountId>,u128)', 256)
const NONE_TOPIC = '0x' + '00'.repeat(32)
const ASSET_ID = 7

let chain: LocalChain
let scenario: Scenario
let db: TestDatabase
let env: Record<string, string>
let processor: ProjectProcess
/** `pop-squid serve` with the default settings (20 requests/s per client, bursts of 40, no proxy trusted). */
let api: {proc: ProjectProcess, url: string}
/** `pop-squid serve` behind a (pretend) load balancer: 1 request/s, bursts of 3, X-Forwarded-For trusted. */
let limited: {proc: ProjectProcess, url: string}
let browser: BrowserContext
let contract = ''

beforeAll(async () => {
    ({chain, scenario} = await startTestChain())
    const {Alice, Bob, Charlie} = scenario.accounts
    const s = scenario
    // Native transfers and a failing extrinsic.
    await s.transfer(Alice, Bob.address, 10n ** 12n)
    await s.transfer(Bob, Charlie.address, 3n * 10n ** 11n)
    await s.failingAssetTransfer(Alice, Bob.address)
    // An asset with metadata, minted and moved.
    await s.createAsset(Alice, ASSET_ID)
    await s.submit(Alice, s.api.tx.assets.setMetadata(ASSET_ID, 'Dashboard token', 'DSH', 4))
    await s.mintAsset(Alice, ASSET_ID, Bob.address, 5_000_000n)
    await s.submit(Bob, s.api.tx.assets.transfer(ASSET_ID, Charlie.address, 1_250_000n))
    // A contract: one event its ABI decodes (ink! v5 Transfer), one it does not (unknown topic).
    const {codeHash} = await s.uploadCode(Alice, await compileWat(EVENT_EMITTER_WAT))
    const instance = await s.instantiate(Alice, codeHash, '0x01')
    contract = u8aToHex(s.api.createType('AccountId', instance.contract).toU8a())
    const transferData = u8aToHex(new Uint8Array([1, ...Alice.publicKey, 0, ...u128le(1000n)]))
    await s.callContract(Bob, instance.contract, emitInput([V5_TRANSFER, blake2AsHex(new Uint8Array([1, ...Alice.publicKey]), 256), NONE_TOPIC], transferData))
    await s.callContract(Charlie, instance.contract, emitInput(['0x' + 'ee'.repeat(32), '0x' + 'dd'.repeat(32)], '0x01020304'))
    // An inbound XCM message from the relay.
    await s.injectDownwardMessage(s.relayReserveTransferMessage(Charlie, 10n ** 10n))

    db = await TestDatabase.create('dashboard')
    env = {...db.env, CHAIN: 'local', RPC_ENDPOINT: chain.wsUrl, FINALITY_CONFIRMATION: '3'}
    const registered = spawnNode('cli', 'lib/cli/index.js', ['abi', 'add', '--code-hash', codeHash, path.join(PROJECT_DIR, 'test/fixtures/abi/ink-v5-event-emitter.json')], env)
    await registered.waitExit(60_000)
    expect({code: registered.exitCode, output: registered.exitCode == 0 ? '' : registered.output}).toEqual({code: 0, output: ''})
    processor = spawnProcessor(env)
    await waitIndexed(db, processor, await chain.head(), 'local', 120_000)
    api = await spawnGraphql({...env, GQL_RATE_LIMIT: '20'})
    limited = await spawnGraphql({...env, GQL_RATE_LIMIT: '1', GQL_RATE_BURST: '3', GQL_TRUST_PROXY: 'true'})
    browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'pop-squid-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: {width: 1280, height: 900},
    })
    fs.mkdirSync(ARTIFACTS, {recursive: true})
}, 420_000)

afterAll(async () => {
    await browser?.close()
    await limited?.proc.kill()
    await shutDown({api, processors: [processor], scenarios: [scenario], chains: [chain], db})
})

function u128le(value: bigint): Uint8Array {
    const out = new Uint8Array(16)
    for (let i = 0; i < 16; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn)
    return out
}

function origin(url: string): string {
    return new URL(url).origin
}

/** A page that records what went wrong in it (script errors, failed requests) for the assertions. */
async function openPage(url: string): Promise<{page: Page, problems: string[]}> {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    page.on('console', (msg) => { if (msg.type() == 'error') problems.push(`console: ${msg.text()}`) })
    await page.goto(url)
    await page.waitForSelector('body[data-rendered]', {timeout: 60_000})
    return {page, problems}
}

async function chartPoints(page: Page): Promise<Record<string, number>> {
    return page.$$eval('figure[data-testid^="chart-"]', (figures) =>
        Object.fromEntries(figures.map((f) => [f.getAttribute('data-testid'), Number(f.getAttribute('data-points'))])))
}

/** One HTTP request from a chosen local address (127.0.0.x are all this machine), with the raw answer. */
function request(url: string, opts: {method?: string, body?: string, headers?: Record<string, string>, localAddress?: string} = {}): Promise<{status: number, headers: http.IncomingHttpHeaders, body: string}> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, {
            method: opts.method ?? 'POST',
            localAddress: opts.localAddress,
            headers: {'content-type': 'application/json', ...opts.headers},
            agent: false,
        }, (res) => {
            let body = ''
            res.setEncoding('utf8')
            res.on('data', (chunk) => { body += chunk })
            res.on('end', () => resolve({status: res.statusCode!, headers: res.headers, body}))
        })
        req.on('error', reject)
        req.end(opts.body ?? JSON.stringify({query: '{ __typename }'}))
    })
}

describe('the dashboard in a browser', () => {
    test('/ leads to the dashboard; every chart is drawn with data that matches the API; screenshot saved', async () => {
        const {page, problems} = await openPage(`${origin(api.url)}/`)
        expect(new URL(page.url()).pathname).toBe('/dashboard/')
        expect(await page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.textContent))).toEqual([])
        const points = await chartPoints(page)
        const expected = ['chart-activity-blocks', 'chart-activity-extrinsics', 'chart-activity-events', 'chart-top-contracts',
            'chart-top-assets', 'chart-asset-native', `chart-asset-asset-${ASSET_ID}`, 'chart-xcm-relay']
        for (const id of expected) expect({id, drawn: points[id] > 0}).toEqual({id, drawn: true})

        // What the charts show is what the API says.
        const data = await gql(api.url, `{
            activitySeries(chain: "local", bucket: HOUR) { blocks extrinsics failedExtrinsics events }
            topContracts(chain: "local") { contract calls }
            counterpartChains(where: {chain_eq: "local"}, limit: 10) { counterpart messagesIn }
        }`)
        const nonZero = (key: string) => data.activitySeries.filter((p: any) => p[key] > 0).length
        expect(points['chart-activity-blocks']).toBe(nonZero('blocks'))
        expect(points['chart-activity-events']).toBe(nonZero('events'))
        const blocksTotal = data.activitySeries.reduce((a: number, p: any) => a + p.blocks, 0)
        expect(await page.textContent('[data-testid="chart-activity-blocks"] figcaption')).toContain(String(blocksTotal))
        expect(blocksTotal).toBeGreaterThanOrEqual(await chain.head())
        expect(data.topContracts).toEqual([{contract, calls: 2}])
        expect(await page.getAttribute('[data-testid="contract-link"]', 'href')).toBe(`#/contract/${contract}`)
        expect(data.counterpartChains).toEqual([{counterpart: 'relay', messagesIn: 1}])
        expect(await page.textContent('[data-testid="top-assets-table"]')).toContain('DSH')
        expect(await page.textContent('[data-testid="indexer-status"]')).toContain(`indexed #${await chain.head()}`)
        expect(await page.$$eval('[data-testid="chain-select"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['local'])

        await page.screenshot({path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true})
        expect(problems).toEqual([])
        await page.close()
    })

    test('the contract page shows the decoded event, the raw one with its reason, and the contract\'s series', async () => {
        const {page, problems} = await openPage(`${origin(api.url)}/dashboard/`)
        await page.click('[data-testid="contract-link"]')
        await page.waitForSelector('[data-testid="contract-events"]', {timeout: 30_000})
        expect(await page.textContent('[data-testid="contract-address"]')).toBe(contract)
        const rows = await page.$$eval('[data-testid="contract-event"]', (trs) => trs.map((tr) => ({
            decoded: tr.getAttribute('data-decoded'),
            name: tr.getAttribute('data-name'),
            args: tr.querySelector('[data-testid="event-args"]')?.textContent ?? null,
            reason: tr.querySelector('[data-testid="decode-error"]')?.textContent ?? null,
        })))
        expect(rows).toHaveLength(2)
        const [raw, decoded] = rows // newest first
        expect(decoded).toMatchObject({decoded: 'true', name: 'Transfer', reason: null})
        expect(JSON.parse(decoded.args!)).toEqual({from: scenario.accounts.Alice.address, to: null, value: '1000'})
        expect(raw.decoded).toBe('false')
        expect(raw.reason).toMatch(/^unknown topic 0x(ee){32}: no event of the ABI/)
        const points = await chartPoints(page)
        expect(points['chart-contract-calls']).toBeGreaterThan(0)
        expect(points['chart-contract-events']).toBeGreaterThan(0)
        await page.screenshot({path: path.join(ARTIFACTS, 'dashboard-contract.png'), fullPage: true})

        // The same page by the contract's SS58 address.
        const ss58 = scenario.api.createType('AccountId', contract).toString()
        await page.goto(`${origin(api.url)}/dashboard/#/contract/${ss58}`)
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="contract-event"]').length == 2, undefined, {timeout: 30_000})
        expect(await page.textContent('[data-testid="contract-address"]')).toBe(contract)
        expect(await page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.textContent))).toEqual([])
        expect((await chartPoints(page))['chart-contract-calls']).toBeGreaterThan(0)

        // A malformed address: one sentence, in each section.
        await page.goto(`${origin(api.url)}/dashboard/#/contract/0x123`)
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="error"]').length == 3, undefined, {timeout: 30_000})
        for (const text of await page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.textContent))) {
            expect(text).toBe('"0x123" is not an address: give the contract\'s hex address (0x and 40 or 64 hex digits) or its SS58 address.')
        }

        // A contract the index does not have: a clear empty state, not an error.
        await page.goto(`${origin(api.url)}/dashboard/#/contract/0x${'00'.repeat(32)}`)
        await page.waitForSelector('[data-testid="section-contract"] [data-testid="empty"]', {timeout: 30_000})
        expect(await page.textContent('[data-testid="section-contract"]')).toContain(`No contract 0x${'00'.repeat(32)} on local in the index.`)
        expect(problems).toEqual([])
        await page.close()
    })

    test('a narrow window (420 px): nothing sticks out of the page; counts below an axis carry no minus sign', async () => {
        const page = await browser.newPage()
        await page.setViewportSize({width: 420, height: 900})
        await page.goto(`${origin(api.url)}/dashboard/`)
        await page.waitForSelector('body[data-rendered]', {timeout: 60_000})
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        expect(overflow).toBeLessThanOrEqual(0)
        const labels = await page.$$eval('figure svg text', (ts) => ts.map((t) => t.textContent ?? ''))
        expect(labels.filter((l) => /^-\d/.test(l))).toEqual([])
        await page.screenshot({path: path.join(ARTIFACTS, 'dashboard-narrow.png'), fullPage: true})
        await page.goto(`${origin(api.url)}/dashboard/#/contract/${contract}`)
        await page.waitForSelector('[data-testid="contract-events"]', {timeout: 30_000})
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
        await page.close()
    })

    test('the GraphiQL console at /graphql loads the schema (its own introspection is allowed): the explorer lists the queries', async () => {
        const page = await browser.newPage()
        await page.goto(api.url, {waitUntil: 'networkidle'})
        await page.waitForFunction(() => document.body.innerText.includes('blocksConnection'), undefined, {timeout: 30_000})
        expect(await page.evaluate(() => document.body.innerText)).not.toContain('NO SCHEMA AVAILABLE')
        await page.screenshot({path: path.join(ARTIFACTS, 'graphiql.png')})
        await page.close()
    })

    test('daily buckets: the charts are drawn from the DAY series', async () => {
        const {page} = await openPage(`${origin(api.url)}/dashboard/`)
        const before = Number(await page.getAttribute('body', 'data-rendered'))
        await page.selectOption('[data-testid="range-select"]', 'DAY')
        await page.waitForFunction((n) => Number(document.body.dataset.rendered) > n, before)
        const buckets = await page.getAttribute('[data-testid="chart-activity-blocks"]', 'data-buckets')
        expect(buckets).toBe('30')
        const points = await chartPoints(page)
        for (const id of ['chart-activity-blocks', 'chart-top-contracts', 'chart-asset-native', 'chart-xcm-relay']) expect({id, drawn: points[id] > 0}).toEqual({id, drawn: true})
        await page.close()
    })

    test('live: a new block redraws the page within seconds, pushed by a subscription (no 30 s refresh)', async () => {
        const {page, problems} = await openPage(`${origin(api.url)}/dashboard/`)
        await page.waitForSelector('body[data-live="on"]', {timeout: 15_000})
        expect(await page.textContent('#status')).toMatch(/ · live$/)
        const before = Number(await page.getAttribute('body', 'data-rendered'))
        const {blockNumber} = await scenario.transfer(scenario.accounts.Alice, scenario.accounts.Bob.address, 10n ** 10n)
        const started = Date.now()
        await page.waitForFunction(([n, height]) => Number(document.body.dataset.rendered) > n && (document.getElementById('status')?.textContent ?? '').includes(`indexed #${height}`),
            [before, blockNumber], {timeout: 15_000})
        console.log(`dashboard redrawn ${Date.now() - started} ms after block #${blockNumber} was built`)
        expect(problems).toEqual([])
        await page.close()
    })

    test('an API error is shown with the GraphQL error text, after the page asked again as the rate limit said', async () => {
        // Keep this browser's bucket empty on the strictly limited server while the page loads from
        // it: its retries (after Retry-After, 1 s here, twice) are refused too.
        for (let i = 0; i < 4; i++) await request(limited.url)
        let flooding = true
        const flood = (async () => {
            while (flooding) {
                await request(limited.url)
                await new Promise((r) => setTimeout(r, 50))
            }
        })()
        const started = Date.now()
        const {page} = await openPage(`${origin(limited.url)}/dashboard/`).finally(() => { flooding = false })
        await flood
        expect(Date.now() - started).toBeGreaterThanOrEqual(2000) // two waits of Retry-After before giving up
        expect(await page.getAttribute('body', 'data-rendered')).toBe('1') // the first render, not a later refresh
        const errors = await page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.textContent))
        expect(errors.length).toBeGreaterThan(0)
        expect(errors.join('\n')).toContain('rate limit exceeded: each client may spend 1 cost units per second (bursts of 3)')
        await page.close()
    })
})

describe('the front server', () => {
    test('rate limit: a burst passes, then 429 with Retry-After and a GraphQL-style error; other clients are unaffected; the client recovers', async () => {
        const as = (ip: string) => ({headers: {'x-forwarded-for': ip}})
        const burst = []
        for (let i = 0; i < 3; i++) burst.push((await request(limited.url, as('198.51.100.1'))).status)
        expect(burst).toEqual([200, 200, 200])
        const refused = await request(limited.url, as('198.51.100.1'))
        expect(refused.status).toBe(429)
        expect(refused.headers['retry-after']).toBe('1')
        expect(refused.headers['content-type']).toMatch(/^application\/json/)
        expect(JSON.parse(refused.body)).toEqual({errors: [{
            message: 'rate limit exceeded: each client may spend 1 cost units per second (bursts of 3); this query costs 1; retry after 1 s',
            extensions: {code: 'RATE_LIMITED', retryAfterSeconds: 1, cost: 1},
        }]})
        // Another client, behind the same proxy, is served.
        expect((await request(limited.url, as('198.51.100.2'))).status).toBe(200)
        // What the client itself put in X-Forwarded-For is not believed: the proxy's entry (rightmost) counts.
        expect((await request(limited.url, as('203.0.113.99, 198.51.100.1'))).status).toBe(429)
        await new Promise((r) => setTimeout(r, Number(refused.headers['retry-after']) * 1000 + 100))
        expect((await request(limited.url, as('198.51.100.1'))).status).toBe(200)
    })

    test('without GQL_TRUST_PROXY, X-Forwarded-For is ignored: clients are told apart by their address', async () => {
        // 100 requests at once from 127.0.0.1, each claiming another address: the default burst is 40.
        const flood = await Promise.all(Array.from({length: 100}, (_, i) => request(api.url, {headers: {'x-forwarded-for': `192.0.2.${i}`}, localAddress: '127.0.0.1'})))
        const refused = flood.filter((r) => r.status == 429).length
        expect(refused).toBeGreaterThanOrEqual(30)
        expect(flood.filter((r) => r.status == 200).length).toBeGreaterThanOrEqual(40)
        expect(flood.every((r) => r.status == 200 || r.status == 429)).toBe(true)
        // Another address of this machine is another client.
        expect((await request(api.url, {localAddress: '127.0.0.2'})).status).toBe(200)
    })

    test('answers to requests that pass the checks come through unchanged: validation errors, resolver errors, data', async () => {
        const backendPort = Number(/GraphQL server \(pid \d+\) ready on 127\.0\.0\.1:(\d+) \(loopback only\)/.exec(api.proc.output)?.[1])
        expect(backendPort).toBeGreaterThan(0)
        expect(backendPort).not.toBe(Number(new URL(api.url).port))
        const backend = `http://127.0.0.1:${backendPort}/graphql`
        const queries = [
            '{ nope }',
            '{ activitySeries(chain: "local", bucket: DAY, from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { bucket } }',
            '{ blocks(limit: 2, orderBy: height_ASC) { height hash } }',
            '{ events { id } }',
        ]
        for (const query of queries) {
            const body = JSON.stringify({query})
            const [front, direct] = [await request(api.url, {body, localAddress: '127.0.0.3'}), await request(backend, {body})]
            expect({query, status: front.status, body: JSON.parse(front.body)}).toEqual({query, status: direct.status, body: JSON.parse(direct.body)})
        }
        const errors = JSON.parse((await request(api.url, {body: JSON.stringify({query: queries[1]}), localAddress: '127.0.0.3'})).body).errors
        expect(errors[0].message).toMatch(/must be before to/)
        // GET with the query in the URL, as the console and caches use it.
        const get = await request(`${api.url}?query=${encodeURIComponent('{ __typename }')}`, {method: 'GET', body: '', localAddress: '127.0.0.3'})
        expect([get.status, JSON.parse(get.body)]).toEqual([200, {data: {__typename: 'Query'}}])
    })

    test('the GraphQL server listens on loopback only; the front server answers what is not /graphql itself', async () => {
        const backendPort = Number(/GraphQL server \(pid \d+\) ready on 127\.0\.0\.1:(\d+)/.exec(api.proc.output)?.[1])
        const listening = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/))
            .filter((f) => f[3] == '0A' && parseInt(f[1]?.split(':')[1] ?? '', 16) == backendPort).map((f) => f[1].split(':')[0])
        expect(listening).toEqual(['0100007F']) // 127.0.0.1
        // It keeps an idle connection longer than the front server does (4 s), so the front server's
        // kept-alive connections are never closed under it: one is reused after 6 s.
        const keep = new http.Agent({keepAlive: true, maxSockets: 1})
        const direct = (): Promise<{status: number, reused: boolean}> => new Promise((resolve, reject) => {
            const req = http.request({host: '127.0.0.1', port: backendPort, path: '/graphql', method: 'POST', agent: keep, headers: {'content-type': 'application/json'}}, (res) => {
                res.resume()
                res.on('end', () => resolve({status: res.statusCode!, reused: req.reusedSocket}))
            })
            req.on('error', reject)
            req.end(JSON.stringify({query: '{ __typename }'}))
        })
        expect(await direct()).toEqual({status: 200, reused: false})
        await new Promise((r) => setTimeout(r, 6_000))
        expect(await direct()).toEqual({status: 200, reused: true})
        keep.destroy()
        const base = origin(api.url)
        const redirect = await request(`${base}/`, {method: 'GET', body: '', localAddress: '127.0.0.4'})
        expect([redirect.status, redirect.headers.location]).toEqual([302, '/dashboard/'])
        const page = await request(`${base}/dashboard/`, {method: 'GET', body: '', localAddress: '127.0.0.4'})
        expect(page.status).toBe(200)
        expect(page.headers['content-security-policy']).toContain("script-src 'self'")
        expect(page.body).toContain('<script src="app.js"></script>')
        expect((await request(`${base}/dashboard/../package.json`, {method: 'GET', body: '', localAddress: '127.0.0.4'})).status).toBe(404)
        expect((await request(`${base}/nothing`, {method: 'GET', body: '', localAddress: '127.0.0.4'})).status).toBe(404)
        const tooBig = await request(api.url, {body: JSON.stringify({query: `{ __typename } # ${'x'.repeat(300 * 1024)}`}), localAddress: '127.0.0.4'})
        expect([tooBig.status, JSON.parse(tooBig.body).errors[0].message]).toEqual([413, 'the request body is larger than 256 KB (GQL_MAX_REQUEST_KB)'])
    })

    test('bad settings (rate limit, DB_URL) stop `serve` with exit code 2 and say what to fix', async () => {
        const proc = spawnNode('cli', 'lib/cli/index.js', ['serve'], {GQL_RATE_LIMIT: 'fast', GQL_RATE_BURST: '0', GQL_TRUST_PROXY: 'maybe'})
        await proc.waitExit()
        expect(proc.exitCode).toBe(2)
        expect(proc.output).toContain('GQL_RATE_LIMIT="fast" is not a whole number')
        expect(proc.output).toContain('GQL_RATE_BURST=0 is out of range')
        expect(proc.output).toContain('GQL_TRUST_PROXY="maybe" must be true')
        // The database as the GraphQL server reads it (DB_URL): refused the same way.
        const badUrl = spawnNode('cli', 'lib/cli/index.js', ['serve'], {...env, GQL_PORT: String(await findFreePort()), DB_URL: 'mysql://db.example/pop'})
        await badUrl.waitExit()
        expect({code: badUrl.exitCode, stack: /\n\s+at /.test(badUrl.output)}).toEqual({code: 2, stack: false})
        expect(badUrl.output).toContain('the database settings (DB_URL, DB_HOST, DB_PORT, DB_SSL, ...) cannot be used: Only postgres:// or postgresql:// protocols are supported')
    })

    test('a port already in use (GQL_PORT, --health-port) stops `serve` with exit code 1 and one sentence, no stack', async () => {
        const taken = net.createServer()
        await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
        const port = String((taken.address() as net.AddressInfo).port)
        try {
            for (const [args, extra, sentence] of [
                [['serve'], {GQL_PORT: port}, `port ${port} on 127.0.0.1 is already in use (GQL_PORT)`],
                [['serve', '--health-port', port], {GQL_PORT: String(await findFreePort())}, `port ${port} on 127.0.0.1 is already in use (HEALTH_PORT / --health-port)`],
            ] as const) {
                const proc = spawnNode('cli', 'lib/cli/index.js', [...args], {...env, API_HOST: '127.0.0.1', ...extra})
                await proc.waitExit(30_000)
                expect({code: proc.exitCode, said: proc.output.includes(sentence), stack: /\n\s+at /.test(proc.output)}).toEqual({code: 1, said: true, stack: false})
            }
        } finally {
            taken.close()
        }
    })
})
