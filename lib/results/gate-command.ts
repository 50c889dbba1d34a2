import { existsSync } from 'node:fs'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { baselineCaveats, promoteToBaseline } from './baseline.js'
import { GateOptions, runGate } from './gate.js'
import { renderGateMarkdown, renderGateText } from './gate-render.js'
import { LEARNING_RUN_NOTE } from './learning.js'
import { readPointer, resultsFileArgument } from './pointer.js'
import { openRun, readRunFile } from './read.js'
import type { RunFile } from './schema.js'
import { copyRun } from './store.js'
import { stableJson, writeAtomic } from './write.js'
import { oldFileWarnings } from './old-file.js'

/**
 * The gate's flags: name, value placeholder (none for a switch), help text and, for a number, the
 * gate option it sets (its path in GateOptions), so that a problem with the option names the flag.
 */
export const GATE_FLAGS: ReadonlyArray<{ name: string; value?: string; help: string; option?: readonly [string, ...string[]] }> = [
  { name: 'baseline', value: '<file>', help: 'the baseline results file (default results/baseline.json)' },
  { name: 'current', value: '<file>', help: 'the results file to gate (default: the run <results dir>/LATEST points at, ORGBENCH_RESULTS_DIR or results/runs)' },
  { name: 'markdown', value: '<file>', help: 'also write the verdict as markdown (for $GITHUB_STEP_SUMMARY)' },
  { name: 'json', value: '<file>', help: 'also write the full gate report as JSON' },
  { name: 'mode', value: '<mode>', help: '"detect" (default: FAIL on a significant drop) or "non-inferiority" (PASS only when a drop beyond the margin is ruled out)' },
  { name: 'alpha', value: '<x>', option: ['alpha'], help: 'family-wise chance of a statistical FAIL when nothing regressed, split over suite/track/cell (default 0.05)' },
  { name: 'margin-headline', value: '<pts>', option: ['margins', 'headline'], help: 'non-inferiority margin on the headline score (default 5)' },
  { name: 'margin-recall', value: '<pts>', option: ['margins', 'mustCatchRecall'], help: 'margin on must-catch recall, in points (default 5)' },
  { name: 'margin-errors', value: '<pts>', option: ['margins', 'errorRate'], help: 'margin on the error rate, in points (default 5)' },
  { name: 'margin-cost', value: '<pct>', option: ['margins', 'costPerCase'], help: 'margin on org cost per case, in percent of the baseline (default 25)' },
  { name: 'floor-recall', value: '<pct>', option: ['floors', 'mustCatchRecall'], help: 'hard floor: each cell catches at least this share of must-catch items (default 90)' },
  { name: 'max-error-rate', value: '<pct>', option: ['floors', 'errorRate'], help: "hard ceiling on the run's share of errored trials (default 10)" },
  { name: 'max-judge-error-rate', value: '<pct>', option: ['floors', 'judgeErrorRate'], help: 'hard ceiling on the share of judged trials with a failed judgement (default 10)' },
  { name: 'max-cost-ratio', value: '<x>', option: ['floors', 'costRatio'], help: "hard ceiling on a topology's cost per case relative to the baseline, averaged over tasks (default 1.5)" },
  { name: 'max-cost-per-case', value: '<usd>', option: ['floors', 'costPerCaseUsd'], help: "hard ceiling on a cell's cost per case in USD (default none)" },
  { name: 'update-baseline', help: 'write --current as the new baseline instead of gating: compacted when --baseline ends in .json.br, plain for .json (a failed run is refused, a partial one noted)' },
  { name: 'force', help: 'allow a simulated run to become the baseline' },
]

/** Exit codes, stated in the command's help. */
export const GATE_EXIT_CODES = 'exit code: 0 PASS or WARN (or baseline written), 1 FAIL, 2 unusable input or nothing comparable (no row could FAIL)'

class UsageError extends UserError {}

const DEFAULT_BASELINE = 'results/baseline.json'

/** Where runs are written (ORGBENCH_RESULTS_DIR, also from .env): its LATEST names the run to gate when --current is not given. */
const defaultResultsDir = () => loadConfig().resultsDir

export interface CommandOutput {
  log(text: string): void
  error(text: string): void
}

function numberOption(values: Record<string, unknown>, name: string): number {
  const raw = values[name]
  const x = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name}: expected a number, got ${JSON.stringify(raw)}`)
  return x
}

/** Sets the option at `path` (e.g. margins.headline) in `options`, whose objects exist already. */
function setOption(options: Record<string, unknown>, [head, ...rest]: readonly string[], value: number): void {
  if (rest.length === 0) options[head!] = value
  else setOption(options[head!] as Record<string, unknown>, rest, value)
}

/** Reads the flags into validated gate options; every problem names its flag. */
export function gateOptionsFromFlags(values: Record<string, unknown>): GateOptions {
  const d = GateOptions.parse({})
  const mode = values.mode ?? d.mode
  if (mode !== 'detect' && mode !== 'non-inferiority') throw new UsageError(`--mode: expected "detect" or "non-inferiority", got ${JSON.stringify(mode)}`)
  const input = { ...d, mode, margins: { ...d.margins }, floors: { ...d.floors } }
  for (const f of GATE_FLAGS) if (f.option && values[f.name] !== undefined) setOption(input, f.option, numberOption(values, f.name))
  const parsed = GateOptions.safeParse(input)
  if (parsed.success) return parsed.data
  const flagOf = (path: readonly PropertyKey[]) => GATE_FLAGS.find((f) => f.option?.join('.') === path.join('.'))
  throw new UsageError(
    parsed.error.issues
      .map((i) => {
        const flag = flagOf(i.path)
        return flag ? `--${flag.name}: ${i.message}, got ${values[flag.name]}` : `option ${i.path.join('.')}: ${i.message}`
      })
      .join('\n'),
  )
}

/** A run the gate can compare or make a baseline: a learning run is refused (`flag` and `file` name it). */
function benchmarkRun(run: RunFile, flag: string, file: string): RunFile {
  if (run.learning !== undefined) throw new UsageError(`${flag} ${file}: a learning run (${LEARNING_RUN_NOTE}); the gate expects the results file of a benchmark run`)
  return run
}

/**
 * The gate command on parsed flag values (keyed by flag name): returns the exit code (0 pass or
 * warn, 1 fail). Unusable input, or runs with nothing comparable, throw a UserError naming the flag, file or cause.
 */
export async function gateCommand(values: Record<string, string | boolean | undefined>, out: CommandOutput, latestDir: () => string = defaultResultsDir): Promise<number> {
  const current = typeof values.current === 'string' ? resultsFileArgument(values.current, latestDir()) : readPointer(latestDir()).path
  const baselinePath = typeof values.baseline === 'string' ? resultsFileArgument(values.baseline, latestDir()) : DEFAULT_BASELINE
  const handle = openRun(current)
  const run = benchmarkRun(handle.run, '--current', current)
  if (values['update-baseline']) {
    const force = values.force === true
    // The old baseline is read only to refuse an unforced simulated run; otherwise it is replaced unread (even when it cannot be read).
    const existing = run.simulated && !force && existsSync(baselinePath) ? readRunFile(baselinePath) : null
    promoteToBaseline(run, { force, existing })
    // A copy of the run, plain for a .json name, compacted for a .json.br one (as committed baselines are).
    await copyRun(handle, baselinePath)
    out.log(`baseline ${baselinePath} is now ${run.runId} (${run.config.model}${run.simulated ? ', simulated' : ''}, ${run.cases.length} records)`)
    for (const caveat of baselineCaveats(run)) out.log(caveat)
    return 0
  }
  if (!existsSync(baselinePath)) throw new UsageError(`no baseline at ${baselinePath}: create one from a real run with --update-baseline --current <file> (a simulated run needs --force too, and then only tries the gate out)`)
  if (values.current === undefined) out.log(`gating ${current} (the latest run) against ${baselinePath}`)
  const baseline = benchmarkRun(readRunFile(baselinePath), '--baseline', baselinePath)
  const report = runGate(baseline, run, gateOptionsFromFlags(values))
  // Shown wherever the notes are (text, markdown, JSON): a run read from an older file lacks what a current one holds.
  report.notes.unshift(...oldFileWarnings(baseline).map((w) => `--baseline ${baselinePath}: ${w}`), ...oldFileWarnings(run).map((w) => `--current ${current}: ${w}`))
  out.log(renderGateText(report))
  if (typeof values.markdown === 'string') writeAtomic(values.markdown, renderGateMarkdown(report))
  if (typeof values.json === 'string') writeAtomic(values.json, stableJson(report))
  return report.verdict === 'FAIL' ? 1 : 0
}
