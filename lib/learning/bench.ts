import { setMaxListeners } from 'node:events'
import { usd } from '../results/format.js'
import { resolve } from 'node:path'
import { beforeAll, describe, inject, recordArtifact, test } from 'vitest'
import { loadConfig } from '../config.js'
import { OrgMemory } from '../memory/memory.js'
import { versionName } from '../memory/store.js'
import { redacted } from '../redact.js'
import { recordCase } from '../run/publish.js'
import { setRunId } from '../run/run-id.js'
import { currentRun } from '../run/run-context.js'
import { loadRegistry } from '../tasks/registry.js'
import type { TopologyId } from '../topologies/types.js'
import { iterationCases, learningCaseName, newArm, runAblation, runIteration, type ArmState } from './loop.js'
import { leftOutByFilter } from './filtered.js'
import { whyNoMemoryVersion } from './memory-gate.js'
import { learnedTask, persistLearning } from './persist.js'
import { appendLearning } from '../results/learning.js'
import type { TestRecord } from '../results/record.js'
import { caseMeta } from '../results/summary.js'
import { splitEntry } from './split-record.js'
import { DEFAULT_ARMS } from './arms.js'


const fmt = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(1))

/**
 * Declares the learning tests of one task: per arm, one test per iteration, named
 * "<task> × <topology> · learn #<i>", run one after another (an iteration needs the memory the one
 * before it learned); then "<task> · memory", which writes the next memory version only when every
 * iteration of every arm finished (ORGBENCH_MEMORY=persisted). Records go to the run's journal and
 * results file like any benchmark case; ORGBENCH_TOPOLOGIES narrows the arms, and then no version is
 * written (lib/learning/memory-gate.ts).
 */
export async function learnTask(taskId: string, options: { arms?: readonly TopologyId[] } = {}): Promise<void> {
  const config = loadConfig()
  const task = (await loadRegistry()).get(taskId)
  const taskArms = options.arms ?? DEFAULT_ARMS
  const arms = taskArms.filter((t) => !config.topologies || config.topologies.includes(t))
  const skipTask = config.tasks !== null && !config.tasks.includes(task.id)
  const dir = resolve(config.memoryDir)
  const states: ArmState[] = []
  const incomplete: string[] = []
  /** Iterations whose cases all ran but whose retrospective failed: "<topology> · learn #i" and the cause. */
  const failedRetrospectives: string[] = []
  /** Iterations with errored cases (training, held-out or ablation): "<topology> · learn #i (<how many>)", and the first cause met. */
  const erroredIterations: string[] = []
  let firstError: string | null = null

  const step = (topology: string, i: number) => `${topology} · learn #${i}`
  const iterationName = (topology: string, i: number) => `${task.id} × ${step(topology, i)}`
  /** The iterations of `topology` up to `last`, or of every arm. */
  const steps = (topologies: readonly string[], last: number) => topologies.flatMap((t) => Array.from({ length: last }, (_, k) => step(t, k + 1)))
  let leftOut: (name: string) => boolean = () => false
  /** Which of these iterations ("<topology> · learn #i") -t left out. */
  const filteredOut = (wanted: string[]) => wanted.filter((w) => leftOut(`${task.id} × ${w}`))

  // Declaration order whatever --sequence.shuffle says: each iteration starts from the memory the one before learned.
  describe.skipIf(skipTask)(`${task.id} · learning`, { shuffle: false }, () => {
    // Read before any test runs: a test that skips itself at run time is marked "skip" too.
    beforeAll(({}, suite) => {
      leftOut = leftOutByFilter(suite.tasks)
    })
    for (const topology of arms) {
      let arm: ArmState | null = null
      for (let i = 1; i <= config.learn.iterations; i++) {
        const name = iterationName(topology, i)
        test(name, { meta: { orgbenchCases: iterationCases(config, i) } }, async ({ task: vitestTask, annotate, signal, skip }) => {
          const run = currentRun()
          setRunId(run.runId)
          if (i === 1) {
            arm = newArm(topology, OrgMemory.load(config.memory, dir, task, config.simulated))
            states.push(arm)
          }
          if (arm?.stop) skip(`stopped after iteration ${arm.iterations.length}: ${arm.stop.reason}`)
          if (!arm || arm.iterations.length !== i - 1) {
            const [before] = filteredOut(steps([topology], i - 1))
            if (before) skip(`${before} was filtered out (-t): iterations run in order, each from the memory the one before learned`)
            incomplete.push(name)
            throw new Error(`${name}: the iteration before it did not finish`)
          }
          incomplete.push(name)
          // Every case of the iteration (training, held-out and ablation seeds) listens on the test's signal.
          setMaxListeners(4 * (config.learn.trainTrials + 2 * config.learn.heldOutTrials), signal)
          const baseURL = config.baseURL ?? inject('orgbenchSimulatorURL')
          if (!baseURL) throw new Error('no endpoint: set ORGBENCH_BASE_URL or let the globalSetup start the simulator')
          const errored: TestRecord[] = []
          // Each record is journaled, then reported to the progress reporter as a finished case.
          const onRecord = async (r: TestRecord) => {
            const record = redacted(r)
            if (record.status === 'error') errored.push(record)
            await recordCase(vitestTask, run, record, { kept: false })
            await recordArtifact(vitestTask, { type: 'orgbench:case', name: learningCaseName(record), meta: caseMeta(run.runId, record) })
          }
          const spec = { config, task, arm, baseURL, gateway: inject('orgbenchGateway') ?? null, runId: run.runId, signal, onRecord }
          if (i === 1) {
            appendLearning(run.journalDir, { type: 'settings', ...config.learn })
            appendLearning(run.journalDir, { type: 'split', ...splitEntry(task, config) })
            await runAblation(spec)
          }
          const s = await runIteration(spec)
          if (s.retrospective) {
            const { cost, accepted, rejected, error } = s.retrospective
            appendLearning(run.journalDir, { type: 'retrospective', task: task.id, topology, iteration: i, cost, accepted, rejected, error })
          }
          const ci = s.heldOut.heldOut.ci
          await annotate(`held-out ${fmt(s.heldOut.heldOut.mean)} [${fmt(ci?.lo)}, ${fmt(ci?.hi)}] over ${s.heldOut.heldOut.n} seed(s), memory ${s.memoryVersion}${s.heldOut.errors ? `, ${s.heldOut.errors} error(s)` : ''}`, 'orgbench:learning')
          const retro = s.retrospective
          const failed = retro?.error ? `${retro.error.kind}: ${retro.error.message}` : null
          if (retro) {
            const cost = retro.usd === null ? 'cost unknown' : usd(retro.usd)
            const tokens = `${retro.cost.tokens.prompt ?? '?'}+${retro.cost.tokens.completion ?? '?'} tokens, ${retro.cost.calls} call(s)`
            const outcome = failed ? `FAILED (${failed}): nothing learned` : `${retro.accepted} lesson(s) accepted, ${retro.rejected} rejected; ${retro.failureModes.map((f) => f.description).join(' ')}`
            await annotate(`retrospective (${cost}, ${tokens}): ${outcome}`, 'orgbench:retrospective')
          }
          await annotate(`stopping rule: ${s.stop.reason}`, 'orgbench:stop')
          // A failed retrospective is a recorded error, never an empty lesson set: the test fails with its cause
          // (the next iteration still runs, with unchanged memory; no memory version is written).
          incomplete.splice(incomplete.indexOf(name), 1)
          // Errored cases are left out of the curve, never scored; like a failed retrospective they fail the
          // iteration's test with their cause, and no memory version is written from the run.
          const first = errored.length > 0 ? firstCaseError(errored) : null
          const caseErrors = first && `${errored.length} case(s) errored, the first ${first}; errored cases are left out of the curve, never scored`
          if (first) {
            erroredIterations.push(`${step(topology, i)} (${errored.length})`)
            firstError ??= first
          }
          if (failed) failedRetrospectives.push(`the retrospective of ${step(topology, i)} failed (${failed})`)
          if (failed || caseErrors) throw new Error([failed && `the retrospective failed: ${failed}`, caseErrors].filter(Boolean).join('; '))
        })
      }
    }
    test(`${task.id} · memory`, { meta: { orgbenchMemory: task.id } }, async ({ annotate, skip }) => {
      const run = currentRun()
      const ctx = { runId: run.runId, config, split: splitEntry(task, config) }
      // The run file says what the run learned for the task, whether a version is written or not: the report is drawn from it.
      const notWritten = whyNoMemoryVersion({ memory: config.memory, topologies: config.topologies, taskArms, filteredOut: filteredOut(steps(arms, config.learn.iterations)) })
      const unfinishedParts = [
        ...(incomplete.length > 0 || states.length !== arms.length ? [`the learning run is incomplete (${incomplete.join(', ') || 'an arm did not start'})`] : []),
        ...failedRetrospectives,
        ...(erroredIterations.length > 0 ? [`cases errored in ${erroredIterations.join(', ')}, the first ${firstError}`] : []),
      ]
      const unfinished = unfinishedParts.length > 0 ? unfinishedParts.join('; ') : null
      const why = notWritten ?? unfinished
      if (why) appendLearning(run.journalDir, { type: 'learned', ...learnedTask(task.id, states, ctx, { notWritten: why }) })
      if (notWritten) skip(notWritten)
      if (unfinished) throw new Error(`memory not written: ${unfinished}`)
      const file = persistLearning(dir, task.id, states, ctx)
      appendLearning(run.journalDir, { type: 'learned', ...learnedTask(task.id, states, ctx, { written: file }) })
      await annotate(`wrote memory ${versionName(task.id, file.version)}: ${file.lessons.length} lesson(s), ${file.dropped.length} drop(s) recorded`, 'orgbench:memory')
    })
  })
}

/** The first of an iteration's errored records, named: "<split> seed <trial>: <kind>: <message>". */
export function firstCaseError(records: readonly TestRecord[]): string {
  const r = records[0]!
  const e = r.errors[0]
  const where = r.learning ? `${r.learning.split} seed ${r.learning.seedTrial}` : `trial ${r.trial}`
  return `${where}: ${e ? `${e.kind}: ${e.message}` : 'no cause recorded'}`
}
