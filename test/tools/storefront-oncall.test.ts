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
 * files", the computed ground truth is checked by another route: by reading the log, the metrics
 * and the runbook as an analyst would, with patterns rather than the generator's own tags.
 */
const read = (name: string) => readFileSync(join(PROJECT_ROOT, FIXTURE_DIR, name), 'utf8')
const files = { events: read('events.log'), metrics: read('metrics.csv'), runbook: read('runbook.md'), truth: read('ground-truth.json') }
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
const incident = (id: string) => truth.incidents.find((x) => x.id === id)!

const rows = files.metrics
  .trimEnd()
  .split('\n')
  .map((r) => r.split(','))
const header = rows[0]!
const series = (name: string) => rows.slice(1).map((r) => Number(r[header.indexOf(name)]))
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
  test('at least 3,000 events, numbered in time order within the hour', () => {
    expect(lines.length).toBeGreaterThanOrEqual(3000)
    lines.forEach((l, i) => expect(l.id).toBe(`E-${String(i + 1).padStart(4, '0')}`))
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.seconds).toBeGreaterThanOrEqual(lines[i - 1]!.seconds)
  })
})

describe('incident a, read from the log: the connector stuck on a refused record', () => {
  const refused = where((l) => l.message.includes('MESSAGE_TOO_LARGE'))
  const first = refused[0]!
  const heartbeats = where((l) => l.component === 'orders-cdc' && l.message.startsWith('hb '))

  test('the first bad event is the first refusal, attempt 1, and every refusal belongs to the incident', () => {
    expect(first.message).toMatch(/attempt=1 /)
    expect(incident('a').firstBadEvent).toBe(first.id)
    const own = new Set(incident('a').events)
    expect(refused.every((l) => own.has(l.id))).toBe(true)
  })

  test('before it the connector sends; from the first full minute after it, it sends nothing and its position never moves', () => {
    const before = heartbeats.filter((l) => l.seconds < first.seconds)
    const after = heartbeats.filter((l) => l.seconds >= 60 * (Math.floor(first.seconds / 60) + 2))
    expect(before.every((l) => !/sent=0 /.test(l.message))).toBe(true)
    expect(after.length).toBeGreaterThan(40)
    expect(after.every((l) => / state=RUNNING sent=0 /.test(l.message))).toBe(true)
    expect(new Set(after.map((l) => /confirmed=(\S+)/.exec(l.message)![1])).size).toBe(1)
  })

  test('the bus gets no order events from then on while payment events keep flowing; the NOT_LEADER retries were over before', () => {
    const stats = where((l) => l.component === 'bus' && l.message.startsWith('stats '))
    const after = stats.filter((l) => l.seconds >= 60 * (Math.floor(first.seconds / 60) + 2))
    expect(after.every((l) => / order-events=0 /.test(l.message))).toBe(true)
    expect(stats.every((l) => !/ payment-events=0 /.test(l.message))).toBe(true)
    const notLeader = where((l) => l.message.includes('NOT_LEADER'))
    expect(notLeader.length).toBeGreaterThan(0)
    expect(notLeader.every((l) => l.seconds < first.seconds)).toBe(true)
  })

  test('the slot stays active, so the runbook condition for dropping it is not met', () => {
    const slots = where((l) => l.message.startsWith('slot cdc_orders') && l.seconds > first.seconds)
    expect(slots.length).toBeGreaterThan(0)
    expect(slots.every((l) => l.message.includes('active=t'))).toBe(true)
    expect(files.runbook).toMatch(/## R10[\s\S]*inactive \(`active=f`\) for more than 30\s+minutes/)
  })

  test('the volume fills before the skip can take effect but after the extension has: the extension is required', () => {
    const disk = series('orders-db-1.disk_pct')
    const last = disk.at(-1)!
    const slope = (last - disk.at(-11)!) / 10
    const minutesToFull = (100 - last) / slope
    const skipDelay = Number(/## R08[\s\S]*?about (\d+) minutes after the order is given/.exec(files.runbook)![1])
    const extendTakes = Number(/## R03[\s\S]*?takes about\s+(\d+) minutes/.exec(files.runbook)![1])
    expect(minutesToFull).toBeLessThan(skipDelay)
    expect(minutesToFull).toBeGreaterThan(extendTakes)
    expect(truth.requiredActions.map((a) => a.action)).toEqual(expect.arrayContaining(['R03', 'R08', 'R09']))
  })

  test('an earlier record near the size limit was published: it is not where the incident began', () => {
    const large = where((l) => l.message.startsWith('large record'))
    expect(large).toHaveLength(1)
    expect(large[0]!.seconds).toBeLessThan(first.seconds)
    expect(heartbeats.find((l) => l.seconds > large[0]!.seconds)!.message).not.toMatch(/sent=0 /)
    expect(incident('a').events).not.toContain(large[0]!.id)
  })

  test("the disk page names its owners' usual first action, the failover, which here would never publish the held-back changes", () => {
    const page = where((l) => l.component === 'monitor' && l.level === 'C' && l.message.includes('orders-db-1.disk_pct'))[0]!
    expect(page.message).toMatch(/ runbook=R05$/)
    expect(files.runbook).toMatch(/## R05[\s\S]*?not yet confirmed is never published to `order-events`/)
    expect(truth.harmfulActions).toContainEqual(expect.objectContaining({ action: 'R05', mustAvoid: true }))
  })

  test('the disk alert lags the cause by more than half an hour', () => {
    const alert = where((l) => l.component === 'monitor' && l.message.includes('orders-db-1.disk_pct'))[0]!
    expect(alert.seconds - first.seconds).toBeGreaterThan(30 * 60)
    expect(incident('a').events).toContain(alert.id)
  })
})

describe('incident b, read from the log: a flag that leaks connections', () => {
  const changes = where((l) => l.component === 'inventory' && /config reload .*changed=[1-9]/.test(l.message))
  const held = where((l) => l.message.includes('path=reserve_v2'))

  test('the first bad event is the only inventory reload that changed something, and it turns reserve_v2 on', () => {
    expect(changes).toHaveLength(1)
    expect(changes[0]!.message).toMatch(/reserve_v2=25%/)
    expect(incident('b').firstBadEvent).toBe(changes[0]!.id)
  })

  test('connections taken on the new path are reported from 60 s after the change, and all belong to the incident', () => {
    expect(held[0]!.seconds - changes[0]!.seconds).toBeGreaterThanOrEqual(60)
    const own = new Set(incident('b').events)
    expect(held.every((l) => own.has(l.id))).toBe(true)
  })

  test('the checkout release is a red herring: it starts after the leak, and checkout fails only after it finished, upstream=inventory', () => {
    const rollout = where((l) => l.component === 'deployer' && l.message.startsWith('rollout checkout'))
    const checkoutErrors = where((l) => l.component === 'checkout' && l.level === 'E')
    expect(rollout[0]!.seconds).toBeGreaterThan(held[0]!.seconds)
    expect(checkoutErrors[0]!.seconds).toBeGreaterThan(rollout.at(-1)!.seconds)
    expect(checkoutErrors.every((l) => l.message.includes('upstream=inventory'))).toBe(true)
    const herring = truth.redHerrings.find((h) => h.component === 'checkout')!
    expect(herring.events).toEqual(expect.arrayContaining(rollout.map((l) => l.id)))
    expect(truth.harmfulActions.map((a) => a.action)).toContain('R01')
  })

  test('before 4.18.0 retries left duplicate holds; after it they get their hold back', () => {
    const done = where((l) => l.message.startsWith('rollout checkout 4.18.0 done'))[0]!
    const dup = where((l) => l.message.startsWith('dup hold'))
    const exists = where((l) => l.message.startsWith('hold exists'))
    expect(dup.length).toBeGreaterThan(0)
    expect(dup.every((l) => l.seconds < done.seconds)).toBe(true)
    expect(exists.length).toBeGreaterThan(10)
    expect(exists.every((l) => l.seconds > done.seconds)).toBe(true)
  })

  test('the leading series move with the change; checkout success and the 30-minute SLO follow minutes later', () => {
    const changeMinute = Math.floor(changes[0]!.seconds / 60)
    const idle = firstMinute(series('inventory-db.idle_in_txn'), (v) => v > 10)
    const ok = firstMinute(series('checkout.ok_pct'), (v) => v < 97)
    const slo = firstMinute(series('slo.checkout_30m'), (v) => v < 97)
    expect(idle - changeMinute).toBeLessThanOrEqual(1)
    expect(ok - changeMinute).toBeGreaterThan(10)
    expect(slo).toBeGreaterThan(ok)
  })
})

describe('the task', () => {
  test("the single agent's prompt stays within the hard tier's budget of about 60,000 tokens", async () => {
    const task = (await loadRegistry()).get('incident_response_overlap')
    const prompt = `${soloIdentity([]).system}\n${taskBlock(task)}\n${deliverableFormat(task)}`
    expect(estimateTokens(prompt)).toBeLessThanOrEqual(60_000)
  })
})
