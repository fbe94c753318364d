/** `.data/dev.json` as the other commands read it: a damaged file is named, a reused pid is not dev. */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {DevState, readDevState} from '../../src/cli/dev-state'

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'devstate-')), 'dev.json')
const state = (pid: number): DevState => ({pid, db: {host: '127.0.0.1', port: 5432, database: 'x', user: 'postgres', password: ''}, embedded: false, rpc: 'ws://127.0.0.1:1', gqlPort: 1, startedAt: ''})

beforeAll(() => {
    process.env.DEV_STATE_FILE = file
})

test('no file: nothing, and nothing said', () => {
    fs.rmSync(file, {force: true})
    const said = jest.spyOn(console, 'error').mockImplementation(() => {})
    expect(readDevState()).toBeUndefined()
    expect(said).not.toHaveBeenCalled()
    said.mockRestore()
})

test.each([['cut short', '{"pid": 12, "db": {"hos'], ['not a dev state', '[1,2,3]'], ['no database', '{"pid": 1}']])('a damaged file (%s) is ignored with one line', (_, text) => {
    fs.writeFileSync(file, text)
    const said = jest.spyOn(console, 'error').mockImplementation(() => {})
    expect(readDevState()).toBeUndefined()
    expect(said).toHaveBeenCalledTimes(1)
    expect(String(said.mock.calls[0][0])).toMatch(/ignoring .*dev\.json: it is not what pop-squid dev writes/)
    said.mockRestore()
})

test('a live node process is running; a pid now held by another program is not', async () => {
    fs.writeFileSync(file, JSON.stringify(state(process.pid)))
    expect(readDevState()?.running).toBe(true)
    const other = spawn('sleep', ['30'])
    try {
        fs.writeFileSync(file, JSON.stringify(state(other.pid!)))
        expect(readDevState()?.running).toBe(false)
    } finally {
        other.kill()
    }
    fs.writeFileSync(file, JSON.stringify(state(-1)))
    expect(readDevState()?.running).toBe(false)
})
