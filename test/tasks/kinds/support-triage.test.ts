import { describe, expect, test } from 'vitest'
import { AccountTicket, Instant, scoresMerges, supportTriageDeliverable, type SupportTriageTruth, Ticket, TICKET_CATEGORIES, TicketTruth } from '../../../lib/tasks/kinds/support-triage.js'

const decision = { id: 'T-0042', priority: 'P1', routing: 'L2', category: 'outage', slaDeadline: '2026-11-02T13:00:00+01:00', rationale: 'Enterprise outage' }
const truthTicket = { id: 'T-0042', priority: 'P1', routing: 'L2', category: 'outage', slaDeadline: '2026-11-02T13:00:00+01:00' } as const

describe('TICKET_CATEGORIES', () => {
  test('the nine ticket categories every triage task has', () => {
    expect(TICKET_CATEGORIES.map((c) => c.id)).toEqual(['security', 'outage', 'data', 'access', 'performance', 'defect', 'billing', 'how_to', 'feature_request'])
  })
})

describe('tickets as agents see them', () => {
  test('an instant has an explicit offset, seconds optional', () => {
    for (const ok of ['2026-11-02T13:00:00+01:00', '2026-11-02T13:00Z']) expect(Instant.safeParse(ok).success, ok).toBe(true)
    for (const bad of ['2026-11-02T13:00:00', '2026-11-02 13:00+01:00', '2026-11-02']) expect(Instant.safeParse(bad).error?.issues[0]?.message, bad).toBe('expected an ISO 8601 time with offset')
  })

  test('a ticket id is T- and four digits; an account ticket names its account as A- and four digits', () => {
    const ticket = { id: 'T-0042', receivedAt: '2026-11-02T09:00:00+01:00', client: { name: 'Acme', tier: 'Enterprise', arrEur: 120000, plan: 'Premier' }, channel: 'email', subject: 's', body: 'b' }
    expect(Ticket.safeParse(ticket).success).toBe(true)
    expect(Ticket.safeParse({ ...ticket, id: 'T-42' }).error?.issues[0]?.message).toBe('expected a ticket id like "T-0042"')
    const byAccount = { id: 'T-0043', receivedAt: '2026-11-02T09:00:00+01:00', account: 'A-1234', requester: 'ops@acme.example', channel: 'portal', subject: 's', body: 'b' }
    expect(AccountTicket.safeParse(byAccount).success).toBe(true)
    expect(AccountTicket.safeParse({ ...byAccount, account: 'ACME' }).error?.issues[0]?.message).toBe('expected an account id like "A-1234"')
  })

  test('a truth ticket\'s traps are snake_case names', () => {
    expect(TicketTruth.safeParse({ ...truthTicket, traps: ['lapsed', 'cross_zone'] }).success).toBe(true)
    expect(TicketTruth.safeParse({ ...truthTicket, traps: ['Cross-Zone'] }).error?.issues[0]?.message).toBe('expected snake_case trap names')
  })
})

describe('scoresMerges', () => {
  const truth = (mergeInto?: string | null): SupportTriageTruth => ({ input: 'tickets', tickets: [{ ...truthTicket, ...(mergeInto !== undefined ? { mergeInto } : {}) }] })
  test('a truth whose tickets carry mergeInto (even null) scores merges; one without does not, nor no truth', () => {
    expect(scoresMerges(truth(null))).toBe(true)
    expect(scoresMerges(truth('T-0001'))).toBe(true)
    expect(scoresMerges(truth())).toBe(false)
    expect(scoresMerges(undefined)).toBe(false)
  })
})

describe('supportTriageDeliverable', () => {
  test("a decision's category is one of the task's (no \"other\"), its priority P0-P3 and routing L1-L3", () => {
    const schema = supportTriageDeliverable(['outage', 'billing'])
    expect(schema.safeParse({ tickets: [decision] }).success).toBe(true)
    for (const wrong of [{ category: 'other' }, { category: 'security' }, { priority: 'P4' }, { routing: 'L0' }]) expect(schema.safeParse({ tickets: [{ ...decision, ...wrong }] }).success, JSON.stringify(wrong)).toBe(false)
  })

  test('with merges, every decision names the original it joins or null; without, the field is not asked for', () => {
    const merging = supportTriageDeliverable(['outage'], { merges: true })
    expect(merging.safeParse({ tickets: [{ ...decision, mergeInto: null }] }).success).toBe(true)
    expect(merging.safeParse({ tickets: [{ ...decision, mergeInto: 'T-0001' }] }).success).toBe(true)
    expect(merging.safeParse({ tickets: [decision] }).success).toBe(false)
    expect(supportTriageDeliverable(['outage']).parse({ tickets: [{ ...decision, mergeInto: 'T-0001' }] }).tickets[0]).not.toHaveProperty('mergeInto')
  })
})
