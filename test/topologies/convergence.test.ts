import { describe, expect, test } from 'vitest'
import { deliverableDistance, deliverableItems, itemDistance } from '../../lib/topologies/convergence.js'
import type { Deliverable } from '../../lib/topologies/types.js'

const structured = (data: unknown): Deliverable => ({ kind: 'structured', schema: 'x', data })
const finding = (file: string, line: number, category: string, explanation = 'Some prose that may be reworded.') => ({ file, line, category, severity: 'HIGH', explanation })

describe('deliverableItems', () => {
  test('a structured item is an array element identified by its path and identifier-like values', () => {
    const items = deliverableItems(structured({ overallRisk: 'HIGH', summary: 'prose here', risks: [{ clause: '9.2', category: 'renewal', explanation: 'long prose' }], chain: ['E-0001', 'E-0002'] }))
    expect(items).toEqual(['${overallRisk=HIGH}', '$.risks[]{category=renewal,clause=9.2}', '$.chain[]=E-0001', '$.chain[]=E-0002'])
  })

  test('a markdown item is a heading or paragraph, whitespace and case normalised', () => {
    expect(deliverableItems({ kind: 'markdown', text: '# Title\n\n## Area  One\nFirst   paragraph.\n\n\nSecond.' })).toEqual(['# title', '## area one first paragraph.', 'second.'])
  })
})

describe('deliverableDistance', () => {
  test('reworded prose and moved line numbers are no change', () => {
    const a = structured({ findings: [finding('a.py', 10, 'injection')] })
    const b = structured({ findings: [finding('a.py', 12, 'injection', 'Different words entirely.')] })
    expect(deliverableDistance(a, b)).toBe(0)
  })

  test('a new finding, a dropped one or a changed label is change: 1 - shared/union', () => {
    const a = structured({ findings: [finding('a.py', 1, 'injection'), finding('b.py', 1, 'timezone'), finding('c.py', 1, 'performance')] })
    const b = structured({ findings: [finding('a.py', 1, 'injection'), finding('b.py', 1, 'off_by_one'), finding('c.py', 1, 'performance'), finding('d.py', 1, 'performance')] })
    // shared: a.py, c.py (2); union: a, b/timezone, b/off_by_one, c, d (5)
    expect(deliverableDistance(a, b)).toBe(0.6)
  })

  test('repeated items count as a multiset; two empty deliverables are the same', () => {
    expect(itemDistance(['x', 'x', 'y'], ['x', 'y'])).toBeCloseTo(1 / 3, 10)
    expect(itemDistance([], [])).toBe(0)
    expect(itemDistance(['x'], [])).toBe(1)
  })
})
