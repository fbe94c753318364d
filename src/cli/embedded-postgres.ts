import fs from 'node:fs'
import {findFreePort} from '../localchain/ports'

export interface EmbeddedPostgres {
    port: number
    stop(): Promise<void>
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over the Postgres wire protocol on loopback,
 * for machines with no database server. Several connections are accepted (the processor, the
 * API and the CLI each hold one); PGlite runs their queries one at a time.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
    fs.mkdirSync(dataDir, {recursive: true})
    const {PGlite} = await import('@electric-sql/pglite')
    const {PGLiteSocketServer} = await import('@electric-sql/pglite-socket')
    const db = await PGlite.create(dataDir)
    const port = await findFreePort()
    const server = new PGLiteSocketServer({db, port, host: '127.0.0.1', maxConnections: 32})
    await server.start()
    return {
        port,
        async stop() {
            await server.stop()
            await db.close()
        },
    }
}
