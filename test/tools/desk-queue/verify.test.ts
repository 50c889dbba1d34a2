import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scoreSupportTriage } from '../../../lib/eval/scorers/support-triage.js'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { CALENDARS, HUBS } from '../../../tools/fixtures/desk-queue/calendars.js'
import { accountAtInstant } from '../../../tools/fixtures/desk-queue/changes.js'
import { generateBatch } from '../../../tools/fixtures/desk-queue/generate.js'
import { windowsOf } from '../../../tools/fixtures/desk-queue/maintenance.js'
import type { Account, Plan, Priority } from '../../../tools/fixtures/desk-queue/policy.js'
import type { Spec } from '../../../tools/fixtures/desk-queue/plan.js'
import { ALL_RULES, type Rules, triage } from '../../../tools/fixtures/desk-queue/triage.js'

/**
 * The ground truth checked by another route than the generator's: merges, repeat cases, watches and
 * the allowance re-derived by scanning the whole queue for each ticket (no running state), and every
 * deadline re-counted minute by minute, with the targets read from policy.md. The rules themselves
 * (which plan, which clock) are the policy's words, written out again here.
 */

const batch = generateBatch()
const truth = new Map(batch.truth.map((t) => [t.id, t]))
const specs = batch.specs
const WEEK = 168 * 3_600_000
const MINUTE = 60_000
const policy = readFileSync(join(PROJECT_ROOT, 'fixtures', 'hard', 'desk-queue', 'policy.md'), 'utf8')

/** The target table of policy.md: minutes and whether they run 24/7. */
const TABLE: Record<string, Record<string, { minutes: number; allDay: boolean }>> = Object.fromEntries(
  [...policy.matchAll(/^\| (Premier|Business|Standard) \| (.+) \|$/gm)].map((m) => [
    m[1]!,
    Object.fromEntries(
      m[2]!.split(' | ').map((cell, i) => {
        const n = Number(/^\d+/.exec(cell)![0])
        return [`P${i}`, { minutes: cell.includes('minutes') ? n : n * 60, allDay: cell.includes('24/7') }]
      }),
    ),
  ]),
)

const account = (s: Spec) => accountAtInstant(s.account, batch.changes, s.at)
const localDate = (ms: number, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(ms))
const covered = (a: Account, at: number) => {
  const d = localDate(at, a.timezone)
  const end = new Date(`${a.contractEnd}T00:00:00Z`)
  const grace = new Date(end.getTime() + 30 * 86_400_000).toISOString().slice(0, 10)
  return d <= a.contractEnd || a.renewal === 'auto' || a.renewal === 'signed' ? 'covered' : d <= grace ? 'grace' : 'lapsed'
}

describe('merges, repeat cases, watches and the allowance, re-derived by scanning the queue', () => {
  // Originals in order: a ticket opens a case unless an earlier original of its account and problem,
  // the latest one, was received less than 168 hours before it.
  const originalOf = new Map<Spec, Spec | null>()
  for (const s of specs) {
    const earlier = specs.filter((x) => x.at < s.at || (x.at === s.at && x.n < s.n))
    const same = earlier.filter((x) => x.account === s.account && x.problem === s.problem && originalOf.get(x) === null)
    const latest = same.at(-1)
    originalOf.set(s, latest && s.at - latest.at < WEEK ? latest : null)
  }

  test('mergeInto of every ticket', () => {
    for (const s of specs) expect(truth.get(s.id!)!.mergeInto, s.id).toBe(originalOf.get(s)?.id ?? null)
  })

  test('repeat cases, watches and units before each case', () => {
    const cases = specs.filter((s) => originalOf.get(s) === null)
    const base = (s: Spec) => {
      const d = batch.decisions.get(s)!
      return d.group.watched ? (d.own === 'P1' ? 'P2' : 'P3') : d.own
    }
    for (const s of cases) {
      const d = batch.decisions.get(s)!
      const before = cases.filter((x) => x.account === s.account && x.at < s.at)
      expect(d.group.repeat, `${s.id} repeat`).toBe(before.some((x) => x.problem === s.problem))
      const watch = before.some((x) => s.at - x.at < 2 * WEEK && ['P0', 'P1'].includes(base(x)))
      if (d.group.watched) expect(watch, `${s.id} watched`).toBe(true)
      const month = localDate(s.at, s.account.timezone).slice(0, 7)
      const units: Record<Priority, number> = { P0: 0, P1: 3, P2: 2, P3: 1 }
      const used = (month === '2026-10' ? s.account.unitsUsed : 0) + before.filter((x) => localDate(x.at, x.account.timezone).slice(0, 7) === month && covered(account(x), x.at) === 'covered').reduce((sum, x) => sum + units[batch.decisions.get(x)!.own], 0)
      expect(d.unitsBefore, `${s.id} units`).toBe(used)
    }
  })
})

/** The UTC offset of a zone, in minutes, cached by hour (clock changes fall on whole hours). */
const offsets = new Map<string, number>()
function offsetAt(zone: string, ms: number): number {
  const hour = Math.floor(ms / 3_600_000)
  const key = `${zone}@${hour}`
  let off = offsets.get(key)
  if (off === undefined) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(hour * 3_600_000)).map((p) => [p.type, Number(p.value)]))
    off = (Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - hour * 3_600_000) / MINUTE
    offsets.set(key, off)
  }
  return off
}

/**
 * Whether the minute starting at `ms` is inside 08:00-18:00 of a working day of the calendar (and
 * not a holiday of `alsoClosed`). Every offset is a whole or half hour, so the answer holds for the
 * whole UTC half hour and is cached by it.
 */
const hours = new Map<string, boolean>()
function inHours(ms: number, zone: string, calendar: string, alsoClosed?: string): boolean {
  const slot = Math.floor(ms / (30 * MINUTE))
  const key = `${zone}|${calendar}|${alsoClosed}|${slot}`
  let known = hours.get(key)
  if (known === undefined) hours.set(key, (known = computeInHours(slot * 30 * MINUTE, zone, calendar, alsoClosed)))
  return known
}

function computeInHours(ms: number, zone: string, calendar: string, alsoClosed?: string): boolean {
  const local = new Date(ms + offsetAt(zone, ms) * MINUTE)
  const date = local.toISOString().slice(0, 10)
  const hour = local.getUTCHours()
  const closed = (code: string) => CALENDARS[code]!.holidays.some(([d]) => d === date)
  return CALENDARS[calendar]!.workdays.includes(local.getUTCDay()) && !closed(calendar) && !(alsoClosed && closed(alsoClosed)) && hour >= 8 && hour < 18
}

/** The deadline counted minute by minute: the end of the minute in which the target is used up. */
function countDeadline(start: number, priority: Priority, plan: Plan, a: Account, at: number): number {
  const { minutes, allDay: tableAllDay } = TABLE[plan]![priority]!
  const roundTheClock = plan === 'Business' && priority === 'P1' && covered(a, at) === 'covered' && a.entitlements.includes('24x7')
  const allDay = tableAllDay || roundTheClock
  const windows = windowsOf(a.pod)
  const hub = HUBS[a.region]
  const open = (ms: number) => {
    if (windows.some((w) => w.from <= ms && ms < w.to)) return false
    if (allDay) return true
    if (plan === 'Standard' && (priority === 'P0' || priority === 'P1')) return Object.values(HUBS).some((h) => inHours(ms, h.zone, h.calendar))
    if (plan === 'Standard') return inHours(ms, hub.zone, hub.calendar)
    return inHours(ms, a.timezone, a.calendar, hub.calendar)
  }
  let t = start
  for (let counted = 0; counted < minutes; t += MINUTE) if (open(t)) counted++
  return t
}

describe('deadlines counted minute by minute', () => {
  test('every group deadline is the earliest of its original\'s and its raises\'', () => {
    const groups = new Set([...batch.decisions.values()].map((d) => d.group))
    for (const g of groups) {
      const o = g.original
      const d = batch.decisions.get(o)!
      const a = account(o)
      const status = covered(a, o.at)
      const beyond = status === 'covered' && d.own !== 'P0' && a.unitsPerMonth !== null && d.unitsBefore! >= a.unitsPerMonth
      const served: Plan = status !== 'covered' || beyond ? 'Standard' : a.plan
      let deadline = countDeadline(o.at, d.own, served, a, o.at)
      for (const m of g.raisedBy) {
        const own = batch.decisions.get(m)!.own
        const plan: Plan = own === 'P0' && status === 'covered' ? account(m).plan : served
        deadline = Math.min(deadline, countDeadline(m.at, own, plan, account(m), m.at))
      }
      expect(Date.parse(truth.get(o.id!)!.slaDeadline), o.id).toBe(deadline)
    }
  })
})

describe('every rule of the policy carries weight in the batch', () => {
  // A deliverable that is right in everything but one rule scores what the triage without that rule
  // scores against the truth. The thresholds keep each rule from fading out of the fixtures.
  const truthFile = { input: 'tickets', accounts: 'accounts', tickets: batch.truth.map(({ traps: _traps, ...t }) => t) }
  const without = (rule: keyof Rules) => {
    const d = triage(specs, batch.changes, { ...ALL_RULES, [rule]: false })
    const tickets = specs.map((s) => {
      const x = d.get(s)!
      return { id: s.id!, priority: x.group.priority, routing: x.group.routing, category: x.group.category, slaDeadline: new Date(x.group.deadline.ms).toISOString(), mergeInto: x.merged ? x.group.original.id! : null, rationale: '' }
    })
    return scoreSupportTriage(truthFile, { tickets })
  }

  test.each([
    ['changes', 0.05],
    ['allowance', 0.1],
    ['repeat', 0.03],
    ['watch', 0.1],
    ['windows', 0.2],
  ] as const)('ignoring %s gets at least %d of the deadlines wrong', (rule, share) => {
    const s = without(rule)
    expect(s.metrics.sla_exact!, rule).toBeLessThanOrEqual(1 - share)
    expect(s.score, rule).toBeLessThan(100)
  })

  test('the watch alone decides at least one priority in ten; repeat cases and the change log decide others', () => {
    expect(without('watch').metrics.priority_accuracy!).toBeLessThanOrEqual(0.9)
    expect(without('repeat').metrics.priority_accuracy!).toBeLessThan(1)
    expect(without('changes').metrics.priority_accuracy!).toBeLessThan(1)
  })
})
