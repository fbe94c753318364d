/**
 * URLs as they may be shown: to API clients, in logs at info level, in metrics labels. RPC
 * providers put keys in the user part (`wss://user:key@host`), the query (`?apikey=…`) or a path
 * segment (`/v3/<key>`): those parts become `***`; scheme, host and port stay, so an operator
 * still knows which endpoint is meant.
 */
export function redactUrl(raw: string): string {
    let url: URL
    try {
        url = new URL(raw)
    } catch {
        return '<invalid URL>'
    }
    const auth = url.username || url.password ? '***@' : ''
    const path = url.pathname.split('/').map((segment) => looksLikeSecret(segment) ? '***' : segment).join('/')
    const query = url.search ? '?***' : ''
    return `${url.protocol}//${auth}${url.host}${path == '/' ? '' : path}${query}`
}

/** A path segment that is probably a key: long, or mostly random letters and digits. */
function looksLikeSecret(segment: string): boolean {
    return segment.length >= 16 && /\d/.test(segment) && /[a-zA-Z]/.test(segment)
}

/** Every URL inside a text (an error message, a log line), redacted. */
export function redactUrls(text: string): string {
    return text.replace(/\b(?:wss?|https?):\/\/[^\s"'`<>]+/g, (match) => {
        // Punctuation that ends a sentence or a label is not part of the URL.
        const [, url, tail] = /^(.*?)([:.,;)\]]*)$/.exec(match)!
        return redactUrl(url) + tail
    })
}

/**
 * Makes sure this process never prints the given URLs' secrets: every write to stdout and stderr
 * has each URL that carries one (user, password, query, key-like path) replaced by its redacted
 * form, also when a library prints it (the processor's RPC client logs its endpoint on errors).
 * URLs without a secret cost nothing.
 */
export function hideUrlSecretsInOutput(urls: string[]): void {
    const secret = urls.map((url) => [url, redactUrl(url)] as const).filter(([url, shown]) => shown != url.replace(/\/$/, '') && shown != url)
    if (secret.length == 0) return
    const variants = secret.flatMap(([url, shown]) => {
        const list: [string, string][] = [[url, shown]]
        try {
            const normalized = new URL(url).toString()
            if (normalized != url) list.push([normalized, shown])
        } catch { /* an invalid URL was refused by the configuration already */ }
        return list
    })
    for (const stream of [process.stdout, process.stderr]) {
        const write = stream.write.bind(stream) as (...args: unknown[]) => boolean
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
            if (typeof chunk == 'string') for (const [url, shown] of variants) chunk = (chunk as string).split(url).join(shown)
            else if (Buffer.isBuffer(chunk)) {
                let text = chunk.toString('utf8')
                for (const [url, shown] of variants) text = text.split(url).join(shown)
                chunk = text
            }
            return write(chunk, ...rest)
        }) as typeof stream.write
    }
}
