/**
 * Preloaded (`node -r`) into profiled processes: SIGUSR2 exits normally, so that `--cpu-prof`
 * writes its profile (a process killed by a signal writes none).
 */
process.on('SIGUSR2', () => process.exit(0))
