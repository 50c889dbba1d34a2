import { describe, expect, test } from 'vitest'
import type { ClientAccount } from '../../../tools/fixtures/desk-queue/accounts.js'
import type { Change } from '../../../tools/fixtures/desk-queue/changes.js'
import type { Category, Impact } from '../../../tools/fixtures/desk-queue/policy.js'
import type { Spec } from '../../../tools/fixtures/desk-queue/plan.js'
import { type Decision, triage } from '../../../tools/fixtures/desk-queue/triage.js'

const utc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

const client = (over: Partial<ClientAccount> = {}): ClientAccount => ({
  id: 'A-1000',
  name: 'Acme',
  short: 'Acme',
  slug: 'acme',
  weight: 1,
  tier: 'Mid-market',
  plan: 'Business',
  region: 'EMEA',
  pod: 'EU1',
  timezone: 'Europe/Dublin',
  calendar: 'IE',
  entitlements: [],
  contractEnd: '2027-06-30',
  renewal: 'auto',
  hypercareUntil: null,
  unitsPerMonth: 100,
  unitsUsed: 0,
  csm: 'x',
  ...over,
})

/** A queue of tickets as the engine reads them: account, receipt, what it reports and which problem it is about. */
function queue(rows: Array<[ClientAccount, string, Impact, Category, string, boolean?]>): Spec[] {
  return rows.map(([account, iso, impact, category, problem, production], n) => ({ n, id: `T-${n + 1}`, account, at: Date.parse(iso), facts: { impact, category, production: production ?? true }, problem }) as unknown as Spec)
}

function run(specs: Spec[], changes: Change[] = []) {
  const d = triage(specs, changes)
  const of = (k: number): Decision => d.get(specs[k - 1]!)!
  const row = (k: number) => {
    const x = of(k)
    return { merged: x.merged ? x.group.original.id : null, priority: x.group.priority, routing: x.group.routing, plan: x.group.plan, deadline: utc(x.group.deadline.ms) }
  }
  return { of, row }
}

/** Every expected value below was worked out by hand from the policy. */
describe('groups, the 168-hour window and repeat cases', () => {
  const a = client()
  const specs = queue([
    [a, '2026-10-19T09:00:00Z', 'major_workaround', 'defect', 'x'], // 1 opens a case
    [a, '2026-10-23T09:00:00Z', 'major_workaround', 'defect', 'x'], // 2 joins 1
    [a, '2026-10-26T08:59:00Z', 'major_workaround', 'defect', 'x'], // 3 167 h 59 min after 1: joins 1
    [a, '2026-10-26T09:00:00Z', 'major_workaround', 'defect', 'x'], // 4 exactly 168 h: a repeat case
    [a, '2026-10-27T10:00:00Z', 'major_workaround', 'defect', 'x'], // 5 joins the latest group, 4
    [a, '2026-10-20T09:00:00Z', 'major_workaround', 'defect', 'y'], // 6 another problem: its own case
  ])
  const { of, row } = run(specs)

  test('a ticket joins its problem\'s group less than 168 hours after the original, else opens a repeat case', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => row(k).merged)).toEqual([null, 'T-1', 'T-1', null, 'T-4', null])
    expect(of(4).group.repeat).toBe(true)
    expect(of(6).group.repeat).toBe(false)
  })

  test('the repeat case is raised one level and routed to L2', () => {
    // P2 (workaround exists) raised to P1; Business P1: 4 business hours on the client's clock.
    // Mon 26 Oct is the IE holiday: Tue 27 Oct 08:00 GMT + 240 = 12:00 GMT. (EU1 has no window that day.)
    expect(row(4)).toEqual({ merged: null, priority: 'P1', routing: 'L2', plan: 'Business', deadline: '2026-10-27T12:00:00Z' })
    expect(row(5)).toEqual({ ...row(4), merged: 'T-4' })
    // the first case: P2, Mid-market → L1; 8 business hours from Mon 19 Oct 10:00 IST = 18:00 IST = 17:00Z
    expect(row(1)).toEqual({ merged: null, priority: 'P2', routing: 'L1', plan: 'Business', deadline: '2026-10-19T17:00:00Z' })
  })
})

describe('the monthly allowance, in units by priority, in the client\'s month', () => {
  // Auckland is UTC+13: 31 Oct 10:00Z is still 31 Oct there, 31 Oct 12:00Z is already 1 Nov.
  const a = client({ timezone: 'Pacific/Auckland', calendar: 'NZ', region: 'APAC', pod: 'AP1', unitsPerMonth: 6, unitsUsed: 3 })
  const specs = queue([
    [a, '2026-10-20T01:00:00Z', 'overcharge', 'billing', 'b1'], // 1 P2: 3 used before → within; 5
    [a, '2026-10-21T01:00:00Z', 'question', 'how_to', 'q1'], // 2 P3: 5 → within; 6
    [a, '2026-10-22T01:00:00Z', 'overcharge', 'billing', 'b2'], // 3 P2: 6 → beyond; 8
    [a, '2026-10-23T01:00:00Z', 'exposure', 'security', 's1'], // 4 P0: never beyond, uses none
    [a, '2026-10-31T10:00:00Z', 'question', 'how_to', 'q2'], // 5 31 Oct 23:00 local: October, 8 → beyond
    [a, '2026-10-31T12:00:00Z', 'question', 'how_to', 'q3'], // 6 1 Nov 01:00 local: November, 0 → within
    [a, '2026-10-22T02:00:00Z', 'overcharge', 'billing', 'b2'], // 7 joins 3: uses nothing
  ])
  const { of } = run(specs)

  test('units used before each case decide; merged tickets and P0 cases use none', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => of(k).unitsBefore)).toEqual([3, 5, 6, 8, 8, 0])
    expect([1, 2, 3, 4, 5, 6].map((k) => of(k).group.plan)).toEqual(['Business', 'Business', 'Standard', 'Business', 'Standard', 'Business'])
    expect(of(7).group).toBe(of(3).group)
  })

  test('a case beyond the allowance keeps its priority and routing', () => {
    expect([of(3).group.priority, of(3).group.routing]).toEqual(['P2', 'L1'])
  })
})

describe('accounts on watch', () => {
  const a = client({ tier: 'SMB' })
  const specs = queue([
    [a, '2026-10-13T10:00:00Z', 'major_broken', 'defect', 'p1'], // 1 P1: the account is on watch until 27 Oct 10:00Z
    [a, '2026-10-22T10:00:00Z', 'minor_broken', 'defect', 'p2'], // 2 P2 → P1
    [a, '2026-10-22T11:00:00Z', 'overcharge', 'billing', 'p3'], // 3 billing: stays P2
    [a, '2026-10-22T12:00:00Z', 'minor_broken', 'defect', 'p4', false], // 4 non-production: stays P2
    [a, '2026-10-23T10:00:00Z', 'cosmetic', 'defect', 'p5'], // 5 P3 → P2
    [a, '2026-10-27T10:00:00Z', 'minor_broken', 'defect', 'p6'], // 6 exactly 336 h after 1; 2's raised P1 does not count: P2
    [a, '2026-10-14T10:00:00Z', 'major_broken', 'defect', 'p1'], // 7 joins 1: not a case, starts no watch
  ])
  const { row } = run(specs)

  test('a P0 or P1 case puts the account on watch for 336 hours; only cases count and only cases are raised', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => row(k).priority)).toEqual(['P1', 'P1', 'P2', 'P2', 'P2', 'P2'])
    expect([2, 5, 6].map((k) => row(k).routing)).toEqual(['L2', 'L1', 'L1'])
  })
})

describe('escalations raise a group', () => {
  test('the deadline becomes the earlier of the current one and the new priority\'s from the raising ticket', () => {
    const a = client()
    const specs = queue([
      // 1 Tue 13 Oct 10:00 IST: P2, 8 business hours; EU1 window 13:00-14:00 IST: 7 h on Tuesday, Wed 14 Oct 09:00 IST = 08:00Z.
      [a, '2026-10-13T09:00:00Z', 'major_workaround', 'defect', 'x'],
      // 2 at 14:30 IST raises to P1: 4 business hours = 3.5 h on Tuesday + Wed 08:30 IST, later than 08:00Z: the deadline stays.
      [a, '2026-10-13T13:30:00Z', 'major_broken', 'defect', 'x'],
      // 3 at 16:00 IST raises to P0: Business P0 1 hour 24/7 = 17:00 IST = 16:00Z, earlier: the deadline moves.
      [a, '2026-10-13T15:00:00Z', 'down', 'outage', 'x'],
    ])
    const { row, of } = run(specs)
    expect(row(1)).toEqual({ merged: null, priority: 'P0', routing: 'L3', plan: 'Business', deadline: '2026-10-13T16:00:00Z' })
    expect(of(1).group.raisedBy.map((s) => s.id)).toEqual(['T-2', 'T-3'])
    expect(row(3).merged).toBe('T-1')
  })

  test('a group beyond the allowance raised to P0 is served on the account\'s plan', () => {
    const a = client({ unitsPerMonth: 4, unitsUsed: 4, tier: 'Enterprise' })
    const specs = queue([
      [a, '2026-10-13T09:00:00Z', 'major_workaround', 'defect', 'x'], // beyond: Standard, P2 on the Dublin hub
      [a, '2026-10-14T09:00:00Z', 'down', 'outage', 'x'], // P0 on the Business plan: 1 hour 24/7 from 09:00Z
    ])
    const { row, of } = run(specs)
    expect(of(2).merged).toBe(true)
    expect(row(1)).toEqual({ merged: null, priority: 'P0', routing: 'L3', plan: 'Business', deadline: '2026-10-14T10:00:00Z' })
  })
})

describe('the change log applies from its local effective date', () => {
  test('a renewal signed on 27 October turns a lapsed account\'s outage from P3 into P0', () => {
    const a = client({ contractEnd: '2026-09-11', renewal: 'pending', plan: 'Premier' })
    const log: Change[] = [{ account: a.id, effective: '2026-10-27', field: 'renewal', from: 'pending', to: 'signed' }]
    const specs = queue([
      [a, '2026-10-26T23:30:00Z', 'down', 'outage', 'x'], // 26 Oct 23:30 GMT: lapsed
      [a, '2026-10-27T00:30:00Z', 'down', 'outage', 'y'], // 27 Oct 00:30 GMT: covered, Premier P0 30 min
    ])
    const { row } = run(specs, log)
    expect([row(1).priority, row(1).routing]).toEqual(['P3', 'L1'])
    expect(row(2)).toEqual({ merged: null, priority: 'P0', routing: 'L3', plan: 'Premier', deadline: '2026-10-27T01:00:00Z' })
  })
})
