import { describe, expect, test } from 'vitest'
import { renderReportHtml } from '../../../lib/results/report/html.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { judgedRecord, makeRun, provenanceCheck } from '../fixtures.js'
import { twoTrackRun } from './shared.js'

const html = renderReportHtml(buildReportModel([twoTrackRun]))

describe('renderReportHtml', () => {
  test('is self-contained: no script, no external URL, every chart inline', () => {
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
    for (const chart of ['quality-vs-cost', 'differences', 'win-rates', 'per-task', 'cost-by-role', 'learning-curve']) expect(html).toContain(`data-chart="${chart}"`)
  })
  test('labels simulated results and says in words what they test', () => {
    expect(html).toContain('SIMULATED — embedded simulator, not a real model: these numbers test the machinery, not the topologies')
  })
  test('has a section on the judge: agreement, the length covariate per organisation, and the provenance flag', () => {
    const records = [1, 2, 3, 4].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('star', trial, 60 + trial, 2000, 52 + trial)])
    const judged = renderReportHtml(buildReportModel([{ ...makeRun(records), provenance: provenanceCheck() }]))
    expect(judged).toContain('<section id="judge">')
    expect(judged).toContain('The judge can tell organisations from single agents: blinding does not hide the topology.')
    expect(judged).toMatch(/<td>star<\/td><td>4<\/td><td>\+10\.0<\/td>/)
    expect(html).not.toContain('<section id="judge">')
  })
  test('shows each topology with its interval and its clustered difference against single', () => {
    // star − single: e1 +5.67, f1 +10 → +7.8 over two tasks
    expect(html).toMatch(/<td>star<\/td><td>2<\/td><td>6\/6<\/td><td>[\d.]+<\/td><td>\[[^\]]+\]<\/td><td>\+7\.8 \(too few tasks \(2\) for an interval\)/)
  })
})
