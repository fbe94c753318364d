import {blake2AsHex} from '@polkadot/util-crypto'

/** The event the demo contract emits: `Demo { value: u32 }`, with its ink! v5 signature topic. */
export const DEMO_EVENT_SIGNATURE = 'Demo(u32)'
export const DEMO_EVENT_TOPIC = blake2AsHex(DEMO_EVENT_SIGNATURE, 256)

/**
 * ink! v5 metadata for the demo contract (the hand-written event emitter), as `cargo contract
 * build` would write it for a contract with one event: `pop-squid dev` registers it, so the demo's
 * contract event shows decoded (`Demo {value: 42}`) in the API, the dashboard and `pop-squid events`.
 */
export function demoInkAbi(): Record<string, unknown> {
    return {
        source: {language: 'ink! 5.0.0', compiler: 'rustc 1.78.0'},
        contract: {name: 'pop_squid_demo', version: '0.1.0', authors: ['pop-squid']},
        version: 5,
        types: [
            {id: 0, type: {def: {primitive: 'u128'}}},
            {id: 1, type: {def: {array: {len: 32, type: 2}}}},
            {id: 2, type: {def: {primitive: 'u8'}}},
            {id: 3, type: {path: ['ink_primitives', 'types', 'AccountId'], def: {composite: {fields: [{type: 1, typeName: '[u8; 32]'}]}}}},
            {id: 4, type: {def: {primitive: 'u32'}}},
            {id: 5, type: {path: ['ink_primitives', 'types', 'Hash'], def: {composite: {fields: [{type: 1, typeName: '[u8; 32]'}]}}}},
            {id: 6, type: {def: {primitive: 'u64'}}},
        ],
        storage: {root: {layout: {struct: {fields: [], name: 'Demo'}}, root_key: '0x00000000', ty: null}},
        spec: {
            constructors: [{label: 'new', selector: '0x9bae9d5e', payable: false, args: [], returnType: null, docs: [], default: false}],
            messages: [],
            docs: [],
            lang_error: null,
            environment: {
                accountId: {type: 3, displayName: ['AccountId']},
                balance: {type: 0, displayName: ['Balance']},
                hash: {type: 5, displayName: ['Hash']},
                timestamp: {type: 6, displayName: ['Timestamp']},
                blockNumber: {type: 4, displayName: ['BlockNumber']},
                chainExtension: null,
                maxEventTopics: 4,
                staticBufferSize: 16384,
            },
            events: [{
                label: 'Demo',
                module_path: 'pop_squid_demo::demo',
                signature_topic: DEMO_EVENT_TOPIC,
                args: [{label: 'value', indexed: false, type: {type: 4, displayName: ['u32']}, docs: []}],
                docs: ['The demo call: a number.'],
            }],
        },
    }
}
