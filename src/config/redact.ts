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
