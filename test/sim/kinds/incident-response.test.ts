import { describe, expect, test } from 'vitest'
import { scoreGroundTruth } from '../../../lib/eval/score.js'
import { SimKnowledge } from '../../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { rootCauseDifficulty } from '../../../lib/sim/kinds/incident-response.js'
import { respond, toSimCall } from '../../../lib/sim/respond.js'
import type { ImpactReportDeliverable, MultiIncidentDeliverable, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import { perfectImpactReport } from '../../support/incidents.js'
import type { Task } from '../../../lib/tasks/registry.js'
import { deliverableFormat, soloIdentity, taskBlock } from '../../../lib/topologies/prompts.js'
import { calibrationsFor } from '../../support/calibrations.js'

// The kind's own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const knowledge = await SimKnowledge.load()
const standard = knowledge.registry.get('incident_response_execution')
const hard = knowledge.registry.get('incident_response_overlap')
const truth = hard.truth!.data as MultiIncidentTruth
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)

/** The single agent's reply, optionally with earlier work quoted in the prompt as a JSON block. */
function reply(task: Task, model: string, seed: number, earlier?: unknown): unknown {
  const quoted = earlier === undefined ? '' : `\n\n### Draft (from Systems Architect)\n\`\`\`json\n${JSON.stringify(earlier)}\n\`\`\``
  const body = {
    model,
    seed,
    messages: [
      { role: 'system', content: soloIdentity([]).system },
      { role: 'user', content: `${taskBlock(task)}${quoted}\n\n## Format\n${deliverableFormat(task)}` },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'incident_response_deliverable', schema: {} } },
  }
  return JSON.parse(respond(toSimCall(body, SIM_PROFILES[model]!, knowledge), knowledge))
}
const score = (task: Task, data: unknown) => scoreGroundTruth(task, { kind: 'structured', schema: 'incident_response_deliverable', data })!
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('simulated response to several overlapping incidents', () => {
  test("sim-strong's single agent scores clearly lower on the hard task than on the standard one", () => {
    const hardMean = mean(SEEDS.map((s) => score(hard, reply(hard, 'sim-strong', s)).score))
    const standardMean = mean(SEEDS.map((s) => score(standard, reply(standard, 'sim-strong', s)).score))
    expect(standardMean - hardMean).toBeGreaterThan(10)
  })

  test('an origin logged under its own name is critical; one logged by another component (a release by the deployer) must be inferred', () => {
    const prompt = 'E-0001 13:00:01 deployer I switch cart 1->2\nE-0002 13:00:02 inventory I config reload changed=1\n'
    const incident = (firstBadEvent: string, component: string) => ({ ...truth.incidents[0]!, firstBadEvent, rootCause: { component, summary: 'a summary of ten' } })
    expect(rootCauseDifficulty(prompt, incident('E-0002', 'inventory'))).toBe('CRITICAL')
    expect(rootCauseDifficulty(prompt, incident('E-0001', 'cart'))).toBe('HIGH')
    expect(rootCauseDifficulty(prompt, incident('E-0003', 'cart'))).toBe('CRITICAL')
    expect(truth.incidents.map((t) => rootCauseDifficulty(taskBlock(hard), t))).toEqual(['HIGH', 'CRITICAL', 'HIGH', 'CRITICAL'])
  })

  test('sim-strong names every root cause and never orders a must-avoid action, but misses first events, links and actions', () => {
    const replies = SEEDS.map((s) => reply(hard, 'sim-strong', s) as MultiIncidentDeliverable)
    const avoid = truth.harmfulActions.filter((h) => h.mustAvoid).map((h) => h.action)
    expect(avoid.length).toBeGreaterThan(1)
    for (const r of replies) {
      expect(r.incidents.map((i) => i.rootCauseComponent)).toEqual(expect.arrayContaining(truth.incidents.map((i) => i.rootCause.component)))
      for (const a of avoid) expect(r.actions.map((x) => x.action)).not.toContain(a)
    }
    const firstRight = replies.flatMap((r) => truth.incidents.map((t, i) => r.incidents[i]?.firstBadEvent === t.firstBadEvent))
    expect(firstRight.filter(Boolean).length).toBeGreaterThan(0)
    expect(firstRight.filter((x) => !x).length).toBeGreaterThan(0)
  })

  test('the impact report: sim-strong gets the must-catch figures and targets exactly, estimates some other figures; sim-weak estimates more', () => {
    type Report = ImpactReportDeliverable
    const exact = (r: Report, model: string) =>
      truth.incidents.flatMap((t) => {
        const reported = r.incidents.find((i) => i.rootCauseComponent === t.rootCause.component)
        return t.impact!.figures.map((f) => ({ model, mustCatch: f.mustCatch, right: reported?.impact.figures[f.measure] === f.value }))
      })
    const strong = SEEDS.map((s) => reply(hard, 'sim-strong', s) as Report)
    const weak = SEEDS.map((s) => reply(hard, 'sim-weak', s) as Report)
    const strongFigures = strong.flatMap((r) => exact(r, 'strong'))
    expect(strongFigures.filter((f) => f.mustCatch).every((f) => f.right)).toBe(true)
    expect(strongFigures.some((f) => !f.mustCatch && !f.right)).toBe(true)
    const share = (fs: { right: boolean }[]) => fs.filter((f) => f.right).length / fs.length
    expect(share(weak.flatMap((r) => exact(r, 'weak')))).toBeLessThan(share(strongFigures))
    const skip = truth.requiredActions.find((a) => a.mustCatchTargets)!
    for (const r of strong) expect([...r.actions.find((a) => a.action === skip.action)!.targets].sort()).toEqual([...skip.targets!].sort())
  })

  test('weaker agents merge incidents away or blame a red herring', () => {
    const herrings = new Set(truth.redHerrings.map((h) => h.component))
    const replies = SEEDS.map((s) => reply(hard, 'sim-weak', s) as MultiIncidentDeliverable)
    expect(replies.some((r) => r.incidents.length < truth.incidents.length)).toBe(true)
    expect(replies.some((r) => r.incidents.some((i) => herrings.has(i.rootCauseComponent)))).toBe(true)
  })

  test('first bad events, figures and actions reported by earlier work are mostly kept', () => {
    const perfect = perfectImpactReport(truth)
    expect(score(hard, perfect).score).toBe(100)
    const alone = mean(SEEDS.map((s) => score(hard, reply(hard, 'sim-strong', s)).score))
    const withDraft = mean(SEEDS.map((s) => score(hard, reply(hard, 'sim-strong', s, perfect)).score))
    expect(withDraft).toBeGreaterThan(alone + 10)
  })
})
