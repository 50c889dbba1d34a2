import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { DEFAULT_LESSONS } from '../../lib/memory/lessons.js'
import { OrgMemory } from '../../lib/memory/memory.js'
import { runCase } from '../../lib/run/runner.js'
import { calibrationsFor } from '../support/calibrations.js'
import { SimContext, type SimItem } from '../../lib/sim/context.js'
import { countTheme, LESSON_EFFECT, lessonThemes, themeLesson, withLessons } from '../../lib/sim/lessons.js'
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
calibrationsFor(null)

type Counts = NonNullable<Awaited<ReturnType<typeof runCase>>['scores']['groundTruth']>['counts']
const sum = (counts: Counts, pattern: RegExp) => Object.entries(counts).filter(([k]) => pattern.test(k)).reduce((n, [, c]) => n + c.hit, 0)

/**
 * Per kind with ground-truth items: a task, a theme its items carry, and the counts of the scores
 * that measure that theme (the same counts the simulated retrospective reads, see countTheme).
 */
const KINDS = [
  { kind: 'code review', task: 'code_review_execution', theme: 'medium', counts: /^recall_medium$/ },
  { kind: 'contract review', task: 'contract_review_execution', theme: 'medium', counts: /^recall_medium$/ },
  { kind: 'support triage', task: 'support_triage_execution', theme: 'deadline', counts: /^sla_exact$/ },
  { kind: 'support triage with merges', task: 'support_triage_hard', theme: 'merge', counts: /^(merges|escalations)$/ },
  { kind: 'incident response', task: 'incident_response_execution', theme: 'action', counts: /^required_actions$/ },
  { kind: 'overlapping incidents', task: 'incident_response_overlap', theme: 'chain', counts: /^chain_links_/ },
  { kind: 'reconciliation close', task: 'cash_reconciliation_execution', theme: 'card', counts: /^card_charges$/ },
] as const

describe('end to end, per kind: lessons change what the organisation finds only when they reach a prompt', () => {
  const config = loadConfig({ env: { ORGBENCH_JUDGE: 'off' }, cwd: '/nonexistent' })
  const withLesson = (theme: string, audience: string[]) => new OrgMemory('on', [...DEFAULT_LESSONS, { id: 'watch-theme', text: themeLesson(theme), audience }])
  const trials = Array.from({ length: 16 }, (_, i) => i + 1)

  test.each(KINDS)('$kind: the count a "$theme" lesson names is one the simulated retrospective reads', ({ theme, counts }) => {
    const keys = ['recall_medium', 'sla_exact', 'merges', 'required_actions', 'chain_links_a', 'card_charges'].filter((k) => counts.test(k))
    expect(keys.map(countTheme)).toContain(theme)
  })

  test.each(KINDS)('$kind: addressed to an agent that does not exist (a dead key), a lesson changes nothing', async ({ task: id, theme }) => {
    const task = registry.get(id)
    const run = (memory: OrgMemory, trial: number) => runCase({ config, task, topology: 'single', trial, baseURL: sim().url, memory })
    for (const trial of trials.slice(0, 2)) {
      const [base, dead] = await Promise.all([run(OrgMemory.forMode('default'), trial), run(withLesson(theme, ['systems_architect']), trial)])
      expect(dead.deliverable).toEqual(base.deliverable)
    }
  })

  test.each(KINDS)('$kind: the same lesson addressed to the agent that reads it gets at least a quarter of the missed "$theme" items right', async ({ task: id, theme, counts }) => {
    const task = registry.get(id)
    const run = (memory: OrgMemory, trial: number) => runCase({ config, task, topology: 'single', trial, baseURL: sim().url, memory })
    let base = 0
    let taught = 0
    let total = 0
    for (const trial of trials) {
      const [b, t] = await Promise.all([run(OrgMemory.forMode('default'), trial), run(withLesson(theme, ['single']), trial)])
      base += sum(b.scores.groundTruth!.counts, counts)
      taught += sum(t.scores.groundTruth!.counts, counts)
      total += Object.entries(t.scores.groundTruth!.counts).filter(([k]) => counts.test(k)).reduce((n, [, c]) => n + c.total, 0)
    }
    // The documented effect recovers half of each missed chance; a quarter of what was missed is a bound
    // that the noise of a changed prompt alone never reaches (with LESSON_EFFECT = 0 it gains ≤ 3 %).
    // Sixteen trials: a changed prompt redraws a fifth of a call's views (callVariation), too much
    // noise for the bound over the few items eight trials miss on the smaller tasks.
    expect(taught - base).toBeGreaterThanOrEqual(0.25 * (total - base))
  })
})
