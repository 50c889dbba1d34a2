import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { CALENDARS, HUBS, ZONES } from '../../../tools/fixtures/desk-queue/calendars.js'
import { fixtureFiles } from '../../../tools/fixtures/desk-queue/files.js'
import { generateBatch, SEED } from '../../../tools/fixtures/desk-queue/generate.js'
import { EXTRA, type Pod, PODS, WEEKLY } from '../../../tools/fixtures/desk-queue/maintenance.js'
import { TARGETS } from '../../../tools/fixtures/desk-queue/policy.js'
import { localTime, offsetText } from '../../../tools/fixtures/desk-queue/time.js'

const dir = join(PROJECT_ROOT, 'fixtures', 'hard', 'desk-queue')
const batch = generateBatch()
const files = fixtureFiles(SEED)
const policy = readFileSync(join(dir, 'policy.md'), 'utf8')
const withTrap = (trap: string) => batch.truth.filter((t) => t.traps.includes(trap)).length

describe('the generated triage fixtures', () => {
  test('the committed files are exactly what the seeded generator writes (regenerate with npx tsx tools/fixtures/desk-queue.ts)', () => {
    for (const [name, content] of Object.entries(files)) expect(readFileSync(join(dir, name), 'utf8'), name).toBe(content)
  })

  test('another seed gives another batch', () => {
    expect(generateBatch(SEED + 1).tickets.map((t) => t.body)).not.toEqual(batch.tickets.map((t) => t.body))
  })

  test('450 to 520 tickets, numbered in order of receipt, every body different', () => {
    expect(batch.tickets.length).toBeGreaterThanOrEqual(450)
    expect(batch.tickets.length).toBeLessThanOrEqual(520)
    batch.tickets.forEach((t, i) => expect(t.id).toBe(`T-${4101 + i}`))
    const times = batch.tickets.map((t) => Date.parse(t.receivedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(batch.tickets.map((t) => t.body)).size).toBe(batch.tickets.length)
  })

  test('the batch plants enough of every kind of hard case', () => {
    const merged = batch.truth.filter((t) => t.mergeInto)
    expect(merged.filter((t) => t.mergeKind === 'duplicate').length).toBeGreaterThanOrEqual(25)
    expect(merged.filter((t) => t.mergeKind === 'follow_up').length).toBeGreaterThanOrEqual(25)
    expect(merged.filter((t) => t.mergeKind === 'escalation').length).toBeGreaterThanOrEqual(8)
    const at = (n: number, traps: string[]) => traps.forEach((trap) => expect(withTrap(trap), trap).toBeGreaterThanOrEqual(n))
    at(60, ['beyond_allowance', 'account_watch', 'maintenance', 'follow_the_sun'])
    at(30, ['repeat_case', 'account_change', 'contradicting_claim'])
    at(10, ['lapsed', 'grace', 'hypercare', 'holiday', 'clock_change', 'hub_calendar', 'non_production', 'merge_chain', 'near_cutoff', 'late_follow_up', 'shared_incident', 'round_the_clock'])
    at(3, ['sandbox_sla', 'tam', 'quiet_report', 'dst_cutoff', 'chain_cutoff', 'reply_after_repeat', 'stale_reference', 'other_problem', 'other_tenant', 'other_user', 'cross_account'])
    const priorities = batch.truth.map((t) => t.priority)
    for (const p of ['P0', 'P1', 'P2', 'P3']) expect(priorities.filter((x) => x === p).length, p).toBeGreaterThanOrEqual(50)
  })

  test("every merged ticket shares its original's decisions", () => {
    const byId = new Map(batch.truth.map((t) => [t.id, t]))
    for (const t of batch.truth.filter((x) => x.mergeInto)) {
      const o = byId.get(t.mergeInto!)!
      expect(o.mergeInto, t.id).toBeNull()
      expect([t.priority, t.routing, t.category, t.slaDeadline], t.id).toEqual([o.priority, o.routing, o.category, o.slaDeadline])
    }
  })
})

describe('policy.md states the facts the generator computes with', () => {
  const rows = (heading: string) => {
    const start = policy.indexOf(heading)
    const end = policy.indexOf('\n## ', start + heading.length)
    const section = policy.slice(start, end < 0 ? undefined : end)
    return [...section.matchAll(/^\| (?!-)(.+) \|$/gm)].map((m) => m[1]!.split(' | ').map((c) => c.trim()))
  }
  const day = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).replace(',', '')

  test('the target table', () => {
    const table = rows('### 7.1 Targets').slice(1, 4)
    const written = (minutes: number, clock: string) => {
      const amount = minutes < 60 ? `${minutes} minutes` : `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`
      return clock === 'calendar' ? `${amount}, 24/7` : `${minutes / 60} business ${minutes === 60 ? 'hour' : 'hours'}`
    }
    expect(table).toEqual((['Premier', 'Business', 'Standard'] as const).map((plan) => [plan, ...(['P0', 'P1', 'P2', 'P3'] as const).map((p) => written(TARGETS[plan][p].minutes, TARGETS[plan][p].clock))]))
  })

  test('the holiday calendars', () => {
    const table = Object.fromEntries(rows('## Appendix B').slice(1).map(([code, text]) => [code!, text!]))
    expect(Object.keys(table).sort()).toEqual(Object.keys(CALENDARS).sort())
    for (const [code, cal] of Object.entries(CALENDARS)) {
      const listed = [...table[code]!.matchAll(/(\w{3} \d{1,2} \w{3})/g)].map((m) => m[1])
      expect(listed, code).toEqual(cal.holidays.map(([d]) => day(d)))
    }
  })

  test('the maintenance windows', () => {
    const weekly = rows('## Appendix C').filter((r) => r.length === 3).slice(1)
    const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
    expect(weekly).toEqual((['EMEA', 'AMER', 'APAC'] as const).map((region) => [region, PODS[region].join(', '), `${weekday[WEEKLY[region].weekday]} ${WEEKLY[region].from}–${WEEKLY[region].to}`]))
    const pods = rows('## Appendix C').filter((r) => r.length === 2).slice(1)
    expect(pods).toEqual((Object.keys(EXTRA) as Pod[]).map((pod) => [pod, EXTRA[pod].map((w) => `${day(w.date)} ${w.from}–${w.to}`).join(', ')]))
  })

  test('the account table and the change log have the columns the policy describes', () => {
    const described = rows('### 1.1 The account table').slice(1).map(([column]) => column!.replaceAll('`', ''))
    expect(files['accounts.csv'].split('\n')[0]!.split(',')).toEqual(['account', 'name', ...described.slice(1)])
    expect(files['account-changes.csv'].split('\n')[0]).toBe('account,effective,field,from,to')
    for (const field of new Set(batch.changes.map((c) => c.field))) expect(described, field).toContain(field)
  })

  test('the hubs', () => {
    expect(rows('### 7.3 Which business hours').slice(1)).toEqual(Object.entries(HUBS).map(([region, h]) => [region, h.city, h.zone, h.calendar]))
  })

  test('the time-zone appendix agrees with the time-zone database on 1 October and 30 November', () => {
    const table = rows('## Appendix A').slice(1)
    const zones = table.flatMap(([names]) => names!.split(', '))
    expect(zones.sort()).toEqual([...ZONES].sort())
    for (const [names, offset, change] of table) {
      for (const zone of names!.split(', ')) {
        expect(offset!.replace('−', '-'), zone).toBe(offsetText(localTime(Date.parse('2026-10-01T00:00:00Z'), zone).offset))
        const after = /to ([+−-]\d{2}:\d{2})/.exec(change!)?.[1]?.replace('−', '-') ?? offset!.replace('−', '-')
        expect(after, zone).toBe(offsetText(localTime(Date.parse('2026-11-30T00:00:00Z'), zone).offset))
      }
    }
  })
})
