import { describe, expect, test } from 'vitest'
import { renderRunSummary, spendLine } from '../../lib/results/render.js'
import { caseView, groupCases } from '../../lib/results/report/cases.js'
import { renderCaseIndex } from '../../lib/results/report/cases-html.js'
import { renderReportHtml } from '../../lib/results/report/html.js'
import { renderLatexTable } from '../../lib/results/report/latex.js'
import { renderTopSummary } from '../../lib/results/report/markdown.js'
import { buildReportModel } from '../../lib/results/report/model.js'
import type { RunFile } from '../../lib/results/schema.js'
import { EMBEDDED_SIMULATOR, simulatedSides, simulatorLabel } from '../../lib/results/simulator-label.js'
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

describe('a run with one side simulated says which side, and names the real model of the other', () => {
  const base = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' })])
  // Real agents behind their endpoint, the judge on `npx orgbench sim` of its own.
  const simJudge: RunFile = { ...base, config: { ...base.config, provider: 'custom', endpoint: 'http://127.0.0.1:43120', model: 'real-x', judgeModel: 'sim-judge', judgeProvider: 'custom', judgeEndpoint: 'http://127.0.0.1:42599' } }
  // Agents on the embedded simulator, a real judge on its own endpoint.
  const simAgents: RunFile = { ...base, config: { ...base.config, judgeModel: 'real-judge', judgeProvider: 'custom', judgeEndpoint: 'http://127.0.0.1:43121' } }
  test.each([
    ['real agents, a simulated judge', simJudge, 'judge: orgbench simulator at http://127.0.0.1:42599; agents: real-x at http://127.0.0.1:43120, a real model', "(the judge's calls at simulated prices)"],
    ['simulated agents, a real judge', simAgents, 'agents: embedded simulator; judge: real-judge at http://127.0.0.1:43121, a real model', "(the agents' calls at simulated prices)"],
  ])('%s', (_, run, label, prices) => {
    const model = buildReportModel([run])
    expect(renderRunSummary(run, 'x.json', { wide: true })).toContain(`orgbench results — SIMULATED (${label}): these numbers`)
    expect(renderReportHtml(model)).toContain(`SIMULATED — ${label}: these numbers`)
    expect(renderTopSummary(model)).toContain(`**SIMULATED** — ${label}: these numbers`)
    expect(renderLatexTable(model)).toContain(`simulated results (${label};`)
    expect(spendLine(run)).toContain(prices)
    expect(spendLine(run)).not.toContain('(simulated prices)')
  })

  test('a simulated judge on an endpoint of its own, beside simulated agents, is named with its own simulator', () => {
    const judgedElsewhere: RunFile = { ...base, config: { ...base.config, judgeProvider: 'custom', judgeEndpoint: 'http://127.0.0.1:42599' } }
    expect(renderRunSummary(judgedElsewhere, 'x.json', { wide: true })).toContain('SIMULATED (agents: embedded simulator; judge: orgbench simulator at http://127.0.0.1:42599; neither a real model): these numbers')
    // A re-scoring of a real run by the embedded simulator records the simulator as the judge's provider.
    const real = { ...base.config, provider: 'custom', endpoint: 'http://127.0.0.1:43120', model: 'real-x', judgeModel: 'real-judge' }
    expect(simulatedSides({ ...real, judgeProvider: 'sim', judgeEndpoint: 'embedded simulator' })).toEqual({ agents: false, judge: true })
  })

  test('a fully simulated run keeps the one label and its simulated prices; a judge that is off is not a side', () => {
    expect(spendLine(base)).toContain('(simulated prices)')
    expect(simulatedSides(base.config)).toEqual({ agents: true, judge: true })
    expect(simulatedSides({ ...base.config, judge: 'off' })).toEqual({ agents: true, judge: false })
    expect(spendLine({ ...base, config: { ...base.config, judge: 'off' } })).toContain('(simulated prices)')
    // A sim-* judge on the agents' real endpoint is still a simulated judge.
    expect(simulatedSides({ ...simJudge.config, judgeEndpoint: undefined })).toEqual({ agents: false, judge: true })
  })
})
