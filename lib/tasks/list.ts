import { scoreGroundTruth } from '../eval/score.js'
import { CONTINUATION, renderTable, TABLE_WIDTH } from '../cli/table.js'
import { estimateTokens, thousands, wrap } from '../text.js'
import { taskBlock } from '../topologies/prompts.js'
import { isMultiIncident } from './kinds/incident-response.js'
import type { StructuredDeliverableKind } from './kinds/index.js'
import { closeDecoys, closeItems, closeSections } from './kinds/reconciliation.js'
import { join } from 'node:path'
import { summarizeCalibration, type CalibrationSummary } from './calibration.js'
import { readCalibration } from './calibration-file.js'
import { PROJECT_ROOT, type Task, type TaskTruth } from './registry.js'

/** One task as `npm run tasks` lists it. */
export interface TaskSummary {
  id: string
  track: string
  costCenter: string
  kind: 'execution' | 'design'
  deliverable: string
  inputs: number
  /** Estimated size of what every agent reads (brief, constraints, inputs), about 4 characters per token. */
  promptTokens: number
  /** Ground-truth items the deliverable is scored on; null for a task without ground truth. */
  planted: number | null
  /** Look-alikes planted to draw false alarms (decoys, benign clauses, red herrings, harmful actions). */
  distractors: number | null
  /** Items that become their own assertions: ground-truth must-catch items and must-pass checklist items. */
  mustCatch: number
  roles: string[]
  /** The task's tier. */
  tier: string
  /** How a strong real model scored as the single agent (fixtures/calibration), or null when not calibrated. */
  calibrated: CalibrationSummary | null
}

/** The smallest deliverable of each kind: scoring it yields the task's must-catch list, all missed. */
const EMPTY_DELIVERABLE: Record<StructuredDeliverableKind, unknown> = {
  code_review: { reviews: [] },
  contract_review: { overallRisk: 'LOW', summary: '', risks: [] },
  support_triage: { tickets: [] },
  incident_response: { rootCauseComponent: '', firstBadEvent: '', causalChain: [], actions: [], summary: '' },
  reconciliation: { accounts: [], reconcilingItems: [], exceptions: [], summary: '' },
}
const EMPTY_INCIDENTS = { incidents: [], actions: [], summary: '' }

const emptyDeliverable = (truth: TaskTruth): unknown => {
  if (truth.kind === 'incident_response' && isMultiIncident(truth.data)) return EMPTY_INCIDENTS
  // A reconciliation that asks for close schedules has a section for each, empty.
  if (truth.kind === 'reconciliation') return { ...(EMPTY_DELIVERABLE.reconciliation as object), ...Object.fromEntries(closeSections(truth.data).map((s) => [s, []])) }
  return EMPTY_DELIVERABLE[truth.kind]
}

function truthCounts(truth: TaskTruth): { planted: number; distractors: number } {
  switch (truth.kind) {
    case 'code_review':
      return {
        planted: truth.data.diffs.reduce((n, d) => n + d.issues.length, 0),
        distractors: truth.data.diffs.reduce((n, d) => n + d.decoys.length, 0),
      }
    case 'contract_review':
      return { planted: truth.data.risks.length, distractors: truth.data.benign.length }
    case 'support_triage':
      return { planted: truth.data.tickets.length, distractors: 0 }
    case 'incident_response':
      // Root cause and first bad event (of each incident), then every required action.
      return {
        planted: 2 * (isMultiIncident(truth.data) ? truth.data.incidents.length : 1) + truth.data.requiredActions.length,
        distractors: truth.data.harmfulActions.length + truth.data.redHerrings.length,
      }
    case 'reconciliation':
      // Exceptions and timing differences are both scored, and each card, interest schedule and revaluation of the close;
      // decoys, the previous period's open items and cards close to their budget but within it draw false alarms.
      return {
        planted: truth.data.exceptions.length + truth.data.reconcilingItems.length + closeItems(truth.data),
        distractors: truth.data.decoys.length + truth.data.priorItems.length + closeDecoys(truth.data),
      }
  }
}

/**
 * The listing facts of one task. Must-catch counts come from the scorers themselves, so they match what tests assert.
 * `currentPromptSha256`, the digest of the task's single-agent prompt rendered now, tells whether its calibration answered it.
 */
export function summarizeTask(task: Task, options: { currentPromptSha256?: string } = {}): TaskSummary {
  const counts = task.truth ? truthCounts(task.truth) : null
  const mustCatchTruth = task.truth
    ? (scoreGroundTruth(task, { kind: 'structured', schema: task.deliverable, data: emptyDeliverable(task.truth) })?.mustCatch.length ?? 0)
    : 0
  return {
    id: task.id,
    track: task.track,
    costCenter: task.costCenter,
    kind: task.kind,
    deliverable: task.deliverable,
    inputs: task.resolvedInputs.length,
    promptTokens: estimateTokens(taskBlock(task)),
    planted: counts?.planted ?? null,
    distractors: counts?.distractors ?? null,
    mustCatch: mustCatchTruth + task.checklist.filter((c) => c.mustPass).length,
    roles: task.roles.map((r) => r.name),
    tier: task.tier,
    calibrated: summarizeCalibration(readCalibration(join(PROJECT_ROOT, 'fixtures'), task.id), options.currentPromptSha256),
  }
}


/** Follows a real single score whose newest run answered an earlier prompt. */
const EARLIER_PROMPT = '*'

/** The task table printed by `npm run tasks`, sorted by track then id, with the roles of each task below it. */
export function renderTaskList(summaries: readonly TaskSummary[], options: { wide?: boolean } = {}): string {
  const rows = [...summaries].sort((a, b) => a.track.localeCompare(b.track) || a.id.localeCompare(b.id))
  const headers = ['task', 'track', 'tier', 'kind', 'deliverable', 'inputs', '~tokens', 'planted', 'distractors', 'must-catch', 'real single']
  const cells = rows.map((s) => [
    s.id,
    s.track,
    s.tier,
    s.kind,
    s.deliverable,
    String(s.inputs),
    thousands(s.promptTokens),
    s.planted === null ? '–' : String(s.planted),
    s.distractors === null ? '–' : String(s.distractors),
    String(s.mustCatch),
    s.calibrated?.score == null
      ? '–'
      : `${s.calibrated.lowerBound ? '≥' : ''}${s.calibrated.score.toFixed(1)}${s.calibrated.prompt === 'changed' ? EARLIER_PROMPT : ''}${s.calibrated.saturated ? ' SAT' : ''}`,
  ])
  return [
    renderTable(headers, cells, { left: 5, key: 1, wide: options.wide, splitNote: '(split to fit 120 columns; --wide prints one table)' }),
    '',
    `${rows.length} task(s). ~tokens is an estimate (about 4 characters per token) of the prompt every agent reads:`,
    '  brief, constraints and inputs.',
    'planted: ground-truth items scored; distractors: look-alikes that draw false alarms; must-catch: items asserted one',
    '  by one.',
    'real single: how a strong real model scored as the single agent in one pass',
    '  (fixtures/calibration/<task>/single-agent.json; ground truth, or checklist for design tasks); SAT marks a saturated',
    '  task (≥ 90): differences between organisations on it cannot be interpreted. – means not calibrated yet.',
    ...(rows.some((s) => s.calibrated?.lowerBound)
      ? [
          "≥ marks a design checklist decided by its patterns: a lower bound of the judge's decision in a run (calibration",
          '  record does not call the judge), which can show a task saturated but never that it leaves headroom.',
        ]
      : []),
    ...(rows.some((s) => s.calibrated?.score != null && s.calibrated.prompt === 'changed')
      ? [
          `${EARLIER_PROMPT} marks a score whose newest run answered an earlier prompt than agents get now: the task's prompt changed`,
          '  since it was recorded, so the score may not hold for it (orgbench calibration check names each task).',
        ]
      : []),
    '',
    'roles:',
    ...rows.flatMap((s) => wrap(`  ${s.id}: ${s.roles.join(', ')}`, TABLE_WIDTH, CONTINUATION)),
  ].join('\n')
}
