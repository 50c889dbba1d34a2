import type { RunFile } from './schema.js'
import { settingDifferences, showSetting } from './settings.js'

/*
 * The gate's notes on settings: every result-changing setting that differs between the baseline
 * and the gated run (the ones a resume refuses to change, lib/results/settings.ts), so that a
 * difference they cause is not read as a regression.
 */

/** Settings the gate does not note: `simulated` is refused outright, and a dollar cap stops cases but changes no case's result. */
const NOT_NOTED = new Set(['simulated', 'maxUsd'])

/** What a changed setting means for the comparison; a setting not listed may shift scores. */
const EFFECT: Record<string, string> = {
  model: 'the scores compare two models, not only two runs',
  judgeModel: 'judge-based scores may shift for that reason alone',
  judgeEndpoint: 'judge-based scores may shift for that reason alone',
  judgeProvider: 'judge-based scores may shift for that reason alone',
  judge: 'judge-based scores may shift for that reason alone',
  judgeRepeats: 'judge-based scores may shift for that reason alone',
  trials: "the rows' power differs, not what they measure",
  seed: 'the trials are other draws, which the statistics allow for',
  contextCheck: 'with it off, a reply to a prompt that the server cut to its context window is scored, not an error',
  responseFormat: 'a model asked for JSON another way may answer otherwise, and fail to parse more or less often',
  computeMatched: 'only the run with it on has the self_refine@<topology> rows; the other rows are unaffected',
}
const SHIFT = 'scores may shift for that reason alone'

const NAME: Record<string, string> = {
  model: "agents' model",
  judgeModel: 'judge model',
  judgeEndpoint: "judge's endpoint",
  judgeProvider: "judge's provider",
  judge: 'judge (on/off)',
  judgeRepeats: 'judge repeats',
  trials: 'trials per cell',
  memory: 'memory mode',
  maxOutputTokens: 'output cap (max output tokens)',
  hrm: 'hrm options',
  selfRefineBudget: 'self_refine token budget',
  contextCheck: 'context check (ORGBENCH_CONTEXT_CHECK)',
  responseFormat: 'structured output request (ORGBENCH_RESPONSE_FORMAT)',
  computeMatched: 'compute-matched arms (ORGBENCH_COMPUTE_MATCHED)',
}
const nameOf = (setting: string) => NAME[setting] ?? (setting.startsWith('hrm.') ? `hrm option ${setting.slice(4)}` : setting)

/** The settings a run file records, as the gate gets them (older files lack some; a test's run may give only a few). */
export type GateSettings = Pick<RunFile['config'], 'model' | 'judgeModel'> & Partial<RunFile['config']>

/** One note per setting that differs, then one naming the settings only one side records. */
export function settingNotes(baseline: GateSettings, current: GateSettings): string[] {
  const recorded = (c: GateSettings) => new Set(Object.keys(c).filter((k) => !NOT_NOTED.has(k) && (c as Record<string, unknown>)[k] !== undefined))
  const inBase = recorded(baseline)
  const inCur = recorded(current)
  const pick = (c: GateSettings) => Object.fromEntries(Object.entries(c).filter(([k]) => inBase.has(k) && inCur.has(k)))
  const notes = settingDifferences(pick(baseline), pick(current)).map((d) => {
    const show = (v: unknown) => (typeof v === 'string' ? v : v === null ? 'none' : showSetting(v))
    return `the ${nameOf(d.setting)} changed (${show(d.before)} → ${show(d.after)}): ${EFFECT[d.setting] ?? SHIFT}`
  })
  for (const [side, own, other] of [['the baseline', inBase, inCur], ['this run', inCur, inBase]] as const) {
    const missing = [...other].filter((k) => !own.has(k)).sort()
    if (missing.length > 0) notes.push(`${side} does not record ${missing.map(nameOf).join(', ')} (a file from an older orgbench): whether ${missing.length === 1 ? 'it' : 'they'} changed is not known`)
  }
  return notes
}

/**
 * A note when the runs were made at different commits of the benchmark: the tasks, rubrics,
 * topologies and the committed org memory (results/memory, which the weekly learning job updates)
 * are the commit's, and the baseline never moves by itself. None when both are the same, or both unknown.
 */
export function commitNote(baseline: string | null | undefined, current: string | null | undefined): string[] {
  const short = (c: string) => c.slice(0, 12)
  if ((baseline ?? null) === (current ?? null)) return []
  if (!baseline || !current) return [`${baseline ? 'this run' : 'the baseline'} does not record its benchmark commit (not made in a git checkout): whether the tasks, rubrics, topologies or org memory changed is not known`]
  return [`the benchmark commit changed (${short(baseline)} → ${short(current)}): tasks, rubrics, topologies or the org memory they read (results/memory) may differ, and scores may shift for that reason alone (git diff --stat ${short(baseline)} ${short(current)} -- benchmarks lib results/memory)`]
}
