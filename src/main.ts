import {TypeormDatabase} from '@subsquid/typeorm-store'
import {Config, ConfigError, loadConfig} from './config/env'
import {mapChain, saveChain} from './mappings/chain'
import {createProcessor} from './processor'
import {createProgressReporter} from './progress'

/** The processor: one batch = decode and map every domain in memory, then write once. */
export function runProcessor(config: Config): void {
    const processor = createProcessor(config)
    const progress = createProgressReporter(config)
    const db = new TypeormDatabase({supportHotBlocks: true, stateSchema: config.stateSchema})
    processor.run(db, async (ctx) => {
        const chain = await mapChain(ctx, config)
        await saveChain(ctx.store, chain)
        progress.onBatch(ctx, chain)
    })
}

if (require.main === module) {
    let config: Config
    try {
        config = loadConfig()
    } catch (err) {
        if (err instanceof ConfigError) {
            console.error(err.message)
            process.exit(2)
        }
        throw err
    }
    runProcessor(config)
}
