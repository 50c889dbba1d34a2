import { scopeOf } from '../llm/cache.js'
import type { Config } from '../config.js'
import { headlineScore, scoreGroundTruth, scoreTaskChecklist } from '../eval/score.js'
import type { GroundTruthScore } from '../eval/types.js'
import type { ChecklistScore } from '../eval/checklist.js'
import { judgeDeliverable } from '../eval/judge/judge.js'
import { proposedRoleNames } from '../eval/judge/proposed-roles.js'
import { sameModelWarning } from '../eval/judge/same-model.js'
import { type ChatClient, LlmCallError } from '../llm/client.js'
import { Ledger, withLedger } from '../llm/ledger.js'
import { costByRole, callsCost, criticalPathMs } from '../results/cost.js'
import { type JudgeResult, type RunError, SCHEMA_VERSION, type TestRecord } from '../results/record.js'
import type { Task } from '../tasks/registry.js'
import { taskDigest } from '../tasks/digest.js'
import { OrgMemory } from '../memory/memory.js'
import { topology as topologyById } from '../topologies/index.js'
import { topologyOptions } from './topology-options.js'
import { matchedPeerOf } from '../results/matched-baseline.js'
import { checklistStep } from './checklist-step.js'
import { judgeErrors } from './judge-errors.js'
import type { PeerResults } from './peers.js'
import { judgeClient, sharedClient } from '../llm/clients.js'
import type { GatewayAddress } from '../gateway/permits.js'
import { currentRunId } from './run-id.js'
import { expectedCalls, expectedChain } from './schedule.js'
import type { Deliverable, TraceEvent } from '../topologies/types.js'

export interface CaseSpec {
  config: Config
  task: Task
  topology: string
  trial: number
  /** The endpoint: the configured one, or the embedded simulator's URL. */
  baseURL: string
  /** The run coordinator (a Vitest run); absent: this process holds the run's limits itself. */
  gateway?: GatewayAddress | null
  /** The run this case belongs to (default: this process's run id). */
  runId?: string
  /** When the run's current session started (a Vitest run): with ORGBENCH_CACHE=off, its own replies recorded since are not served again. */
  sessionStartedAt?: string
  signal?: AbortSignal
  peers?: PeerResults
  /** The org memory the agents read (default: ORGBENCH_MEMORY's, see OrgMemory.load). */
  memory?: OrgMemory
  /** A learning run's record: its iteration, split and the trial whose seed it uses (its `trial` is unique in the run). */
  learning?: NonNullable<TestRecord['learning']>
  /** The client every call of the case goes to (default: the process's shared client of the endpoint). */
  llm?: ChatClient
}

/** The memory a case runs with: the spec's own, or the one ORGBENCH_MEMORY selects for the task. */
export function caseMemory(spec: Pick<CaseSpec, 'config' | 'task' | 'memory'>): OrgMemory {
  return spec.memory ?? OrgMemory.load(spec.config.memory, spec.config.memoryDir, spec.task, spec.config.simulated)
}

/** The trial whose seed a case uses: its own, or for a learning record the trial it repeats. */
const seedTrialOf = (spec: Pick<CaseSpec, 'trial' | 'learning'>) => spec.learning?.seedTrial ?? spec.trial

/** The output cap of every agent call of a task: the configured cap, or the task's own minimum if larger. */
export function outputCap(config: Pick<Config, 'maxOutputTokens'>, task: Pick<Task, 'minOutputTokens'>): number {
  return Math.max(config.maxOutputTokens, task.minOutputTokens ?? 0)
}

/** The seed sent with every call of a trial: distinct per trial, the same for every topology. */
export function trialSeed(configSeed: number, trial: number): number {
  return configSeed * 1000 + trial
}

/** Describes any thrown value as a recorded error; model-call failures keep their kind and call id. */
export function toRunError(stage: RunError['stage'], e: unknown): RunError {
  if (e instanceof LlmCallError) return { stage, kind: e.error.kind, message: e.error.message, callId: e.callId }
  const err = e instanceof Error ? e : new Error(String(e))
  return { stage, kind: err.name, message: err.message, callId: null }
}

/**
 * Runs one task × topology × trial end to end: the organisation's work, then deterministic
 * scoring. Returns a plain-JSON record; failures are recorded with their cause, never as 0.
 */
export async function runCase(spec: CaseSpec, ledger = new Ledger()): Promise<TestRecord> {
  const { config, task, trial } = spec
  ledger.scope = scopeOf({ task: task.id, topology: spec.topology, trial })
  const scheduled = (t: string) => spec.peers?.scheduled(t) ?? false
  ledger.expectedCalls = expectedCalls(spec.topology, task, config, scheduled)
  ledger.expectedChain = expectedChain(spec.topology, task, config, scheduled)
  ledger.finishFirst = config.maxUsd !== null
  const events: TraceEvent[] = []
  const errors: RunError[] = []
  // Waiting for peers (self_refine waits for star's spend) is not part of this run's wall time.
  const memory = caseMemory(spec)
  const options = await optionsOf(spec, memory, errors)
  const started = performance.now()
  let deliverable: Deliverable | null = null
  if (options !== null) {
    try {
      // self_refine@<peer> is self_refine with another budget: same agent, prompts, model and output cap.
      const topology = topologyById(matchedPeerOf(spec.topology) === null ? spec.topology : 'self_refine')
      deliverable = await withLedger(ledger, () =>
        topology.run({
          task,
          llm: clientFor(spec),
          model: config.model,
          seed: trialSeed(config.seed, seedTrialOf(spec)),
          maxOutputTokens: outputCap(config, task),
          lessons: memory.lookup,
          signal: spec.signal,
          options,
          event: (e) => events.push(e),
        }),
      )
    } catch (e) {
      errors.push(toRunError('organisation', e))
    }
  }
  const wallMs = performance.now() - started

  let groundTruth: GroundTruthScore | null = null
  let checklist: ChecklistScore | null = null
  if (deliverable) {
    try {
      groundTruth = scoreGroundTruth(task, deliverable)
      checklist = scoreTaskChecklist(task, deliverable)
    } catch (e) {
      errors.push(toRunError('scoring', e))
    }
  }
  const judging = deliverable !== null && config.judge === 'on' && errors.length === 0
  // self_decompose's own role names are its contributors: the judges read its deliverable without them.
  const proposedRoles = proposedRoleNames(events)
  const [judge, judgedChecklist] = judging
    ? await Promise.all([
        judgeStep(spec, ledger, deliverable!, proposedRoles, errors),
        checklistStep({ config, task, llm: clientFor(spec, 'judge'), ledger, deliverable: deliverable!, proposedRoles, patterns: checklist, seed: trialSeed(config.seed, trial), errors, signal: spec.signal }),
      ])
    : [null, checklist]
  checklist = judgedChecklist
  return buildRecord({ spec: { ...spec, memory }, ledger, events, errors, deliverable, groundTruth, checklist, judge, wallMs })
}

/**
 * The options of a case's topology, with the protocol fixes learned for it (only knobs it reads;
 * lib/learning/protocol.ts); null, with the cause recorded, when they cannot be had (a matched
 * self_refine whose peer has no spend to match): a recorded error, never a score.
 */
async function optionsOf(spec: CaseSpec, memory: OrgMemory, errors: RunError[]): Promise<Record<string, unknown> | null> {
  try {
    return { ...(await topologyOptions(spec.topology, spec.config, spec.peers)), ...memory.protocol[spec.topology] }
  } catch (e) {
    errors.push(toRunError('organisation', e))
    return null
  }
}

/**
 * The client of a case: its endpoint, the run's permits, and the response cache under the run's
 * id; for the judge (`role`), the judge's own endpoint when it has one (ORGBENCH_JUDGE_BASE_URL).
 */
function clientFor(spec: CaseSpec, role: 'agents' | 'judge' = 'agents'): ChatClient {
  if (spec.llm) return spec.llm
  const gateway = spec.gateway ?? null
  const scope = { baseURL: spec.baseURL, gateway, runId: spec.runId ?? currentRunId(spec.config.simulated), resumable: gateway !== null, sessionStartedAt: spec.sessionStartedAt ?? null }
  return role === 'judge' ? judgeClient(spec.config, scope) : sharedClient(spec.config, scope)
}

/** The single agent's deliverable of the same trial, when the single agent runs in this run. */
async function baselineFor(spec: CaseSpec): Promise<{ label: string; deliverable: Deliverable } | null> {
  if (spec.topology === 'single' || !spec.peers?.scheduled('single')) return null
  const record = await spec.peers.record('single', spec.trial)
  return record?.deliverable ? { label: 'single', deliverable: record.deliverable } : null
}

/** Runs the blind judge; its calls go to the same ledger under the role "judge", and its failures to `errors` as judgeErrors tells. */
async function judgeStep(spec: CaseSpec, ledger: Ledger, deliverable: Deliverable, proposedRoles: readonly string[], errors: RunError[]): Promise<JudgeResult | null> {
  const { config } = spec
  try {
    if (config.judgeModel === config.model) ledger.warn(sameModelWarning(config.model))
    const baseline = await baselineFor(spec)
    const result = await withLedger(ledger, () =>
      judgeDeliverable({
        llm: clientFor(spec, 'judge'),
        model: config.judgeModel,
        agentModel: config.model,
        task: spec.task,
        deliverable,
        proposedRoles,
        baseline,
        repeats: config.judgeRepeats,
        seed: trialSeed(config.seed, seedTrialOf(spec)),
        maxTokens: config.maxOutputTokens,
        signal: spec.signal,
      }),
    )
    errors.push(...judgeErrors(result))
    return result
  } catch (e) {
    errors.push(toRunError('judge', e))
    return null
  }
}

export interface RecordParts {
  spec: Omit<CaseSpec, 'baseURL' | 'signal' | 'peers' | 'gateway' | 'runId' | 'sessionStartedAt' | 'llm'>
  ledger: Ledger
  events: TraceEvent[]
  errors: RunError[]
  deliverable: Deliverable | null
  groundTruth: GroundTruthScore | null
  checklist: ChecklistScore | null
  judge?: JudgeResult | null
  wallMs: number
}

/** Assembles the per-test record from what the run produced (also used when a test is cut short). */
export function buildRecord(parts: RecordParts): TestRecord {
  const { spec, ledger, errors, deliverable, checklist } = parts
  // The scorer's warnings go with the record's own; the stored ground-truth result keeps its schema.
  const { warnings: scoringWarnings = [], ...scored } = parts.groundTruth ?? {}
  const groundTruth = parts.groundTruth ? (scored as GroundTruthScore) : null
  const judge = parts.judge ?? null
  const { config, task } = spec
  const failed = errors.length > 0 || deliverable === null
  const headline = failed
    ? null
    : headlineScore(task, {
        groundTruth: task.composite.groundTruth > 0 ? (groundTruth?.score ?? null) : undefined,
        checklist: task.composite.checklist > 0 ? (checklist?.score ?? null) : undefined,
        judge: task.composite.judge > 0 && spec.config.judge === 'on' ? (parts.judge?.score ?? null) : undefined,
      })
  const mustCatch = [...(groundTruth?.mustCatch ?? []), ...(checklist?.mustPass ?? [])]
  const orgCalls = ledger.calls.filter((c) => c.role !== 'judge')
  const org = callsCost(orgCalls)
  return {
    schemaVersion: SCHEMA_VERSION,
    task: task.id,
    track: task.track,
    costCenter: task.costCenter,
    topology: spec.topology,
    trial: spec.trial,
    seed: trialSeed(config.seed, seedTrialOf(spec)),
    status: failed ? 'error' : 'ok',
    simulated: config.simulated,
    provider: config.provider,
    model: config.model,
    judgeModel: config.judgeModel,
    taskDigest: taskDigest(task),
    scores: { headline, groundTruth, checklist, judge },
    mustCatch: { total: mustCatch.length, caught: mustCatch.filter((m) => m.caught).length, missed: mustCatch.filter((m) => !m.caught) },
    cost: {
      org,
      judge: callsCost(ledger.calls.filter((c) => c.role === 'judge')),
      byRole: costByRole(orgCalls),
      qualityPerDollar: headline !== null && org.usd !== null && org.usd > 0 ? Math.round((headline / org.usd) * 100) / 100 : null,
    },
    timing: {
      wallMs: Math.round(parts.wallMs * 100) / 100,
      criticalPathMs: criticalPathMs(orgCalls),
      sumOfCallsMs: Math.round(orgCalls.reduce((s, c) => s + c.latencyMs, 0) * 100) / 100,
    },
    memory: caseMemory(spec).toRecord(),
    ...(spec.learning ? { learning: spec.learning } : {}),
    errors,
    warnings: [...new Set([...ledger.warnings, ...scoringWarnings])].sort(),
    calls: ledger.calls.map((c) => ({ ...c })),
    events: parts.events,
    deliverable,
  }
}
