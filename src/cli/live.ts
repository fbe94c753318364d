/**
 * One GraphQL subscription over graphql-ws (`graphql-transport-ws`), as the CLI follows the API:
 * `onData` gets each result pushed (one at a time: the next waits for it), and the promise
 * resolves with the reason once the subscription cannot go on (no API there, refused, closed).
 */
import {WebSocket} from 'ws'
import {redactUrls} from '../config/redact'

const CONNECT_MS = 5_000

export function followSubscription(httpUrl: string, query: string, variables: Record<string, unknown>, onData: (data: any) => Promise<void> | void): Promise<string> {
    const url = httpUrl.replace(/^http/, 'ws')
    return new Promise((resolve) => {
        let socket: WebSocket
        try {
            socket = new WebSocket(url, 'graphql-transport-ws', {handshakeTimeout: CONNECT_MS})
        } catch (err) {
            return resolve(`${redactUrls(url)} is not a WebSocket address (${(err as Error).message})`)
        }
        let ended = false
        const end = (reason: string) => {
            if (ended) return
            ended = true
            clearTimeout(ackTimer)
            resolve(redactUrls(reason))
            socket.terminate()
        }
        const ackTimer = setTimeout(() => end(`the API at ${url} did not accept the subscription within ${CONNECT_MS / 1000} s`), CONNECT_MS)
        let chain = Promise.resolve()
        socket.on('open', () => socket.send(JSON.stringify({type: 'connection_init'})))
        socket.on('unexpected-response', (_req, res) => {
            let body = ''
            res.on('data', (d: Buffer) => { body += d.toString() })
            res.on('end', () => end(`the API at ${url} answered HTTP ${res.statusCode}${messageOf(body) ? `: ${messageOf(body)}` : ''}`))
        })
        socket.on('error', (err) => end(`the API at ${url} cannot be reached (${(err as NodeJS.ErrnoException).code ?? err.message})`))
        socket.on('close', (code, reason) => end(`the API closed the subscription (${code}${reason.length ? ` ${reason.toString()}` : ''})`))
        socket.on('message', (raw) => {
            let msg: any
            try {
                msg = JSON.parse(raw.toString())
            } catch {
                return end('the API sent an unreadable message')
            }
            if (msg.type == 'connection_ack') {
                clearTimeout(ackTimer)
                return socket.send(JSON.stringify({id: '1', type: 'subscribe', payload: {query, variables}}))
            }
            if (msg.type == 'ping') return socket.send(JSON.stringify({type: 'pong'}))
            if (msg.id != '1') return
            if (msg.type == 'error') return end(`the API refused the subscription: ${(msg.payload ?? []).map((e: any) => e?.message).join('; ')}`)
            if (msg.type == 'complete') return end('the API ended the subscription')
            if (msg.type != 'next') return
            if (msg.payload?.errors?.length) return end(`the API answered with an error: ${msg.payload.errors.map((e: any) => e?.message).join('; ')}`)
            chain = chain.then(() => onData(msg.payload.data)).catch((err) => end(`following failed: ${(err as Error).message}`))
        })
    })
}

function messageOf(body: string): string | undefined {
    try {
        return JSON.parse(body).errors?.[0]?.message
    } catch {
        return undefined
    }
}
