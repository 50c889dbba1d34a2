import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { Critique, HaltAssessment, HrmPlan, RoleProposal } from '../../lib/topologies/schemas.js'

const role = (name: string) => ({ name, focus: `Examines everything about ${name.toLowerCase()} in the inputs.` })
const issues = (value: unknown) => {
  const parsed = RoleProposal.safeParse(value)
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('RoleProposal', () => {
  test('accepts 3 to 5 distinct roles', () => {
    expect(issues({ roles: ['Alpha', 'Beta', 'Gamma'].map(role) })).toEqual([])
    expect(issues({ roles: ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map(role) })).toEqual([])
  })

  test('rejects zero, too few and too many roles', () => {
    expect(issues({ roles: [] })).toEqual(['roles: expected 3 to 5 roles'])
    expect(issues({ roles: ['Alpha', 'Beta'].map(role) })).toEqual(['roles: expected 3 to 5 roles'])
    expect(issues({ roles: ['A1x', 'B1x', 'C1x', 'D1x', 'E1x', 'F1x'].map(role) })).toEqual(['roles: expected 3 to 5 roles'])
  })

  test('accepts names in any script, and short real names', () => {
    expect(issues({ roles: ['Безопасность', 'Производительность', 'Надёжность'].map(role) })).toEqual([])
    expect(issues({ roles: ['Ασφάλεια', 'Απόδοση', 'Αξιοπιστία'].map(role) })).toEqual([])
    expect(issues({ roles: ['安全审查员', '性能审查员', '可靠性审查员'].map(role) })).toEqual([])
    expect(issues({ roles: ['Sécurité', 'Conformité', 'Qualité'].map(role) })).toEqual([])
    expect(issues({ roles: ['QA', 'UX', 'Security Engineer'].map(role) })).toEqual([])
  })

  test('tells "C++ reviewer", "C# reviewer" and "C reviewer" apart', () => {
    expect(issues({ roles: ['C++ reviewer', 'C# reviewer', 'C reviewer'].map(role) })).toEqual([])
  })

  test('rejects duplicate names (up to case, spacing and punctuation), naming both', () => {
    const why = 'names that differ only in letter case, spacing, punctuation other than "#" or Unicode form are one role; expected distinct names'
    expect(issues({ roles: [role('QA Lead'), role('qa-lead'), role('Gamma')] })).toEqual([`roles.1.name: "qa-lead" names the same role as roles.0.name "QA Lead": ${why}`])
    expect(issues({ roles: [role('Надёжность'), role('Gamma'), role('НАДЁЖНОСТЬ')] })).toEqual([`roles.2.name: "НАДЁЖНОСТЬ" names the same role as roles.0.name "Надёжность": ${why}`])
  })

  test('rejects names with fewer than 2 letters or digits, and short foci, saying what they have', () => {
    expect(issues({ roles: [role('X'), role('Beta'), { name: 'Gamma', focus: '' }] })).toEqual([
      'roles.0.name: "X" has 1 letter or digit; expected a role name with at least 2, in any script',
      'roles.2.focus: the focus has 0 characters; expected at least 20',
    ])
    expect(issues({ roles: [role(' - '), role(''), role('Gamma')] })).toEqual([
      'roles.0.name: " - " has 0 letters or digits; expected a role name with at least 2, in any script',
      'roles.1.name: "" has 0 letters or digits; expected a role name with at least 2, in any script',
    ])
  })

  test('names two distinct names whose ids coincide, and why', () => {
    // These two keys happen to share the first 8 hex digits of their SHA-256 digests (86c528cf).
    expect(issues({ roles: [role('Аналитик хнжд'), role('Gamma'), role('Аналитик сдде')] })).toEqual([
      'roles.2.name: "Аналитик сдде" and roles.0.name "Аналитик хнжд" are distinct names with the same role id "proposed__86c528cf" (the first 8 hex digits of their SHA-256 digests coincide); expected names with distinct ids',
    ])
  })
})

describe('wire schemas', () => {
  test.each([
    ['critique', Critique],
    ['hrm_plan', HrmPlan],
    ['hrm_halt', HaltAssessment],
    ['role_proposal', RoleProposal],
  ] as const)('%s converts to a strict JSON schema without unsupported string keywords', (name, schema) => {
    const format = zodResponseFormat(schema as never, name)
    expect(format.json_schema.strict).toBe(true)
    expect(JSON.stringify(format.json_schema.schema)).not.toMatch(/minLength|maxLength/)
  })

  test('a pass probability must lie in [0, 1]', () => {
    expect(HaltAssessment.safeParse({ passProbability: 1.2, gaps: [], reason: 'x' }).success).toBe(false)
    expect(HaltAssessment.safeParse({ passProbability: 0.4, gaps: [], reason: 'x' }).success).toBe(true)
  })
})
