import { describe, expect, test } from 'vitest'
import { describeEchoes, focusEchoes } from '../../lib/tasks/focus-echoes.js'
import type { TaskTruth } from '../../lib/tasks/kinds/index.js'

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
})
