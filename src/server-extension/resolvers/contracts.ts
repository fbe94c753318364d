import 'reflect-metadata'
import {Arg, Field, Int, Mutation, ObjectType, Query, Resolver} from 'type-graphql'
import type {EntityManager} from 'typeorm'
import {UserError} from '../errors'
import {checkKnownChain, checkText} from './analytics'
import {loadConfig} from '../../config/env'
import {AbiTarget, parseTarget, redecode, registerAbi, removeAbi} from '../../admin/abi-admin'
import {AbiError} from '../../decode/contracts/abi'
import {adminPool} from '../admin'

@ObjectType({description: 'One caller of a contract and how it called.'})
export class ContractCaller {
    @Field(() => String, {nullable: true, description: 'Public key (hex) of the caller; null for calls without a signed origin.'})
    caller!: string | null

    @Field(() => Int)
    calls!: number

    @Field(() => Int)
    failedCalls!: number

    @Field(() => Int)
    firstHeight!: number

    @Field(() => Int)
    lastHeight!: number
}

@ObjectType()
export class AbiRegistration {
    @Field(() => String)
    id!: string

    @Field(() => String)
    kind!: string

    @Field(() => String, {nullable: true})
    contractName!: string | null

    @Field(() => String, {description: 'Re-decoding of past events runs in the background: follow it with contractAbiById(id) { redecodeStatus redecodeDone redecodeTotal }.'})
    redecodeStatus!: string
}

@Resolver()
export class ContractsResolver {
    constructor(private tx: () => Promise<EntityManager>) {}

    @Query(() => [ContractCaller], {description: 'Who calls a contract, how often: callers by number of calls, within an optional block range.'})
    async contractCallers(
        @Arg('address', () => String, {description: 'Contract address, hex or SS58'}) address: string,
        @Arg('limit', () => Int, {defaultValue: 10, description: '1 to 1000'}) limit: number,
        @Arg('fromHeight', () => Int, {nullable: true}) fromHeight?: number | null,
        @Arg('toHeight', () => Int, {nullable: true}) toHeight?: number | null,
        @Arg('chain', () => String, {nullable: true, description: 'Only the calls on this chain (a database may index several); all chains when absent'}) chain?: string | null,
    ): Promise<ContractCaller[]> {
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError(`limit must be between 1 and 1000, got ${limit}`)
        if (fromHeight != null && toHeight != null && fromHeight > toHeight) throw new UserError(`fromHeight ${fromHeight} is above toHeight ${toHeight}`)
        const target = targetOrThrow({address})
        const em = await this.tx()
        if (chain != null) await checkKnownChain(em, chain)
        const rows: any[] = await em.query(
            `SELECT caller, count(*)::int AS calls, (count(*) FILTER (WHERE NOT success))::int AS failed, min(block_height) AS first, max(block_height) AS last
             FROM contract_call WHERE contract_address = $1 AND ($2::int IS NULL OR block_height >= $2) AND ($3::int IS NULL OR block_height <= $3)
                AND ($5::text IS NULL OR chain = $5)
             GROUP BY caller ORDER BY calls DESC, caller LIMIT $4`,
            [target.address, fromHeight ?? null, toHeight ?? null, limit, chain ?? null]
        )
        return rows.map((r) => ({caller: r.caller, calls: r.calls, failedCalls: r.failed, firstHeight: r.first, lastHeight: r.last}))
    }

    @Mutation(() => AbiRegistration, {description: 'Admin: register an ABI (ink! metadata v4-v6 or Solidity JSON ABI, as a JSON string) for a code hash or one address. Needs the admin token.'})
    async registerContractAbi(
        @Arg('abi', () => String) abi: string,
        @Arg('codeHash', () => String, {nullable: true}) codeHash?: string | null,
        @Arg('address', () => String, {nullable: true}) address?: string | null,
        @Arg('chain', () => String, {nullable: true, description: 'The chain the contract is on (a database may index several); the API\'s own chain when absent'}) chain?: string | null,
    ): Promise<AbiRegistration> {
        const target = targetOrThrow({codeHash: codeHash ?? undefined, address: address ?? undefined})
        const pool = adminPool()
        const config = await configFor(pool, chain)
        let registered
        try {
            registered = await registerAbi(pool, config, target, abi)
        } catch (err) {
            if (err instanceof AbiError) throw new UserError(`ABI refused: ${err.message}`)
            throw err
        }
        // In the background: progress is in the ABI's row; a failure is recorded there too.
        redecode(pool, config, target).catch(() => {})
        return {id: registered.id, kind: registered.kind, contractName: registered.contractName ?? null, redecodeStatus: 'pending'}
    }

    @Mutation(() => Boolean, {description: 'Admin: remove an ABI; its events are decoded again without it. Needs the admin token.'})
    async removeContractAbi(
        @Arg('codeHash', () => String, {nullable: true}) codeHash?: string | null,
        @Arg('address', () => String, {nullable: true}) address?: string | null,
        @Arg('chain', () => String, {nullable: true, description: 'The chain the contract is on; the API\'s own chain when absent'}) chain?: string | null,
    ): Promise<boolean> {
        const target = targetOrThrow({codeHash: codeHash ?? undefined, address: address ?? undefined})
        const pool = adminPool()
        const config = await configFor(pool, chain)
        try {
            return await removeAbi(pool, config, target)
        } catch (err) {
            if (err instanceof AbiError) throw new UserError(`ABI not removed: ${err.message}`)
            throw err
        }
    }
}

/**
 * The settings an ABI operation runs under: the API's own chain, or another chain of the database
 * (with the SS58 prefix it is rendered with). An unknown chain is an error naming the known ones.
 */
async function configFor(pool: {query(sql: string, params?: unknown[]): Promise<{rows: any[]}>}, chain: string | null | undefined): Promise<ReturnType<typeof loadConfig>> {
    const config = loadConfig()
    if (chain == null || chain == config.chainId) return config
    checkText('chain', chain, 100)
    const {rows} = await pool.query(`SELECT id, ss58_prefix FROM indexed_chain ORDER BY id`)
    const known = rows.find((r) => r.id == chain)
    if (!known) throw new UserError(`unknown chain ${JSON.stringify(chain)}: this database indexes ${rows.length ? rows.map((r) => r.id).join(', ') : 'no chain yet'}`)
    return {...config, chainId: chain, ss58Prefix: Number(known.ss58_prefix)}
}

function targetOrThrow(input: {codeHash?: string, address?: string}): AbiTarget {
    try {
        return parseTarget(input)
    } catch (err) {
        throw new UserError((err as Error).message)
    }
}
