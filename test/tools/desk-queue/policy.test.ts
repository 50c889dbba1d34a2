import { describe, expect, test } from 'vitest'
import { type Account, deadlineOf, type Facts, priorityOf, routingOf, supportStatus, targetOf } from '../../../tools/fixtures/desk-queue/policy.js'

const account = (over: Partial<Account> = {}): Account => ({
  id: 'A-1000',
  name: 'Acme',
  tier: 'Mid-market',
  plan: 'Business',
  region: 'EMEA',
  timezone: 'Europe/Berlin',
  calendar: 'DE',
  entitlements: [],
  contractEnd: '2027-06-30',
  renewal: 'auto',
  hypercareUntil: null,
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

describe('targets and deadlines, worked out by hand', () => {
  test('the 24x7 entitlement turns only the Business P1 target into a 24/7 one', () => {
    const t = at('2026-10-20T10:00:00Z')
    expect(targetOf('P1', account({ entitlements: ['24x7'] }), t)).toEqual({ minutes: 240, clock: 'calendar' })
    expect(targetOf('P1', account(), t)).toEqual({ minutes: 240, clock: 'business' })
    expect(targetOf('P2', account({ plan: 'Premier', entitlements: ['24x7'] }), t)).toEqual({ minutes: 240, clock: 'business' })
  })
  test('a Standard client in Berlin runs on the Dublin hub, whose Monday 26 October is a holiday', () => {
    // Mon 26 Oct 10:00 CET = 09:00Z; Dublin holiday; Tue 27 Oct 08:00-18:00 GMT (600 min);
    // Wed 28 Oct 08:00 + 360 min = 14:00 GMT.
    const d = deadlineOf('P2', account({ plan: 'Standard' }), at('2026-10-26T10:00:00+01:00'))
    expect(utc(d.ms)).toBe('2026-10-28T14:00:00Z')
    expect(d.zone).toBe('Europe/Dublin')
  })
  test('a Premier P0 counts 30 elapsed minutes across the night of a clock change', () => {
    // 02:40 CEST on 25 Oct = 00:40Z; + 30 min = 01:10Z = 02:10 CET (after the change at 01:00Z).
    expect(utc(deadlineOf('P0', account({ plan: 'Premier' }), at('2026-10-25T02:40:00+02:00')).ms)).toBe('2026-10-25T01:10:00Z')
  })
  test('a grace account is served on Standard terms: 16 business hours on the hub clock', () => {
    // Thu 22 Oct 15:00 in Riyadh (+03:00) = 12:00Z = 13:00 Dublin (IST): 300 min on Thursday,
    // Fri 23 Oct 600 min, Mon 26 Oct holiday, Tue 27 Oct 08:00 GMT + 60 = 09:00 GMT.
    const grace = account({ plan: 'Premier', timezone: 'Asia/Riyadh', calendar: 'SA', contractEnd: '2026-10-10', renewal: 'declined' })
    expect(utc(deadlineOf('P2', grace, at('2026-10-22T15:00:00+03:00')).ms)).toBe('2026-10-27T09:00:00Z')
  })
})
