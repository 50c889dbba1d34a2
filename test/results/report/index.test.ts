import { describe, expect, test } from 'vitest'
import { renderReport } from '../../../lib/results/report/index.js'
import { twoTrackRun } from './shared.js'

describe('renderReport', () => {
  test('writes the page, the top summary, one summary per track and cost center, and the LaTeX table', () => {
    expect([...renderReport([twoTrackRun]).keys()].sort()).toEqual([
      'cost-centers/engineering/summary.md',
      'cost-centers/treasury/summary.md',
      'index.html',
      'summary.md',
      'table.tex',
      'tracks/enterprise/summary.md',
      'tracks/finance/summary.md',
    ])
  })
})
