import { describe, expect, test } from 'vitest'
import { renderRunSummary } from '../../lib/results/render.js'
import { caseView, groupCases } from '../../lib/results/report/cases.js'
import { renderCaseIndex } from '../../lib/results/report/cases-html.js'
import { renderReportHtml } from '../../lib/results/report/html.js'
import { renderLatexTable } from '../../lib/results/report/latex.js'
import { renderTopSummary } from '../../lib/results/report/markdown.js'
import { buildReportModel } from '../../lib/results/report/model.js'
import type { RunFile } from '../../lib/results/schema.js'
import { EMBEDDED_SIMULATOR, simulatorLabel } from '../../lib/results/simulator-label.js'
import { makeRecord, makeRun, trials } from './fixtures.js'

describe('simulatorLabel', () => {
  test('names the embedded simulator, or the orgbench simulator at the origin the run recorded', () => {
    expect(simulatorLabel(EMBEDDED_SIMULATOR)).toBe('embedded simulator')
    expect(simulatorLabel('http://127.0.0.1:18401')).toBe('orgbench simulator at http://127.0.0.1:18401')
    expect(simulatorLabel(null)).toBe('orgbench simulator')
  })
})

describe('every label of simulated results names the simulator that made them', () => {
  const embedded = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' })])
  // A run against `npx orgbench sim`: simulated (sim-* models), with the endpoint the run file records.
  const standalone: RunFile = { ...embedded, config: { ...embedded.config, provider: 'custom', endpoint: 'http://127.0.0.1:18401' } }
  test.each([
    ['a run against a standalone simulator: at its endpoint', standalone, 'orgbench simulator at http://127.0.0.1:18401'],
    ['a run on the embedded simulator', embedded, 'embedded simulator'],
  ])('%s', (_, run, label) => {
    const model = buildReportModel([run])
    expect(renderRunSummary(run, 'x.json', { wide: true })).toContain(`orgbench results — SIMULATED (${label}, not a real model)`)
    expect(renderReportHtml(model)).toContain(`SIMULATED — ${label}, not a real model`)
    expect(renderTopSummary(model)).toContain(`**SIMULATED** — ${label}, not a real model`)
    expect(renderLatexTable(model)).toContain(`simulated results (${label}, not a real model;`)
  })

  test('the side-by-side pages, which may show several runs, name the orgbench simulator without claiming which', () => {
    const views = [makeRecord({ simulated: true }), makeRecord({ simulated: true, topology: 'star' })].map((r) => caseView('sim-run', r))
    const page = renderCaseIndex(groupCases(views, ['sim-run']), [{ runId: 'sim-run', model: 'sim-strong' }])
    expect(page).toContain('SIMULATED — orgbench simulator, not a real model')
  })
})
