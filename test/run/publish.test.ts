import { describe, expect, test } from 'vitest'
import { consoleView, excerpt } from '../../lib/run/publish.js'
import { judgedRecord, makeRecord } from '../results/fixtures.js'

describe('what a test shows a person in Vitest UI', () => {
  test('an excerpt is the deliverable on one line, cut with an ellipsis', () => {
    expect(excerpt('# Title\n\n- one\n- two', 240)).toBe('# Title - one - two')
    expect(excerpt('word '.repeat(100), 20)).toBe('word word word word…')
  })
  test('the console view heads the deliverable with the case and its summary, then the judge reasons', () => {
    const base = judgedRecord('star', 1, 80, 1000, 70)
    const record = { ...base, scores: { ...base.scores, judge: { ...base.scores.judge!, dimensions: [{ key: 'accuracy', weight: 1, score: 8, repeats: [8], reason: 'names the root cause' }] } } }
    const text = consoleView(record)
    expect(text.split('\n')[0]).toMatch(/^── task_a × star #1 · score /)
    expect(text.split('\n')[2]).toBe('x'.repeat(1000))
    expect(text.split('\n').slice(-2)).toEqual(['judge 80.0 (sim-judge):', '  accuracy 8.0/10: names the root cause'])
  })
  test('a case without a deliverable says why', () => {
    const failed = makeRecord({ status: 'error' })
    expect(consoleView({ ...failed, deliverable: null }).split('\n')[1]).toMatch(/^\(no deliverable(: .+)?\)$/)
  })
})
