import path from 'node:path'
import {LocalChain} from '../../src/localchain/chopsticks'
import {Scenario} from '../../src/localchain/scenarios'

/** The Pop testnet genesis spec beside the project (never copied into it). */
export const POP_TESTNET_SPEC = process.env.TEST_CHAIN_SPEC ?? path.resolve(__dirname, '../../../shared/chain-specs/pop-paseo.raw.json')

/** One local chain per test file, with a connected scenario builder. */
export async function startTestChain(): Promise<{chain: LocalChain, scenario: Scenario}> {
    const chain = await LocalChain.start({spec: POP_TESTNET_SPEC})
    try {
        return {chain, scenario: await Scenario.connect(chain)}
    } catch (err) {
        await chain.stop()
        throw err
    }
}
