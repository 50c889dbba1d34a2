import { describe, expect, test } from 'vitest'
import { describeEchoes, focusEchoes } from '../../lib/tasks/focus-echoes.js'
import type { TaskTruth } from '../../lib/tasks/kinds/index.js'
import { readByEveryAgent } from '../../lib/tasks/neutrality.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

describe('focusEchoes', () => {
  const truth = {
    kind: 'code_review',
    data: {
      diffs: [
        { input: 'd1', kind: 'defective', verdict: 'BLOCK', issues: [{ id: 'd1-1', category: 'injection', severity: 'HIGH', file: 'a.py', lines: { start: 1, end: 1 }, summary: 'The status parameter is interpolated into the quoted SQL text.' }], decoys: [] },
      ],
    },
  } as unknown as TaskTruth
  const seen = 'def list(status):\n    sql = "SELECT * FROM tickets WHERE status = \'%s\'" % status\n# status status status'
  const echoes = focusEchoes({ truth, seen })

  test('a focus that shares two distinctive words with one planted item echoes it, quoted as the focus writes them', () => {
    expect(echoes('Where values are interpolated into quoted strings.')).toEqual([{ item: 'd1-1', words: ['interpolated', 'quoted'] }])
    expect(describeEchoes(echoes('Interpolating into quoted text'))).toBe('"interpolating" and "quoted" and "text" (from the text of d1-1)')
  })

  test('one shared word, or words the material itself uses often, are no echo: they say where to look', () => {
    expect(echoes('Every value interpolated anywhere.')).toEqual([])
    // "status" is in the diff five times: the material's own vocabulary.
    expect(echoes('The status of every ticket, interpolated.')).toEqual([])
    expect(echoes('Security: every pull request, read as a security reviewer.')).toEqual([])
  })

  test('words given as general count as shared but never make an echo on their own', () => {
    const withGeneral = focusEchoes({ truth, seen, general: ['interpolate', 'quote'] })
    expect(withGeneral('Interpolating into quoted strings')).toEqual([])
    expect(withGeneral('Interpolating into quoted text')).toEqual([{ item: 'd1-1', words: ['interpolating', 'quoted', 'text'] }])
  })
})

describe('focusEchoes of a design task: its checklist and rubric are what a focus must not echo', () => {
  const scoring = {
    checklist: [{ id: 'clock_pauses', description: 'Clocks pause while the ticket waits on the client.', patterns: ['paus'], mustPass: false }],
    rubric: [{ key: 'binding_limits', description: 'For each position the limit that binds is identified, and the allocation of capital is the best one.', weight: 100 }],
  }
  const seen = 'Size the book: the allocation of capital to each strategy within the limits. Measure every limit while it runs, and the clocks of every ticket, and of every limit.'
  const echoes = focusEchoes({ scoring, seen })

  test('a focus sharing two rare words with a rubric dimension or a checklist item, one of them never in the prompt, echoes it', () => {
    expect(describeEchoes(echoes('The allocation, and which limits bind on each position.'))).toBe('"allocation" and "bind" and "position" (from the text of rubric dimension binding_limits)')
    expect(echoes('When clocks start, pause and stop.')).toEqual([{ item: 'checklist item clock_pauses', words: ['clocks', 'pause'] }])
  })

  test('a focus naming areas in the prompt\'s own words is no echo, however rarely the prompt uses them: a design brief is short', () => {
    // "allocation" and "capital" are each in the prompt once.
    expect(echoes('The allocation of capital to each strategy.')).toEqual([])
  })

  test('words the prompt uses more than once are its vocabulary, and one unread word alone is no echo', () => {
    // "limit" is in the prompt three times.
    expect(echoes('The limits, and which strategies bind.')).toEqual([])
    expect(echoes('Which strategies bind the most.')).toEqual([])
  })
})

describe('no shipped design task has a role focus that echoes its checklist or rubric', async () => {
  const design = (await loadRegistry()).tasks.filter((t) => t.kind === 'design')

  test('there are design tasks to check', () => {
    expect(design.length).toBeGreaterThan(0)
  })

  test.each(design.map((t) => [t.id, t] as const))('%s', (_id, task) => {
    const echoes = focusEchoes({ scoring: task, seen: readByEveryAgent(task) })
    expect(task.roles.flatMap((r) => echoes(r.focus).map((e) => `${r.id}: ${describeEchoes([e])}`))).toEqual([])
  })
})
