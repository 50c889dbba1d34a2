import { describe, expect, test } from 'vitest'
import { makeAccounts } from '../../../tools/fixtures/desk-queue/accounts.js'
import { accountAt, accountAtInstant, assignSituations, type Change, changesCsv } from '../../../tools/fixtures/desk-queue/changes.js'
import type { Account } from '../../../tools/fixtures/desk-queue/policy.js'
import { Random } from '../../../tools/fixtures/random.js'
import { addDays } from '../../../tools/fixtures/desk-queue/time.js'

const base: Account = {
  id: 'A-1000',
  name: 'Acme',
  tier: 'Mid-market',
  plan: 'Business',
  region: 'APAC',
  pod: 'AP1',
  timezone: 'Pacific/Auckland',
  calendar: 'NZ',
  entitlements: ['sso'],
  contractEnd: '2027-06-30',
  renewal: 'auto',
  hypercareUntil: null,
  unitsPerMonth: 8,
  unitsUsed: 0,
  csm: 'x',
}

describe('the change log', () => {
  const log: Change[] = [
    { account: 'A-1000', effective: '2026-10-27', field: 'plan', from: 'Business', to: 'Premier' },
    { account: 'A-1000', effective: '2026-10-27', field: 'entitlements', from: 'sso', to: 'sso;tam' },
    { account: 'A-1000', effective: '2026-11-01', field: 'hypercare_until', from: '', to: '2026-11-20' },
    { account: 'A-1000', effective: '2026-11-01', field: 'units_per_month', from: '8', to: '' },
    { account: 'A-2000', effective: '2026-10-01', field: 'tier', from: 'SMB', to: 'Strategic' },
  ]

  test("a change applies from its effective day in the client's time zone", () => {
    // 26 Oct 10:30Z is 26 Oct 23:30 in Auckland (UTC+13): not yet; 26 Oct 11:30Z is 27 Oct 00:30 there.
    expect(accountAtInstant(base, log, Date.parse('2026-10-26T10:30:00Z'))).toMatchObject({ plan: 'Business', entitlements: ['sso'] })
    expect(accountAtInstant(base, log, Date.parse('2026-10-26T11:30:00Z'))).toMatchObject({ plan: 'Premier', entitlements: ['sso', 'tam'] })
  })

  test('empty values clear a field; other accounts\' changes do not apply; the table row is left alone', () => {
    expect(accountAt(base, log, '2026-11-01')).toMatchObject({ hypercareUntil: '2026-11-20', unitsPerMonth: null, tier: 'Mid-market' })
    expect(base).toMatchObject({ plan: 'Business', hypercareUntil: null, unitsPerMonth: 8 })
  })

  test('the log as the agents read it', () => {
    expect(changesCsv(log.slice(0, 1))).toBe('account,effective,field,from,to\nA-1000,2026-10-27,plan,Business,Premier\n')
  })
})

describe('the generated situations', () => {
  const accounts = makeAccounts(new Random(7).fork('accounts'))
  const { changes } = assignSituations(new Random(7).fork('situations'), accounts)

  test('every change reads "from" the value in force the day before and leaves "to" in force on its day', () => {
    const value = (a: Account, field: Change['field']) => {
      switch (field) {
        case 'entitlements':
          return a.entitlements.join(';')
        case 'contract_end':
          return a.contractEnd
        case 'hypercare_until':
          return a.hypercareUntil ?? ''
        case 'units_per_month':
          return a.unitsPerMonth === null ? '' : String(a.unitsPerMonth)
        default:
          return String(a[field])
      }
    }
    expect(changes.length).toBeGreaterThanOrEqual(30)
    for (const c of changes) {
      const a = accounts.find((x) => x.id === c.account)!
      expect(value(accountAt(a, changes, addDays(c.effective, -1)), c.field), `${c.account} ${c.field} ${c.effective}`).toBe(c.from)
      expect(value(accountAt(a, changes, c.effective), c.field), `${c.account} ${c.field} ${c.effective}`).toBe(c.to)
    }
  })

  test('the log is in order of effective date', () => {
    const dates = changes.map((c) => c.effective)
    expect(dates).toEqual([...dates].sort())
  })
})
