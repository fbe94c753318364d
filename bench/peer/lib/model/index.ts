/** The peer squid's one entity: a row per event, as a template squid writes (no domain logic). */
import {Column, Entity, Index, PrimaryColumn} from 'typeorm'

@Entity()
export class BenchEvent {
    constructor(props?: Partial<BenchEvent>) {
        Object.assign(this, props)
    }

    @PrimaryColumn('varchar')
    id!: string

    @Index()
    @Column('int4', {nullable: false})
    blockNumber!: number

    @Column('timestamp with time zone', {nullable: true})
    timestamp!: Date | undefined

    @Column('text', {nullable: false})
    name!: string

    @Column('jsonb', {nullable: true})
    args!: unknown

    @Column('text', {nullable: true})
    extrinsicHash!: string | undefined
}

/** The table, as the peer's migration would make it. */
export const BENCH_EVENT_DDL = `
CREATE TABLE bench_event (id varchar PRIMARY KEY, block_number int4 NOT NULL, timestamp timestamptz, name text NOT NULL, args jsonb, extrinsic_hash text);
CREATE INDEX bench_event_block_number ON bench_event (block_number);`
