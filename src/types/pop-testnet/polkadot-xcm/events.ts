import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v100 from '../v100'

export const attempted =  {
    name: 'PolkadotXcm.Attempted',
    /**
     * Execution of an XCM message was attempted.
     */
    v100: new EventType(
        'PolkadotXcm.Attempted',
        sts.struct({
            outcome: v100.V4Outcome,
        })
    ),
}

export const sent =  {
    name: 'PolkadotXcm.Sent',
    /**
     * A XCM message was sent.
     */
    v100: new EventType(
        'PolkadotXcm.Sent',
        sts.struct({
            origin: v100.V4Location,
            destination: v100.V4Location,
            message: sts.array(() => v100.V4Instruction),
            messageId: sts.bytes(),
        })
    ),
}
