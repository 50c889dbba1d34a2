import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import { Critique, HaltAssessment, HrmPlan, roleKey, RoleProposal } from '../../lib/topologies/schemas.js'

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

  test('rejects duplicate names (up to case and punctuation), short names and empty foci', () => {
    expect(issues({ roles: [role('QA Lead'), role('qa-lead'), role('Gamma')] })).toEqual(['roles.1.name: duplicate role name "qa-lead"'])
    expect(issues({ roles: [role('X'), role('Beta'), { name: 'Gamma', focus: '' }] })).toEqual([
      'roles.0.name: expected a role name of at least 3 characters',
      'roles.2.focus: expected a focus of at least 20 characters',
    ])
  })

  test('roleKey reduces a name to lowercase words joined by "_"', () => {
    expect(roleKey('  DevOps / CI-Engineer ')).toBe('devops_ci_engineer')
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
