import { describe, expect, test } from 'vitest'
import { type Account, deadlineOf, type Facts, followsTheSun, priorityOf, routingOf, servedPlan, supportStatus, targetOf, UNITS, watchRaise } from '../../../tools/fixtures/desk-queue/policy.js'

const account = (over: Partial<Account> = {}): Account => ({
  id: 'A-1000',
  name: 'Acme',
  tier: 'Mid-market',
  plan: 'Business',
  region: 'EMEA',
  pod: 'EU1',
  timezone: 'Europe/Berlin',
  calendar: 'DE',
  entitlements: [],
  contractEnd: '2027-06-30',
  renewal: 'auto',
  hypercareUntil: null,
  unitsPerMonth: 10,
  unitsUsed: 0,
  csm: 'x',
  ...over,
})
const at = (iso: string) => Date.parse(iso)
const f = (impact: Facts['impact'], category: Facts['category'], production = true): Facts => ({ impact, category, production })
const utc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

describe('support status is read on the client\'s local date', () => {
  const ended = account({ contractEnd: '2026-10-06', renewal: 'pending' })
  test('covered until the end date, grace for 30 days, lapsed after', () => {
    expect(supportStatus(ended, at('2026-10-06T20:00:00Z'))).toBe('covered') // 22:00 in Berlin on 6 Oct
    expect(supportStatus(ended, at('2026-11-05T12:00:00Z'))).toBe('grace')
    // 23:30 UTC on 5 Nov is already 6 Nov in Berlin: 31 days after the end
    expect(supportStatus(ended, at('2026-11-05T23:30:00Z'))).toBe('lapsed')
  })
  test('a contract that renews automatically or whose renewal is signed continues', () => {
    expect(supportStatus({ ...ended, renewal: 'auto' }, at('2026-11-05T23:30:00Z'))).toBe('covered')
    expect(supportStatus({ ...ended, renewal: 'signed' }, at('2026-12-30T12:00:00Z'))).toBe('covered')
  })
})

describe('priority: lapsed first, then impact, then the two adjustments', () => {
  const lapsed = account({ contractEnd: '2026-09-01', renewal: 'declined' })
  test('a lapsed account gets P3 for anything but an active security incident', () => {
    expect(priorityOf(f('down', 'outage'), lapsed, at('2026-10-20T10:00:00Z'))).toBe('P3')
    expect(priorityOf(f('exposure', 'security'), lapsed, at('2026-10-20T10:00:00Z'))).toBe('P0')
  })
  test('a non-production tenant is P2 at most; an unusable one is P1 with sandbox-sla in force', () => {
    const t = at('2026-10-20T10:00:00Z')
    expect(priorityOf(f('down', 'outage', false), account(), t)).toBe('P2')
    expect(priorityOf(f('records_lost', 'data', false), account({ entitlements: ['sandbox-sla'] }), t)).toBe('P2')
    expect(priorityOf(f('down', 'outage', false), account({ entitlements: ['sandbox-sla'] }), t)).toBe('P1')
    // in grace the entitlement no longer applies
    expect(priorityOf(f('down', 'outage', false), account({ entitlements: ['sandbox-sla'], contractEnd: '2026-10-10', renewal: 'pending' }), t)).toBe('P2')
  })
  test('hypercare raises a production P2 of a technical category to P1, through the end of its local day', () => {
    const care = account({ hypercareUntil: '2026-10-28', timezone: 'Pacific/Auckland', calendar: 'NZ' })
    expect(priorityOf(f('major_workaround', 'defect'), care, at('2026-10-28T10:00:00Z'))).toBe('P1') // 23:00 on 28 Oct in Auckland
    expect(priorityOf(f('major_workaround', 'defect'), care, at('2026-10-28T11:30:00Z'))).toBe('P2') // 00:30 on 29 Oct
    expect(priorityOf(f('overcharge', 'billing'), care, at('2026-10-20T10:00:00Z'))).toBe('P2')
    expect(priorityOf(f('slow', 'performance', false), care, at('2026-10-20T10:00:00Z'))).toBe('P2')
  })
})

describe('routing: the first rule that matches', () => {
  const t = at('2026-10-20T10:00:00Z')
  const lapsed = account({ contractEnd: '2026-09-01', renewal: 'declined', entitlements: ['tam'] })
  test('security goes to L3 even from a lapsed account; anything else from it to L1', () => {
    expect(routingOf('P3', 'security', lapsed, t)).toBe('L3')
    expect(routingOf('P3', 'how_to', lapsed, t)).toBe('L1')
  })
  test('how-to questions reach L2 only with the tam entitlement in force', () => {
    expect(routingOf('P3', 'how_to', account({ entitlements: ['tam'] }), t)).toBe('L2')
    expect(routingOf('P3', 'how_to', account({ entitlements: ['tam'], contractEnd: '2026-10-10', renewal: 'pending' }), t)).toBe('L1')
    expect(routingOf('P1', 'billing', account({ tier: 'Strategic' }), t)).toBe('L1')
  })
  test('P1 to L2; P2 to L2 only for Strategic and Enterprise tiers', () => {
    expect(routingOf('P1', 'defect', account(), t)).toBe('L2')
    expect(routingOf('P2', 'defect', account({ tier: 'Enterprise' }), t)).toBe('L2')
    expect(routingOf('P2', 'defect', account({ tier: 'Mid-market' }), t)).toBe('L1')
  })
})

describe('repeat cases and accounts on watch', () => {
  const t = at('2026-10-20T10:00:00Z')
  test('a repeat case of a production technical problem goes up one level, to P1 at most', () => {
    expect(priorityOf(f('major_workaround', 'defect'), account(), t, true)).toBe('P1')
    expect(priorityOf(f('cosmetic', 'defect'), account(), t, true)).toBe('P2')
    expect(priorityOf(f('major_broken', 'defect'), account(), t, true)).toBe('P1')
    expect(priorityOf(f('major_workaround', 'defect', false), account(), t, true)).toBe('P2')
    expect(priorityOf(f('overcharge', 'billing'), account(), t, true)).toBe('P2')
    expect(priorityOf(f('major_workaround', 'defect'), account({ contractEnd: '2026-09-01', renewal: 'declined' }), t, true)).toBe('P3')
  })
  test('a repeat case goes to L2 unless an earlier routing rule decides', () => {
    expect(routingOf('P2', 'defect', account({ tier: 'SMB' }), t, true)).toBe('L2')
    expect(routingOf('P2', 'billing', account(), t, true)).toBe('L1')
    expect(routingOf('P3', 'how_to', account(), t, true)).toBe('L1')
  })
  test('the watch raises production cases of technical categories at P2 and P3 only', () => {
    expect(watchRaise('P2', f('slow', 'performance'), account(), t)).toBe('P1')
    expect(watchRaise('P3', f('cosmetic', 'defect'), account(), t)).toBe('P2')
    expect(watchRaise('P1', f('major_broken', 'defect'), account(), t)).toBe('P1')
    expect(watchRaise('P2', f('slow', 'performance', false), account(), t)).toBe('P2')
    expect(watchRaise('P2', f('overcharge', 'billing'), account(), t)).toBe('P2')
    expect(watchRaise('P3', f('question', 'how_to'), account(), t)).toBe('P3')
    expect(watchRaise('P3', f('slow', 'performance'), account({ contractEnd: '2026-09-01', renewal: 'declined' }), t)).toBe('P3')
  })
  test('allowance units by priority', () => {
    expect(UNITS).toEqual({ P0: 0, P1: 3, P2: 2, P3: 1 })
  })
})

describe('targets and deadlines, worked out by hand', () => {
  test('the plan served: Standard in grace or lapsed, or beyond the allowance', () => {
    const t = at('2026-10-20T10:00:00Z')
    expect(servedPlan(account({ plan: 'Premier' }), t, false)).toBe('Premier')
    expect(servedPlan(account({ plan: 'Premier' }), t, true)).toBe('Standard')
    expect(servedPlan(account({ plan: 'Premier', contractEnd: '2026-10-10', renewal: 'pending' }), t, false)).toBe('Standard')
  })
  test('the 24x7 entitlement turns only the Business P1 target into a 24/7 one', () => {
    const t = at('2026-10-20T10:00:00Z')
    expect(targetOf('P1', 'Business', account({ entitlements: ['24x7'] }), t)).toEqual({ minutes: 240, clock: 'calendar' })
    expect(targetOf('P1', 'Business', account(), t)).toEqual({ minutes: 240, clock: 'business' })
    expect(targetOf('P2', 'Premier', account({ plan: 'Premier', entitlements: ['24x7'] }), t)).toEqual({ minutes: 240, clock: 'business' })
    expect(targetOf('P1', 'Business', account({ entitlements: ['24x7'], contractEnd: '2026-10-10', renewal: 'pending' }), t)).toEqual({ minutes: 240, clock: 'business' })
  })
  test('a Standard client in Berlin runs on the Dublin hub, whose Monday 26 October is a holiday', () => {
    // Mon 26 Oct 10:00 CET = 09:00Z; Dublin holiday; Tue 27 Oct 08:00-18:00 GMT (600 min);
    // Wed 28 Oct 08:00 + 360 min = 14:00 GMT. (EU1 has no window on those days.)
    const d = deadlineOf('P2', 'Standard', account({ plan: 'Standard' }), at('2026-10-26T10:00:00+01:00'))
    expect(utc(d.ms)).toBe('2026-10-28T14:00:00Z')
    expect(d.zone).toBe('Europe/Dublin')
  })
  test('a Standard P0 or P1 follows the sun', () => {
    expect([followsTheSun('P0', 'Standard'), followsTheSun('P1', 'Standard'), followsTheSun('P2', 'Standard'), followsTheSun('P1', 'Business')]).toEqual([true, true, false, false])
    // policy example: Fri 16 Oct 20:00Z, 8 hours: Chicago until 23:00Z, Singapore from Mon 00:00Z; 05:00Z.
    expect(utc(deadlineOf('P1', 'Standard', account({ plan: 'Standard' }), at('2026-10-16T20:00:00Z')).ms)).toBe('2026-10-19T05:00:00Z')
  })
  test('a Premier P0 counts 30 elapsed minutes across the night of a clock change', () => {
    // 02:40 CEST on 25 Oct = 00:40Z; + 30 min = 01:10Z = 02:10 CET (after the change at 01:00Z); no window until 03:00Z.
    expect(utc(deadlineOf('P0', 'Premier', account({ plan: 'Premier' }), at('2026-10-25T02:40:00+02:00')).ms)).toBe('2026-10-25T01:10:00Z')
  })
  test("a Business client's clock in Berlin skips its pod's window and the Dublin hub's holiday", () => {
    // Policy example: Wed 28 Oct 16:00 CET, 8 business hours, EU1 window until 08:00Z Thu: 15:00 CET.
    expect(utc(deadlineOf('P2', 'Business', account(), at('2026-10-28T16:00:00+01:00')).ms)).toBe('2026-10-29T14:00:00Z')
    // Fri 23 Oct 16:00 CEST: 120 min; Mon 26 closed (IE); Tue 27 Oct 08:00 CET + 360 = 14:00 CET = 13:00Z.
    expect(utc(deadlineOf('P2', 'Business', account(), at('2026-10-23T16:00:00+02:00')).ms)).toBe('2026-10-27T13:00:00Z')
  })
  test('a grace account is served on Standard terms: 16 business hours on the hub clock', () => {
    // Thu 22 Oct 15:00 in Riyadh (+03:00) = 12:00Z = 13:00 Dublin (IST): 300 min on Thursday,
    // Fri 23 Oct 600 min, Mon 26 Oct holiday, Tue 27 Oct 08:00 GMT + 60 = 09:00 GMT (pod EU2: its
    // window that Tuesday starts at 09:30Z; on pod EU1 the window of Thursday 14:00-15:00Z would count).
    const grace = account({ plan: 'Premier', pod: 'EU2', timezone: 'Asia/Riyadh', calendar: 'SA', contractEnd: '2026-10-10', renewal: 'declined' })
    const t = at('2026-10-22T15:00:00+03:00')
    expect(utc(deadlineOf('P2', servedPlan(grace, t, false), grace, t).ms)).toBe('2026-10-27T09:00:00Z')
    expect(utc(deadlineOf('P2', 'Standard', { ...grace, pod: 'EU1' }, t).ms)).toBe('2026-10-27T10:00:00Z')
  })
})
