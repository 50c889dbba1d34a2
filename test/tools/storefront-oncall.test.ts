import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { MultiIncidentTruth } from '../../lib/tasks/kinds/incident-response.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { estimateTokens } from '../../lib/text.js'
import { deliverableFormat, soloIdentity, taskBlock } from '../../lib/topologies/prompts.js'
import { FIXTURE_DIR, generate } from '../../tools/fixtures/storefront-oncall.js'

/**
 * The generated hour of the hard incident task. Beyond "the generator reproduces the committed
 * files", the computed ground truth is checked by another route: by reading the log, the metrics,
 * the service catalogue and the runbook as an analyst would, with patterns and arithmetic rather
 * than the generator's own tags and constants.
 */
const read = (name: string) => readFileSync(join(PROJECT_ROOT, FIXTURE_DIR, name), 'utf8')
const files = { events: read('events.log'), metrics: read('metrics.csv'), system: read('system.md'), runbook: read('runbook.md'), truth: read('ground-truth.json') }
const truth = JSON.parse(files.truth) as MultiIncidentTruth

interface Line {
  id: string
  seconds: number
  component: string
  level: string
  message: string
}
const lines: Line[] = files.events
  .trimEnd()
  .split('\n')
  .map((text) => {
    const m = /^(E-\d{4}) 13:(\d\d):(\d\d) (\S+) ([IWEC]) (.+)$/.exec(text)
    if (!m) throw new Error(`unexpected log line: ${text}`)
    return { id: m[1]!, seconds: 60 * Number(m[2]) + Number(m[3]), component: m[4]!, level: m[5]!, message: m[6]! }
  })
const where = (test: (l: Line) => boolean) => lines.filter(test)
const one = (test: (l: Line) => boolean) => {
  const found = where(test)
  expect(found).toHaveLength(1)
  return found[0]!
}
const incident = (id: string) => truth.incidents.find((x) => x.id === id)!
const harmful = (action: string) => truth.harmfulActions.find((a) => a.action === action)
const required = (action: string) => truth.requiredActions.find((a) => a.action === action)
/** The "+N" at the end of a line stands for N more like it: the number of events a line stands for. */
const count = (l: Line) => 1 + Number(/ \+(\d+)$/.exec(l.message)?.[1] ?? 0)
/** The number in a runbook action's text, found by a pattern within that action's section. */
const runbookNumber = (action: string, pattern: RegExp) => {
  const section = new RegExp(`## ${action} [\\s\\S]*?(?=\\n## |$)`).exec(files.runbook)![0]
  return Number(pattern.exec(section)![1]!.replace(',', ''))
}

const rows = files.metrics
  .trimEnd()
  .split('\n')
  .map((r) => r.split(','))
const header = rows[0]!
const series = (name: string) => {
  expect(header).toContain(name)
  return rows.slice(1).map((r) => Number(r[header.indexOf(name)]))
}
const firstMinute = (values: number[], test: (v: number) => boolean) => values.findIndex(test)

describe('the generator', () => {
  test('reproduces the committed files byte for byte', () => {
    const generated = generate()
    expect(generated['events.log']).toBe(files.events)
    expect(generated['metrics.csv']).toBe(files.metrics)
    expect(generated['ground-truth.json']).toBe(files.truth)
  })

  test('another seed gives another hour', () => {
    expect(generate(7)['events.log']).not.toBe(files.events)
  })
})

describe('the event log', () => {
  test('over 4,500 events, numbered in time order within the hour', () => {
    expect(lines.length).toBeGreaterThan(4500)
    lines.forEach((l, i) => expect(l.id).toBe(`E-${String(i + 1).padStart(4, '0')}`))
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.seconds).toBeGreaterThanOrEqual(lines[i - 1]!.seconds)
  })

  test('four incidents, each beginning in a different component', () => {
    expect(truth.incidents.map((x) => x.rootCause.component)).toEqual(['orders', 'inventory', 'cart', 'reporting'])
  })
})

describe('incident a, read from the inputs: an orders release makes documents too large for the bus', () => {
  const release = one((l) => l.component === 'deployer' && l.message.startsWith('switch orders '))
  const refusal = one((l) => l.message.includes('MESSAGE_TOO_LARGE'))
  const b2b = new Map(where((l) => / channel=b2b /.test(l.message)).map((l) => [/created (O-\d+)/.exec(l.message)![1]!, { line: l, lines: Number(/lines=(\d+)/.exec(l.message)![1]) }]))
  const [header2KB, perLine] = [/about (\d) KB plus about (\d+) bytes per order line/.exec(files.system)!].map((m) => [1024 * Number(m[1]), Number(m[2])])[0]!
  const expected = (order: string) => header2KB! + perLine! * b2b.get(order)!.lines
  const sized = where((l) => /^(large record|send failed) O-\d+ bytes=\d+/.test(l.message)).map((l) => {
    const order = /(O-\d+) bytes=(\d+)/.exec(l.message)!
    return { line: l, order: order[1]!, bytes: Number(order[2]) }
  })
  const limit = Number(/Maximum message size 1 MiB \(([\d,]+) bytes\)/.exec(files.system)![1]!.replaceAll(',', ''))

  test('the first bad event is the orders release, before the refusal; the notes say what it changes', () => {
    expect(incident('a').firstBadEvent).toBe(release.id)
    expect(release.seconds).toBeLessThan(refusal.seconds)
    expect(release.message).toMatch(/B2B order documents embed .*PDF/)
  })

  test('the catalogue keeps every document below the limit: 2,500 lines fit', () => {
    expect(/B2B orders may carry\s+up to ([\d,]+) lines/.exec(files.system)![1]).toBe('2,500')
    expect(header2KB! + perLine! * 2500).toBeLessThan(limit)
  })

  test('documents sent before the release match their line count; those after it are hundreds of KB larger', () => {
    expect(sized.length).toBeGreaterThanOrEqual(2)
    for (const s of sized) {
      const excess = s.bytes - expected(s.order)
      if (s.line.seconds < release.seconds) expect(Math.abs(excess)).toBeLessThan(0.01 * s.bytes)
      else expect(excess).toBeGreaterThan(300_000)
    }
    expect(sized.some((s) => s.line.seconds < release.seconds)).toBe(true)
    expect(sized.filter((s) => s.line.seconds > release.seconds).length).toBeGreaterThanOrEqual(1)
  })

  test('the refused order was created under the new release, and is the one the truth replays', () => {
    const refused = sized.find((s) => s.line === refusal)!
    expect(refused.bytes).toBeGreaterThan(limit)
    expect(b2b.get(refused.order)!.line.seconds).toBeGreaterThan(release.seconds)
    expect(required('R09')!.targets).toContain(refused.order)
    expect(incident('a').events).toEqual(expect.arrayContaining([release.id, refusal.id, b2b.get(refused.order)!.line.id]))
  })

  test('behind it wait B2B orders above the limit, which would hold the connector in turn: all of them are skipped and replayed', () => {
    const behind = [...b2b.entries()].filter(([, o]) => o.line.seconds > refusal.seconds)
    const bytes = (o: { line: Line }) => Number(/doc_bytes=(\d+)/.exec(o.line.message)![1])
    const above = behind.filter(([, o]) => bytes(o) > limit).map(([id]) => id)
    expect(above.length).toBeGreaterThan(5)
    // Some are above by a few bytes only, others just below: reading the size is the only way to tell.
    expect(behind.some(([, o]) => bytes(o) > limit && bytes(o) < limit + 100)).toBe(true)
    expect(behind.some(([, o]) => bytes(o) <= limit && bytes(o) > limit - 1000)).toBe(true)
    const refused = sized.find((s) => s.line === refusal)!.order
    expect(required('R08')).toMatchObject({ targets: [refused, ...above], mustCatchTargets: true })
    expect(required('R09')!.targets).toEqual([refused, ...above])
    // A large B2B order under the release would not fit: the release has to go (R17) before the skip list is final.
    const pdf = 1000 * Number(/PDF, up to (\d+) KB/.exec(release.message)![1])
    expect(header2KB! + perLine! * 2500 + pdf).toBeGreaterThan(limit)
    expect(required('R08')!.after).toContain('R17')
  })

  test('from the first full minute after the refusal the connector sends nothing and its position never moves', () => {
    const heartbeats = where((l) => l.component === 'orders-cdc' && l.message.startsWith('hb '))
    const before = heartbeats.filter((l) => l.seconds < refusal.seconds)
    const after = heartbeats.filter((l) => l.seconds >= 60 * (Math.floor(refusal.seconds / 60) + 2))
    expect(before.every((l) => !/sent=0 /.test(l.message))).toBe(true)
    expect(after.length).toBeGreaterThan(40)
    expect(after.every((l) => / state=RUNNING sent=0 /.test(l.message))).toBe(true)
    expect(new Set(after.map((l) => /confirmed=(\S+)/.exec(l.message)![1])).size).toBe(1)
  })

  test('the bus gets no order events from then on while payment events keep flowing; the NOT_LEADER retries were over before', () => {
    const stats = where((l) => l.component === 'bus' && l.message.startsWith('stats '))
    const after = stats.filter((l) => l.seconds >= 60 * (Math.floor(refusal.seconds / 60) + 2))
    expect(after.every((l) => / order-events=0 /.test(l.message))).toBe(true)
    expect(stats.every((l) => !/ payment-events=0 /.test(l.message))).toBe(true)
    const notLeader = where((l) => l.message.includes('NOT_LEADER'))
    expect(notLeader.length).toBeGreaterThan(0)
    expect(notLeader.every((l) => l.seconds < refusal.seconds)).toBe(true)
  })

  test('the slot stays active, so the runbook condition for dropping it is not met', () => {
    const slots = where((l) => l.message.startsWith('slot cdc_orders') && l.seconds > refusal.seconds)
    expect(slots.length).toBeGreaterThan(0)
    expect(slots.every((l) => l.message.includes('active=t'))).toBe(true)
    expect(files.runbook).toMatch(/## R10[\s\S]*inactive \(`active=f`\) for more than 30\s+minutes/)
    expect(harmful('R10')).toBeDefined()
  })

  test('at the current rate the volume would outlast the skip; once checkouts succeed again it fills first: the extension is required', () => {
    const disk = series('orders-db-1.disk_pct')
    const ok = series('checkout.ok_pct')
    const last = disk.at(-1)!
    const nowRate = (last - disk.at(-11)!) / 10
    // A normal order rate: from the second minute after the refusal to the last minute before checkouts failed.
    const from = Math.floor(refusal.seconds / 60) + 2
    const to = firstMinute(ok, (v) => v < 97) - 3
    const normalRate = (disk[to]! - disk[from]!) / (to - from)
    const skip = runbookNumber('R08', /runs again about (\d+) minutes after the order is given/)
    const extension = runbookNumber('R03', /takes about\s+(\d+) minutes/)
    // Inventory fixed within about five minutes (revert within 30 s, six pods at 40 s each).
    const fixedIn = 0.5 + (6 * runbookNumber('R07', /about (\d+) seconds each/)) / 60
    expect(fixedIn).toBeLessThan(5.5)
    const atFix = last + (fixedIn + 1) * nowRate
    const fullIn = fixedIn + (100 - atFix) / normalRate
    expect(normalRate).toBeGreaterThan(3 * nowRate)
    expect((100 - last) / nowRate).toBeGreaterThan(skip + 30)
    expect(fullIn).toBeLessThan(skip - 4)
    expect(fullIn).toBeGreaterThan(extension)
    expect(required('R03')).toBeDefined()
  })

  test('the catch-up would send more confirmation emails than the provider allows: the send rate must be set', () => {
    const catchUp = Number(/catches up at up to ([\d,]+) events a minute/.exec(files.system)![1]!.replace(',', ''))
    const perOrder = /about (\w+) changes per order/.exec(files.system)![1]
    expect(perOrder).toBe('three')
    const allowed = Number(/accepts at most (\d+) emails a minute/.exec(files.system)![1])
    expect(catchUp / 3).toBeGreaterThan(allowed)
    expect(files.system).toMatch(/one confirmation email per new order/)
    expect(required('R20')).toBeDefined()
  })

  test('raising the topic limit would let the record through to consumers that cannot read it', () => {
    const refused = sized.find((s) => s.line === refusal)!
    for (const consumer of ['fulfilment', 'notify']) {
      const section = new RegExp(`### ${consumer}\\n[\\s\\S]*?(?=\\n### )`).exec(files.system)![0]
      expect(section).toMatch(/Fetch limit 1 MiB/)
      expect(refused.bytes).toBeGreaterThan(2 ** 20)
    }
    expect(files.runbook).toMatch(/## R19[\s\S]*?stops at that message/)
    expect(harmful('R19')).toMatchObject({ mustAvoid: true })
  })

  test("the disk page names its owners' usual first action, the failover, which here would never publish the held-back changes", () => {
    const page = where((l) => l.component === 'monitor' && l.level === 'C' && l.message.includes('orders-db-1.disk_pct'))[0]!
    expect(page.message).toMatch(/ runbook=R05$/)
    expect(files.runbook).toMatch(/## R05[\s\S]*?not yet confirmed is never published to `order-events`/)
    expect(harmful('R05')).toMatchObject({ mustAvoid: true })
  })
})

describe('incident b, read from the inputs: a ramped flag that leaks connections', () => {
  const changes = where((l) => l.component === 'inventory' && /config reload .*changed=[1-9]/.test(l.message))
  const held = where((l) => l.message.startsWith('held>60s'))
  const perMinute = (m: number) => held.filter((l) => Math.floor(l.seconds / 60) === m).reduce((s, l) => s + count(l), 0)

  test('the first bad event is the first inventory change; connections are reported held from a minute after it, before any other change', () => {
    expect(changes.length).toBe(3)
    const [flag, other, ramp] = changes
    expect(incident('b').firstBadEvent).toBe(flag!.id)
    expect(held[0]!.seconds - flag!.seconds).toBeGreaterThanOrEqual(60)
    expect(held[0]!.seconds - flag!.seconds).toBeLessThan(120)
    expect(held[0]!.seconds).toBeLessThan(other!.seconds)
    // The ramp is a step of the same change; the change in between is another one.
    expect(/chg=(\S+)/.exec(ramp!.message)![1]).toBe(/chg=(\S+)/.exec(flag!.message)![1])
    expect(/chg=(\S+)/.exec(other!.message)![1]).not.toBe(/chg=(\S+)/.exec(flag!.message)![1])
    expect(incident('b').events).not.toContain(other!.id)
    expect(incident('b').causalChain[1]!.events).toEqual([ramp!.id])
  })

  test('the leak grows severalfold a minute after the ramp step, not after the other change', () => {
    const [flag, other, ramp] = changes.map((l) => Math.floor(l.seconds / 60))
    const mean = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => perMinute(a + i)).reduce((s, x) => s + x, 0) / (b - a)
    const beforeRamp = mean(flag! + 2, ramp! + 1)
    expect(mean(ramp! + 3, ramp! + 8)).toBeGreaterThan(3 * beforeRamp)
    expect(Math.abs(mean(other! + 1, ramp! + 1) - mean(flag! + 2, other! + 1))).toBeLessThan(beforeRamp)
  })

  test('the checkout release is a red herring: it starts after the leak and its alert, and every checkout failure is upstream=inventory', () => {
    const rollout = where((l) => l.component === 'deployer' && l.message.startsWith('rollout checkout'))
    const idleAlert = one((l) => l.component === 'monitor' && l.message.startsWith('alert inventory-db.idle_in_txn'))
    const checkoutErrors = where((l) => l.component === 'checkout' && l.level === 'E')
    expect(rollout[0]!.seconds).toBeGreaterThan(idleAlert.seconds)
    expect(checkoutErrors.filter((l) => l.message.includes('upstream=inventory'))[0]!.seconds).toBeGreaterThan(rollout.at(-1)!.seconds)
    // Every other checkout failure is a payment timeout while the payment provider was slow.
    const slow = new Set(where((l) => l.message.startsWith('psp slow hold')).map((l) => Math.floor(l.seconds / 60)))
    for (const l of checkoutErrors.filter((x) => !x.message.includes('upstream=inventory'))) {
      expect(l.message).toMatch(/^payment timeout upstream=payments /)
      expect(slow.has(Math.floor(l.seconds / 60))).toBe(true)
    }
    expect(checkoutErrors.filter((l) => l.message.includes('upstream=inventory')).length).toBeGreaterThan(100)
    const herring = truth.redHerrings.find((h) => h.component === 'checkout')!
    expect(herring.events).toEqual(expect.arrayContaining(rollout.map((l) => l.id)))
    expect(harmful('R01')).toBeDefined()
  })

  test('before 4.18.0 retries left duplicate holds; after it they get their hold back', () => {
    const done = one((l) => l.message.startsWith('rollout checkout 4.18.0 done'))
    const dup = where((l) => l.message.startsWith('dup hold'))
    const exists = where((l) => l.message.startsWith('hold exists'))
    expect(dup.length).toBeGreaterThan(0)
    expect(dup.every((l) => l.seconds < done.seconds)).toBe(true)
    expect(exists.length).toBeGreaterThan(10)
    expect(exists.every((l) => l.seconds > done.seconds)).toBe(true)
  })

  test('the pools were exhausted and checkouts failing before the campaign began', () => {
    const campaign = one((l) => l.message.startsWith('campaign '))
    const minute = Math.floor(campaign.seconds / 60)
    expect(firstMinute(series('inventory.pool_used'), (v) => v >= 240)).toBeLessThan(minute)
    expect(firstMinute(series('checkout.ok_pct'), (v) => v < 97)).toBeLessThan(minute)
    expect(truth.redHerrings.find((h) => h.events.includes(campaign.id))).toBeDefined()
  })

  test('the leading series move with the change; checkout success and the 30-minute SLO follow much later', () => {
    const changeMinute = Math.floor(changes[0]!.seconds / 60)
    const idle = firstMinute(series('inventory-db.idle_in_txn'), (v) => v > 3)
    const ok = firstMinute(series('checkout.ok_pct'), (v) => v < 97)
    const slo = firstMinute(series('slo.checkout_30m'), (v) => v < 97)
    expect(idle - changeMinute).toBeLessThanOrEqual(2)
    expect(ok - changeMinute).toBeGreaterThan(15)
    expect(slo).toBeGreaterThan(ok)
  })
})

describe('incident c, read from the inputs: quotes without an expiry fill session-cache', () => {
  const release = one((l) => l.component === 'deployer' && l.message.startsWith('switch cart '))
  const stats = where((l) => l.component === 'session-cache' && l.message.startsWith('stats ')).map((l) => {
    const k = /keys=(\d+) volatile=(\d+)/.exec(l.message)!
    // A stats line describes the minute that just ended.
    return { line: l, minute: Math.floor(l.seconds / 60) - 1, permanent: Number(k[1]) - Number(k[2]), evicted: Number(/evicted=(\d+)/.exec(l.message)![1]) }
  })
  const switchMinute = Math.floor(release.seconds / 60)

  test('keys without an expiry stay at the catalogue count until the minute of the cart switch, then grow every minute', () => {
    const base = Number(/no expiry, about ([\d,]+) keys/.exec(files.system)![1]!.replace(',', ''))
    const before = stats.filter((s) => s.minute < switchMinute)
    expect(before.length).toBeGreaterThan(3)
    for (const s of before) expect(Math.abs(s.permanent - base)).toBeLessThan(10)
    const from = stats.findIndex((s) => s.minute === switchMinute)
    expect(stats[from]!.permanent).toBeGreaterThan(base + 200)
    for (let i = from + 1; i < stats.length; i++) expect(stats[i]!.permanent - stats[i - 1]!.permanent).toBeGreaterThan(1500)
    expect(incident('c').firstBadEvent).toBe(release.id)
  })

  test('the other change to a caller of session-cache came a minute earlier, when nothing grew', () => {
    const auth = one((l) => l.component === 'auth' && /changed=[1-9]/.test(l.message))
    expect(Math.floor(auth.seconds / 60)).toBe(switchMinute - 1)
    expect(stats.find((s) => s.minute === switchMinute - 1)!.permanent).toBe(stats[0]!.permanent)
    expect(truth.redHerrings.find((h) => h.events.includes(auth.id))).toBeDefined()
  })

  test('the cache fills and evicts; sessions go missing well before their 30 minutes', () => {
    const used = series('session-cache.used_pct')
    const evicted = series('session-cache.evicted')
    const full = firstMinute(used, (v) => v >= 100)
    expect(full).toBeGreaterThan(switchMinute + 30)
    expect(firstMinute(evicted, (v) => v > 0)).toBe(full)
    const missing = where((l) => l.message.startsWith('session missing'))
    expect(missing.length).toBeGreaterThan(20)
    expect(missing.every((l) => l.seconds >= 60 * full && Number(/idle=(\d+)m/.exec(l.message)![1]) < 30)).toBe(true)
  })

  test('what the rollback leaves behind must be deleted: volatile-lru never evicts keys without an expiry', () => {
    expect(files.system).toMatch(/Keys without an expiry are never evicted/)
    expect(files.runbook).toMatch(/## R18[\s\S]*?already stored in `session-cache` are not changed/)
    expect(required('R18')).toBeDefined()
    expect(required('R21')).toBeDefined()
  })

  test("the cache alert names its owners' usual first action, the flush, which signs every customer out", () => {
    const alert = one((l) => l.component === 'monitor' && l.message.startsWith('alert session-cache.used_pct'))
    expect(alert.message).toMatch(/ runbook=R22$/)
    expect(files.runbook).toMatch(/## R22[\s\S]*?every signed-in customer is signed out/)
    expect(harmful('R22')).toMatchObject({ mustAvoid: true })
    expect(harmful('R23')).toBeDefined()
  })
})

describe('incident d, read from the inputs: a long report holds up replay on the failover target', () => {
  const lag = series('orders-db-2.replay_lag_s')
  const reports = where((l) => l.component === 'reporting' && / started on orders-db-2 /.test(l.message)).map((l) => {
    const id = /query (q-\d+)/.exec(l.message)![1]!
    const end = where((x) => x.component === 'reporting' && x.message.startsWith(`query ${id} done`))[0]
    return { line: l, id, est: Number(/est=(\d+)m/.exec(l.message)![1]), end }
  })
  const conflict = one((l) => l.message.includes('recovery conflict'))

  test('outside the report-hourly window the replica keeps up until the conflict, then falls a minute behind per minute', () => {
    const m = Math.floor(conflict.seconds / 60)
    expect(lag.slice(10, m).every((v) => v <= 5)).toBe(true)
    for (let i = m + 2; i < lag.length; i++) expect(lag[i]! - lag[i - 1]!).toBeGreaterThanOrEqual(57)
    expect(lag.at(-1)!).toBeGreaterThan(15 * 60)
    expect(files.system).toMatch(/`orders-db-2` must stay within 60 s of the primary/)
  })

  test('the first bad event is the one report still running at the conflict; every other report ended within minutes', () => {
    const running = reports.filter((r) => r.line.seconds < conflict.seconds && (r.end === undefined || r.end.seconds > conflict.seconds))
    expect(running).toHaveLength(1)
    expect(running[0]!.end).toBeUndefined()
    expect(running[0]!.est).toBeGreaterThan(30)
    expect(incident('d').firstBadEvent).toBe(running[0]!.line.id)
    for (const r of reports.filter((x) => x !== running[0])) expect(r.end!.seconds - r.line.seconds).toBeLessThan(5 * 60)
    expect(required('R24')!.why).toContain(running[0]!.id)
  })

  test('the vacuum that removed rows of the report\'s table came just before the replica began to wait', () => {
    const vacuum = one((l) => / table=orders /.test(l.message))
    expect(conflict.seconds - vacuum.seconds).toBeLessThanOrEqual(2)
    expect(vacuum.seconds).toBeGreaterThan(reports.find((r) => r.end === undefined)!.line.seconds)
    expect(incident('d').events).toEqual(expect.arrayContaining([vacuum.id, conflict.id]))
  })
})

describe('the impact of each incident, counted from the inputs', () => {
  const created = series('orders.created')
  const total = created.reduce((a, b) => a + b, 0)
  const label = (minute: number) => `13:${String(minute).padStart(2, '0')}`
  const minuteOfLine = (l: Line) => Math.floor(l.seconds / 60)
  const figure = (id: string, measure: string) => incident(id).impact!.figures.find((f) => f.measure === measure)!.value
  const firstAlert = (test: (l: Line) => boolean) => where((l) => l.component === 'monitor' && /^(alert|page) /.test(l.message) && test(l))[0]!
  /**
   * Order numbers are given in sequence: a logged order created s seconds into minute m has about
   * the number of the minute's first order plus created[m] · s / 60. Every logged order gives the
   * number of the hour's first order that way; the median is the estimate.
   */
  const firstOrder = (() => {
    const estimates = where((l) => /^created O-\d+ /.test(l.message)).map((l) => {
      const m = minuteOfLine(l)
      const before = created.slice(0, m).reduce((a, b) => a + b, 0)
      return Number(/O-(\d+)/.exec(l.message)![1]) - Math.floor((created[m]! * (l.seconds - 60 * m)) / 60) - before
    })
    return estimates.sort((a, b) => a - b)[Math.floor(estimates.length / 2)]!
  })()
  /** The orders created from second `at` of the hour to its end. */
  const ordersFrom = (at: number) => {
    const m = Math.floor(at / 60)
    const number = firstOrder + created.slice(0, m).reduce((a, b) => a + b, 0) + Math.floor((created[m]! * (at - 60 * m)) / 60)
    return firstOrder + total - number
  }

  test('a: from the refused order on, no order was published; the B2B ones are counted line by line', () => {
    const refusal = one((l) => l.message.includes('MESSAGE_TOO_LARGE'))
    const order = /send failed (O-\d+)/.exec(refusal.message)![1]!
    const big = one((l) => l.message.startsWith(`created ${order} `))
    const b2b = where((l) => / channel=b2b /.test(l.message) && l.seconds >= big.seconds)
    expect(incident('a').impact).toMatchObject({ start: label(minuteOfLine(big)), detectedBy: firstAlert((l) => l.message.includes('orders-db-1.')).id })
    expect(figure('a', 'b2b_orders_unpublished')).toBe(b2b.length)
    expect(figure('a', 'b2b_lines_unpublished')).toBe(b2b.reduce((sum, l) => sum + Number(/lines=(\d+)/.exec(l.message)![1]), 0))
    // The log's whole seconds leave the estimate a few orders off the exact count, far inside the brief's 2 %.
    expect(Math.abs(figure('a', 'orders_unpublished') - ordersFrom(big.seconds))).toBeLessThanOrEqual(5)
    // Adding up orders.created from the refused order's minute, its share of that minute included, is within the brief's 2 %.
    const m = minuteOfLine(big)
    const bySum = created.slice(m + 1).reduce((a, b) => a + b, 0) + (created[m]! * (60 * (m + 1) - big.seconds)) / 60
    expect(Math.abs(bySum - figure('a', 'orders_unpublished'))).toBeLessThanOrEqual(0.02 * figure('a', 'orders_unpublished'))
    // The bus alert of 13:08 is the partition reassignment's, before the refusal: not this incident's.
    expect(firstAlert(() => true).seconds).toBeLessThan(refusal.seconds)
  })

  test("b: every checkout attempt that timed out on inventory, each line with the ones it stands for; the client's retries apart", () => {
    const failed = where((l) => l.component === 'checkout' && l.message.startsWith('reserve timeout upstream=inventory '))
    const sum = (ls: Line[]) => ls.reduce((s, l) => s + count(l), 0)
    expect(incident('b').impact).toMatchObject({ start: label(minuteOfLine(failed[0]!)), detectedBy: firstAlert((l) => /\binventory(-db)?\./.test(l.message)).id })
    expect(figure('b', 'checkouts_failed')).toBe(sum(failed))
    expect(figure('b', 'retries_failed')).toBe(sum(failed.filter((l) => / attempt=2 /.test(l.message))))
    // The payment timeouts while the provider was slow are not this incident's.
    expect(where((l) => l.message.startsWith('payment timeout upstream=payments')).length).toBeGreaterThan(0)
  })

  test('c: distinct customers whose session had gone, however many requests each made; carts with lost data, each line with the ones it stands for', () => {
    const missing = where((l) => l.message.startsWith('session missing '))
    const customers = new Set(missing.map((l) => /u=(\d+)/.exec(l.message)![1]))
    expect(customers.size).toBeLessThan(missing.length)
    expect(incident('c').impact).toMatchObject({ start: label(minuteOfLine(missing[0]!)), detectedBy: firstAlert((l) => l.message.includes('session-cache.')).id })
    expect(figure('c', 'customers_signed_out')).toBe(customers.size)
    expect(figure('c', 'carts_lost_data')).toBe(where((l) => l.message.startsWith('short-lived data gone ')).reduce((s, l) => s + count(l), 0))
  })

  test('d: from the recovery conflict on, the failover target replayed nothing; harm from the first minute it was over 60 s behind', () => {
    const vacuum = one((l) => / table=orders /.test(l.message))
    const lag = series('orders-db-2.replay_lag_s')
    const from = minuteOfLine(vacuum)
    const start = from + lag.slice(from).findIndex((v) => v > 60)
    const alert = firstAlert((l) => l.message.includes('orders-db-2.replay_lag_s') && l.seconds > vacuum.seconds)
    expect(incident('d').impact).toMatchObject({ start: label(start), detectedBy: alert.id })
    expect(Math.abs(figure('d', 'orders_exposed') - ordersFrom(vacuum.seconds))).toBeLessThanOrEqual(5)
    // The lag alert of the report-hourly window came long before.
    expect(firstAlert((l) => l.message.includes('orders-db-2.replay_lag_s')).seconds).toBeLessThan(vacuum.seconds - 30 * 60)
  })

  test('the plan: the change to revert, the report to cancel, and the order the runbook implies', () => {
    const flag = where((l) => l.component === 'inventory' && /config reload .*changed=[1-9]/.test(l.message))[0]!
    expect(required('R06')!.targets).toEqual([/chg=(\S+)/.exec(flag.message)![1]])
    const report = /query (q-\d+)/.exec(where((l) => l.id === incident('d').firstBadEvent)[0]!.message)![1]
    expect(required('R24')!.targets).toEqual([report])
    expect(required('R07')!.after).toEqual(['R06'])
    expect(required('R21')!.after).toEqual(['R18'])
    expect(required('R08')!.after).toEqual(['R17', 'R20'])
  })
})

describe('the task', () => {
  test("the single agent's prompt stays within the hard tier's budget of about 100,000 tokens", async () => {
    const task = (await loadRegistry()).get('incident_response_overlap')
    const prompt = `${soloIdentity([]).system}\n${taskBlock(task)}\n${deliverableFormat(task)}`
    expect(estimateTokens(prompt)).toBeLessThanOrEqual(100_000)
    expect(estimateTokens(prompt)).toBeGreaterThan(60_000)
  })
})
