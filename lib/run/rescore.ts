import { scopeOf } from '../llm/cache.js'
import { type Config, publicConfig } from '../config.js'
import { Ledger, withLedger } from '../llm/ledger.js'
import type { PriceTable } from '../llm/pricing.js'
import type { RunHandle } from '../results/read.js'
import type { RunError, TestRecord } from '../results/record.js'
import type { RunFile, RunStatus } from '../results/schema.js'
import { runStatus } from '../results/status.js'
import { writeRun } from '../results/store.js'
import { judgeClient } from '../llm/clients.js'
import { currentRunId } from './run-id.js'
import { buildRecord, toRunError } from './runner.js'
import { checklistStep } from './checklist-step.js'
import { judgeErrors } from './judge-errors.js'
import type { Registry, Task } from '../tasks/registry.js'
import { changedParts, digestsOf, type TaskDigest, taskDigest } from '../tasks/digest.js'
import { type CaseSummary, caseKey } from '../results/summary.js'
import { judgeDeliverable } from '../eval/judge/judge.js'
import { proposedRoleNames } from '../eval/judge/proposed-roles.js'
import { scoreGroundTruth, scoreTaskChecklist } from '../eval/score.js'
import { learningView } from '../tasks/split.js'

interface RescoreOptions {
  config: Config
  baseURL: string
  registry: Registry
}

/** The run's own identity stays: provider, agent model, seed and memory mode are the original ones. */
function rescoreConfig(run: RunFile, config: Config): Config {
  return {
    ...config,
    provider: run.config.provider as Config['provider'],
    model: run.config.model,
    seed: run.config.seed,
    memory: run.config.memory as Config['memory'],
    simulated: run.simulated || config.simulated,
  }
}

/** Whether a case's organisation failed (or its test did): it has nothing new to judge, so a re-scoring keeps it as it was. */
const generationFailed = (errors: ReadonlyArray<Pick<RunError, 'stage'>>) => errors.some((e) => e.stage === 'organisation' || e.stage === 'test')

/** Re-scores one stored record; `single` is the same trial's single-agent record, for the pairwise judge. */
async function rescoreRecord(record: TestRecord, single: TestRecord | undefined, config: Config, opts: RescoreOptions): Promise<TestRecord> {
  if (!record.deliverable || generationFailed(record.errors)) return record
  // A learning run's case was given (and judged on) its side of the split, not the whole task.
  const whole = opts.registry.get(record.task)
  const task = record.learning ? learningView(whole, record.learning.split) : whole
  const ledger = Ledger.resume(record.calls.filter((c) => c.role !== 'judge'))
  ledger.scope = scopeOf(record)
  const errors = record.errors.filter((e) => e.stage !== 'judge' && e.stage !== 'scoring')
  let groundTruth = null
  let checklist = null
  try {
    groundTruth = scoreGroundTruth(task, record.deliverable)
    checklist = scoreTaskChecklist(task, record.deliverable)
  } catch (e) {
    errors.push(toRunError('scoring', e))
  }
  let judge = null
  if (config.judge === 'on') {
    const llm = judgeClient(config, { baseURL: opts.baseURL, gateway: null, runId: currentRunId(config.simulated), resumable: false })
    const proposedRoles = proposedRoleNames(record.events)
    checklist = await checklistStep({ config, task, llm, ledger, deliverable: record.deliverable, proposedRoles, patterns: checklist, seed: record.seed, errors })
    try {
      judge = await withLedger(ledger, () =>
        judgeDeliverable({
          llm,
          model: config.judgeModel,
          agentModel: config.model,
          task,
          deliverable: record.deliverable!,
          proposedRoles,
          baseline: record.topology !== 'single' && single?.deliverable ? { label: 'single', deliverable: single.deliverable } : null,
          repeats: config.judgeRepeats,
          seed: record.seed,
          maxTokens: config.maxOutputTokens,
        }),
      )
      errors.push(...judgeErrors(judge))
    } catch (e) {
      errors.push(toRunError('judge', e))
    }
  }
  const rebuilt = buildRecord({
    spec: { config, task, topology: record.topology, trial: record.trial },
    ledger,
    events: record.events,
    errors,
    deliverable: record.deliverable,
    groundTruth,
    checklist,
    judge,
    wallMs: record.timing.wallMs,
  })
  // The deliverable was written for the task as the original record found it; it is scored against the task as it is now.
  const digest = { ...rebuilt.taskDigest!, read: record.taskDigest?.read ?? null }
  return { ...rebuilt, taskDigest: digest, memory: record.memory, timing: record.timing, warnings: [...new Set([...record.warnings, ...rebuilt.warnings])].sort() }
}

/** What each changed part of a task means for deliverables re-scored against it. */
const RESCORED: Record<keyof TaskDigest, string> = {
  read: 'its brief or inputs changed: the deliverables were written for other inputs',
  truth: 'its ground truth changed',
  scoring: 'its rubric, checklist or composite weights changed',
}

/**
 * What changed in a task since a case's digest, compared with the task as that case was given it:
 * the whole task, or, for a learning run's case, its training or held-out side (the view whose
 * digest differs least; a summary does not say which side a case was on).
 */
function leastChanged(then: TaskDigest, task: Task): Array<keyof TaskDigest> {
  const views = [task, ...(['train', 'heldout'] as const).map((side) => learningView(task, side))]
  return views.map((v) => changedParts(then, taskDigest(v))).reduce((best, parts) => (parts.length < best.length ? parts : best))
}

/**
 * One line per task of a run that changed since its records were made, saying what changed, and
 * one line for the tasks of a run made before digests were kept, of which it cannot be told; tasks
 * the registry no longer has are left to the re-scoring, which refuses them.
 */
export function changedTasks(cases: ReadonlyArray<Pick<CaseSummary, 'task' | 'taskDigest'>>, registry: Registry): string[] {
  const then = digestsOf(cases)
  const unknown = [...then].filter(([, d]) => d === undefined).map(([task]) => task)
  const lines: string[] = []
  if (unknown.length > 0) {
    const one = unknown.length === 1
    lines.push(`${unknown.join(', ')}: the run records no digest of ${one ? 'this task' : 'these tasks'} (it was made before they were kept), so whether ${one ? 'it' : 'they'} changed since cannot be told; the re-scored run records the digests of now`)
  }
  for (const [task, digest] of then) {
    if (digest === undefined || !registry.tasks.some((t) => t.id === task)) continue
    const parts = leastChanged(digest, registry.get(task))
    const sameInputs = !parts.includes('read') && digest.read !== null ? ': the deliverables were written from the same inputs' : ''
    if (parts.length > 0) lines.push(`${task}: ${parts.map((p) => RESCORED[p]).join('; ')} since the run${parts.includes('truth') ? sameInputs : ''}`)
  }
  return lines
}

/**
 * Re-scores a stored run without regenerating anything: ground truth and checklist are recomputed
 * from the stored deliverables, and the judge (as configured now, e.g. a new judge model) is run
 * again on them, with each record's own seed and the same trial's single-agent baseline. The
 * organisation's calls and costs are kept as they were. Records are streamed one task at a time
 * (stored runs are sorted by task), so memory holds one task's records, never the whole run.
 */
export async function* rescoreRecords(handle: RunHandle, opts: RescoreOptions): AsyncGenerator<TestRecord> {
  const config = rescoreConfig(handle.run, opts.config)
  let group: TestRecord[] = []
  async function* flush() {
    const singles = new Map(group.filter((r) => r.topology === 'single').map((r) => [r.trial, r]))
    yield* await Promise.all(group.map((r) => rescoreRecord(r, singles.get(r.trial), config, opts)))
    group = []
  }
  for await (const record of handle.records()) {
    if (group.length > 0 && group[0]!.task !== record.task) yield* flush()
    group.push(record)
  }
  yield* flush()
}

/**
 * A re-scored run's status: the original run's (the same cases, so the same coverage), unless no
 * re-scored case succeeded (a judge that refused every call): then it failed, as a benchmark run
 * in which every case errored.
 */
export function rescoredStatus(run: Pick<RunFile, 'status' | 'statusReasons'>, cases: ReadonlyArray<Pick<CaseSummary, 'status'>>): { status: RunStatus; reasons: string[] } {
  const ok = cases.filter((c) => c.status === 'ok').length
  if (ok > 0) return { status: run.status, reasons: run.statusReasons }
  return runStatus({ interrupted: false, filters: [], skipped: 0, missing: 0, missingShards: [], runErrors: 0, notRunBySession: new Map(), records: cases.length, ok })
}

/**
 * The errors of a run's errored cases, one line per cause (stage and kind) with how many cases it
 * hit and the first of them in full: "3 case(s), first code_review_execution × star #1: judge: api: 401 …".
 */
export function errorCauses(cases: readonly ErrorCase[]): string[] {
  const causes = new Map<string, { count: number; first: string }>()
  for (const c of cases) {
    if (c.status !== 'error') continue
    const inThisCase = new Set<string>()
    for (const e of c.errors) {
      const cause = `${e.stage}: ${e.kind}`
      if (inThisCase.has(cause)) continue
      inThisCase.add(cause)
      const seen = causes.get(cause)
      if (seen) seen.count++
      else causes.set(cause, { count: 1, first: `${c.task} × ${c.topology} #${c.trial}: ${cause}: ${e.message}` })
    }
  }
  return [...causes.values()].map((c) => `${c.count} case(s), first ${c.first}`)
}

type ErrorCase = Pick<CaseSummary, 'task' | 'topology' | 'trial' | 'status' | 'errors'>

/**
 * Whether a re-scored case is one the re-scoring left as it was: its organisation had failed in the
 * original run (a generation error, a dollar cap), so it was not judged again and its errors say
 * nothing about the re-scoring. A case whose judge failed before was judged again: its errors are the re-scoring's.
 */
export function carriedFrom(original: readonly ErrorCase[]): (c: ErrorCase) => boolean {
  const errorsOf = (c: ErrorCase) => JSON.stringify(c.errors.map((e) => [e.stage, e.kind, e.message]))
  const notJudgedAgain = (c: ErrorCase) => c.status === 'error' && generationFailed(c.errors)
  const before = new Map(original.filter(notJudgedAgain).map((c) => [caseKey(c), errorsOf(c)]))
  return (c) => c.status === 'error' && before.get(caseKey(c)) === errorsOf(c)
}

/**
 * Where a re-scoring's judge calls went, as the re-scored run records it: the judge's own endpoint
 * (ORGBENCH_JUDGE_BASE_URL, ORGBENCH_JUDGE_PROVIDER), else the endpoint the re-scoring was given
 * (ORGBENCH_BASE_URL, or the embedded simulator without it), never the original run's judge. Null
 * when that is the run's own endpoint: the file then says, truly, that the judge used the agents'.
 */
export function rescoringJudgeEndpoint(run: Pick<RunFile['config'], 'provider' | 'endpoint'>, config: Config): { judgeProvider: string; judgeEndpoint: string } | null {
  const now = publicConfig(config)
  if (now.judgeProvider !== undefined && now.judgeEndpoint !== undefined) return { judgeProvider: now.judgeProvider, judgeEndpoint: now.judgeEndpoint }
  if (now.provider === run.provider && now.endpoint === run.endpoint) return null
  return { judgeProvider: now.provider, judgeEndpoint: now.endpoint }
}

/** Writes a new run (version-2 layout) from the re-scored records: same run identity and agents' endpoint, the current judge and its endpoint, fresh aggregates. */
export async function writeRescoredRun(handle: RunHandle, records: AsyncIterable<TestRecord>, opts: { path: string; config: Config; runId: string; createdAt: string; prices: PriceTable }): Promise<RunFile> {
  const { run } = handle
  const { judgeProvider: _provider, judgeEndpoint: _endpoint, ...original } = run.config
  const judgeEndpoint = rescoringJudgeEndpoint(run.config, opts.config)
  return writeRun(opts.path, records, {
    runId: opts.runId,
    createdAt: opts.createdAt,
    config: { ...original, judgeModel: opts.config.judgeModel, ...judgeEndpoint, judgeRepeats: opts.config.judgeRepeats, judge: opts.config.judge },
    prices: { ...opts.prices },
    commit: run.commit,
    vitest: run.vitest,
    status: (cases) => rescoredStatus(run, cases),
    sessions: run.sessions,
    warnings: [],
    rescoredFrom: run.runId,
  })
}
