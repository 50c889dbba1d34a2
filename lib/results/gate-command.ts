import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { BaselineError, promoteToBaseline } from './baseline.js'
import { GateInputError, GateOptions, runGate } from './gate.js'
import { renderGateMarkdown, renderGateText } from './gate-render.js'
import { readRunFile, ResultsFileError } from './read.js'
import { stableJson, writeAtomic } from './write.js'

export const GATE_USAGE = `usage: npm run gate -- --baseline results/baseline.json --current results/runs/<id>.json [options]
       npm run gate -- --update-baseline --current results/runs/<id>.json [--baseline results/baseline.json] [--force]

  --markdown <file>            also write the verdict as markdown (for $GITHUB_STEP_SUMMARY)
  --json <file>                also write the full gate report as JSON
  --alpha <x>                  two-sided level of the intervals (default 0.05)
  --margin-headline <pts>      non-inferiority margin on the headline score (default 5)
  --margin-recall <pts>        margin on must-catch recall, in points (default 5)
  --margin-errors <pts>        margin on the error rate, in points (default 5)
  --margin-cost <pct>          margin on org cost per case, in percent of the baseline (default 25)
  --floor-recall <pct>         hard floor: each cell catches at least this share of must-catch items (default 90)
  --max-error-rate <pct>       hard ceiling on the run's share of errored trials (default 10)
  --max-judge-error-rate <pct> hard ceiling on the share of judged trials with a failed judgement (default 10)
  --max-cost-ratio <x>         hard ceiling on a topology's cost per case relative to the baseline, averaged over tasks (default 1.5)
  --max-cost-per-case <usd>    hard ceiling on a cell's cost per case in USD (default none)
  --update-baseline            write --current as the new baseline instead of gating
  --force                      allow a simulated run to become the baseline

exit code: 0 PASS or WARN (or baseline written), 1 FAIL, 2 unusable input`

const OPTIONS = {
  baseline: { type: 'string' },
  current: { type: 'string' },
  markdown: { type: 'string' },
  json: { type: 'string' },
  alpha: { type: 'string' },
  'margin-headline': { type: 'string' },
  'margin-recall': { type: 'string' },
  'margin-errors': { type: 'string' },
  'margin-cost': { type: 'string' },
  'floor-recall': { type: 'string' },
  'max-error-rate': { type: 'string' },
  'max-judge-error-rate': { type: 'string' },
  'max-cost-ratio': { type: 'string' },
  'max-cost-per-case': { type: 'string' },
  'update-baseline': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

class UsageError extends Error {}

export interface CommandOutput {
  log(text: string): void
  error(text: string): void
}

function numberOption(values: Record<string, unknown>, name: string, fallback: number | null): number | null {
  const raw = values[name]
  if (raw === undefined) return fallback
  const x = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name}: expected a number, got ${JSON.stringify(raw)}`)
  return x
}

/** Reads the flags into validated gate options; every problem names its flag. */
export function gateOptionsFromFlags(values: Record<string, unknown>): GateOptions {
  const d = GateOptions.parse({})
  const n = (name: string, fallback: number) => numberOption(values, name, fallback)!
  const parsed = GateOptions.safeParse({
    alpha: n('alpha', d.alpha),
    margins: { headline: n('margin-headline', d.margins.headline), mustCatchRecall: n('margin-recall', d.margins.mustCatchRecall), errorRate: n('margin-errors', d.margins.errorRate), costPerCase: n('margin-cost', d.margins.costPerCase) },
    floors: {
      mustCatchRecall: n('floor-recall', d.floors.mustCatchRecall),
      errorRate: n('max-error-rate', d.floors.errorRate),
      judgeErrorRate: n('max-judge-error-rate', d.floors.judgeErrorRate),
      costRatio: n('max-cost-ratio', d.floors.costRatio),
      costPerCaseUsd: numberOption(values, 'max-cost-per-case', null),
    },
  })
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `option ${i.path.join('.')}: ${i.message}`).join('\n'))
  return parsed.data
}

/** `npm run gate`: returns the exit code (0 pass or warn, 1 fail, 2 unusable input). */
export function gateCommand(argv: string[], out: CommandOutput): number {
  try {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false })
    if (values.help) {
      out.log(GATE_USAGE)
      return 0
    }
    if (!values.current) throw new UsageError('--current <results file> is required')
    const baselinePath = values.baseline ?? 'results/baseline.json'
    const current = readRunFile(values.current)
    if (values['update-baseline']) {
      const existing = existsSync(baselinePath) ? readRunFile(baselinePath) : null
      writeAtomic(baselinePath, stableJson(promoteToBaseline(current, { force: values.force, existing })))
      out.log(`baseline ${baselinePath} is now ${current.runId} (${current.config.model}${current.simulated ? ', simulated' : ''}, ${current.records.length} records)`)
      return 0
    }
    if (!values.baseline) throw new UsageError('--baseline <results file> is required (or --update-baseline to create one)')
    if (!existsSync(values.baseline)) throw new UsageError(`no baseline at ${values.baseline}: create one from a real run with --update-baseline --current <file>`)
    const report = runGate(readRunFile(values.baseline), current, gateOptionsFromFlags(values))
    out.log(renderGateText(report))
    if (values.markdown) writeAtomic(values.markdown, renderGateMarkdown(report))
    if (values.json) writeAtomic(values.json, stableJson(report))
    return report.verdict === 'FAIL' ? 1 : 0
  } catch (e) {
    const known = e instanceof UsageError || e instanceof ResultsFileError || e instanceof GateInputError || e instanceof BaselineError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    if (!known) throw e
    out.error(`gate: ${(e as Error).message}`)
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) out.error(GATE_USAGE)
    return 2
  }
}
