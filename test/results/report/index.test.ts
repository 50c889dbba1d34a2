import { describe, expect, test } from 'vitest'
import { renderReport } from '../../../lib/results/report/index.js'
import { twoTrackRun } from './shared.js'
import { oldFileWarning } from '../../../lib/results/old-file.js'

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

  test('a run read from a results file of an earlier version says so in summary.md and index.html, naming the run', () => {
    const warning = oldFileWarning(2, 'old.json', "the judge's prompts and raw replies were not stored")
    const files = renderReport([{ ...twoTrackRun, warnings: [warning] }])
    expect(files.get('summary.md')).toContain(`Warning: ${twoTrackRun.runId}: ${warning}.`)
    expect(files.get('index.html')).toContain(`<dt>warnings</dt><dd>${twoTrackRun.runId}: read from a version-2 results file (old.json): the judge&#39;s prompts and raw replies were not stored</dd>`)
    expect(renderReport([twoTrackRun]).get('summary.md')).not.toContain('Warning:')
  })
})
