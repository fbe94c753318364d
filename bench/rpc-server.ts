/**
 * A loopback JSON-RPC server (HTTP and WebSocket on one port) serving a `SyntheticChain` with
 * the methods `@subsquid/substrate-processor` and the project call: blocks, headers, hashes,
 * events and other storage at a block, runtime version, metadata, head subscriptions.
 */
import http from 'node:http'
import {AddressInfo} from 'node:net'
import {SyntheticChain} from './chain'
import {EVENTS_KEY} from './recording'
import {WsConnection} from './ws'

interface Request {
    jsonrpc?: string
    id?: number | string | null
    method: string
    params?: any[]
}

class RpcFailure extends Error {
    constructor(readonly code: number, message: string) {
        super(message)
    }
}

export class BenchRpcServer {
    private server: http.Server
    private subscriptions = new Map<string, {conn: WsConnection, finalized: boolean}>()
    private nextSubscription = 1
    private connections = new Set<WsConnection>()
    /** Requests answered, per method. */
    readonly calls = new Map<string, number>()
    /** Storage keys asked for that the recording does not have (answered with null), per key. */
    readonly storageMisses = new Map<string, number>()
    /**
     * Reads of accounts, assets and approvals at blocks after genesis: the recording holds those maps
     * at genesis only, so they are answered from there (the served chain's state never changes).
     * The indexer's comparison of balances with storage then finds every balance a batch touched
     * different and writes an adjustment for it: the bench measures its worst case.
     */
    stateFromGenesis = 0
    /** When each head was announced (height -> ms since epoch). */
    readonly announcedAt = new Map<number, number>()

    private constructor(readonly chain: SyntheticChain, readonly port: number, server: http.Server) {
        this.server = server
    }

    static async start(chain: SyntheticChain): Promise<BenchRpcServer> {
        const server = http.createServer()
        server.keepAliveTimeout = 60_000
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject)
            server.listen(0, '127.0.0.1', () => resolve())
        })
        const rpc = new BenchRpcServer(chain, (server.address() as AddressInfo).port, server)
        server.on('request', (req, res) => rpc.onHttp(req, res))
        server.on('upgrade', (req, socket) => {
            const conn = WsConnection.accept(req, socket)
            if (!conn) return
            rpc.connections.add(conn)
            conn.onMessage = (text) => conn.send(rpc.answerText(text, conn))
            conn.onClose = () => {
                rpc.connections.delete(conn)
                for (const [id, s] of rpc.subscriptions) if (s.conn === conn) rpc.subscriptions.delete(id)
            }
        })
        return rpc
    }

    get wsUrl(): string {
        return `ws://127.0.0.1:${this.port}`
    }

    get httpUrl(): string {
        return `http://127.0.0.1:${this.port}`
    }

    async stop(): Promise<void> {
        for (const c of this.connections) c.close()
        this.server.closeAllConnections()
        await new Promise<void>((resolve) => this.server.close(() => resolve()))
    }

    /** Appends a block made from recorded block `source` and announces it to the head subscribers. */
    newHead(source: number, timestampMs = Date.now()): number {
        const height = this.chain.push(source, timestampMs)
        this.announcedAt.set(height, Date.now())
        const header = this.chain.headerJson(height)
        for (const [id, s] of this.subscriptions) {
            const method = s.finalized ? 'chain_finalizedHead' : 'chain_newHead'
            s.conn.send(`{"jsonrpc":"2.0","method":"${method}","params":{"subscription":"${id}","result":${header}}}`)
        }
        return height
    }

    private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
        if (req.method != 'POST') {
            res.writeHead(405).end()
            return
        }
        const chunks: Buffer[] = []
        req.on('data', (c) => chunks.push(c))
        req.on('end', () => {
            const body = this.answerText(Buffer.concat(chunks).toString('utf8'), undefined)
            res.writeHead(200, {'content-type': 'application/json'}).end(body)
        })
    }

    private answerText(text: string, conn: WsConnection | undefined): string {
        let msg: Request | Request[]
        try {
            msg = JSON.parse(text)
        } catch {
            return '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}'
        }
        if (Array.isArray(msg)) return '[' + msg.map((m) => this.answerOne(m, conn)).join(',') + ']'
        return this.answerOne(msg, conn)
    }

    private answerOne(req: Request, conn: WsConnection | undefined): string {
        const id = JSON.stringify(req.id ?? null)
        this.calls.set(req.method, (this.calls.get(req.method) ?? 0) + 1)
        try {
            const result = this.dispatch(req.method, req.params ?? [], conn)
            return `{"jsonrpc":"2.0","id":${id},"result":${result}}`
        } catch (err) {
            const code = err instanceof RpcFailure ? err.code : -32603
            return `{"jsonrpc":"2.0","id":${id},"error":{"code":${code},"message":${JSON.stringify((err as Error).message)}}}`
        }
    }

    /** Returns the result as JSON text. */
    private dispatch(method: string, params: any[], conn: WsConnection | undefined): string {
        const chain = this.chain
        switch (method) {
            case 'chain_getBlockHash': {
                if (params[0] == null) return JSON.stringify(chain.headHash)
                const height = typeof params[0] == 'string' ? parseInt(params[0], params[0].startsWith('0x') ? 16 : 10) : Number(params[0])
                return JSON.stringify(chain.hashAt(height) ?? null)
            }
            case 'chain_getHead':
            case 'chain_getFinalizedHead':
            case 'chain_getFinalisedHead':
                return JSON.stringify(chain.headHash)
            case 'chain_getHeader': {
                const height = this.blockAt(params[0])
                return height == null ? 'null' : chain.headerJson(height)
            }
            case 'chain_getBlock': {
                const height = this.blockAt(params[0])
                return height == null ? 'null' : chain.blockJson(height)
            }
            case 'state_getRuntimeVersion':
            case 'chain_getRuntimeVersion':
                this.stateAt(params[0])
                return JSON.stringify(chain.recording.runtimeVersion)
            case 'state_getMetadata':
                this.stateAt(params[0])
                return JSON.stringify(chain.recording.metadata)
            case 'state_getStorage':
            case 'state_getStorageAt':
                return JSON.stringify(this.storage(String(params[0]), this.stateAt(params[1])))
            case 'state_queryStorageAt': {
                const height = this.stateAt(params[1])
                const keys: string[] = params[0] ?? []
                return JSON.stringify([{block: chain.hashAt(height), changes: keys.map((k) => [k, this.storage(k, height)])}])
            }
            case 'state_getKeysPaged':
            case 'state_getKeysPagedAt': {
                const [prefix, count, startKey, hash] = params as [string, number, string | null, string]
                const state = chain.sourceAt(this.stateAt(hash)).state ?? chain.sourceAt(0).state
                if (!state) {
                    this.storageMisses.set(`keys:${prefix}`, (this.storageMisses.get(`keys:${prefix}`) ?? 0) + 1)
                    return '[]'
                }
                const keys = Object.keys(state).filter((k) => k.startsWith(prefix) && (startKey == null || k > startKey)).sort().slice(0, count)
                return JSON.stringify(keys)
            }
            case 'chain_subscribeNewHeads':
            case 'chain_subscribeAllHeads':
            case 'chain_subscribeFinalizedHeads':
            case 'chain_subscribeFinalisedHeads': {
                if (!conn) throw new RpcFailure(-32601, 'subscriptions need a WebSocket connection')
                const sub = String(this.nextSubscription++)
                const finalized = method.includes('Finali')
                this.subscriptions.set(sub, {conn, finalized})
                const head = chain.headerJson(chain.height)
                setImmediate(() => conn.send(`{"jsonrpc":"2.0","method":"${finalized ? 'chain_finalizedHead' : 'chain_newHead'}","params":{"subscription":"${sub}","result":${head}}}`))
                return JSON.stringify(sub)
            }
            case 'chain_unsubscribeNewHeads':
            case 'chain_unsubscribeAllHeads':
            case 'chain_unsubscribeFinalizedHeads':
            case 'chain_unsubscribeFinalisedHeads':
                return JSON.stringify(this.subscriptions.delete(String(params[0])))
            case 'system_chain':
                return '"pop-squid bench"'
            case 'system_name':
                return '"pop-squid bench RPC"'
            case 'system_version':
                return '"1.0.0"'
            case 'system_properties':
                return '{"ss58Format":42,"tokenDecimals":10,"tokenSymbol":"PAS"}'
            case 'system_health':
                return '{"peers":0,"isSyncing":false,"shouldHavePeers":false}'
            case 'rpc_methods':
                return JSON.stringify({methods: METHODS})
            default:
                throw new RpcFailure(-32601, `method ${method} is not served by the bench RPC server`)
        }
    }

    /** Height of a block hash (the head when absent); undefined when unknown. */
    private blockAt(hash: unknown): number | undefined {
        if (hash == null) return this.chain.height
        return this.chain.heightOf(String(hash))
    }

    /** Like a node: state at an unknown block is an error naming it "not found". */
    private stateAt(hash: unknown): number {
        const height = this.blockAt(hash)
        if (height == null) throw new RpcFailure(4003, `State of block ${String(hash)} not found`)
        return height
    }

    /** The maps recorded whole at genesis, by their 32-byte key prefix (twox128(pallet) ++ twox128(item)). */
    private get genesisPrefixes(): Record<string, true> {
        if (!this.prefixes) {
            this.prefixes = {}
            for (const k of Object.keys(this.chain.sourceAt(0).state ?? {})) this.prefixes[k.slice(0, 66)] = true
        }
        return this.prefixes
    }
    private prefixes?: Record<string, true>

    private storage(key: string, height: number): string | null {
        const block = this.chain.sourceAt(height)
        if (key == EVENTS_KEY) return block.events
        if (key in block.storage) return block.storage[key]
        if (block.state && key in block.state) return block.state[key]
        const genesis = this.chain.sourceAt(0).state
        if (genesis && key.slice(0, 66) in this.genesisPrefixes) {
            this.stateFromGenesis++
            return genesis[key] ?? null
        }
        this.storageMisses.set(key, (this.storageMisses.get(key) ?? 0) + 1)
        return null
    }
}

const METHODS = [
    'chain_getBlockHash', 'chain_getHead', 'chain_getFinalizedHead', 'chain_getHeader', 'chain_getBlock',
    'state_getRuntimeVersion', 'chain_getRuntimeVersion', 'state_getMetadata', 'state_getStorage', 'state_getStorageAt',
    'state_queryStorageAt', 'chain_subscribeNewHeads', 'chain_subscribeFinalizedHeads', 'chain_unsubscribeNewHeads',
    'chain_unsubscribeFinalizedHeads', 'system_chain', 'system_name', 'system_version', 'system_properties', 'system_health', 'rpc_methods',
]
