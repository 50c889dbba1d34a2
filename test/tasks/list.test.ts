import { describe, expect, test } from 'vitest'
import { renderTaskList, summarizeTask, type TaskSummary } from '../../lib/tasks/list.js'
import { join } from 'node:path'
import { calibrationPromptStatus } from '../../lib/tasks/calibration.js'
import { readCalibration } from '../../lib/tasks/calibration-file.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { estimateTokens } from '../../lib/text.js'
import { taskBlock } from '../../lib/topologies/prompts.js'

const registry = await loadRegistry()

describe('summarizeTask', () => {
  test('a code review: planted defects, decoys, and must-catch = severe defects + diffs that must be blocked', () => {
    const task = registry.get('code_review_execution')
    const truth = task.truth!.kind === 'code_review' ? task.truth!.data : null
    const issues = truth!.diffs.flatMap((d) => d.issues)
    const summary = summarizeTask(task)
    // calibrated comes from fixtures/calibration and changes when a real model is calibrated; see test/tasks/calibration.test.ts.
    expect({ ...summary, calibrated: undefined }).toEqual({
      tier: 'standard',
      calibrated: undefined,
      id: 'code_review_execution',
      track: 'enterprise',
      costCenter: 'engineering',
      kind: 'execution',
      deliverable: 'code_review',
      inputs: 14,
      promptTokens: estimateTokens(taskBlock(task)),
      planted: issues.length,
      distractors: truth!.diffs.flatMap((d) => d.decoys).length,
      mustCatch: issues.filter((i) => i.severity === 'CRITICAL' || i.severity === 'HIGH').length + truth!.diffs.filter((d) => d.verdict === 'BLOCK').length,
      roles: task.roles.map((r) => r.name),
    })
    expect(summary.planted).toBeGreaterThan(0)
  })

  test('a support triage: every ticket is planted; must-catch are the P0 tickets', () => {
    const task = registry.get('support_triage_execution')
    const tickets = task.truth!.kind === 'support_triage' ? task.truth!.data.tickets : []
    expect(summarizeTask(task)).toMatchObject({ planted: tickets.length, distractors: 0, mustCatch: tickets.filter((t) => t.priority === 'P0').length })
  })

  test('an incident: root cause and first bad event plus required actions; harmful actions and red herrings distract', () => {
    const task = registry.get('incident_response_execution')
    const truth = task.truth!.kind === 'incident_response' ? task.truth!.data : null
    expect(summarizeTask(task)).toMatchObject({ planted: 2 + truth!.requiredActions.length, distractors: truth!.harmfulActions.length + truth!.redHerrings.length, mustCatch: 1 })
  })

  test('several incidents: root cause and first bad event of each, plus required actions; must-catch: each root cause, each must-avoid action, each must-catch figure and target list', () => {
    const task = registry.get('incident_response_overlap')
    const truth = task.truth!.kind === 'incident_response' && 'incidents' in task.truth!.data ? task.truth!.data : null
    expect(summarizeTask(task)).toMatchObject({
      planted: 2 * truth!.incidents.length + truth!.requiredActions.length,
      distractors: truth!.harmfulActions.length + truth!.redHerrings.length,
      mustCatch:
        truth!.incidents.length +
        truth!.harmfulActions.filter((a) => a.mustAvoid).length +
        truth!.incidents.flatMap((x) => x.impact?.figures ?? []).filter((f) => f.mustCatch).length +
        truth!.requiredActions.filter((a) => a.mustCatchTargets).length,
    })
    expect(summarizeTask(task).mustCatch).toBe(10)
  })

  test('a contract review: risks planted, benign look-alikes distract, HIGH risks must be caught', () => {
    const task = registry.get('contract_review_execution')
    const truth = task.truth!.kind === 'contract_review' ? task.truth!.data : null
    expect(summarizeTask(task)).toMatchObject({ planted: truth!.risks.length, distractors: truth!.benign.length, mustCatch: truth!.risks.filter((r) => r.severity === 'HIGH').length })
  })

  test('a reconciliation: exceptions, timing differences and close figures planted; decoys, prior items and cards near their budget distract; fraud, material exceptions and cards over budget must be caught', () => {
    const task = registry.get('cash_reconciliation_execution')
    const truth = task.truth!.kind === 'reconciliation' ? task.truth!.data : null
    const material = truth!.exceptions.filter((x) => x.category === 'suspected_fraud' || x.amount / truth!.accounts.find((a) => a.account === x.account)!.ratePerEur >= truth!.materialityEur)
    const close = truth!.close!
    const overBudget = close.cards.filter((c) => c.firstChargeOverBudget !== null)
    const nearBudget = close.cards.filter((c) => c.firstChargeOverBudget === null && c.spend >= 0.97 * c.budget)
    expect(summarizeTask(task)).toMatchObject({
      deliverable: 'reconciliation',
      inputs: 18,
      planted: truth!.exceptions.length + truth!.reconcilingItems.length + close.cards.length + close.interest.length + close.revaluation.length,
      distractors: truth!.decoys.length + truth!.priorItems.length + nearBudget.length,
      mustCatch: material.length + overBudget.length,
    })
    expect([material.length, overBudget.length, nearBudget.length]).toEqual([16, 4, 2])
  })

  test('a design task has no ground truth; its must-catch items are the must-pass checklist items', () => {
    const task = registry.get('software_architecture')
    expect(summarizeTask(task)).toMatchObject({ kind: 'design', deliverable: 'markdown', inputs: 0, planted: null, distractors: null, mustCatch: task.checklist.filter((c) => c.mustPass).length })
  })
})

describe('summarizeTask: calibration prompt', () => {
  test("given the current prompt's digest, a calibrated task says whether its newest run answered it; without one it is not known", () => {
    const task = registry.get('code_review_hard')
    const file = readCalibration(join(PROJECT_ROOT, 'fixtures'), task.id)!
    const current = 'a'.repeat(64)
    expect(summarizeTask(task, { currentPromptSha256: current }).calibrated?.prompt).toBe(calibrationPromptStatus(file, current))
    expect(summarizeTask(task).calibrated?.prompt).toBeNull()
  })
})

describe('renderTaskList', () => {
  const row = (over: Partial<TaskSummary>): TaskSummary => ({
    id: 'x',
    track: 'general',
    costCenter: 'strategy',
    kind: 'design',
    deliverable: 'markdown',
    inputs: 0,
    promptTokens: 900,
    planted: null,
    distractors: null,
    mustCatch: 2,
    roles: ['A', 'B', 'C'],
    tier: 'standard',
    calibrated: null,
    ...over,
  })

  test('one aligned row per task, sorted by track then id, then the notes and the roles', () => {
    const text = renderTaskList([
      row({ id: 'plan', track: 'general' }),
      row({
        id: 'review',
        track: 'enterprise',
        costCenter: 'engineering',
        kind: 'execution',
        deliverable: 'code_review',
        inputs: 14,
        promptTokens: 10549,
        planted: 15,
        distractors: 4,
        mustCatch: 13,
        roles: ['Sec', 'Perf', 'Ops'],
        calibrated: { runs: 1, earlierPromptRuns: 0, models: ['m'], score: 95, headroom: 5, lowerBound: false, mustCatchRecall: 1, saturated: true, prompt: 'same' },
      }),
    ])
    expect(text.split('\n')).toEqual([
      'task    track       tier      kind       deliverable  inputs  ~tokens  planted  distractors  must-catch  real single',
      '------  ----------  --------  ---------  -----------  ------  -------  -------  -----------  ----------  -----------',
      'review  enterprise  standard  execution  code_review      14   10,549       15            4          13     95.0 SAT',
      'plan    general     standard  design     markdown          0      900        –            –           2            –',
      '',
      '2 task(s). ~tokens is an estimate (about 4 characters per token) of the prompt every agent reads:',
      '  brief, constraints and inputs.',
      'planted: ground-truth items scored; distractors: look-alikes that draw false alarms; must-catch: items asserted one',
      '  by one.',
      'real single: how a strong real model scored as the single agent in one pass',
      '  (fixtures/calibration/<task>/single-agent.json; ground truth, or checklist for design tasks); SAT marks a saturated',
      '  task (≥ 90): differences between organisations on it cannot be interpreted. – means not calibrated yet.',
      '',
      'roles:',
      '  review: Sec, Perf, Ops',
      '  plan: A, B, C',
    ])
  })

  test('a design checklist decided by its patterns is shown as a lower bound (≥), with a note saying why', () => {
    const text = renderTaskList([row({ id: 'plan', calibrated: { runs: 1, earlierPromptRuns: 0, models: ['m'], score: 100, headroom: null, lowerBound: true, mustCatchRecall: 1, saturated: true, prompt: null } })])
    expect(text.split('\n')[2]).toMatch(/ ≥100\.0 SAT$/)
    expect(text).toContain("≥ marks a design checklist decided by its patterns: a lower bound of the judge's decision in a run")
  })

  test('a score whose newest run answered an earlier prompt is marked *, with a legend saying what the mark means', () => {
    const calibrated = { runs: 1, earlierPromptRuns: 0, models: ['m'], score: 97.2, headroom: 2.8, lowerBound: false, mustCatchRecall: 1, saturated: true }
    const text = renderTaskList([
      row({ id: 'a', calibrated: { ...calibrated, prompt: 'changed' } }),
      row({ id: 'b', calibrated: { ...calibrated, prompt: 'same' } }),
      row({ id: 'c', calibrated: { ...calibrated, prompt: 'not-recorded' } }),
      row({ id: 'd', calibrated: { ...calibrated, score: 77.8, headroom: null, lowerBound: true, saturated: false, prompt: 'changed' } }),
    ])
    const lines = text.split('\n')
    expect(lines.slice(2, 6).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['97.2* SAT', '97.2 SAT', '97.2 SAT', '≥77.8*'])
    expect(text).toContain("* marks a score whose newest run answered an earlier prompt than agents get now: the task's prompt changed\n  since it was recorded, so the score may not hold for it (orgbench calibration check names each task).")
    const unchanged = renderTaskList([row({ id: 'b', calibrated: { ...calibrated, prompt: 'same' } })])
    expect(unchanged).not.toContain('* marks')
  })

  test('the real registry renders a row for each of its tasks', () => {
    const text = renderTaskList(registry.tasks.map((t) => summarizeTask(t)))
    for (const t of registry.tasks) expect(text).toMatch(new RegExp(`^${t.id} `, 'm'))
    // At 120 columns the table is split into column groups and the roles wrap; --wide keeps one wide table.
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120)
    expect(text).toContain('(split to fit 120 columns; --wide prints one table)')
    const wide = renderTaskList(registry.tasks.map((t) => summarizeTask(t)), { wide: true })
    expect(wide.split('\n')[0]).toMatch(/^task +track +tier .* real single$/)
    expect(wide.split('\n')[0]!.length).toBeGreaterThan(120)
  })
})
