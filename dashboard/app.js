// pop-squid dashboard: reads the public GraphQL API of the server it comes from (/graphql) and
// draws its charts as inline SVG. No framework, no build step, nothing loaded from elsewhere.
// Every chart is a <figure data-testid="chart-…" data-points="N">, N = buckets (or bars) that
// are not zero, so that a test can tell a chart drawn with data from an empty one.
'use strict'

/** Without live updates (no WebSocket, refused, closed), the page is redrawn this often. */
const REFRESH_MS = 30_000
/** With them, a new block redraws it, at most this often. */
const LIVE_MIN_MS = 5_000
const SERIES_ASSETS = 4
const SERIES_COUNTERPARTS = 8
const COLORS = {blocks: '#3b6fd8', extrinsics: '#1d9a6c', failed: '#c8324b', events: '#c98a00', pop: '#e6007a', out: '#7a5cd6'}

const state = {
    chains: [], // indexerStatus rows
    chain: localStorage.getItem('pop-squid.chain'),
    bucket: localStorage.getItem('pop-squid.bucket') || 'HOUR',
    token: {symbol: '', decimals: 0},
    renders: 0,
    completed: 0,
    tokens: {},
}

// ---------------------------------------------------------------------------------------------
// GraphQL

class ApiError extends Error {}

/** A refusal for the rate limit is asked again after the wait the server names, this many times at most (waits up to MAX_RETRY_WAIT_S). */
const RATE_LIMIT_RETRIES = 2
const MAX_RETRY_WAIT_S = 5

/** Runs a query; returns {data, errors}. Throws ApiError when there is no data at all. */
async function gql(query, variables = {}) {
    let res
    let body
    for (let attempt = 0; ; attempt++) {
        try {
            res = await fetch('/graphql', {
                method: 'POST',
                headers: {'content-type': 'application/json', accept: 'application/json'},
                body: JSON.stringify({query, variables}),
            })
        } catch (err) {
            throw new ApiError(`the API did not answer: ${err.message}`)
        }
        try {
            body = await res.json()
        } catch {
            throw new ApiError(`the API answered HTTP ${res.status} ${res.statusText} without a JSON body`)
        }
        const wait = res.status == 429 ? Number(res.headers.get('retry-after')) : NaN
        if (!(attempt < RATE_LIMIT_RETRIES && wait > 0 && wait <= MAX_RETRY_WAIT_S)) break
        await new Promise((resolve) => setTimeout(resolve, wait * 1000))
    }
    const errors = Array.isArray(body.errors) ? body.errors : []
    if (!body.data) {
        throw new ApiError(errors.length ? errors.map((e) => e.message).join('\n') : `the API answered HTTP ${res.status} with no data`)
    }
    return {data: body.data, errors}
}

/** The errors of one root field (by alias), and those that belong to no field. */
function errorsOf(result, field) {
    return result.errors.filter((e) => !Array.isArray(e.path) || e.path[0] == field).map((e) => e.message)
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

const SVG_NS = 'http://www.w3.org/2000/svg'

function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag)
    setAttrs(node, attrs)
    node.append(...children.flat().filter((c) => c != null && c !== false).map((c) => (c instanceof Node ? c : String(c))))
    return node
}

function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG_NS, tag)
    setAttrs(node, attrs)
    node.append(...children.flat().filter((c) => c != null).map((c) => (c instanceof Node ? c : String(c))))
    return node
}

function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs)) {
        if (name.startsWith('data-')) { if (value != null) node.setAttribute(name, String(value)); continue }
        if (value == null || value === false) continue
        if (name == 'text') node.textContent = value
        else if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
        else node.setAttribute(name, value === true ? '' : String(value))
    }
}

function errorBox(messages) {
    const list = Array.isArray(messages) ? messages : [messages]
    return el('div', {class: 'error', 'data-testid': 'error', role: 'alert'}, list.join('\n'))
}

function emptyBox(text) {
    return el('div', {class: 'empty', 'data-testid': 'empty'}, text)
}

function section(testid, title, note) {
    const body = el('div', {class: 'loading'}, 'loading…')
    const node = el('section', {'data-testid': testid}, el('h2', {}, title, note ? el('small', {}, note) : null), body)
    return {node, fill(...children) {
        body.className = ''
        body.replaceChildren(...children.flat().filter(Boolean))
    }}
}

// ---------------------------------------------------------------------------------------------
// Numbers

const intFormat = new Intl.NumberFormat('en-US')

function fmtInt(n) {
    return intFormat.format(n)
}

/** A decimal string of base units as units: "12345600" with 6 decimals -> "12.3456" (4 decimals at most). */
function fmtUnits(raw, decimals) {
    let value
    try {
        value = BigInt(raw)
    } catch {
        return String(raw)
    }
    const d = Number.isInteger(decimals) && decimals > 0 ? decimals : 0
    const sign = value < 0n ? '-' : ''
    if (value < 0n) value = -value
    const scale = 10n ** BigInt(d)
    const whole = value / scale
    const fraction = d ? (value % scale).toString().padStart(d, '0').slice(0, 4).replace(/0+$/, '') : ''
    if (whole == 0n && fraction == '' && value > 0n) return `${sign}< 0.0001`
    return `${sign}${intFormat.format(whole)}${fraction ? '.' + fraction : ''}`
}

/** For drawing only: a decimal string as a float in units. */
function toUnits(raw, decimals) {
    const d = Number.isInteger(decimals) && decimals > 0 ? decimals : 0
    return Number(raw) / 10 ** d
}

function compact(n) {
    if (n == 0) return '0'
    const abs = Math.abs(n)
    if (abs >= 1e9) return (n / 1e9).toPrecision(3).replace(/\.?0+$/, '') + 'G'
    if (abs >= 1e6) return (n / 1e6).toPrecision(3).replace(/\.?0+$/, '') + 'M'
    if (abs >= 1e3) return (n / 1e3).toPrecision(3).replace(/\.?0+$/, '') + 'k'
    if (abs >= 100) return String(Math.round(n))
    if (abs >= 1) return String(Math.round(n * 10) / 10)
    return n.toPrecision(2)
}

function shortAddress(address) {
    return address && address.length > 18 ? `${address.slice(0, 10)}…${address.slice(-6)}` : address
}

function bucketLabel(iso, bucket) {
    const d = new Date(iso)
    const day = `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
    return bucket == 'HOUR' ? `${day} ${String(d.getUTCHours()).padStart(2, '0')}:00` : day
}

function testidPart(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG)

/**
 * Bars per bucket. `series`: [{name, color, values, down, format}]; up to one series drawn
 * upwards and one downwards from the zero line (e.g. messages in / out). Hovering a bucket
 * shows every series' value.
 */
function barChart({testid, title, buckets, bucket, series, total}) {
    const W = 380, H = 120, L = 34, R = 4, T = 8, B = 16
    const up = series.filter((s) => !s.down)
    const down = series.filter((s) => s.down)
    const n = buckets.length
    const nonZero = buckets.filter((_, i) => series.some((s) => s.values[i] != 0)).length
    const upMax = Math.max(0, ...up.flatMap((s) => s.values))
    const downMax = Math.max(0, ...down.flatMap((s) => s.values))
    const plotH = H - T - B
    const zeroY = T + (upMax + downMax > 0 ? plotH * upMax / (upMax + downMax) : plotH)
    const scale = upMax + downMax > 0 ? plotH / (upMax + downMax) : 0
    const slot = n > 0 ? (W - L - R) / n : 0
    const barW = Math.max(1, slot * (up.length > 1 ? 0.9 / up.length : 0.8))
    const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title})
    chart.append(svg('line', {class: 'axis', x1: L, x2: W - R, y1: zeroY, y2: zeroY}))
    // Y labels: the largest value up (and down), and 0 where it does not collide with them.
    if (upMax > 0) chart.append(svg('text', {x: L - 4, y: T + 8, 'text-anchor': 'end'}, compact(upMax)))
    // Counts below the line are still counts: no minus sign (the legend says which series is below).
    if (downMax > 0) chart.append(svg('text', {x: L - 4, y: H - B, 'text-anchor': 'end'}, compact(downMax)))
    if ((upMax == 0 || zeroY - T > 16) && (downMax == 0 || H - B - zeroY > 16)) chart.append(svg('text', {x: L - 4, y: zeroY + 3, 'text-anchor': 'end'}, '0'))
    buckets.forEach((b, i) => {
        const x = L + i * slot
        up.forEach((s, k) => {
            const v = s.values[i]
            if (v > 0) chart.append(svg('rect', {x: x + slot * 0.05 + k * barW, y: zeroY - v * scale, width: barW, height: Math.max(1, v * scale), fill: s.color}))
        })
        down.forEach((s) => {
            const v = s.values[i]
            if (v > 0) chart.append(svg('rect', {x: x + slot * 0.1, y: zeroY, width: Math.max(1, slot * 0.8), height: Math.max(1, v * scale), fill: s.color}))
        })
        const lines = series.map((s) => `${s.name}: ${s.format ? s.format(i) : fmtInt(s.values[i])}`)
        chart.append(svg('rect', {x, y: T, width: Math.max(slot, 1), height: plotH, fill: 'transparent'},
            svg('title', {}, `${bucketLabel(b, bucket)} UTC\n${lines.join('\n')}`)))
    })
    const ticks = n > 1 ? [0, Math.floor((n - 1) / 2), n - 1] : n ? [0] : []
    ticks.forEach((i, k) => chart.append(svg('text', {
        x: L + i * slot + (k == 0 ? 0 : k == ticks.length - 1 ? slot : slot / 2), y: H - 4,
        'text-anchor': k == 0 ? 'start' : k == ticks.length - 1 ? 'end' : 'middle',
    }, bucketLabel(buckets[i], bucket))))
    const legend = series.length > 1
        ? el('div', {class: 'legend'}, series.map((s) => el('span', {}, el('i', {style: `background:${s.color}`}), s.down ? `${s.name} (below)` : s.name)))
        : null
    return el('figure', {'data-testid': testid, 'data-points': nonZero, 'data-buckets': n},
        el('figcaption', {}, el('b', {}, title), total != null ? el('span', {}, total) : null), legend, chart)
}

/** Horizontal bars, one per item: [{label, value, text}], largest first. */
function rankChart({testid, title, items, note}) {
    const W = 600, row = 22, L = 150, R = 190
    const H = Math.max(row, items.length * row) + 4
    const max = Math.max(0, ...items.map((it) => it.value))
    const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title})
    items.forEach((it, i) => {
        const y = 2 + i * row
        const w = max > 0 ? (W - L - R) * it.value / max : 0
        chart.append(svg('text', {x: L - 6, y: y + 14, 'text-anchor': 'end'}, it.label))
        if (it.value > 0) chart.append(svg('rect', {x: L, y: y + 3, width: Math.max(1, w), height: row - 7, rx: 2, fill: it.color || COLORS.pop}, svg('title', {}, `${it.label}: ${it.text}`)))
        chart.append(svg('text', {x: L + w + 6, y: y + 14}, it.text))
    })
    return el('figure', {'data-testid': testid, 'data-points': items.filter((it) => it.value > 0).length},
        el('figcaption', {}, el('b', {}, title), note ? el('span', {}, note) : null), chart)
}

// ---------------------------------------------------------------------------------------------
// Pages

const page = document.getElementById('page')
const chainSelect = document.getElementById('chain')
const rangeSelect = document.getElementById('range')
const statusLine = document.getElementById('status')

function route() {
    const hash = location.hash.replace(/^#/, '') || '/'
    const contract = /^\/contract\/([^/?#]+)$/.exec(hash)
    if (contract) return {name: 'contract', address: decodeURIComponent(contract[1])}
    return {name: 'overview'}
}

/** The period the overview's series span, taken from the activity series (for the top lists). */
function periodOf(points, bucket) {
    if (!points || points.length == 0) return {}
    const size = bucket == 'HOUR' ? 3_600_000 : 86_400_000
    return {from: points[0].bucket, to: new Date(new Date(points[points.length - 1].bucket).getTime() + size).toISOString()}
}

async function renderOverview(view) {
    const {chain, bucket} = state
    const rangeNote = bucket == 'HOUR' ? 'last 48 hours, per hour (UTC)' : 'last 30 days, per day (UTC)'
    const activity = section('section-activity', 'Activity', rangeNote)
    const contracts = section('section-contracts', 'Top contracts', 'by calls in the range')
    const assets = section('section-assets', 'Assets', 'by volume in the range')
    const xcm = section('section-xcm', 'XCM flows', 'messages per counterpart chain; in above the line, out below')
    view.append(activity.node, contracts.node, assets.node, xcm.node)

    // 1. The activity series (which also fixes the period) and the counterpart chains.
    let first
    try {
        first = await gql(`query Overview($chain: String!, $bucket: Bucket!) {
            activitySeries(chain: $chain, bucket: $bucket) { bucket blocks extrinsics failedExtrinsics events }
            counterpartChains(where: {chain_eq: $chain}, orderBy: [messagesIn_DESC, counterpart_ASC], limit: ${SERIES_COUNTERPARTS}) {
                counterpart paraId messagesIn messagesOut processedIn failedIn valueIn valueOut lastActivityTime
            }
        }`, {chain, bucket})
    } catch (err) {
        for (const s of [activity, contracts, assets, xcm]) s.fill(errorBox(err.message))
        return
    }
    const points = first.data.activitySeries
    const activityErrors = errorsOf(first, 'activitySeries')
    if (activityErrors.length || !points) {
        activity.fill(errorBox(activityErrors))
    } else {
        const sum = (key) => points.reduce((a, p) => a + p[key], 0)
        const buckets = points.map((p) => p.bucket)
        activity.fill(
            sum('blocks') == 0 ? emptyBox(`No blocks of ${chain} in this range.`) : null,
            el('div', {class: 'grid'},
                barChart({testid: 'chart-activity-blocks', title: 'Blocks', buckets, bucket, total: fmtInt(sum('blocks')),
                    series: [{name: 'blocks', color: COLORS.blocks, values: points.map((p) => p.blocks)}]}),
                barChart({testid: 'chart-activity-extrinsics', title: 'Extrinsics', buckets, bucket,
                    total: `${fmtInt(sum('extrinsics'))} (${fmtInt(sum('failedExtrinsics'))} failed)`,
                    series: [
                        {name: 'extrinsics', color: COLORS.extrinsics, values: points.map((p) => p.extrinsics)},
                        {name: 'failed', color: COLORS.failed, down: true, values: points.map((p) => p.failedExtrinsics)},
                    ]}),
                barChart({testid: 'chart-activity-events', title: 'Events', buckets, bucket, total: fmtInt(sum('events')),
                    series: [{name: 'events', color: COLORS.events, values: points.map((p) => p.events)}]}),
            ),
        )
    }
    const period = periodOf(points, bucket)
    const counterparts = first.data.counterpartChains || []
    const counterpartErrors = errorsOf(first, 'counterpartChains')

    // 2. Top lists over that period, and one series per counterpart chain.
    const vars = {chain, bucket, from: period.from ?? null, to: period.to ?? null}
    const cpVars = counterparts.map((c, i) => `$c${i}: String!`).join(' ')
    const cpFields = counterparts.map((c, i) => `c${i}: counterpartSeries(chain: $chain, counterpart: $c${i}, bucket: $bucket, from: $from, to: $to) { bucket messagesIn messagesOut valueIn valueOut }`).join('\n')
    counterparts.forEach((c, i) => { vars[`c${i}`] = c.counterpart })
    let second
    try {
        second = await gql(`query Tops($chain: String!, $bucket: Bucket!, $from: DateTime, $to: DateTime ${cpVars}) {
            topContracts(chain: $chain, from: $from, to: $to, limit: 10) { contract calls events failures }
            topAssets(chain: $chain, from: $from, to: $to, limit: 10) { asset symbol decimals volume transfers }
            ${cpFields}
        }`, vars)
    } catch (err) {
        for (const s of [contracts, assets, xcm]) s.fill(errorBox(err.message))
        return
    }

    // Contracts.
    const top = second.data.topContracts
    const contractErrors = errorsOf(second, 'topContracts')
    if (contractErrors.length || !top) contracts.fill(errorBox(contractErrors))
    else if (top.length == 0) contracts.fill(emptyBox('No contract was called in this range.'))
    else contracts.fill(el('div', {class: 'split'},
        rankChart({testid: 'chart-top-contracts', title: 'Calls per contract',
            items: top.map((c) => ({label: shortAddress(c.contract), value: c.calls, text: `${fmtInt(c.calls)} call${c.calls == 1 ? '' : 's'}`}))}),
        el('table', {'data-testid': 'top-contracts-table'},
            el('thead', {}, el('tr', {}, el('th', {}, 'contract'), el('th', {class: 'num'}, 'calls'), el('th', {class: 'num'}, 'events'), el('th', {class: 'num'}, 'failed'))),
            el('tbody', {}, top.map((c) => el('tr', {},
                el('td', {}, el('a', {href: `#/contract/${encodeURIComponent(c.contract)}`, class: 'mono', 'data-testid': 'contract-link', title: c.contract}, shortAddress(c.contract))),
                el('td', {class: 'num'}, fmtInt(c.calls)), el('td', {class: 'num'}, fmtInt(c.events)), el('td', {class: 'num'}, fmtInt(c.failures)))))),
    ))

    // XCM.
    if (counterpartErrors.length) {
        xcm.fill(errorBox(counterpartErrors))
    } else if (counterparts.length == 0) {
        xcm.fill(emptyBox(`${chain} has exchanged no XCM message yet.`))
    } else {
        const {symbol, decimals} = state.token
        const charts = counterparts.map((c, i) => {
            const errs = errorsOf(second, `c${i}`)
            const series = second.data[`c${i}`]
            if (errs.length || !series) return el('figure', {}, el('figcaption', {}, el('b', {}, c.counterpart)), errorBox(errs))
            const sumIn = series.reduce((a, p) => a + p.messagesIn, 0)
            const sumOut = series.reduce((a, p) => a + p.messagesOut, 0)
            return barChart({testid: `chart-xcm-${testidPart(c.counterpart)}`, title: c.counterpart, buckets: series.map((p) => p.bucket), bucket,
                total: `${fmtInt(sumIn)} in, ${fmtInt(sumOut)} out`,
                series: [
                    {name: 'messages in', color: COLORS.blocks, values: series.map((p) => p.messagesIn),
                        format: (k) => `${fmtInt(series[k].messagesIn)} (${fmtUnits(series[k].valueIn, decimals)} ${symbol})`},
                    {name: 'messages out', color: COLORS.out, down: true, values: series.map((p) => p.messagesOut),
                        format: (k) => `${fmtInt(series[k].messagesOut)} (${fmtUnits(series[k].valueOut, decimals)} ${symbol})`},
                ]})
        })
        xcm.fill(el('div', {class: 'grid'}, charts), el('div', {class: 'scroll'}, el('table', {'data-testid': 'counterparts-table'},
            el('thead', {}, el('tr', {}, ['counterpart', 'in', 'processed', 'failed', 'out', `value in (${symbol})`, `value out (${symbol})`, 'last activity']
                .map((h, i) => el('th', {class: i > 0 && i < 7 ? 'num' : null}, h)))),
            el('tbody', {}, counterparts.map((c) => el('tr', {},
                el('td', {}, c.counterpart),
                el('td', {class: 'num'}, fmtInt(c.messagesIn)), el('td', {class: 'num'}, fmtInt(c.processedIn)), el('td', {class: 'num'}, fmtInt(c.failedIn)),
                el('td', {class: 'num'}, fmtInt(c.messagesOut)),
                el('td', {class: 'num'}, fmtUnits(c.valueIn, decimals)), el('td', {class: 'num'}, fmtUnits(c.valueOut, decimals)),
                el('td', {}, c.lastActivityTime ? new Date(c.lastActivityTime).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '-')))))))
    }

    // 3. Assets: the top list, then a volume series for the first few.
    const topAssets = second.data.topAssets
    const assetErrors = errorsOf(second, 'topAssets')
    if (assetErrors.length || !topAssets) return assets.fill(errorBox(assetErrors))
    if (topAssets.length == 0) return assets.fill(emptyBox('No asset moved in this range.'))
    const name = (a) => a.symbol ? `${a.symbol} (${a.asset})` : a.asset
    const shown = topAssets.slice(0, SERIES_ASSETS)
    const aVars = {chain, bucket, from: vars.from, to: vars.to}
    shown.forEach((a, i) => { aVars[`a${i}`] = a.asset })
    let third
    try {
        third = await gql(`query AssetSeries($chain: String!, $bucket: Bucket!, $from: DateTime, $to: DateTime ${shown.map((a, i) => `$a${i}: String!`).join(' ')}) {
            ${shown.map((a, i) => `a${i}: assetSeries(chain: $chain, asset: $a${i}, bucket: $bucket, from: $from, to: $to) { bucket volume transfers activeAccounts newHolders }`).join('\n')}
        }`, aVars)
    } catch (err) {
        third = {data: {}, errors: [{message: err.message}]}
    }
    const seriesCharts = shown.map((a, i) => {
        const errs = errorsOf(third, `a${i}`)
        const series = third.data[`a${i}`]
        if (errs.length || !series) return el('figure', {}, el('figcaption', {}, el('b', {}, name(a))), errorBox(errs))
        return barChart({testid: `chart-asset-${testidPart(a.asset)}`, title: `${name(a)} volume`, buckets: series.map((p) => p.bucket), bucket,
            total: `${fmtUnits(a.volume, a.decimals)} ${a.symbol ?? ''}`.trim(),
            series: [{name: 'volume', color: COLORS.pop, values: series.map((p) => toUnits(p.volume, a.decimals)),
                format: (k) => `${fmtUnits(series[k].volume, a.decimals)} in ${fmtInt(series[k].transfers)} transfers, ${fmtInt(series[k].activeAccounts)} active accounts, ${fmtInt(series[k].newHolders)} new holders`}]})
    })
    assets.fill(
        el('div', {class: 'split'},
            rankChart({testid: 'chart-top-assets', title: 'Transfers per asset', note: 'bars: transfers',
                items: topAssets.map((a) => ({label: a.symbol || a.asset, value: a.transfers, color: COLORS.green,
                    text: `${fmtInt(a.transfers)} transfer${a.transfers == 1 ? '' : 's'}, ${compact(toUnits(a.volume, a.decimals))} ${a.symbol ?? ''}`.trim()}))}),
            el('table', {'data-testid': 'top-assets-table'},
                el('thead', {}, el('tr', {}, el('th', {}, 'asset'), el('th', {class: 'num'}, 'volume'), el('th', {class: 'num'}, 'transfers'))),
                el('tbody', {}, topAssets.map((a) => el('tr', {},
                    el('td', {}, name(a)), el('td', {class: 'num'}, fmtUnits(a.volume, a.decimals)), el('td', {class: 'num'}, fmtInt(a.transfers))))))),
        el('div', {class: 'grid'}, seriesCharts),
    )
}

async function renderContract(view, address) {
    const {chain, bucket} = state
    const info = section('section-contract', 'Contract', address)
    const activity = section('section-contract-activity', 'Calls and events', bucket == 'HOUR' ? 'last 48 hours, per hour (UTC)' : 'last 30 days, per day (UTC)')
    const events = section('section-contract-events', 'Events', 'newest first; decoded with the registered ABI, else raw with the reason')
    view.append(el('p', {}, el('a', {href: '#/'}, '← overview')), info.node, activity.node, events.node)
    // A contract is a hex address (20 bytes on pallet-revive, 32 on pallet-contracts) or an SS58 one.
    const isHex = /^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(address)
    const isSs58 = /^[1-9A-HJ-NP-Za-km-z]{40,52}$/.test(address)
    if (!isHex && !isSs58) {
        const text = `${JSON.stringify(address.slice(0, 80))} is not an address: give the contract's hex address (0x and 40 or 64 hex digits) or its SS58 address.`
        for (const s of [info, activity, events]) s.fill(errorBox(text))
        return
    }
    let hex = isHex ? address.toLowerCase() : undefined
    let result
    try {
        if (!hex) {
            // SS58: find the contract's hex address first; events and series are keyed by it.
            const found = await gql(`query ContractBySs58($chain: String!, $address: String!) {
                contracts(where: {chain_eq: $chain, addressSs58_eq: $address}, limit: 1) { address }
            }`, {chain, address})
            const errs = errorsOf(found, 'contracts')
            if (errs.length) throw new ApiError(errs.join('\n'))
            hex = (found.data.contracts || [])[0]?.address
            if (!hex) {
                info.fill(emptyBox(`No contract ${address} on ${chain} in the index.`))
                activity.fill(emptyBox('No contract, no activity.'))
                events.fill(emptyBox('No contract, no events.'))
                return
            }
        }
        result = await gql(`query Contract($chain: String!, $address: String!, $bucket: Bucket!) {
            contracts(where: {chain_eq: $chain, address_eq: $address}, limit: 1) {
                address addressSs58 pallet codeHash deployer instantiatedAtHeight terminatedAtHeight callsCount failedCallsCount eventsCount
            }
            contractEvents(where: {chain_eq: $chain, contractAddress_eq: $address}, orderBy: [blockHeight_DESC, index_DESC], limit: 50) {
                id blockHeight timestamp name decoded args decodeError topics data abi { kind contractName }
            }
            contractSeries(chain: $chain, contract: $address, bucket: $bucket) { bucket calls events failures distinctCallers }
        }`, {chain, address: hex, bucket})
    } catch (err) {
        for (const s of [info, activity, events]) s.fill(errorBox(err.message))
        return
    }
    const contract = (result.data.contracts || [])[0]
    const infoErrors = errorsOf(result, 'contracts')
    if (infoErrors.length) info.fill(errorBox(infoErrors))
    else if (!contract) info.fill(emptyBox(`No contract ${address} on ${chain} in the index.`))
    else info.fill(el('dl', {class: 'facts'},
        el('dt', {}, 'address'), el('dd', {class: 'mono', 'data-testid': 'contract-address'}, contract.address),
        contract.addressSs58 ? [el('dt', {}, 'SS58'), el('dd', {class: 'mono'}, contract.addressSs58)] : null,
        el('dt', {}, 'pallet'), el('dd', {}, contract.pallet),
        el('dt', {}, 'code hash'), el('dd', {class: 'mono'}, contract.codeHash ?? '-'),
        el('dt', {}, 'deployer'), el('dd', {class: 'mono'}, contract.deployer ?? '-'),
        el('dt', {}, 'instantiated'), el('dd', {}, `#${contract.instantiatedAtHeight}`, contract.terminatedAtHeight != null ? `, terminated at #${contract.terminatedAtHeight}` : ''),
        el('dt', {}, 'calls'), el('dd', {}, `${fmtInt(contract.callsCount)} (${fmtInt(contract.failedCallsCount)} failed)`),
        el('dt', {}, 'events'), el('dd', {}, fmtInt(contract.eventsCount)),
    ))

    const series = result.data.contractSeries
    const seriesErrors = errorsOf(result, 'contractSeries')
    if (seriesErrors.length || !series) {
        activity.fill(errorBox(seriesErrors))
    } else {
        const buckets = series.map((p) => p.bucket)
        const sum = (key) => series.reduce((a, p) => a + p[key], 0)
        activity.fill(
            sum('calls') + sum('events') == 0 ? emptyBox('No call and no event in this range.') : null,
            el('div', {class: 'grid'},
                barChart({testid: 'chart-contract-calls', title: 'Calls', buckets, bucket, total: `${fmtInt(sum('calls'))} (${fmtInt(sum('failures'))} failed)`,
                    series: [
                        {name: 'calls', color: COLORS.extrinsics, values: series.map((p) => p.calls),
                            format: (k) => `${fmtInt(series[k].calls)} from ${fmtInt(series[k].distinctCallers)} callers`},
                        {name: 'failed', color: COLORS.failed, down: true, values: series.map((p) => p.failures)},
                    ]}),
                barChart({testid: 'chart-contract-events', title: 'Events', buckets, bucket, total: fmtInt(sum('events')),
                    series: [{name: 'events', color: COLORS.events, values: series.map((p) => p.events)}]}),
            ))
    }

    const list = result.data.contractEvents
    const eventErrors = errorsOf(result, 'contractEvents')
    if (eventErrors.length || !list) return events.fill(errorBox(eventErrors))
    if (list.length == 0) return events.fill(emptyBox('This contract has emitted no event.'))
    events.fill(el('div', {class: 'scroll'}, el('table', {'data-testid': 'contract-events'},
        el('thead', {}, el('tr', {}, el('th', {}, 'block'), el('th', {}, 'event'), el('th', {}, 'fields / data'), el('th', {}, 'topics'))),
        el('tbody', {}, list.map((e) => el('tr', {'data-testid': 'contract-event', 'data-decoded': e.decoded, 'data-name': e.name ?? ''},
            el('td', {}, `#${e.blockHeight}`, el('br'), el('small', {}, e.timestamp ? new Date(e.timestamp).toISOString().replace('T', ' ').slice(0, 19) : '')),
            el('td', {},
                e.decoded ? el('b', {'data-testid': 'event-name'}, e.name) : el('span', {class: 'tag bad'}, 'raw'),
                e.abi ? el('div', {title: 'the ABI that decoded it, or tried to'}, el('span', {class: 'tag ok'}, e.abi.kind), ' ', e.abi.contractName ?? '') : null),
            el('td', {},
                e.decoded ? el('pre', {class: 'args', 'data-testid': 'event-args'}, JSON.stringify(e.args, null, 1)) : null,
                e.decodeError ? el('div', {class: 'note', 'data-testid': 'decode-error'}, e.decodeError) : null,
                e.decoded ? null : el('div', {class: 'mono'}, e.data)),
            el('td', {class: 'mono topics'}, e.topics.length ? e.topics.map((t) => el('div', {title: t}, shortAddress(t))) : '-')))))))
}

// ---------------------------------------------------------------------------------------------
// Chain selection, status, refresh

async function loadChains() {
    const result = await gql(`{
        indexerStatus { chain indexedHeight chainHead lag rpcError }
        indexedChains(orderBy: id_ASC, limit: 100) { id tokenSymbol tokenDecimals }
    }`)
    const statusErrors = errorsOf(result, 'indexerStatus')
    if (statusErrors.length) throw new ApiError(statusErrors.join('\n'))
    state.chains = result.data.indexerStatus
    state.tokens = Object.fromEntries((result.data.indexedChains || []).map((c) => [c.id, {symbol: c.tokenSymbol, decimals: c.tokenDecimals}]))
    if (!state.chains.some((c) => c.chain == state.chain)) state.chain = state.chains[0]?.chain ?? null
    state.token = state.tokens[state.chain] ?? {symbol: '', decimals: 0}
    const previous = chainSelect.value
    chainSelect.replaceChildren(...state.chains.map((c) => el('option', {value: c.chain}, c.chain)))
    if (state.chain) chainSelect.value = state.chain
    if (previous && previous != chainSelect.value) chainSelect.value = state.chain
    const s = state.chains.find((c) => c.chain == state.chain)
    statusLine.textContent = s
        ? `indexed #${s.indexedHeight ?? '-'} · chain head ${s.chainHead != null ? '#' + s.chainHead : 'unknown'}${s.lag != null ? ` · lag ${s.lag}` : ''}${liveSuffix()}`
        : 'no chain indexed yet'
    if (s && s.rpcError) statusLine.title = s.rpcError
}

let rendering = Promise.resolve()

function render() {
    rendering = rendering.then(renderNow, renderNow)
    return rendering
}

async function renderNow() {
    const first = state.renders++ == 0
    const view = el('div', {'data-testid': `view-${route().name}`})
    if (first) page.replaceChildren(view) // the first time, sections fill in as their data arrives
    try {
        await loadChains()
    } catch (err) {
        statusLine.textContent = 'API unavailable'
        view.replaceChildren(el('section', {'data-testid': 'section-api'}, el('h2', {}, 'The API did not answer'), errorBox(err.message)))
        return finish(view)
    }
    if (!state.chain) {
        view.replaceChildren(el('section', {'data-testid': 'section-api'}, el('h2', {}, 'Nothing indexed yet'),
            emptyBox('This database holds no indexed chain: start the processor (pop-squid run) and come back.')))
    } else {
        const r = route()
        try {
            if (r.name == 'contract') await renderContract(view, r.address)
            else await renderOverview(view)
        } catch (err) {
            console.error(err)
            view.append(el('section', {'data-testid': 'section-bug'}, el('h2', {}, 'The dashboard failed'), errorBox(`${err.message} (a bug in the dashboard: please report it)`)))
        }
    }
    finish(view)
}

/** Shows a finished view (refreshes swap in whole, without flicker) and counts it, for tests and scripts. */
function finish(view) {
    if (view.parentNode != page) page.replaceChildren(view)
    live.renderedAt = Date.now()
    document.body.dataset.rendered = String(++state.completed)
    followHead()
}

// ---------------------------------------------------------------------------------------------
// Live updates: the API pushes the chosen chain's newest block over a GraphQL subscription
// (graphql-ws on /graphql); each new one redraws the page, at most every LIVE_MIN_MS. When the
// subscription is not available (refused, closed, no WebSocket), the page is redrawn every
// REFRESH_MS instead, and the subscription is tried again after a while.

const live = {socket: null, ready: false, on: false, chain: null, id: 0, head: null, renderedAt: 0, timer: null, missed: false, retryMs: 5_000}

/** The status line's last part: how the page keeps up. */
function liveSuffix() {
    return ` · ${live.on ? 'live' : `refreshed every ${REFRESH_MS / 1000} s`}`
}

function setLive(on) {
    live.on = on
    document.body.dataset.live = on ? 'on' : 'off'
    statusLine.textContent = statusLine.textContent.replace(/ · (live|refreshed every \d+ s)$/, liveSuffix())
}

/** Subscribes to the chosen chain's newest block, opening the socket the first time. */
function followHead() {
    if (!state.chain || typeof WebSocket != 'function') return
    if (!live.socket) return connectLive()
    if (!live.ready || live.chain == state.chain) return
    if (live.chain) live.socket.send(JSON.stringify({id: String(live.id), type: 'complete'}))
    live.chain = state.chain
    live.head = null
    live.id++
    live.socket.send(JSON.stringify({
        id: String(live.id), type: 'subscribe',
        payload: {query: 'subscription($chain: String!) { blocks(where: {chain_eq: $chain}, orderBy: height_DESC, limit: 1) { height } }', variables: {chain: state.chain}},
    }))
}

function connectLive() {
    let socket
    try {
        socket = new WebSocket(`${location.protocol == 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, 'graphql-transport-ws')
    } catch {
        return
    }
    live.socket = socket
    socket.onopen = () => socket.send(JSON.stringify({type: 'connection_init'}))
    socket.onmessage = (ev) => {
        let msg
        try {
            msg = JSON.parse(ev.data)
        } catch {
            return
        }
        if (msg.type == 'connection_ack') {
            live.ready = true
            live.retryMs = 5_000
            return followHead()
        }
        if (msg.type == 'ping') return socket.send(JSON.stringify({type: 'pong'}))
        if (msg.id != String(live.id)) return
        if (msg.type == 'next') return onHead(msg.payload)
        // Refused (the budget, the server's limits) or ended: back to refreshing, and try again later.
        if (msg.type == 'error' || msg.type == 'complete') socket.close()
    }
    socket.onclose = () => {
        if (live.socket != socket) return
        Object.assign(live, {socket: null, ready: false, chain: null, head: null})
        setLive(false)
        setTimeout(followHead, live.retryMs)
        live.retryMs = Math.min(live.retryMs * 2, 5 * 60_000)
    }
}

function onHead(payload) {
    const height = payload && payload.data && payload.data.blocks && payload.data.blocks[0] ? payload.data.blocks[0].height : null
    if (!live.on) setLive(true)
    // The first answer is what the page already shows; later ones are new blocks (or a fork's).
    if (live.head == null || height == live.head) {
        live.head = height
        return
    }
    live.head = height
    if (live.timer) return
    live.timer = setTimeout(() => {
        live.timer = null
        if (document.visibilityState == 'visible') render()
        else live.missed = true
    }, Math.max(0, live.renderedAt + LIVE_MIN_MS - Date.now()))
}

document.addEventListener('visibilitychange', () => {
    if (document.visibilityState != 'visible' || !live.missed) return
    live.missed = false
    render()
})

chainSelect.addEventListener('change', () => {
    state.chain = chainSelect.value
    localStorage.setItem('pop-squid.chain', state.chain)
    state.renders = 0
    render()
})
rangeSelect.value = state.bucket
rangeSelect.addEventListener('change', () => {
    state.bucket = rangeSelect.value
    localStorage.setItem('pop-squid.bucket', state.bucket)
    state.renders = 0
    render()
})
window.addEventListener('hashchange', () => {
    state.renders = 0
    window.scrollTo(0, 0)
    render()
})
setInterval(() => {
    if (document.visibilityState == 'visible' && !live.on) render()
}, REFRESH_MS)

render()
