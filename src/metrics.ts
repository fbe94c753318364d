import http from 'node:http'
import {Counter, Gauge, Registry} from 'prom-client'
import {redactUrls} from './config/redact'
import {chainModule} from './mappings/chain'
import {contractsModule} from './mappings/contracts'
import {BatchOutputs, DomainModule, outputOf} from './mappings/module'

/**
 * pop-squid's own metrics, served with the processor's (`sqd_processor_*`) on PROMETHEUS_PORT.
 */
export class IndexerMetrics {
    private decodeFailures: Counter
    private contractEvents: Counter
    private indexedHeight: Gauge
    private chainHeight: Gauge
    private lag: Gauge

    constructor(registry: Registry, chain: string, private modules: readonly DomainModule<any>[]) {
        const labels = {chain}
        this.decodeFailures = new Counter({name: 'pop_squid_decode_failures_total', help: 'Events and XCM messages a decoder could not read (stored raw with the reason), per module', labelNames: ['chain', 'domain'], registers: [registry]})
        this.contractEvents = new Counter({name: 'pop_squid_contract_events_total', help: 'Contract events indexed, by whether an ABI decoded them', labelNames: ['chain', 'decoded'], registers: [registry]})
        this.indexedHeight = new Gauge({name: 'pop_squid_indexed_height', help: 'Highest block written', labelNames: ['chain'], registers: [registry]})
        this.chainHeight = new Gauge({name: 'pop_squid_chain_height', help: 'Chain head as last seen by the processor', labelNames: ['chain'], registers: [registry]})
        this.lag = new Gauge({name: 'pop_squid_lag_blocks', help: 'Chain head minus indexed height', labelNames: ['chain'], registers: [registry]})
        for (const m of modules) this.decodeFailures.labels({...labels, domain: m.name}).inc(0)
        this.labels = labels
    }

    private labels: {chain: string}

    onBatch(outputs: BatchOutputs, chainHead: number | undefined): void {
        const {chain: c} = this.labels
        for (const m of this.modules) this.decodeFailures.labels({chain: c, domain: m.name}).inc(m.failures(outputs.get(m)))
        const chain = outputOf(outputs, chainModule)
        const contracts = outputOf(outputs, contractsModule)
        const decoded = contracts.events.filter((e) => e.decoded).length
        this.contractEvents.labels({chain: c, decoded: 'true'}).inc(decoded)
        this.contractEvents.labels({chain: c, decoded: 'false'}).inc(contracts.events.length - decoded)
        const height = chain.blocks[chain.blocks.length - 1]?.height
        if (height != null) this.indexedHeight.labels(this.labels).set(height)
        if (chainHead != null) {
            this.chainHeight.labels(this.labels).set(chainHead)
            if (height != null) this.lag.labels(this.labels).set(Math.max(0, chainHead - height))
        }
    }
}

/**
 * Serves a registry at GET /metrics on host:port (port 0: one the kernel picks), in place of the
 * processor's own server, which listens on every interface and labels RPC requests with the
 * endpoint's full URL: URLs in labels are redacted here (an RPC key must not reach a dashboard).
 */
export function serveMetrics(registry: Registry, host: string, port: number): Promise<{port: number, close(): Promise<void>}> {
    const server = http.createServer(async (req, res) => {
        if (req.method != 'GET' || (req.url ?? '').split('?')[0] != '/metrics') {
            res.writeHead(404, {'content-type': 'text/plain'})
            return res.end('metrics are at /metrics\n')
        }
        try {
            const text = redactUrls(await registry.metrics())
            res.writeHead(200, {'content-type': registry.contentType})
            res.end(text)
        } catch {
            res.writeHead(500, {'content-type': 'text/plain'})
            res.end('metrics could not be collected\n')
        }
    })
    return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
            const address = server.address()
            resolve({
                port: typeof address == 'object' && address ? address.port : port,
                close: () => new Promise<void>((done) => server.close(() => done())),
            })
        })
    })
}
