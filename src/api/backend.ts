/**
 * The GraphQL server behind the front server: @subsquid/graphql-server with the project's
 * resolvers, made to listen on a loopback port the kernel picks (never on a public interface,
 * where it would bypass the front server's rate limit). The port goes to the parent over IPC.
 */
import http from 'node:http'
import Module from 'node:module'
import {locatedError} from 'graphql'
import {formatApiError} from './errors'
import {apiRandomPageCost} from '../config/env'
import {setRandomPageCostOnConnect} from './planner'
import {BACKEND_KEEP_ALIVE_MS} from './front'

if (!process.send) {
    console.error('lib/api/backend.js is started by `pop-squid serve` (or run, dev), which talks to it over IPC; run that instead')
    process.exit(2)
}

const originalListen = http.Server.prototype.listen
let claimed = false
http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    if (claimed) return originalListen.apply(this, args as any)
    claimed = true
    // The front server's idle connections close first (IDLE_UPSTREAM_MS), never this side's.
    this.keepAliveTimeout = BACKEND_KEEP_ALIVE_MS
    const callback = args.find((a) => typeof a == 'function') as (() => void) | undefined
    this.once('listening', () => {
        const address = this.address()
        if (address && typeof address == 'object') process.send!({backendPort: address.port})
    })
    return (originalListen as (...a: unknown[]) => http.Server).call(this, 0, '127.0.0.1', callback)
} as typeof http.Server.prototype.listen

// Errors in production shape (src/api/errors.ts): the Apollo server that @subsquid/graphql-server
// builds is given the project's formatError and no debug mode (debug adds stack traces).
const loader = Module as unknown as {_load(request: string, parent: unknown, isMain: boolean): any}
const load = loader._load
let wrapped: unknown
let wrappedWs: unknown
loader._load = function (request: string, parent: unknown, isMain: boolean) {
    const mod = load.call(this, request, parent, isMain)
    if (request == 'graphql-ws/lib/use/ws') return wrappedWs ??= {...mod, useServer: subscriptionErrorsInShape(mod.useServer)}
    if (request != '@subsquid/apollo-server-express') return mod
    wrapped ??= {
        ...mod,
        ApolloServer: class extends mod.ApolloServer {
            constructor(config: Record<string, unknown>) {
                super({
                    ...config, debug: false,
                    formatError: (err: any) => formatApiError(err, (line) => console.error(line)),
                    plugins: [...((config.plugins as unknown[]) ?? []), everyErrorHasACode],
                })
            }
        },
    }
    return wrapped
}
/**
 * The request checks (src/server-extension/check.ts) answer with a bare message, which Apollo does
 * not format: give those errors their code too.
 */
const everyErrorHasACode = {
    async requestDidStart() {
        return {
            async willSendResponse(ctx: {response: {errors?: {message: string, extensions?: Record<string, unknown>}[]}}) {
                for (const e of ctx.response.errors ?? []) {
                    if (e.extensions?.code) continue
                    e.extensions = {code: /^admin operations/.test(e.message) ? 'FORBIDDEN' : 'BAD_USER_INPUT'}
                }
            },
        }
    },
}

/**
 * Subscriptions (graphql-ws) do not pass through Apollo: their errors, in a pushed result or as
 * the refusal of a subscribe, get the same shape here.
 */
function subscriptionErrorsInShape(useServer: (options: any, ...rest: unknown[]) => unknown) {
    const log = (line: string) => console.error(line)
    return (options: any, ...rest: unknown[]) => useServer({
        ...options,
        subscribe: failuresAsResults(options.subscribe),
        async onNext(ctx: unknown, message: unknown, args: unknown, result: any) {
            const next = (await options.onNext?.(ctx, message, args, result)) ?? result
            if (!next?.errors?.length) return next
            return {...next, errors: next.errors.map((e: any) => formatApiError(e, log))}
        },
        onError(_ctx: unknown, _message: unknown, errors: any[]) {
            return errors.map((e) => formatApiError(e, log))
        },
    }, ...rest)
}

/**
 * graphql-ws closes the whole socket (4500, the error's message as the reason) when a subscription's
 * query fails, e.g. on a value the database refuses: the failure becomes that subscription's last
 * result instead, an error in the shape above, and the socket's other subscriptions go on.
 */
function failuresAsResults(subscribe: (args: unknown) => Promise<any>) {
    const asResult = (err: unknown) => ({errors: [locatedError(err, undefined, undefined)]})
    return async (args: unknown) => {
        let result: any
        try {
            result = await subscribe(args)
        } catch (err) {
            return asResult(err)
        }
        if (typeof result?.[Symbol.asyncIterator] != 'function') return result
        const inner: AsyncIterator<unknown> = result[Symbol.asyncIterator]()
        let failed = false
        const iterator: AsyncIterableIterator<unknown> = {
            [Symbol.asyncIterator]: () => iterator,
            async next() {
                if (failed) return {done: true, value: undefined}
                try {
                    return await inner.next()
                } catch (err) {
                    failed = true
                    return {done: false, value: asResult(err)}
                }
            },
            return: async (value?: unknown) => inner.return ? inner.return(value) : {done: true, value},
        }
        return iterator
    }
}

// Planner costs of every PostgreSQL connection of this process (src/api/planner.ts).
setRandomPageCostOnConnect(require('pg'), apiRandomPageCost())

// openreader logs every failed query with its document and the error's stack; errors are logged
// above as one line instead (user mistakes not at all).
process.env.SQD_FATAL = [process.env.SQD_FATAL, 'sqd:graphql-server:gql'].filter(Boolean).join(',')

// The front server is the parent: without it nobody can reach this server, so stop with it.
process.on('disconnect', () => process.exit(0))

require('@subsquid/graphql-server/lib/main.js')
