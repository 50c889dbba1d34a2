import type { Config } from '../config.js'
import type { GatewayAddress } from '../gateway/permits.js'
import { LlmCallError, type ChatClient } from '../llm/client.js'
import { sharedClient } from '../llm/clients.js'
import { Ledger, withLedger } from '../llm/ledger.js'
import { redact } from '../redact.js'
import type { CostPart } from '../results/record.js'
import { callsCost } from '../results/cost.js'
import { OrgMemory } from '../memory/memory.js'
import type { StoredLesson } from '../memory/lessons.js'
import type { Dropped } from '../memory/store.js'
import type { TestRecord } from '../results/record.js'
import { outputCap, runCase, trialSeed } from '../run/runner.js'
import type { Task } from '../tasks/registry.js'
import { type LearningSide, learningView, splitInputs } from '../tasks/split.js'
import { curvePoints, type CurvePoint, type HeldOutScores, shouldStop, type StopDecision } from './curve.js'
import { askRetrospective, readersOf, retrospectivePrompt } from './retrospective.js'
import { updateLessons } from './update.js'
import { vetRetrospective } from './vet.js'
import { lessonLeaks } from './lesson-leaks.js'

/**
 * One arm of a learning run (a topology with its own memory) and its iterations. Iteration i runs
 * the arm with memory M_i on the training seeds and on the held-out seeds (the same held-out seeds
 * every iteration, never shown to the retrospective), then, unless the stopping rule says stop,
 * runs the retrospective on the training records and builds M_{i+1}. Where the task's inputs
 * split (lib/tasks/split.ts), training cases show and score only the training units and held-out
 * cases only the held-out ones, so no held-out item is ever scored in training or reaches the
 * retrospective.
 */

/** The learning settings (ORGBENCH_LEARN_*) and the seed trials of each split. */
export function splits(config: Pick<Config, 'learn'>): { train: number[]; heldOut: number[] } {
  const { trainTrials, heldOutTrials } = config.learn
  return { train: Array.from({ length: trainTrials }, (_, i) => i + 1), heldOut: Array.from({ length: heldOutTrials }, (_, i) => trainTrials + i + 1) }
}

/** How many cases iteration `iteration` of an arm runs: its training and held-out seeds, and in the first the ablation's held-out seeds too. */
export function iterationCases(config: Pick<Config, 'learn'>, iteration: number): number {
  const { train, heldOut } = splits(config)
  return train.length + heldOut.length * (iteration === 1 ? 2 : 1)
}

const SPLIT_NAMES = { train: 'training seed', heldout: 'held-out seed', ablation: 'held-out seed' } as const

/** How a learning case reads in the progress lines: "<task> × <topology> · learn #1 · held-out seed 3[, memory off]". */
export function learningCaseName(record: Pick<TestRecord, 'task' | 'topology' | 'trial' | 'learning'>): string {
  const l = record.learning
  if (!l) return `${record.task} × ${record.topology} #${record.trial}`
  return `${record.task} × ${record.topology} · learn #${l.iteration} · ${SPLIT_NAMES[l.split]} ${l.seedTrial}${l.split === 'ablation' ? ', memory off' : ''}`
}

/** A record's trial number in a learning run: unique per iteration and split, its seed stays the seed trial's. */
export const learningTrial = (iteration: number, seedTrial: number): number => iteration * 1000 + seedTrial

export interface IterationSummary {
  iteration: number
  memoryVersion: string
  heldOut: CurvePoint
  train: Array<number | null>
  /** The retrospective after the iteration (null when the loop stopped): what it found, what it cost, and its error when it failed. */
  retrospective: { failureModes: Array<{ description: string; evidence: string }>; accepted: number; rejected: number; usd: number | null; cost: CostPart; error: { kind: string; message: string } | null } | null
  stop: StopDecision
}

export interface ArmState {
  topology: string
  /** The memory the arm started from (ORGBENCH_MEMORY's). */
  base: OrgMemory
  lessons: StoredLesson[]
  protocol: Record<string, unknown>
  heldOut: HeldOutScores[]
  /** Held-out scores with memory off, measured once (the ablation). */
  ablation: HeldOutScores | null
  dropped: Dropped[]
  iterations: IterationSummary[]
  readers: string[]
  stop: StopDecision | null
}

export function newArm(topology: string, base: OrgMemory): ArmState {
  const lessons = base.lessons.map((l) => ({ provenance: null, ...l }) as StoredLesson)
  return { topology, base, lessons, protocol: { ...base.protocol[topology] }, heldOut: [], ablation: null, dropped: [], iterations: [], readers: [], stop: null }
}

/** The memory of the arm's next iteration; its version names the base and the iteration. */
export function armMemory(arm: ArmState): OrgMemory {
  const version = arm.heldOut.length === 0 ? arm.base.version : `${arm.base.version}+learn-${arm.topology}-i${arm.heldOut.length + 1}`
  return new OrgMemory(arm.lessons.length > 0 ? 'on' : 'off', arm.lessons, version, { [arm.topology]: arm.protocol })
}

export interface IterationSpec {
  config: Config
  task: Task
  arm: ArmState
  baseURL: string
  gateway?: GatewayAddress | null
  runId: string
  signal?: AbortSignal
  /** Called with every record as soon as it exists (the Vitest glue journals it). */
  onRecord: (record: TestRecord) => unknown
  /** The client the retrospective calls (tests); by default the run's shared client. */
  llm?: ChatClient
}

async function runSplit(spec: IterationSpec, iteration: number, seedTrials: number[], split: LearningSide, memory: OrgMemory): Promise<TestRecord[]> {
  const { config, arm } = spec
  const task = learningView(spec.task, split)
  return Promise.all(
    seedTrials.map(async (seedTrial) => {
      const trial = split === 'ablation' ? seedTrial : learningTrial(iteration, seedTrial)
      const record = await runCase({ config, task, topology: arm.topology, trial, baseURL: spec.baseURL, gateway: spec.gateway, runId: spec.runId, signal: spec.signal, memory, learning: { iteration, split, seedTrial } })
      await spec.onRecord(record)
      return record
    }),
  )
}

const leakChecks = new WeakMap<Task, ReturnType<typeof lessonLeaks>>()
const leakCheck = (task: Task) => {
  let check = leakChecks.get(task)
  if (!check) leakChecks.set(task, (check = lessonLeaks(task)))
  return check
}

const scoresOf = (records: TestRecord[]): HeldOutScores => new Map(records.map((r) => [r.learning!.seedTrial, r.status === 'ok' ? r.scores.headline : null]))

/** Runs the held-out seeds once with memory off: the ablation the report compares against. */
export async function runAblation(spec: IterationSpec): Promise<void> {
  const records = await runSplit(spec, 1, splits(spec.config).heldOut, 'ablation', OrgMemory.forMode('off'))
  spec.arm.ablation = scoresOf(records)
}

/** Runs the arm's next iteration and, unless it stops, its retrospective; returns the iteration's summary. */
export async function runIteration(spec: IterationSpec): Promise<IterationSummary> {
  const { config, task, arm } = spec
  const iteration = arm.heldOut.length + 1
  const memory = armMemory(arm)
  const { train, heldOut } = splits(config)
  const [trainRecords, heldOutRecords] = await Promise.all([runSplit(spec, iteration, train, 'train', memory), runSplit(spec, iteration, heldOut, 'heldout', memory)])
  arm.heldOut.push(scoresOf(heldOutRecords))
  const stop = shouldStop(arm.heldOut, config.learn.iterations)
  if (stop.stop) arm.stop = stop
  let retrospective: IterationSummary['retrospective'] = null
  if (!stop.stop) {
    const readers = readersOf(trainRecords)
    arm.readers = [...new Set([...arm.readers, ...readers])].sort()
    const ledger = new Ledger()
    ledger.scope = `${task.id}/${arm.topology}/retrospective-${iteration}`
    // The retrospective sees the training side only: its task block and its records.
    const prompt = retrospectivePrompt({ task: splitInputs(task).train, topology: arm.topology, iteration, records: trainRecords, memory, readers })
    const llm = spec.llm ?? sharedClient(config, { baseURL: spec.baseURL, gateway: spec.gateway ?? null, runId: spec.runId, resumable: false })
    const outcome = await withLedger(ledger, () => askRetrospective(llm, { model: config.model, seed: trialSeed(config.seed, 900 + iteration), maxTokens: outputCap(config, task), prompt, signal: spec.signal })).then(
      (retro) => ({ retro, error: null }),
      (e: unknown) => ({ retro: null, error: e instanceof LlmCallError ? { kind: e.error.kind, message: redact(e.error.message) } : { kind: 'error', message: redact((e as Error).message ?? String(e)) } }),
    )
    const cost = callsCost(ledger.calls)
    if (outcome.retro) {
      const retro = outcome.retro
      // Checked against the whole task: lessons persist into benchmark runs that show every input.
      const vetted = vetRetrospective(retro, { readers, topology: arm.topology, iteration, runId: spec.runId, protocol: arm.protocol, leaks: leakCheck(task) })
      const updated = updateLessons(arm.lessons, vetted.lessons, readers, config.learn.budgetTokens)
      arm.lessons = updated.lessons
      arm.protocol = vetted.protocol
      arm.dropped.push(...vetted.rejected, ...updated.dropped)
      retrospective = { failureModes: retro.failureModes.map((f) => ({ description: f.description, evidence: f.evidence })), accepted: vetted.lessons.length, rejected: vetted.rejected.length, usd: cost.usd, cost, error: null }
    } else {
      // A failed retrospective learns nothing, and says so: the memory stays M_i and the error is recorded.
      retrospective = { failureModes: [], accepted: 0, rejected: 0, usd: cost.usd, cost, error: outcome.error }
    }
  }
  const summary: IterationSummary = {
    iteration,
    memoryVersion: memory.version,
    heldOut: curvePoints(arm.heldOut).at(-1)!,
    train: trainRecords.map((r) => (r.status === 'ok' ? r.scores.headline : null)),
    retrospective,
    stop,
  }
  arm.iterations.push(summary)
  return summary
}
