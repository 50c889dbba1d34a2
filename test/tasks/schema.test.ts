import { describe, expect, test } from 'vitest'
import { Composite, defineTask, TaskDefinition, type TaskDefinitionInput, TaskInput } from '../../lib/tasks/schema.js'

const roles = ['reader', 'checker', 'writer'].map((id) => ({ id, name: `The ${id}`, focus: `the part of the material the ${id} covers in full`, memoryKey: id }))
/** A valid design task; each test changes one thing. */
const design: TaskDefinitionInput = {
  id: 'plan_it',
  track: 'general',
  costCenter: 'strategy',
  title: 'Plan it',
  kind: 'design',
  brief: 'Write the plan. '.repeat(20),
  roles,
  rubric: [
    { key: 'rigour', description: 'each claim is supported', weight: 60 },
    { key: 'clarity', description: 'the plan reads in one pass', weight: 40 },
  ],
  checklist: [{ id: 'owner', description: 'names an owner', patterns: ['owner'] }],
  deliverable: 'markdown',
  composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 },
}
/** The path and message of each issue of a definition. */
const issues = (over: Partial<TaskDefinitionInput>) => TaskDefinition.safeParse({ ...design, ...over }).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []

describe('TaskDefinition', () => {
  test('a valid design task gets the defaults: standard tier, no inputs, constraints, categories or synonyms, checklist items not must-pass', () => {
    const t = TaskDefinition.parse(design)
    expect(t).toMatchObject({ tier: 'standard', inputs: [], hardConstraints: [], categories: [], synonyms: {} })
    expect(t.checklist[0]!.mustPass).toBe(false)
    expect(defineTask(design)).toBe(design)
  })

  test('rubric weights must sum to 100', () => {
    expect(issues({ rubric: [{ key: 'rigour', description: 'each claim is supported', weight: 60 }, { key: 'clarity', description: 'the plan reads in one pass', weight: 30 }] })).toEqual([['rubric', 'expected rubric weights to sum to 100, got 90']])
  })

  test('an execution task needs a ground-truth file and a structured deliverable; a design task a markdown one', () => {
    expect(issues({ kind: 'execution' })).toEqual([
      ['groundTruth', 'expected a ground-truth file for an execution task'],
      ['deliverable', 'expected a structured deliverable for an execution task'],
    ])
    expect(issues({ deliverable: 'code_review' })).toEqual([['deliverable', 'expected "markdown" for a design task, got "code_review" (a structured deliverable scored against ground truth is kind "execution")']])
  })

  test('a score component with nothing to score must weigh 0', () => {
    expect(issues({ composite: { groundTruth: 0.2, checklist: 0.2, judge: 0.6 } })).toEqual([['composite.groundTruth', 'expected 0 when the task has no ground truth']])
    expect(issues({ checklist: [], composite: { groundTruth: 0, checklist: 0.4, judge: 0.6 } })).toEqual([['composite.checklist', 'expected 0 when the task has no checklist']])
  })

  test('categories belong to structured findings, not to a markdown deliverable', () => {
    expect(issues({ categories: [{ id: 'timing', description: 'a comparison that leaks time' }] })).toEqual([['categories', 'expected no categories for a markdown deliverable (categories belong to structured findings)']])
  })

  test('ids are unique within roles, inputs, rubric and checklist, and each duplicate is named where it is', () => {
    expect(issues({ roles: [...roles, roles[0]!] })).toEqual([['roles.3', 'duplicate id "reader"']])
    const item = { id: 'owner', description: 'names an owner', patterns: ['owner'] }
    expect(issues({ checklist: [item, { ...item, description: 'again' }] })).toEqual([['checklist.1', 'duplicate id "owner"']])
  })

  test('a checklist pattern that is not a regular expression is named with its place', () => {
    expect(issues({ checklist: [{ id: 'owner', description: 'names an owner', patterns: ['owner', '(unclosed'] }] })).toEqual([['checklist.0.patterns.1', expect.stringMatching(/^expected a valid regular expression: Invalid regular expression/)]])
  })

  test('between 3 and 6 roles; a brief of at least 200 characters; fields it does not know are refused', () => {
    expect(issues({ roles: roles.slice(0, 2) })[0]![0]).toBe('roles')
    expect(issues({ brief: 'too short' })[0]![0]).toBe('brief')
    expect(TaskDefinition.safeParse({ ...design, weight: 3 }).error?.issues[0]?.code).toBe('unrecognized_keys')
  })
})

describe('Composite', () => {
  test('weights sum to 1, and a wrong sum is shown rounded', () => {
    expect(Composite.safeParse({ groundTruth: 0.7, checklist: 0.1, judge: 0.2 }).success).toBe(true)
    expect(Composite.safeParse({ groundTruth: 0.7, checklist: 0, judge: 0.4 }).error?.issues[0]?.message).toBe('expected groundTruth + checklist + judge to sum to 1, got 1.1')
  })
})

describe('TaskInput', () => {
  test('a neutral lowercase id, a path, a label and a known format', () => {
    expect(TaskInput.safeParse({ id: 'd03', path: 'x/a.diff', label: 'Diff', format: 'diff' }).success).toBe(true)
    expect(TaskInput.safeParse({ id: 'D03', path: 'x/a.diff', label: 'Diff', format: 'diff' }).error?.issues[0]?.message).toBe('expected a neutral lowercase id like "d03"')
    expect(TaskInput.safeParse({ id: 'd03', path: 'x/a.pdf', label: 'Doc', format: 'pdf' }).success).toBe(false)
  })
})
