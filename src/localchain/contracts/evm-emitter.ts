import {encodeAbiParameters, keccak256, toHex} from 'viem'

/**
 * A pallet-revive test contract in hand-assembled EVM bytecode (the runtime accepts EVM code),
 * with the Solidity ABI that describes it: no compiler needed.
 *   constructor: emits `Deployed()` (LOG1), returns the runtime code
 *   runtime: emits `Transfer(address indexed from = caller, address indexed to = TO, uint256 value = 42)` (LOG3)
 */
export const TRANSFER_TOPIC = keccak256(toHex('Transfer(address,address,uint256)'))
export const DEPLOYED_TOPIC = keccak256(toHex('Deployed()'))
export const EVM_TRANSFER_TO = '0x00000000000000000000000000000000000000bb' as const
export const EVM_TRANSFER_VALUE = 42n

const to32 = (hex: string) => hex.slice(2).padStart(64, '0')

const RUNTIME = [
    '602a', '6000', '52', // mstore(0, 42)
    '7f' + to32(EVM_TRANSFER_TO), // topic 2: to
    '33', // topic 1: caller
    '7f' + TRANSFER_TOPIC.slice(2), // topic 0
    '6020', '6000', 'a3', // log3(0, 32, ...)
    '00',
].join('')

const runtimeLength = RUNTIME.length / 2
const CONSTRUCTOR_PREFIX_LENGTH = 50

const CONSTRUCTOR = [
    '7f' + DEPLOYED_TOPIC.slice(2), '6000', '6000', 'a1', // log1(0, 0, Deployed())
    '60' + byte(runtimeLength), '60' + byte(CONSTRUCTOR_PREFIX_LENGTH), '6000', '39', // codecopy(0, prefix, len)
    '60' + byte(runtimeLength), '6000', 'f3', // return(0, len)
].join('')

if (CONSTRUCTOR.length / 2 != CONSTRUCTOR_PREFIX_LENGTH) throw new Error('EVM emitter: constructor length changed')

export const EVM_EMITTER_INITCODE = ('0x' + CONSTRUCTOR + RUNTIME) as `0x${string}`
/** The code the constructor returns: what the chain stores, and hashes (keccak-256) into the code hash. */
export const EVM_EMITTER_RUNTIME = ('0x' + RUNTIME) as `0x${string}`

export const EVM_EMITTER_ABI = [
    {type: 'event', name: 'Deployed', inputs: [], anonymous: false},
    {
        type: 'event', name: 'Transfer', anonymous: false, inputs: [
            {name: 'from', type: 'address', indexed: true},
            {name: 'to', type: 'address', indexed: true},
            {name: 'value', type: 'uint256', indexed: false},
        ],
    },
] as const

/** The data of the runtime's Transfer log. */
export const EVM_TRANSFER_DATA = encodeAbiParameters([{type: 'uint256'}], [EVM_TRANSFER_VALUE])

function byte(n: number): string {
    return n.toString(16).padStart(2, '0')
}
