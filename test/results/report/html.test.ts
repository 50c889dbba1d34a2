import { describe, expect, test } from 'vitest'
import { renderReportHtml } from '../../../lib/results/report/html.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { twoTrackRun } from './shared.js'

const html = renderReportHtml(buildReportModel([twoTrackRun]))

describe('renderReportHtml', () => {
  test('is self-contained: no script, no external URL, every chart inline', () => {
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
    for (const chart of ['quality-vs-cost', 'differences', 'win-rates', 'per-task', 'cost-by-role', 'learning-curve']) expect(html).toContain(`data-chart="${chart}"`)
  })
  test('labels simulated results', () => {
    expect(html).toContain('SIMULATED — embedded simulator, not a real model')
  })
  test('shows each topology with its interval and its clustered difference against single', () => {
    // star − single: e1 +5.67, f1 +10 → +7.8 over two tasks
    expect(html).toMatch(/<td>star<\/td><td>2<\/td><td>6\/6<\/td><td>[\d.]+<\/td><td>\[[^\]]+\]<\/td><td>\+7\.8 \[/)
  })
})
