import { describe, expect, test } from 'vitest'
import { CaseSummary, summarizeRecord } from '../../lib/results/summary.js'
import { makeRecord } from './fixtures.js'

describe('summarizeRecord', () => {
  test('keeps the deliverable length as the judge reads it: markdown as is, structured data as pretty JSON', () => {
    expect(summarizeRecord({ ...makeRecord(), deliverable: { kind: 'markdown', text: 'x'.repeat(1234) } }).deliverableChars).toBe(1234)
    const data = { reviews: [{ diff: 'd01', findings: [] }] }
    expect(summarizeRecord({ ...makeRecord(), deliverable: { kind: 'structured', schema: 's', data } }).deliverableChars).toBe(JSON.stringify(data, null, 2).length)
  })

  test('a case without a deliverable has no length (not 0), and none of the bulk is kept', () => {
    const summary = summarizeRecord(makeRecord({ status: 'error' }))
    expect('deliverableChars' in summary).toBe(false)
    expect(Object.keys(summary)).not.toContain('deliverable')
    expect(Object.keys(summary)).not.toContain('calls')
  })

  test('a summary written before the length was kept still reads', () => {
    const { deliverableChars: _, ...older } = summarizeRecord(makeRecord())
    expect(CaseSummary.parse(older).deliverableChars).toBeUndefined()
  })
})
