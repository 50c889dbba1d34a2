import { describe, expect, test } from 'vitest'
import { Audience } from '../../lib/memory/lessons.js'
import { Role } from '../../lib/tasks/schema.js'
import { proposedRoleId, roleKey, roleNameLetters } from '../../lib/topologies/role-names.js'

describe('roleKey', () => {
  test('reduces a name to lowercase words joined by "_"', () => {
    expect(roleKey('  DevOps / CI-Engineer ')).toBe('devops_ci_engineer')
    expect(roleKey('GDPR & Privacy Counsel')).toBe('gdpr_privacy_counsel')
  })

  test('keeps the letters of every script', () => {
    expect(roleKey('Безопасность')).toBe('безопасность')
    expect(roleKey('Ασφάλεια Δικτύου')).toBe('ασφάλεια_δικτύου')
    expect(roleKey('安全 审查员')).toBe('安全_审查员')
    expect(roleKey('Sécurité')).toBe('sécurité')
  })

  test('gives names that differ only in case, spacing, punctuation or Unicode form one key', () => {
    expect(roleKey('QA Lead')).toBe(roleKey('qa-lead'))
    expect(roleKey('НАДЁЖНОСТЬ')).toBe(roleKey('надёжность'))
    expect(roleKey('Se\u0301curite\u0301')).toBe(roleKey('Sécurité'))
    expect(roleKey('ＱＡ')).toBe(roleKey('QA'))
  })

  test('keeps "+" and "#", which tell C++, C# and C apart', () => {
    expect(new Set(['C++ reviewer', 'C# reviewer', 'C reviewer'].map(roleKey)).size).toBe(3)
  })
})

test('roleNameLetters counts the letters and digits of any script', () => {
  expect(roleNameLetters('QA')).toBe(2)
  expect(roleNameLetters('C++')).toBe(1)
  expect(roleNameLetters('审查')).toBe(2)
  expect(roleNameLetters(' - ')).toBe(0)
})

describe('proposedRoleId', () => {
  test('a name of ASCII letters and digits gets its key, after "proposed_"', () => {
    expect(proposedRoleId('DevOps / CI Engineer')).toBe('proposed_devops_ci_engineer')
    expect(proposedRoleId('Synthesizer')).toBe('proposed_synthesizer')
    expect(proposedRoleId('QA')).toBe('proposed_qa')
  })

  test('any other name gets its ASCII letters and digits and a digest of its key, after "__"', () => {
    expect(proposedRoleId('C++ reviewer')).toMatch(/^proposed_c_reviewer__[0-9a-f]{8}$/)
    expect(proposedRoleId('Sécurité')).toMatch(/^proposed_securite__[0-9a-f]{8}$/)
    expect(proposedRoleId('Безопасность')).toMatch(/^proposed__[0-9a-f]{8}$/)
  })

  test('is the same for the same name and for names with one key', () => {
    expect(proposedRoleId('Безопасность')).toBe(proposedRoleId('Безопасность'))
    expect(proposedRoleId('  БЕЗОПАСНОСТЬ ')).toBe(proposedRoleId('Безопасность'))
  })

  const distinct = [
    ['Безопасность', 'Производительность', 'Надёжность'],
    ['Ασφάλεια', 'Απόδοση', 'Αξιοπιστία'],
    ['安全审查员', '性能审查员', '可靠性审查员'],
    ['C++ reviewer', 'C# reviewer', 'C reviewer'],
    ['Sécurité', 'Securite', 'Sécurite'],
    ['QA', 'UX', 'QA Lead'],
  ]
  test.each(distinct)('distinct names get distinct ids: %s, %s, %s', (...names) => {
    expect(new Set(names.map(proposedRoleId)).size).toBe(names.length)
  })

  test('every id is a snake_case id, as task role ids, memory keys and lesson audiences must be', () => {
    for (const name of distinct.flat()) {
      const id = proposedRoleId(name)
      expect(Role.safeParse({ id, name, focus: 'Examines everything in the inputs.', memoryKey: id }).success).toBe(true)
      expect(Audience.safeParse(id).success).toBe(true)
    }
  })
})
