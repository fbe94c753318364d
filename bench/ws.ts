/** Just enough of a WebSocket server (RFC 6455) for JSON-RPC: text frames, fragmentation, ping, close. No extensions. */
import crypto from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export class WsConnection {
    private buffer: Buffer = Buffer.alloc(0)
    private fragments: Buffer[] = []
    closed = false
    onMessage: (text: string) => void = () => {}
    onClose: () => void = () => {}

    constructor(private socket: Duplex) {
        socket.on('data', (chunk: Buffer) => this.receive(chunk))
        socket.on('close', () => this.close())
        socket.on('error', () => this.close())
    }

    /** Completes the handshake of an HTTP upgrade request; null (and a 400) when it is not a WebSocket one. */
    static accept(req: IncomingMessage, socket: Duplex): WsConnection | null {
        const key = req.headers['sec-websocket-key']
        if (typeof key != 'string' || String(req.headers.upgrade).toLowerCase() != 'websocket') {
            socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
            return null
        }
        const accept = crypto.createHash('sha1').update(key + GUID).digest('base64')
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
        if ('setNoDelay' in socket) (socket as any).setNoDelay(true)
        return new WsConnection(socket)
    }

    send(text: string): void {
        if (this.closed) return
        this.frame(0x1, Buffer.from(text))
    }

    close(): void {
        if (this.closed) return
        this.closed = true
        this.socket.destroy()
        this.onClose()
    }

    private frame(opcode: number, payload: Buffer): void {
        const n = payload.length
        let header: Buffer
        if (n < 126) {
            header = Buffer.from([0x80 | opcode, n])
        } else if (n < 65536) {
            header = Buffer.alloc(4)
            header[0] = 0x80 | opcode
            header[1] = 126
            header.writeUInt16BE(n, 2)
        } else {
            header = Buffer.alloc(10)
            header[0] = 0x80 | opcode
            header[1] = 127
            header.writeBigUInt64BE(BigInt(n), 2)
        }
        this.socket.cork()
        this.socket.write(header)
        this.socket.write(payload)
        this.socket.uncork()
    }

    private receive(chunk: Buffer): void {
        this.buffer = this.buffer.length == 0 ? chunk : Buffer.concat([this.buffer, chunk])
        while (!this.closed) {
            const b = this.buffer
            if (b.length < 2) return
            const fin = (b[0] & 0x80) != 0
            const opcode = b[0] & 0x0f
            const masked = (b[1] & 0x80) != 0
            let length = b[1] & 0x7f
            let offset = 2
            if (length == 126) {
                if (b.length < 4) return
                length = b.readUInt16BE(2)
                offset = 4
            } else if (length == 127) {
                if (b.length < 10) return
                length = Number(b.readBigUInt64BE(2))
                offset = 10
            }
            const maskOffset = offset
            if (masked) offset += 4
            if (b.length < offset + length) return
            const payload = Buffer.from(b.subarray(offset, offset + length))
            if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= b[maskOffset + (i & 3)]
            this.buffer = b.subarray(offset + length)
            this.handle(fin, opcode, payload)
        }
    }

    private handle(fin: boolean, opcode: number, payload: Buffer): void {
        switch (opcode) {
            case 0x0: // continuation
            case 0x1: // text
            case 0x2: // binary
                this.fragments.push(payload)
                if (fin) {
                    const text = Buffer.concat(this.fragments).toString('utf8')
                    this.fragments = []
                    this.onMessage(text)
                }
                return
            case 0x8: // close: echo it, then end
                if (!this.closed) this.frame(0x8, payload.subarray(0, 2))
                this.close()
                return
            case 0x9: // ping
                this.frame(0xa, payload)
                return
            case 0xa: // pong
                return
            default:
                this.close()
        }
    }
}
