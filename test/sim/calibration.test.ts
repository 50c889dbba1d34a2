import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { CALIBRATED_DETECTABILITY, CALIBRATED_FALSE_ALARM, calibrationOf, itemChances, RIGHT_ERROR_SCALE, setCalibration, simCalibration, trapChance, useCalibrationFixtures } from '../../lib/sim/calibration.js'
import { checkSimulatedSingle, renderSimCheck, SIM_TOLERANCE, simulatedSingleScores, tierMeans } from '../../lib/sim/calibration-check.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { detectability, SIM_PROFILES, typicalDetectability } from '../../lib/sim/profiles.js'
import '../../lib/sim/respond.js'
import type { CodeReviewDeliverable, CodeReviewTruth } from '../../lib/tasks/kinds/code-review.js'
import type { SupportTriageDeliverable, SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'
import { readCalibration } from '../../lib/tasks/calibration-file.js'
import { scoreGroundTruth } from '../../lib/eval/score.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

const FIXTURES = join(PROJECT_ROOT, 'fixtures')
const knowledge = await SimKnowledge.load()
const triage = knowledge.registry.get('support_triage_execution')
const review = knowledge.registry.get('code_review_execution')
const strong = SIM_PROFILES['sim-strong']!
const weak = SIM_PROFILES['sim-weak']!

/** A triage that gets every ticket right except those in `wrong`, whose priority it changes. */
function triageDeliverable(wrong: readonly string[]): SupportTriageDeliverable {
  const truth = triage.truth!.data as SupportTriageTruth
  return {
    tickets: truth.tickets.map((t) => ({ id: t.id, priority: wrong.includes(t.id) ? (t.priority === 'P3' ? 'P2' : 'P3') : t.priority, routing: t.routing, category: t.category, slaDeadline: t.slaDeadline, rationale: 'as read' })),
  }
}

const tickets = (triage.truth!.data as SupportTriageTruth).tickets
const p0 = tickets.find((t) => t.priority === 'P0')!
const p3 = tickets.find((t) => t.priority === 'P3')!
const p2 = tickets.find((t) => t.priority === 'P2')!

afterEach(() => {
  useCalibrationFixtures(FIXTURES)
})

describe('reading a calibration item by item', () => {
  test('an item the real model got right is seen with the calibrated chance and erred on a quarter as often; one it got wrong rarely', () => {
    setCalibration(triage, simCalibration(triage, [triageDeliverable([p3.id])]))
    expect(itemChances(triage, p2.id, 'MEDIUM')).toEqual({ detectability: CALIBRATED_DETECTABILITY.right, errorScale: RIGHT_ERROR_SCALE })
    expect(itemChances(triage, p3.id, 'LOW')).toEqual({ detectability: CALIBRATED_DETECTABILITY.wrong, errorScale: 1 })
    // An item the calibration does not read keeps the typical chance of its difficulty.
    expect(itemChances(triage, 'no-such-item', 'MEDIUM')).toEqual({ detectability: typicalDetectability('MEDIUM'), errorScale: 1 })
  })

  test('over several runs an item is seen in proportion to the runs that got it right', () => {
    setCalibration(triage, simCalibration(triage, [triageDeliverable([p3.id]), triageDeliverable([])]))
    const { right, wrong } = CALIBRATED_DETECTABILITY
    expect(itemChances(triage, p3.id, 'LOW').detectability).toBeCloseTo((right + wrong) / 2, 10)
    expect(calibrationOf(triage)!.runs).toBe(2)
  })

  test('on the standard tier a must-catch item the real model missed keeps its typical chance (the offline suite asserts it)', () => {
    setCalibration(triage, simCalibration(triage, [triageDeliverable([p0.id])]))
    expect(itemChances(triage, p0.id, 'CRITICAL').detectability).toBe(1)
    expect(calibrationOf(triage)!.right.get(p0.id)).toBe(0)
  })

  test('weaker profiles keep their competence relative to sim-strong on a calibrated item', () => {
    const calibrated = CALIBRATED_DETECTABILITY.right
    expect(detectability(strong, 'MEDIUM', calibrated)).toBeCloseTo(calibrated, 10)
    expect(detectability(weak, 'MEDIUM', calibrated)).toBeCloseTo((calibrated * weak.detect.MEDIUM) / strong.detect.MEDIUM, 10)
  })

  test('a decoy the real model flagged is fallen for often, one it resisted rarely, scaled by the profile', () => {
    const truth = review.truth!.data as CodeReviewTruth
    const diff = truth.diffs.find((d) => d.decoys.length > 0)!
    const decoy = diff.decoys[0]!
    const flagged: CodeReviewDeliverable = {
      reviews: [{ diff: diff.input, verdict: 'REQUEST_CHANGES', summary: 'one finding', findings: [{ file: decoy.file, line: decoy.lines.start, category: decoy.looksLike, severity: 'HIGH', explanation: 'looks unsafe', fix: 'rework it' }] }],
    }
    setCalibration(review, simCalibration(review, [flagged]))
    const key = `${diff.input}#decoy-0`
    expect(trapChance(review, strong, key, 0.3)).toBeCloseTo(CALIBRATED_FALSE_ALARM.fooled, 10)
    expect(trapChance(review, weak, key, 0.3)).toBe(1)
    // The same pull request's stray findings: none here besides the decoy.
    expect(trapChance(review, strong, `${diff.input}#stray`, 0.3)).toBeCloseTo(CALIBRATED_FALSE_ALARM.resisted, 10)
    // A trap the calibration does not read keeps the kind's chance.
    expect(trapChance(review, strong, 'unknown-trap', 0.3)).toBe(0.3)
  })

  test('calibrations are read from the fixtures for execution tasks, not for design tasks, and not at all when switched off', () => {
    const fresh = () => SimKnowledge.load().then((k) => k.registry)
    return fresh().then((registry) => {
      expect(calibrationOf(registry.get('support_triage_hard'))?.right.size).toBeGreaterThan(100)
      expect(calibrationOf(registry.get('defi_strategy_design'))).toBeNull()
      useCalibrationFixtures(null)
      expect(calibrationOf(registry.get('support_triage_hard'))).toBeNull()
    })
  })

  test('a kind whose module has registered no reader is an error naming it, never a task without calibration', () => {
    const unknownKind = { ...triage, truth: { ...triage.truth!, kind: 'ledger_audit' } } as unknown as typeof triage
    expect(() => simCalibration(unknownKind, [triageDeliverable([])])).toThrow('no outcome reader is registered for truth kind "ledger_audit": its module in lib/sim/kinds/ registers one when loaded')
    expect(simCalibration(unknownKind, [])).toBeNull()
  })
})

describe('the simulated single agent against the calibrated real one', async () => {
  const SEEDS = [1, 2, 3, 4, 5]
  const rows = await checkSimulatedSingle(knowledge, FIXTURES, { seeds: SEEDS })

  test(`sim-strong's single agent is within ±${SIM_TOLERANCE} points of the calibrated real single agent on every calibrated execution task and each tier`, () => {
    console.log(renderSimCheck(rows, 'sim-strong', SEEDS.length))
    const followed = rows.filter((r) => r.followed)
    expect(followed.map((r) => r.task)).toEqual(expect.arrayContaining(['code_review_execution', 'code_review_hard', 'support_triage_execution', 'support_triage_hard']))
    expect(followed.filter((r) => !r.within)).toEqual([])
    expect(tierMeans(followed).map((t) => [t.tier, t.within])).toEqual([
      ['standard', true],
      ['hard', true],
    ])
  })

  test('sim-weak stays far below on the same calibrated tasks', async () => {
    const weakRows = await checkSimulatedSingle(knowledge, FIXTURES, { profile: 'sim-weak', seeds: [1, 2] })
    for (const r of weakRows.filter((x) => x.followed)) expect(r.simulated, r.task).toBeLessThan(rows.find((x) => x.task === r.task)!.simulated - 10)
  })
})

/**
 * A real deliverable that missed about a quarter of what it got right: every fourth entry of its
 * lists dropped (findings, risks, incidents, exceptions, actions), every fourth ticket mislabelled.
 */
function degraded(data: unknown): unknown {
  const out = structuredClone(data) as Record<string, unknown[]>
  const keep = (_: unknown, i: number) => i % 4 !== 1
  for (const [key, list] of Object.entries(out)) {
    if (!Array.isArray(list)) continue
    if (key === 'reviews') for (const r of list as Array<{ findings: unknown[] }>) r.findings = r.findings.filter(keep)
    else if (key === 'tickets') (list as Array<Record<string, unknown>>).forEach((t, i) => !keep(t, i) && Object.assign(t, { priority: t.priority === 'P3' ? 'P2' : 'P3', slaDeadline: '2020-01-01T00:00:00Z', mergeInto: null }))
    else if (['risks', 'incidents', 'exceptions', 'actions', 'reconcilingItems'].includes(key)) out[key] = list.filter(keep)
  }
  return out
}

describe('a calibration with headroom (as a hard task beyond the calibrated model would have)', () => {
  const hard = knowledge.registry.tasks.filter((t) => t.tier === 'hard' && t.truth && readCalibration(FIXTURES, t.id))
  test.each(hard.map((t) => [t.id, t] as const))(`%s: the simulated single agent follows a real deliverable that missed a quarter of its items to within ±${SIM_TOLERANCE}`, async (_id, task) => {
    const run = readCalibration(FIXTURES, task.id)!.runs[0]!
    const data = degraded((run.deliverable as { data: unknown }).data)
    const real = scoreGroundTruth(task, { kind: 'structured', schema: task.deliverable, data })!.score
    setCalibration(task, simCalibration(task, [data]))
    const scores = await simulatedSingleScores(knowledge, task, 'sim-strong', [1, 2, 3])
    const simulated = scores.reduce((s, v) => s + v, 0) / scores.length
    expect(real).toBeLessThan(run.scores.groundTruth! - 4)
    expect(Math.abs(simulated - real), `real ${real.toFixed(1)}, simulated ${simulated.toFixed(1)}`).toBeLessThanOrEqual(SIM_TOLERANCE)
  })
})

describe('renderSimCheck', () => {
  test("a design task's real figure decided by patterns is named a lower bound, with a line saying why", () => {
    const row = { task: 'plan', tier: 'hard' as const, real: 100, simulated: 75.6, followed: false, within: false }
    const shown = renderSimCheck([{ ...row, lowerBound: true }], 'sim-strong', 10)
    expect(shown).toContain('not followed item by item (design task; real is a lower bound)')
    expect(shown).toContain('A lower bound: a design checklist decided by its patterns; a run decides it with the judge model, which calibration record does not call.')
    const exact = renderSimCheck([{ ...row, lowerBound: false }], 'sim-strong', 10)
    expect(exact).toContain('not followed item by item (design task)\n')
    expect(exact).not.toContain('lower bound')
  })
})
