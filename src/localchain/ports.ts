import net from 'node:net'

/** Asks the kernel for a free TCP port on loopback. */
export function findFreePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer()
        server.unref()
        server.on('error', reject)
        server.listen(0, '127.0.0.1', () => {
            const address = server.address()
            server.close(() => {
                if (address && typeof address == 'object') resolve(address.port)
                else reject(new Error('could not allocate a free port'))
            })
        })
    })
}
