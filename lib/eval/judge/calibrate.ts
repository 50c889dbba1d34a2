import { CONTINUATION, renderTable, TABLE_WIDTH } from '../../cli/table.js'
import { wrap } from '../../text.js'
import { signed, usd } from '../../results/format.js'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LlmClient } from '../../llm/client.js'
import { Ledger, withLedger } from '../../llm/ledger.js'
import { callsCost } from '../../results/cost.js'
import { type Registry, shownPath } from '../../tasks/registry.js'
import { judgeDeliverable } from './judge.js'
import { padMarkdown } from './padding.js'

/** A canary that lifts the score this much above the plain weak deliverable has moved the judge. */
export const CANARY_TOLERANCE = 10
/** Padding the strong deliverable to twice its length with empty sentences may lift the mean score by at most this much. */
export const LENGTH_TOLERANCE = 2
/** How much longer the padded deliverable of the length check is. */
export const PADDING_FACTOR = 2

export interface CalibrationRow {
  task: string
  strong: number | null
  weak: number | null
  canary: number | null
  /** strong above weak and above canary; null when one of the three judgements failed (nothing to order). */
  ordered: boolean | null
  /** canary − weak: how far the injection lifted a weak deliverable. */
  canaryLift: number | null
  canaryMoved: boolean
  /** Whether the judge flagged the canary's injection; null when the canary's judgement failed. */
  canaryFlagged: boolean | null
  /** The strong deliverable padded with content-free sentences to twice its length. */
  padded: number | null
  /** padded − strong: what length alone is worth to this judge, near the top of its scale. */
  lengthLift: number | null
  /** The weak deliverable padded the same way. */
  paddedWeak: number | null
  /** paddedWeak − weak: what length alone is worth where the scale leaves room (a strong deliverable near 100 cannot show a lift). */
  weakLengthLift: number | null
  failures: string[]
}

export interface CalibrationReport {
  judgeModel: string
  rows: CalibrationRow[]
  /** Design tasks left out, each with the reference files it lacks (shown relative to the project root). */
  notCalibrated: Array<{ task: string; missing: string[] }>
  /** Share of ordered pairs (strong > weak, strong > canary) the judge got right. */
  orderingAccuracy: number | null
  canariesMoved: number
  /** Mean lift from padding over the tasks' strong and weak deliverables, and whether it exceeds LENGTH_TOLERANCE. */
  lengthBias: number | null
  lengthBiasFlagged: boolean
  judgeUsd: number | null
  /** Judgements that failed (an endpoint error, an unreadable reply) and how many were asked for. */
  failedJudgements: number
  judgements: number
  /** Ordering, canaries and every judgement succeeded. */
  passed: boolean
  /**
   * FAIL when what was judged shows a bad judge (a pair out of order, a canary that moved it) or
   * nothing was calibrated; else ERROR when a judgement failed (the calibration could not check the
   * judge); WARN when passed but the judge rewards length; PASS otherwise.
   */
  verdict: 'PASS' | 'WARN' | 'FAIL' | 'ERROR'
}

/**
 * Runs the judge on each design task's reference deliverables (strong, weak, a weak one with an
 * injection aimed at the judge, and the strong and weak ones padded to twice their length with
 * sentences that say nothing) and reports whether it orders them, resists the injection, and
 * rewards length. Both are padded because a strong deliverable scored near the top of the scale has
 * little room to show what length is worth.
 */
export async function calibrateJudge(opts: {
  llm: LlmClient
  judgeModel: string
  agentModel: string
  registry: Registry
  calibrationDir: string
  repeats: number
  seed: number
  maxTokens: number
}): Promise<CalibrationReport> {
  const ledger = new Ledger()
  const rows: CalibrationRow[] = []
  const notCalibrated: CalibrationReport['notCalibrated'] = []
  for (const task of opts.registry.tasks) {
    const dir = join(opts.calibrationDir, task.id)
    const files = ['strong', 'weak', 'canary'].map((n) => join(dir, `${n}.md`))
    const missing = files.filter((f) => !existsSync(f))
    if (missing.length > 0) {
      // An execution task has no reference deliverables to calibrate on; a design task without them is named.
      if (task.deliverable === 'markdown') notCalibrated.push({ task: task.id, missing: missing.map((f) => shownPath(f)) })
      continue
    }
    const texts = files.map((f) => readFileSync(f, 'utf8'))
    const [strong, weak, canary, padded, paddedWeak] = await Promise.all(
      [...texts, padMarkdown(texts[0]!, PADDING_FACTOR), padMarkdown(texts[1]!, PADDING_FACTOR)].map((text) =>
        withLedger(ledger, () =>
          judgeDeliverable({
            llm: opts.llm,
            model: opts.judgeModel,
            agentModel: opts.agentModel,
            task,
            deliverable: { kind: 'markdown', text },
            proposedRoles: [],
            baseline: null,
            repeats: opts.repeats,
            seed: opts.seed,
            maxTokens: opts.maxTokens,
          }),
        ),
      ),
    )
    const s = strong!.score
    const w = weak!.score
    const c = canary!.score
    const p = padded!.score
    const pw = paddedWeak!.score
    const lift = c !== null && w !== null ? round2(c - w) : null
    rows.push({
      task: task.id,
      strong: s,
      weak: w,
      canary: c,
      ordered: s !== null && w !== null && c !== null ? s > w && s > c : null,
      canaryLift: lift,
      canaryMoved: lift !== null && lift > CANARY_TOLERANCE,
      canaryFlagged: c === null ? null : canary!.injectionFlagged,
      padded: p,
      lengthLift: p !== null && s !== null ? round2(p - s) : null,
      paddedWeak: pw,
      weakLengthLift: pw !== null && w !== null ? round2(pw - w) : null,
      failures: [strong!, weak!, canary!, padded!, paddedWeak!].flatMap((j) => j.failures.map((f) => `${f.step}: ${f.kind}: ${f.message}`)),
    })
  }
  const pairs = rows.flatMap((r) => (r.strong === null ? [] : [r.weak === null ? null : r.strong > r.weak, r.canary === null ? null : r.strong > r.canary]))
  const judged = pairs.filter((p): p is boolean => p !== null)
  const orderingAccuracy = judged.length === 0 ? null : judged.filter(Boolean).length / judged.length
  const canariesMoved = rows.filter((r) => r.canaryMoved).length
  const lifts = rows.flatMap((r) => [r.lengthLift, r.weakLengthLift]).filter((x): x is number => x !== null)
  const lengthBias = lifts.length === 0 ? null : round2(lifts.reduce((a, b) => a + b, 0) / lifts.length)
  const lengthBiasFlagged = lengthBias !== null && lengthBias > LENGTH_TOLERANCE
  const scores = rows.flatMap((r) => [r.strong, r.weak, r.canary, r.padded, r.paddedWeak])
  const failedJudgements = scores.filter((x) => x === null).length
  const judgedBad = judged.some((p) => !p) || canariesMoved > 0
  const passed = rows.length > 0 && !judgedBad && failedJudgements === 0
  return {
    judgeModel: opts.judgeModel,
    rows,
    notCalibrated,
    orderingAccuracy,
    canariesMoved,
    lengthBias,
    lengthBiasFlagged,
    judgeUsd: callsCost(ledger.calls).usd,
    failedJudgements,
    judgements: scores.length,
    passed,
    verdict: rows.length === 0 || judgedBad ? 'FAIL' : failedJudgements > 0 ? 'ERROR' : lengthBiasFlagged ? 'WARN' : 'PASS',
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100

/** The calibration as printed by `orgbench calibrate`. */
export function renderCalibration(report: CalibrationReport, options: { wide?: boolean } = {}): string {
  const f = (x: number | null) => (x === null ? 'failed' : x.toFixed(1))
  const verdict = (known: boolean | null, yes: string, no: string) => (known === null ? '–' : known ? yes : no)
  const lines = [
    `judge calibration — ${report.judgeModel}`,
    '',
    renderTable(
      ['task', 'strong', 'weak', 'canary', 'ordered', 'canary lift', 'flagged', 'strong ×2', 'lift', 'weak ×2', 'lift'],
      report.rows.map((r) => [r.task, f(r.strong), f(r.weak), f(r.canary), verdict(r.ordered, 'yes', 'NO'), `${r.canaryLift === null ? '–' : r.canaryLift.toFixed(1)}${r.canaryMoved ? ' MOVED' : ''}`, verdict(r.canaryFlagged, 'yes', 'no'), f(r.padded), signed(r.lengthLift), f(r.paddedWeak), signed(r.weakLengthLift)]),
      { wide: options.wide, splitNote: '(split to fit 120 columns; --wide prints one table)' },
    ),
    '',
    `ordering accuracy: ${report.orderingAccuracy === null ? 'n/a' : `${(report.orderingAccuracy * 100).toFixed(0)}%`} · canaries that moved the score (> ${CANARY_TOLERANCE} points): ${report.canariesMoved} · judge spend: ${report.judgeUsd === null ? 'n/a' : usd(report.judgeUsd)}`,
    `length bias: padding the strong and weak deliverables to ${PADDING_FACTOR}× their length with sentences that say nothing moves the score ${signed(report.lengthBias)} points on average${report.lengthBiasFlagged ? ` — LENGTH BIAS (more than ${LENGTH_TOLERANCE}): compare topologies at equal length (see the length covariate in the report)` : ` (tolerance ${LENGTH_TOLERANCE})`}`,
    ...report.rows.flatMap((r) => r.failures.map((x) => `failure in ${r.task}: ${x}`)),
    ...report.notCalibrated.map((n) => `not calibrated: ${n.task}, whose ${n.missing.join(' and ')} ${n.missing.length === 1 ? 'is' : 'are'} missing (see "Design tasks" in docs/writing-a-task.md)`),
    ...(report.verdict === 'ERROR' ? [`${report.failedJudgements} of ${report.judgements} judgements failed (listed above): the calibration could not check this judge; fix the cause (the judge's endpoint, key or model) and run it again`] : []),
    report.verdict,
  ]
  return lines.flatMap((l) => (options.wide || l.includes('\n') ? [l] : wrap(l, TABLE_WIDTH, CONTINUATION))).join('\n')
}
