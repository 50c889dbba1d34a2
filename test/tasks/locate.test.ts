import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { missedMustCatch } from '../../lib/run/task-errors.js'
import { locateItem } from '../../lib/tasks/locate.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const lineOf = (file: string, line: number) => readFileSync(file, 'utf8').split('\n')[line - 1]!

describe('locateItem', () => {
  test('a checklist item is found in the task definition, on the line of its id', () => {
    const task = registry.get('code_review_protocol')
    const item = task.checklist.find((c) => c.mustPass)!
    const at = locateItem(task, item.id, PROJECT_ROOT)
    expect(at.file).toBe(join(PROJECT_ROOT, task.file))
    expect(lineOf(at.file, at.line)).toContain(`id: '${item.id}'`)
  })

  test('a planted issue, and a diff that must not be approved, are found in the ground truth', () => {
    const task = registry.get('code_review_execution')
    const issue = locateItem(task, 'd03-1', PROJECT_ROOT)
    expect(issue.file).toBe(join(PROJECT_ROOT, 'fixtures', task.groundTruth!))
    expect(lineOf(issue.file, issue.line)).toContain('"id": "d03-1"')
    const diff = locateItem(task, 'd04-not-approved', PROJECT_ROOT)
    expect(lineOf(diff.file, diff.line)).toContain('"input": "d04"')
  })

  test('an item found nowhere falls back to the groundTruth field of the definition', () => {
    const task = registry.get('code_review_execution')
    const at = locateItem(task, 'no-such-item', PROJECT_ROOT)
    expect(lineOf(at.file, at.line)).toContain('groundTruth:')
  })
})

describe('missedMustCatch', () => {
  test('names every missed item in its message and points its stack at where each is defined', () => {
    const task = registry.get('code_review_execution')
    const error = missedMustCatch(task, [
      { id: 'd03-1', description: 'CRITICAL injection in d03', caught: false },
      { id: 'd04-not-approved', description: 'd04 must not be approved', caught: false },
    ])
    expect(error.message).toBe('code_review_execution: missed 2 must-catch item(s):\n  - CRITICAL injection in d03 (d03-1)\n  - d04 must not be approved (d04-not-approved)')
    const frames = error.stack!.split('\n').filter((l) => l.startsWith('    at '))
    expect(frames).toHaveLength(2)
    expect(frames[0]).toMatch(/^ {4}at d03-1 \(.*fixtures\/code-review\/ground-truth\.json:\d+:\d+\)$/)
    expect(error.stack).not.toContain('lib/run/')
  })
})
