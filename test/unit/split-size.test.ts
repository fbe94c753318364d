/** The batching patch of @subsquid/substrate-data-raw is in place, and its absence is detected. */
import {installedSplitSize, PATCHED_SPLIT_SIZE} from '../../src/processor'

test('the installed data source batches 100 finalized blocks (the patch applied by npm ci)', () => {
    expect(installedSplitSize()).toBe(PATCHED_SPLIT_SIZE)
})

test('an unpatched or unrecognisable data source is told apart', () => {
    expect(installedSplitSize('            splitSize: 10,\n            stopOnHead,')).toBe(10)
    expect(installedSplitSize('module.exports = {}')).toBeUndefined()
})
