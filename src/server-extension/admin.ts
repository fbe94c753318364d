import {timingSafeEqual} from 'node:crypto'
import {Pool} from 'pg'
import {adminToken, loadConfig} from '../config/env'

/** Admin operations need `Authorization: Bearer <ADMIN_TOKEN>`; with no ADMIN_TOKEN they are off. */
export function checkAdminToken(header: string | null): true | string {
    const token = adminToken()
    if (!token) return 'admin operations are disabled on this server: set ADMIN_TOKEN to enable them'
    const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : ''
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    if (a.length != b.length || !timingSafeEqual(a, b)) return 'admin operations need the header `Authorization: Bearer <ADMIN_TOKEN>`'
    return true
}

let pool: Pool | undefined

/** A small pool for admin writes (the API's own connections run read queries with a statement timeout). */
export function adminPool(): Pool {
    if (!pool) {
        const {db} = loadConfig()
        pool = new Pool({...db, max: 2})
    }
    return pool
}
