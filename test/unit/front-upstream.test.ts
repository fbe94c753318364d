/**
 * The front server's connections to the GraphQL server (src/api/front.ts), against a real HTTP
 * server standing in for it: a kept-alive connection the other side closes just as a request goes
 * out must not become a "did not answer" for the client.
 */
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {BACKEND_KEEP_ALIVE_MS, createFrontServer, IDLE_UPSTREAM_MS} from '../../src/api/front'
import {loadApiSettings} from '../../src/config/env'

interface Backend {
    server: http.Server
    port: number
    /** One entry per request that reached it: the number of its connection. */
    requests: number[]
    closed: number[]
}

/**
 * A stand-in GraphQL server: answers `{"data":…}`, except that `drop(connection, nth)` tells it to
 * close the connection without answering its nth request (as a server closing an idle connection
 * at the moment a request arrives on it looks from the client).
 */
async function backend(drop: (nthOnConnection: number) => boolean): Promise<Backend> {
    const requests: number[] = []
    const closed: number[] = []
    const perConnection = new WeakMap<net.Socket, {id: number, n: number}>()
    let connections = 0
    const server = http.createServer((req, res) => {
        const conn = perConnection.get(req.socket)!
        conn.n++
        requests.push(conn.id)
        req.resume()
        req.on('end', () => {
            if (drop(conn.n)) return req.socket.destroy()
            res.writeHead(200, {'content-type': 'application/json'})
            res.end(JSON.stringify({data: {__typename: 'Query', connection: conn.id}}))
        })
    })
    server.keepAliveTimeout = 10 * BACKEND_KEEP_ALIVE_MS // only the front server closes idle connections here
    server.on('connection', (socket) => {
        const id = ++connections
        perConnection.set(socket, {id, n: 0})
        socket.on('close', () => closed.push(id))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {server, port: (server.address() as net.AddressInfo).port, requests, closed}
}

async function front(port: number): Promise<{server: http.Server, url: string}> {
    const settings = loadApiSettings({GQL_RATE_LIMIT: '0', API_HOST: '127.0.0.1'})
    const server = createFrontServer({settings, dashboardDir: path.join(__dirname, '../../dashboard'), backendPort: () => port, log: () => {}})
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`}
}

async function ask(url: string, query = '{ __typename }'): Promise<{status: number, body: any}> {
    const res = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({query})})
    return {status: res.status, body: await res.json()}
}

const open: http.Server[] = []
afterEach(async () => {
    for (const s of open.splice(0)) {
        s.closeAllConnections()
        await new Promise((resolve) => s.close(resolve))
    }
})

test('a request sent on a kept-alive connection the GraphQL server closes is sent once more, on a new connection', async () => {
    const b = await backend((n) => n == 2)
    const f = await front(b.port)
    open.push(f.server, b.server)
    expect(await ask(f.url)).toEqual({status: 200, body: {data: {__typename: 'Query', connection: 1}}})
    // The second request goes out on connection 1 again, which closes without an answer.
    expect(await ask(f.url)).toEqual({status: 200, body: {data: {__typename: 'Query', connection: 2}}})
    expect(b.requests).toEqual([1, 1, 2])
})

test('a mutation is never sent twice: the connection breaking under it is a 502', async () => {
    const b = await backend((n) => n == 2)
    const f = await front(b.port)
    open.push(f.server, b.server)
    expect((await ask(f.url)).status).toBe(200)
    const answer = await ask(f.url, 'mutation { __typename }')
    expect(answer.status).toBe(502)
    expect(answer.body.errors[0].message).toBe('the GraphQL server did not answer; retry in a moment')
    expect(b.requests).toEqual([1, 1])
})

test('a request that fails on a new connection is not sent again: the client gets a 502 with a message', async () => {
    const b = await backend(() => true)
    const f = await front(b.port)
    open.push(f.server, b.server)
    const answer = await ask(f.url)
    expect(answer.status).toBe(502)
    expect(answer.body.errors[0].message).toBe('the GraphQL server did not answer; retry in a moment')
    expect(b.requests).toEqual([1])
})

test('the front server closes an idle connection to the GraphQL server before the GraphQL server would', async () => {
    expect(IDLE_UPSTREAM_MS).toBeLessThan(BACKEND_KEEP_ALIVE_MS / 2)
    const b = await backend(() => false)
    const f = await front(b.port)
    open.push(f.server, b.server)
    await ask(f.url)
    const started = Date.now()
    while (b.closed.length == 0 && Date.now() - started < 3 * IDLE_UPSTREAM_MS) await new Promise((r) => setTimeout(r, 50))
    expect(b.closed).toEqual([1])
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_UPSTREAM_MS - 100)
})
