import {u8aConcat, u8aToU8a} from '@polkadot/util'

/**
 * A pallet-contracts test contract in WebAssembly text, no Rust toolchain needed.
 * `call` reads its input; the first byte selects what it does:
 *   0: emit an event: input[1..] = SCALE Vec<[u8;32]> topics (< 64 of them), then the data bytes
 *   1: revert, returning input[1..]
 *   2: trap
 *   3: terminate, paying the deposit to the 32-byte account at input[1..33]
 * `deploy` does nothing, so instantiation input is free.
 */
export const EVENT_EMITTER_WAT = `
(module
  (import "seal0" "seal_input" (func $input (param i32 i32)))
  (import "seal0" "seal_deposit_event" (func $deposit_event (param i32 i32 i32 i32)))
  (import "seal0" "seal_return" (func $return (param i32 i32 i32)))
  (import "seal1" "seal_terminate" (func $terminate (param i32)))
  (import "env" "memory" (memory 1 16))
  (func (export "deploy"))
  (func (export "call")
    (local $len i32) (local $op i32) (local $topics_len i32)
    ;; buffer at 16, its capacity in the length cell at 0
    (i32.store (i32.const 0) (i32.const 60000))
    (call $input (i32.const 16) (i32.const 0))
    (local.set $len (i32.load (i32.const 0)))
    (local.set $op (i32.load8_u (i32.const 16)))
    (if (i32.eqz (local.get $op))
      (then
        ;; compact length (single-byte mode): n << 2
        (local.set $topics_len
          (i32.add (i32.const 1) (i32.mul (i32.shr_u (i32.load8_u (i32.const 17)) (i32.const 2)) (i32.const 32))))
        (call $deposit_event
          (i32.const 17) (local.get $topics_len)
          (i32.add (i32.const 17) (local.get $topics_len))
          (i32.sub (i32.sub (local.get $len) (i32.const 1)) (local.get $topics_len)))
        (return)))
    (if (i32.eq (local.get $op) (i32.const 1))
      (then (call $return (i32.const 1) (i32.const 17) (i32.sub (local.get $len) (i32.const 1)))))
    (if (i32.eq (local.get $op) (i32.const 2))
      (then unreachable))
    (if (i32.eq (local.get $op) (i32.const 3))
      (then (call $terminate (i32.const 17))))
  )
)
`

/** Compiles WebAssembly text with wabt (loaded lazily: only scenario builders need it). */
export async function compileWat(source: string): Promise<Uint8Array> {
    const wabt = await (require('wabt') as () => Promise<any>)()
    const module = wabt.parseWat('contract.wat', source)
    try {
        module.validate()
        return new Uint8Array(module.toBinary({}).buffer)
    } finally {
        module.destroy()
    }
}

/** Input for op 0: emit an event with these topics (32-byte hex each) and data. */
export function emitInput(topics: string[], data: Uint8Array | string): Uint8Array {
    if (topics.length >= 64) throw new Error('at most 63 topics')
    const encoded = topics.map((t) => {
        const bytes = u8aToU8a(t)
        if (bytes.length != 32) throw new Error(`topic ${t} is not 32 bytes`)
        return bytes
    })
    return u8aConcat(new Uint8Array([0, topics.length << 2]), ...encoded, u8aToU8a(data))
}

export const revertInput = (data: Uint8Array | string = '0x') => u8aConcat(new Uint8Array([1]), u8aToU8a(data))
export const trapInput = () => new Uint8Array([2])
export const terminateInput = (beneficiary: Uint8Array) => u8aConcat(new Uint8Array([3]), beneficiary)
