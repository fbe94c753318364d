import fs from 'node:fs'
import path from 'node:path'
import {PROJECT_DIR} from './db'

export interface DocExample {
    file: string
    line: number
    query: string
}

/** Every ```graphql block of README.md and docs/*.md, where it is. */
export function docExamples(): DocExample[] {
    const files = ['README.md', ...fs.readdirSync(path.join(PROJECT_DIR, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
    const out: DocExample[] = []
    for (const file of files) {
        const lines = fs.readFileSync(path.join(PROJECT_DIR, file), 'utf8').split('\n')
        for (let i = 0; i < lines.length; i++) {
            if (lines[i].trim() != '```graphql') continue
            const start = i + 1
            let end = start
            while (end < lines.length && lines[end].trim() != '```') end++
            out.push({file, line: start, query: lines.slice(start, end).join('\n')})
            i = end
        }
    }
    return out
}

/** Root fields of an answer that are empty: an empty list, null, or an object whose lists are all empty. */
export function emptyRootFields(data: Record<string, unknown>): string[] {
    return Object.entries(data ?? {}).filter(([, v]) => v == null || (Array.isArray(v) && v.length == 0)).map(([k]) => k)
}
