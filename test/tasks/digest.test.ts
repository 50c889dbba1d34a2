import { describe, expect, test } from 'vitest'
import { changedParts, digestsOf, taskDigest } from '../../lib/tasks/digest.js'
import { loadRegistry, type Task } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const task = registry.get('code_review_execution')
const design = registry.get('strategic_planning')
/** The task with one change, as a fresh object (digests are kept per loaded task). */
const changed = (over: Partial<Task>): Task => ({ ...task, ...over })

describe('taskDigest', () => {
  test('three short digests; a task without ground truth has none for it', () => {
    const d = taskDigest(task)
    for (const part of [d.read, d.truth, d.scoring]) expect(part).toMatch(/^[0-9a-f]{16}$/)
    expect(taskDigest(design).truth).toBeNull()
    expect(taskDigest(task)).toBe(d)
  })

  test('each part changes with what it covers, and only with it', () => {
    const d = taskDigest(task)
    const input = task.resolvedInputs[0]!
    expect(changedParts(d, taskDigest(changed({ brief: `${task.brief} Also check the tests.` })))).toEqual(['read'])
    expect(changedParts(d, taskDigest(changed({ resolvedInputs: [{ ...input, content: `${input.content}\n` }, ...task.resolvedInputs.slice(1)] })))).toEqual(['read'])
    expect(changedParts(d, taskDigest(changed({ truth: structuredClone(task.truth) })))).toEqual([])
    const truth = structuredClone(task.truth!) as Extract<Task['truth'], { kind: 'code_review' }>
    truth.data.diffs[0]!.verdict = truth.data.diffs[0]!.verdict === 'BLOCK' ? 'REQUEST_CHANGES' : 'BLOCK'
    expect(changedParts(d, taskDigest(changed({ truth })))).toEqual(['truth'])
    expect(changedParts(d, taskDigest(changed({ composite: { groundTruth: 0.5, checklist: 0.2, judge: 0.3 } })))).toEqual(['scoring'])
  })

  test('what agents read is compared only when both sides know it', () => {
    const d = taskDigest(task)
    expect(changedParts({ ...d, read: null }, { ...d, read: 'ffffffffffffffff' })).toEqual([])
  })
})

describe('digestsOf', () => {
  test("each task's first digest in the cases; undefined for a task none of whose cases has one", () => {
    const d = taskDigest(task)
    expect(digestsOf([{ task: 'a' }, { task: 'a', taskDigest: d }, { task: 'b' }])).toEqual(new Map([['a', d], ['b', undefined]]))
  })
})
