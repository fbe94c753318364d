import 'reflect-metadata'
import {Arg, Field, Int, ObjectType, Query, Resolver} from 'type-graphql'
import type {EntityManager} from 'typeorm'
import {UserError} from '../errors'

@ObjectType({description: 'One XCM message followed across the chains indexed in this database, linked by its id (the SetTopic the sender\'s router adds) or, when the receiver could not decode it, by the hash of its bytes.'})
export class XcmJourney {
    @Field(() => String)
    messageId!: string

    @Field(() => String, {description: '`sent` (no receipt indexed yet), `received` (enqueued on the receiver), `processed`, `failed` or `overweight`'})
    status!: string

    @Field(() => String, {nullable: true})
    fromChain!: string | null

    @Field(() => Int, {nullable: true})
    sentAtHeight!: number | null

    @Field(() => Date, {nullable: true, description: 'Timestamp of the sending block'})
    sentTime!: Date | null

    @Field(() => String, {nullable: true})
    toChain!: string | null

    @Field(() => String, {nullable: true, description: 'The counterpart the sender addressed (`para:<id>` or `relay`)'})
    destination!: string | null

    @Field(() => Int, {nullable: true, description: 'Receiver block that carried the message in'})
    receivedAtHeight!: number | null

    @Field(() => Int, {nullable: true})
    processedAtHeight!: number | null

    @Field(() => Date, {nullable: true, description: 'Timestamp of the block that processed it'})
    processedTime!: Date | null

    @Field(() => Boolean, {nullable: true})
    success!: boolean | null

    @Field(() => Int, {nullable: true, description: 'Receiver blocks between arrival and processing (0: processed in the block that carried it)'})
    queueBlocks!: number | null

    @Field(() => Int, {nullable: true, description: 'Seconds from the sending block to the processing block (their timestamps)'})
    inFlightSeconds!: number | null
}

@Resolver()
export class XcmResolver {
    constructor(private tx: () => Promise<EntityManager>) {}

    @Query(() => [XcmJourney], {description: 'A message\'s journey: each send of this id matched with its receipt on the chain it addressed, when that chain is indexed here too.'})
    async xcmJourney(
        @Arg('messageId', () => String) messageId: string,
        @Arg('chain', () => String, {nullable: true, description: 'Only the journeys that start or end on this chain; all when absent'}) chain?: string | null,
    ): Promise<XcmJourney[]> {
        if (!/^0x[0-9a-fA-F]{64}$/.test(messageId)) throw new UserError('messageId must be 0x followed by 64 hex digits')
        const em = await this.tx()
        const id = messageId.toLowerCase()
        // A receiver that cannot decode the message knows it by the hash of its bytes (the
        // sender's `messageHash`), not by its SetTopic: match on both.
        const rows: any[] = await em.query(`
            WITH ids AS (
                SELECT $1::text AS id
                UNION SELECT m.message_id FROM xcm_message m WHERE m.direction = 'out' AND (m.message_id = $1 OR m.message_hash = $1)
                UNION SELECT m.message_hash FROM xcm_message m WHERE m.direction = 'out' AND (m.message_id = $1 OR m.message_hash = $1) AND m.message_hash IS NOT NULL)
            SELECT m.chain, m.direction, m.counterpart, m.status, m.success, m.block_height, m.timestamp, m.processed_at_height, m.message_id, m.message_hash, c.para_id,
                   (SELECT b.timestamp FROM block b WHERE b.chain = m.chain AND b.height = m.processed_at_height) AS processed_at
            FROM xcm_message m JOIN indexed_chain c ON c.id = m.chain
            WHERE m.message_id IN (SELECT id FROM ids) OR m.message_hash IN (SELECT id FROM ids) ORDER BY m.block_height, m.id`, [id])
        const sent = rows.filter((r) => r.direction == 'out')
        const received = rows.filter((r) => r.direction == 'in')
        const journeys: XcmJourney[] = []
        const matched = new Set<any>()
        // How a chain is named by its counterparts: `para:<id>`, or `relay` for a chain without a para id.
        const label = (row: any) => row.para_id == null ? 'relay' : `para:${row.para_id}`
        const same = (s: any, r: any) => r.message_id == s.message_id || (s.message_hash != null && (r.message_id == s.message_hash || r.message_hash == s.message_hash))
        for (const s of sent) {
            const r = received.find((x) => !matched.has(x) && label(x) == s.counterpart && x.counterpart == label(s) && same(s, x))
            if (r) matched.add(r)
            journeys.push(journey(id, s, r))
        }
        // Receipts whose sender is not indexed here.
        for (const r of received) if (!matched.has(r)) journeys.push(journey(id, undefined, r))
        return chain == null ? journeys : journeys.filter((j) => j.fromChain == chain || j.toChain == chain)
    }
}

function journey(messageId: string, s: any, r: any): XcmJourney {
    const status = !r ? 'sent' : r.status == 'enqueued' ? 'received' : r.status
    const sentTime = s?.timestamp ? new Date(s.timestamp) : null
    const processedTime = r?.processed_at ? new Date(r.processed_at) : null
    return {
        messageId: messageId.toLowerCase(),
        status,
        fromChain: s?.chain ?? null,
        sentAtHeight: s?.block_height ?? null,
        sentTime,
        toChain: r?.chain ?? null,
        destination: s?.counterpart ?? null,
        receivedAtHeight: r?.block_height ?? null,
        processedAtHeight: r?.processed_at_height ?? null,
        processedTime,
        success: r?.success ?? null,
        queueBlocks: r?.processed_at_height != null ? r.processed_at_height - r.block_height : null,
        inFlightSeconds: sentTime && processedTime ? Math.round((processedTime.getTime() - sentTime.getTime()) / 1000) : null,
    }
}
