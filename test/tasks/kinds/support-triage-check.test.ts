import { describe, expect, test } from 'vitest'
import { accountIds, checkSupportTriage } from '../../../lib/tasks/kinds/support-triage-check.js'
import { supportTriageDeliverable, type SupportTriageTruth, TICKET_CATEGORIES } from '../../../lib/tasks/kinds/support-triage.js'

const ticket = (id: string, account: string, receivedAt: string) => ({ id, receivedAt, account, requester: 'Ana Silva', channel: 'email', subject: 's', body: 'b' })
const batch = JSON.stringify({
  tickets: [ticket('T-0001', 'A-1000', '2026-10-20T09:00:00Z'), ticket('T-0002', 'A-1000', '2026-10-20T10:00:00Z'), ticket('T-0003', 'A-2000', '2026-10-20T11:00:00Z'), ticket('T-0004', 'A-1000', '2026-10-20T12:00:00Z')],
})
const table = 'account,name,tier\nA-1000,Acme,SMB\nA-2000,Brill,Enterprise\n'
const label = (id: string, mergeInto: string | null, mergeKind?: 'duplicate' | 'follow_up' | 'escalation') =>
  ({ id, priority: 'P2', routing: 'L1', category: 'defect', slaDeadline: '2026-10-21T09:00:00Z', mergeInto, ...(mergeKind ? { mergeKind } : {}) }) as const
const truth = (tickets: SupportTriageTruth['tickets']): SupportTriageTruth => ({ input: 'tickets', accounts: 'accounts', tickets })
const check = async (t: SupportTriageTruth, accounts = table) =>
  await checkSupportTriage(t, { inputs: new Map([['tickets', batch], ['accounts', accounts]]), formats: new Map(), categories: new Set(TICKET_CATEGORIES.map((c) => c.id)) })

describe('a triage truth with an account table and merges', () => {
  test('valid merges into earlier originals of the same account pass', async () => {
    expect(await check(truth([label('T-0001', null), label('T-0002', 'T-0001', 'duplicate'), label('T-0003', null), label('T-0004', 'T-0001', 'follow_up')]))).toEqual([])
  })

  test('every broken merge is named: across accounts, into a merged ticket, forward in time, outside the batch, without a kind', async () => {
    expect(await check(truth([label('T-0001', 'T-0004', 'duplicate'), label('T-0002', 'T-0001', 'duplicate'), label('T-0003', 'T-0009'), label('T-0004', null)]))).toEqual([
      { field: 'tickets.0.mergeInto', message: 'T-0004 was received after T-0001; expected an earlier original' },
      { field: 'tickets.1.mergeInto', message: 'T-0001 is itself merged; expected the original of its group' },
      { field: 'tickets.2.mergeKind', message: 'expected duplicate, follow_up or escalation on a merged ticket' },
      { field: 'tickets.2.mergeInto', message: 'ticket T-0009 is not in tickets' },
    ])
    expect(await check(truth([label('T-0001', null), label('T-0002', null), label('T-0003', 'T-0001', 'duplicate'), label('T-0004', null)]))).toEqual([
      { field: 'tickets.2.mergeInto', message: 'T-0001 belongs to A-1000, T-0003 to A-2000; expected the same client' },
    ])
  })

  test('mergeInto on some tickets only, and a kind on an unmerged ticket, are named', async () => {
    const { mergeInto: _, ...bare } = label('T-0004', null)
    expect(await check(truth([label('T-0001', null, 'duplicate'), label('T-0002', null), label('T-0003', null), bare]))).toEqual([
      { field: 'tickets', message: 'expected mergeInto (an id or null) on every ticket once one has it; 1 lack it' },
      { field: 'tickets.0.mergeKind', message: 'expected no mergeKind on a ticket that is not merged' },
    ])
  })

  test('accounts must exist in the account table, which must have an "account" column', async () => {
    const labels = [label('T-0001', null), label('T-0002', null), label('T-0003', null), label('T-0004', null)]
    expect(await check(truth(labels), 'account,name\nA-1000,Acme\n')).toEqual([{ field: 'tickets.tickets.2.account', message: 'account A-2000 of ticket T-0003 is not in accounts' }])
    expect(await check(truth(labels), 'id,name\nA-1000,Acme\n')).toEqual([{ field: 'accounts', message: 'accounts: expected a CSV header with an "account" column' }])
    // A broken row is named by its line in the account table's own file.
    expect(await check(truth(labels), 'account,name\nA-1000,Acme\nA-2000\n')).toEqual([{ field: 'accounts', input: 'accounts', line: 3, message: 'expected 2 fields as in the header, got 1' }])
    expect(await check({ ...truth(labels), accounts: 'nope' })).toEqual([{ field: 'accounts', message: 'expected the id of a task input, got "nope"' }])
  })

  test('accountIds reads the account column wherever it is', async () => {
    expect(await accountIds('name,account\nAcme,A-1\nBrill,A-2\n')).toEqual({ ids: new Set(['A-1', 'A-2']) })
  })
})

describe('the triage deliverable', () => {
  const decision = { id: 'T-0001', priority: 'P1', routing: 'L2', category: 'defect', slaDeadline: '2026-10-21T09:00:00Z', rationale: 'r' }
  test('asks for mergeInto (an id or null) only when merges are scored', () => {
    const ids = TICKET_CATEGORIES.map((c) => c.id)
    expect(supportTriageDeliverable(ids, { merges: true }).safeParse({ tickets: [decision] }).success).toBe(false)
    expect(supportTriageDeliverable(ids, { merges: true }).safeParse({ tickets: [{ ...decision, mergeInto: null }] }).success).toBe(true)
    expect(supportTriageDeliverable(ids).safeParse({ tickets: [decision] }).success).toBe(true)
  })
})
