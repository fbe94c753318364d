/**
 * Network presets. A preset gives defaults; every field can be overridden from the environment,
 * and `custom` indexes any Substrate chain from an RPC URL alone.
 */
export interface NetworkPreset {
    name: PresetName
    description: string
    /** Default RPC endpoint, when the network publishes one. */
    rpcEndpoint?: string
    gateway?: string
    paraId?: number
    ss58Prefix: number
    tokenSymbol: string
    tokenDecimals: number
    /** Blocks behind the head treated as unfinalized (hot). */
    finalityConfirmation: number
}

export const PRESET_NAMES = ['pop', 'pop-testnet', 'local', 'custom'] as const
export type PresetName = (typeof PRESET_NAMES)[number]

export const PRESETS: Record<PresetName, NetworkPreset> = {
    pop: {
        name: 'pop',
        description: 'Pop Network on Polkadot (para 3395, DOT). No public RPC was ever published: set RPC_ENDPOINT.',
        paraId: 3395,
        ss58Prefix: 0,
        tokenSymbol: 'DOT',
        tokenDecimals: 10,
        finalityConfirmation: 10,
    },
    'pop-testnet': {
        name: 'pop-testnet',
        description: 'Pop testnet on Paseo (para 4001, PAS). Retired at the end of 2025: point RPC_ENDPOINT at an archive node or a fork.',
        rpcEndpoint: 'wss://rpc1.paseo.popnetwork.xyz',
        paraId: 4001,
        // 42 in the chain spec; the runtime switched to 0 at spec 500. Override with SS58_PREFIX.
        ss58Prefix: 42,
        tokenSymbol: 'PAS',
        tokenDecimals: 10,
        finalityConfirmation: 10,
    },
    local: {
        name: 'local',
        description: 'A local chain run by chopsticks (`pop-squid dev`), the Pop testnet runtime by default.',
        rpcEndpoint: 'ws://127.0.0.1:8000',
        paraId: 4001,
        ss58Prefix: 42,
        tokenSymbol: 'PAS',
        tokenDecimals: 10,
        // Chopsticks reports finalized = best; with 0 the processor stops taking new blocks.
        finalityConfirmation: 3,
    },
    custom: {
        name: 'custom',
        description: 'Any Substrate chain: only RPC_ENDPOINT is required.',
        ss58Prefix: 42,
        tokenSymbol: 'UNIT',
        tokenDecimals: 12,
        finalityConfirmation: 10,
    },
}
