import { describe, expect, test } from 'vitest'
import { proposedRoleNames } from '../../../lib/eval/judge/proposed-roles.js'

const proposal = (names: string[]) => ({ type: 'roles_proposed', callIds: ['c1'], detail: { roles: names.map((name) => ({ id: `proposed_${name}`, name, focus: 'what it examines, at length' })) } })

describe('proposedRoleNames', () => {
  test("reads the names of self_decompose's proposed roles from a case's events, and none from other events", () => {
    const events = [{ type: 'hrm_halting', callIds: [], detail: { roles: [{ name: 'Not a role' }] } }, proposal(['Data Transfer Auditor', 'Liability Analyst'])]
    expect(proposedRoleNames(events)).toEqual(['Data Transfer Auditor', 'Liability Analyst'])
    expect(proposedRoleNames([])).toEqual([])
  })

  test('refuses a roles_proposed event without role names, naming the event and the field', () => {
    expect(() => proposedRoleNames([{ type: 'roles_proposed', detail: { roles: [{ id: 'x' }] } }])).toThrow(/events\.0 \(roles_proposed\): detail\.roles\.0\.name: .*expected detail\.roles as a list/)
  })
})
