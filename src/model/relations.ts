import {getMetadataArgsStorage} from 'typeorm'

/**
 * Relation options that schema.graphql cannot say, applied to the generated entities' metadata so
 * that the processor and `migration:generate` agree with the migrations.
 *
 * The append-only tables the processor writes with COPY on every batch (src/db/bulk.ts) keep their
 * relation columns and indexes but no foreign-key constraints: PostgreSQL would check every
 * relation of every row against its parent, which cost 30% of dense ingest (docs/performance.md).
 * The processor writes parents before children in the same transaction, forks and reindex remove
 * children with their parents, and the e2e and reliability tests check that every link resolves.
 */
export const UNCHECKED_RELATION_TABLES: readonly string[] = ['Extrinsic', 'Call', 'Event', 'Transfer', 'ContractCall', 'ContractEvent', 'ContractCodeChange']

/** `XcmMessage.receipt`: a receipt removed by a fork or reindex on the receiving chain clears the link (migration 1796133355325). */
const ON_DELETE_SET_NULL: readonly [string, string][] = [['XcmMessage', 'receipt']]

const unchecked = new Set(UNCHECKED_RELATION_TABLES)
for (const relation of getMetadataArgsStorage().relations) {
    const target = relation.target
    if (typeof target != 'function') continue
    if (unchecked.has(target.name) && (relation.relationType == 'many-to-one' || relation.relationType == 'one-to-one')) {
        relation.options.createForeignKeyConstraints = false
    }
    if (ON_DELETE_SET_NULL.some(([t, p]) => t == target.name && p == relation.propertyName)) relation.options.onDelete = 'SET NULL'
}
