import { describe, expect, test } from 'vitest'
import { bestTopology, dollarsText, formatValue, outcomeTitle } from '../../../lib/results/outcomes/section.js'
import type { OutcomeFigure, OutcomeGroup } from '../../../lib/results/outcomes/schema.js'

/*
 * The section's blocks as the pages show them are in test/results/outcomes/render.test.ts; these
 * are the figures' words and the choice of the best topology.
 */

const stat = (mean: number | null) => ({ n: 4, tasks: 2, mean, se: null, ci: null })
const comparison = (mean: number | null) => ({ value: stat(mean), vsSingle: null, vsMatched: null })
const figure = (outcome: string, kind: OutcomeFigure['kind'], mean: number | null): OutcomeFigure => ({ ...comparison(mean), outcome, kind, label: outcome, per: 100, unit: 'tickets', perCase: null })
const group = (topology: string, spend: number | null, ...outcomes: OutcomeFigure[]): OutcomeGroup => ({ costCenter: 'support', topology, tasks: ['t'], trials: 4, errors: 0, spendPerCase: comparison(spend), outcomes })

describe('formatValue', () => {
  test('spend in dollars, a share in percent with one decimal, a rate per 100 with one decimal and per 1 with two', () => {
    expect(formatValue({ kind: 'spend', per: 1 }, 1234.5)).toBe('$1,235')
    expect(formatValue({ kind: 'share', per: 100 }, 42.25)).toBe('42.3 %')
    expect(formatValue({ kind: 'rate', per: 100 }, 3.14159)).toBe('3.1')
    expect(formatValue({ kind: 'rate', per: 1 }, 3.14159)).toBe('3.14')
  })

  test('with a sign for differences: + on a gain, the minus before the dollar sign on a loss; unknown is –', () => {
    expect(formatValue({ kind: 'rate', per: 1 }, 0.5, true)).toBe('+0.50')
    expect(formatValue({ kind: 'spend', per: 1 }, 12.5, true)).toBe('+$12.50')
    expect(formatValue({ kind: 'spend', per: 1 }, -12.5, true)).toBe('-$12.50')
    expect(formatValue({ kind: 'rate', per: 1 }, 0, true)).toBe('0.00')
    expect(formatValue({ kind: 'share', per: 100 }, null)).toBe('–')
    expect(formatValue({ kind: 'share', per: 100 }, undefined)).toBe('–')
  })
})

describe('dollarsText and outcomeTitle', () => {
  test('whole dollars from $100, cents from $1, model spend below a dollar to the hundredth of a cent', () => {
    expect([dollarsText(100), dollarsText(99.5), dollarsText(0.5)]).toEqual(['$100', '$99.50', '$0.5000'])
  })

  test('a rate per one unit names the unit in the singular', () => {
    expect(outcomeTitle({ kind: 'rate', label: 'tickets reopened', per: 1, unit: 'tickets' })).toBe('tickets reopened per ticket')
  })
})

describe('bestTopology', () => {
  test('fewest events for a rate, most for a share; a topology without the outcome, or without a value, is passed over', () => {
    const groups = [group('single', 0.01, figure('escaped', 'rate', 4), figure('resolved', 'share', 60)), group('star', 0.05, figure('escaped', 'rate', 2), figure('resolved', 'share', 55)), group('hrm', 0.02, figure('escaped', 'rate', null)), group('pipeline', 0.02)]
    expect(bestTopology(groups, 'escaped')?.group.topology).toBe('star')
    expect(bestTopology(groups, 'resolved')?.group.topology).toBe('single')
  })

  test('on a tie, the cheaper topology per case; a topology of unknown spend loses the tie', () => {
    expect(bestTopology([group('star', 0.05, figure('escaped', 'rate', 2)), group('hrm', 0.02, figure('escaped', 'rate', 2))], 'escaped')?.group.topology).toBe('hrm')
    expect(bestTopology([group('star', null, figure('escaped', 'rate', 2)), group('hrm', 0.9, figure('escaped', 'rate', 2))], 'escaped')?.group.topology).toBe('hrm')
  })

  test('none when no topology has a value', () => {
    expect(bestTopology([group('star', 0.05, figure('escaped', 'rate', null))], 'escaped')).toBeNull()
    expect(bestTopology([], 'escaped')).toBeNull()
  })
})
