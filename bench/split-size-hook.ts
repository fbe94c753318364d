/**
 * Preloaded (`node -r`) into the processor by `npm run bench -- --rpc-split-size N`: the RPC
 * data source of @subsquid/substrate-processor fetches finalized blocks in splits (10 upstream, 100 as the project patches it) and hands
 * each split to the batch handler as one batch (one database transaction per split). This
 * makes the splits N blocks long, to measure what larger batches would change. An experiment,
 * not a setting of the project.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const cold = require(require.resolve('@subsquid/util-internal-ingest-tools/lib/cold', {paths: [process.cwd()]}))
const size = Number(process.env.BENCH_RPC_SPLIT_SIZE)
if (!Number.isInteger(size) || size < 1) throw new Error(`BENCH_RPC_SPLIT_SIZE=${process.env.BENCH_RPC_SPLIT_SIZE} is not a positive whole number`)
const original = cold.coldIngest
cold.coldIngest = (args: any) => original({...args, splitSize: size})
