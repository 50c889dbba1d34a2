import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scoreImpactReport } from '../../../lib/eval/scorers/incident-impact.js'
import { readCalibration } from '../../../lib/tasks/calibration-file.js'
import type { ImpactReportDeliverable, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

/**
 * The hard-tier incident command, scored on the real-model report shipped as its calibration: a plan
 * that adds the runbook's harmful actions to that report loses 15 points for each of them, as the
 * standard-tier incident does, and no longer scores as a near-perfect response.
 */
const task = (await loadRegistry()).get('incident_response_overlap')
const truth = task.truth!.data as MultiIncidentTruth
const calibrated = (readCalibration(join(PROJECT_ROOT, 'fixtures'), task.id)!.runs[0]!.deliverable as { data: ImpactReportDeliverable }).data
const runbookActions = [...task.resolvedInputs.find((i) => i.id === 'runbook')!.content.matchAll(/^## (R\d\d) /gm)].map((m) => m[1]!)
const plus = (actions: string[]): ImpactReportDeliverable => ({
  ...calibrated,
  actions: [...calibrated.actions, ...actions.map((action) => ({ action, targets: [], after: [], rationale: 'ordered as well' }))],
})

describe('incident_response_overlap: harmful actions', () => {
  const right = scoreImpactReport(truth, calibrated).score

  test('the calibrated report orders no harmful action and scores 100', () => {
    expect(right).toBe(100)
  })

  test('the right report plus the data-losing failover R05 costs 15 points', () => {
    expect(scoreImpactReport(truth, plus(['R05'])).score).toBe(85)
  })

  test('plus R05, the slot drop R10 and the session flush R22: 45 points less', () => {
    expect(scoreImpactReport(truth, plus(['R05', 'R10', 'R22'])).score).toBe(55)
  })

  test('ordering every runbook action, with the diagnosis and figures right, fails the response', () => {
    const ordered = new Set(calibrated.actions.map((a) => a.action))
    expect(runbookActions).toHaveLength(24)
    const s = scoreImpactReport(truth, plus(runbookActions.filter((a) => !ordered.has(a))))
    expect(s.counts.harmful_actions_taken).toEqual({ hit: truth.harmfulActions.length, total: truth.harmfulActions.length })
    expect(s.score).toBeLessThan(20)
  })
})
