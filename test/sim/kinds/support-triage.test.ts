import { describe, expect, test } from 'vitest'
import { scoreGroundTruth } from '../../../lib/eval/score.js'
import { SimContext } from '../../../lib/sim/context.js'
import { simulateSupportTriage } from '../../../lib/sim/kinds/support-triage.js'
import { SIM_PROFILES, type SimProfile } from '../../../lib/sim/profiles.js'
import { deliverableSchema } from '../../../lib/tasks/kinds/index.js'
import type { SupportTriageDeliverable, SupportTriageTruth } from '../../../lib/tasks/kinds/support-triage.js'
import { loadRegistry, type Task } from '../../../lib/tasks/registry.js'

/*
 * The simulated triage on both triage tasks (the standard one without merges, the hard one with
 * them). Whatever follows each task's calibration, the checks here hold for any profile.
 */

const registry = await loadRegistry()
const SEEDS = [1, 2, 3, 4, 5, 6]

const simulate = (task: Task, profile: SimProfile, seed: number, prior: unknown[] = []) =>
  simulateSupportTriage(new SimContext({ task, profile, role: null, prior, prompt: '', callKey: `${seed}|${profile.id}`, trialKey: `${seed}|${profile.id}` }), task.truth!.data as SupportTriageTruth)
const score = (task: Task, d: SupportTriageDeliverable) => scoreGroundTruth(task, { kind: 'structured', schema: 'support_triage_deliverable', data: d })!.score
const mean = (task: Task, id: string) => SEEDS.reduce((s, seed) => s + score(task, simulate(task, SIM_PROFILES[id]!, seed)), 0) / SEEDS.length

describe.each(['support_triage_execution', 'support_triage_hard'])('simulateSupportTriage on %s', (id) => {
  const task = registry.get(id)
  const truth = task.truth!.data as SupportTriageTruth

  test("one decision per ticket of the batch, in the batch's order, valid against the task's deliverable schema", () => {
    const schema = deliverableSchema({ deliverable: 'support_triage', categories: task.categories, truth: task.truth })
    for (const seed of SEEDS) {
      const d = simulate(task, SIM_PROFILES['sim-weak']!, seed)
      expect(d.tickets.map((t) => t.id)).toEqual(truth.tickets.map((t) => t.id))
      const parsed = schema.safeParse(d)
      expect(parsed.success, parsed.error?.message).toBe(true)
      for (const t of d.tickets) expect(task.categories.map((c) => c.id)).toContain(t.category)
    }
  })

  test('the same seed and profile give the same triage; another seed may differ', () => {
    expect(simulate(task, SIM_PROFILES['sim-medium']!, 3)).toEqual(simulate(task, SIM_PROFILES['sim-medium']!, 3))
    const all = SEEDS.map((seed) => JSON.stringify(simulate(task, SIM_PROFILES['sim-medium']!, seed)))
    expect(new Set(all).size).toBeGreaterThan(1)
  })

  test('sim-weak scores below sim-strong on average', () => {
    expect(mean(task, 'sim-weak')).toBeLessThan(mean(task, 'sim-strong'))
  })
})

describe('merges', () => {
  test('only the task that scores merges gets a mergeInto on each decision, naming a ticket of the batch or null', () => {
    const plain = simulate(registry.get('support_triage_execution'), SIM_PROFILES['sim-strong']!, 1)
    expect(plain.tickets.every((t) => !('mergeInto' in t))).toBe(true)
    const hard = registry.get('support_triage_hard')
    const ids = new Set((hard.truth!.data as SupportTriageTruth).tickets.map((t) => t.id))
    const merged = simulate(hard, SIM_PROFILES['sim-strong']!, 1)
    expect(merged.tickets.every((t) => 'mergeInto' in t)).toBe(true)
    expect(merged.tickets.some((t) => t.mergeInto !== null)).toBe(true)
    for (const t of merged.tickets) expect(t.mergeInto === null || ids.has(t.mergeInto!), `${t.id} → ${t.mergeInto}`).toBe(true)
  })
})
