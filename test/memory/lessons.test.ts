import { describe, expect, test } from 'vitest'
import { DEFAULT_LESSONS, MemoryLesson } from '../../lib/memory/lessons.js'
import { findLeaks, leakWordsOfTask } from '../../lib/tasks/neutrality.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

describe('the default lessons (the original\'s "Run 6" lessons)', () => {
  test('are the five lessons, each addressed to the agents it is for', () => {
    expect(DEFAULT_LESSONS.map((l) => [l.id, l.audience])).toEqual([
      ['synthesis-keeps-values', ['synthesizer', 'coordinator']],
      ['synthesis-inputs-complete', ['synthesizer', 'coordinator']],
      ['domain-explicit', ['all']],
      ['section-per-area', ['single', 'synthesizer', 'coordinator']],
      ['structured-handoff', ['specialists']],
    ])
    for (const lesson of DEFAULT_LESSONS) expect(MemoryLesson.parse(lesson)).toEqual(lesson)
  })

  test('contain no task\'s answers: no ground-truth category or component, and no numbers or identifiers', async () => {
    const registry = await loadRegistry()
    for (const lesson of DEFAULT_LESSONS) {
      for (const task of registry.tasks) {
        if (task.truth) expect(findLeaks(lesson.text, leakWordsOfTask({ ...task, truth: task.truth }).prose), `${lesson.id} / ${task.id}`).toEqual([])
      }
      expect(lesson.text).not.toMatch(/\d/)
    }
  })

  test('a lesson without an audience or with a malformed id is rejected', () => {
    expect(MemoryLesson.safeParse({ id: 'x-y', text: 'A lesson text long enough to pass.', audience: [] }).error?.issues[0]?.message).toBe('expected at least one audience')
    expect(MemoryLesson.safeParse({ id: 'Bad Id', text: 'A lesson text long enough to pass.', audience: ['all'] }).success).toBe(false)
  })
})
