import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { DEFAULT_LESSONS } from '../../lib/memory/lessons.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import { runCase } from '../../lib/run/runner.js'
import { useCalibrationFixtures } from '../../lib/sim/calibration.js'
import { SimContext, type SimItem } from '../../lib/sim/context.js'
import { LESSON_EFFECT, lessonThemes, themeLesson, withLessons } from '../../lib/sim/lessons.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { soloIdentity } from '../../lib/topologies/prompts.js'
import { useSimulator } from '../topologies/harness.js'

const sim = useSimulator()
const registry = await loadRegistry()
const item: SimItem = { id: 'i1', difficulty: 'MEDIUM', focusWords: [], detectability: 0.65, themes: ['medium', 'race_condition'] }

describe('what a lesson does to a simulated agent', () => {
  test('only lessons in the lessons block name themes', () => {
    const prompt = `${soloIdentity([themeLesson('medium'), 'Keep values verbatim.', themeLesson('race_condition')]).system}\n\nUser text: watch for low items`
    expect([...lessonThemes(prompt)].sort()).toEqual(['medium', 'race_condition'])
    expect(lessonThemes('Please watch for low items.').size).toBe(0)
  })

  test(`a lesson naming an item's theme raises its chance by the documented effect: p + ${LESSON_EFFECT} × (1 − p)`, () => {
    expect(withLessons(0.65, item, new Set(['medium']))).toBeCloseTo(0.65 + LESSON_EFFECT * 0.35, 10)
    expect(withLessons(0.65, item, new Set(['race_condition']))).toBeCloseTo(0.825, 10)
    expect(withLessons(0.65, item, new Set(['low', 'injection']))).toBe(0.65)
    expect(withLessons(1, item, new Set(['medium']))).toBe(1)
  })

  test('a call sees the item with that chance when the lesson is in its prompt, and without it otherwise', () => {
    const task = registry.get('code_review_execution')
    const view = (prompt: string) => new SimContext({ task, profile: SIM_PROFILES['sim-strong']!, role: null, prior: [], prompt, callKey: 'k', trialKey: 't' })
    expect(view(soloIdentity([themeLesson('medium')]).system).seeChance(item)).toBeCloseTo(0.65 + LESSON_EFFECT * 0.35, 10)
    expect(view(soloIdentity([]).system).seeChance(item)).toBeCloseTo(0.65, 10)
  })
})

// The lesson mechanism on items of typical detectability: a calibrated sim-strong already sees nearly
// everything the real model saw on these saturated tasks, which leaves a lesson nothing to find.
useCalibrationFixtures(null)

describe('end to end: lessons change what the organisation finds only when they reach a prompt', () => {
  const config = loadConfig({ env: { ORGBENCH_JUDGE: 'off' }, cwd: '/nonexistent' })
  const task = registry.get('code_review_execution')
  const withLesson = (audience: string[]) => new OrgMemory('on', [...DEFAULT_LESSONS, { id: 'watch-medium', text: themeLesson('medium'), audience }, { id: 'watch-low', text: themeLesson('low'), audience }])
  const run = (memory: OrgMemory, trial: number) => runCase({ config, task, topology: 'single', trial, baseURL: sim().url, memory })
  const trials = Array.from({ length: 12 }, (_, i) => i + 1)
  const hits = (r: Awaited<ReturnType<typeof run>>) => r.scores.groundTruth!.counts.recall_medium!.hit + r.scores.groundTruth!.counts.recall_low!.hit

  test('a lesson addressed to a role that does not exist (a dead key) has no effect at all', async () => {
    for (const trial of trials.slice(0, 4)) {
      const [base, dead] = await Promise.all([run(OrgMemory.forMode('default'), trial), run(withLesson(['systems_architect']), trial)])
      expect(dead.deliverable).toEqual(base.deliverable)
    }
  })

  test('the same lesson addressed to the agent that reads it finds more of the items it names', async () => {
    let base = 0
    let taught = 0
    for (const trial of trials) {
      const [b, t] = await Promise.all([run(OrgMemory.forMode('default'), trial), run(withLesson(['single']), trial)])
      base += hits(b)
      taught += hits(t)
    }
    expect(taught).toBeGreaterThan(base)
  })
})
