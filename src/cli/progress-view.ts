import {redactUrls} from '../config/redact'
/**
 * Turns the processor's structured log lines into a progress line: height against the chain head,
 * rate and ETA while syncing. Other log lines pass through (warnings and errors always).
 */
export class ProgressView {
    private head: number | null = null
    private lastLine = ''
    private tty = process.stdout.isTTY === true

    constructor(private verbose: boolean) {}

    setHead(head: number | null) {
        this.head = head
    }

    onProcessorLine(line: string) {
        let msg: any
        try {
            msg = JSON.parse(line)
        } catch {
            this.print(redactUrls(line))
            return
        }
        if (msg.progress) {
            this.showProgress(msg.progress)
        } else if (this.verbose || msg.level >= 4) {
            // Stack traces only with --verbose; URLs never with their credentials.
            const err = msg.err ? ` ${this.verbose ? msg.err.stack ?? msg.err.message : msg.err.message ?? JSON.stringify(msg.err)}` : ''
            this.print(redactUrls(`${levelName(msg.level)} ${msg.ns ?? ''} ${msg.msg ?? ''}${err}`))
        }
    }

    private showProgress(p: {chain: string, height: number, isHead: boolean, blocksPerSecond: number}) {
        const head = Math.max(this.head ?? p.height, p.height)
        const share = head == 0 ? 1 : p.height / head
        const width = 24
        const filled = Math.round(share * width)
        const bar = '#'.repeat(filled) + '-'.repeat(width - filled)
        const remaining = head - p.height
        const eta = remaining <= 0 ? 'synced' : p.blocksPerSecond > 0 ? `eta ${formatSeconds(remaining / p.blocksPerSecond)}` : 'eta ?'
        const line = `${p.chain} [${bar}] #${p.height}/${head} ${p.blocksPerSecond} blocks/s ${eta}`
        if (this.tty) {
            process.stdout.write(`\r${line.padEnd(this.lastLine.length)}`)
            this.lastLine = line
        } else if (line != this.lastLine) {
            console.log(line)
            this.lastLine = line
        }
    }

    print(text: string) {
        if (this.tty && this.lastLine) {
            process.stdout.write('\n')
            this.lastLine = ''
        }
        console.log(text)
    }
}

function levelName(level: number): string {
    return ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'][level] ?? 'LOG'
}

function formatSeconds(s: number): string {
    if (s < 60) return `${Math.ceil(s)}s`
    if (s < 3600) return `${Math.floor(s / 60)}m${Math.ceil(s % 60)}s`
    return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
}
