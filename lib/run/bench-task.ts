import { type RunnerTask, describe, inject, test } from 'vitest'
import { loadConfig } from '../config.js'
import { redacted } from '../redact.js'
import { setRunId } from './run-id.js'
import { Ledger } from '../llm/ledger.js'
import { Board } from './board.js'
import type { TestRecord } from '../results/record.js'
import { caseKey, caseName } from '../results/summary.js'
import type { PeerResults } from './peers.js'
import { annotateCase, consoleView, recordCase } from './publish.js'
import { keptRecords } from './kept-records.js'
import { withMatched } from './topology-options.js'
import { selectsTask } from './bench-files.js'
import { currentRun } from './run-context.js'
import { workerLoadOptions } from './worker-task-load.js'
import { buildRecord, runCase } from './runner.js'
import { deliverableText } from '../eval/score.js'
import { isBroken, loadTask, type Task, TaskRegistryError } from '../tasks/registry.js'
import { atCaller, callerFrame, declareUnrunnable, missedMustCatch, missFailsTest } from './task-errors.js'
import { TOPOLOGIES } from '../topologies/index.js'
import type { TopologyId } from '../topologies/types.js'

/** Why a benchmark case is never retried, and what runs errored cases again instead. */
export const NO_RETRY = "a benchmark case is never retried, since each attempt is paid again and only the last one's score would be kept; its first attempt's record stands, and ORGBENCH_RESUME=<run-id> runs a run's errored cases again"

export interface BenchOptions {
  /** Topologies to run; default: every implemented one. ORGBENCH_TOPOLOGIES narrows it further. */
  topologies?: TopologyId[]
}

/**
 * Declares the Vitest cases of one task: one concurrent test per topology × trial (one after another in a viewer), named
 * "<task> × <topology> #<trial>". Configuration and every task are validated before any test runs.
 * Each finished record is journaled before its test ends; a resumed run keeps successful records.
 */
export async function benchTask(taskId: string, options: BenchOptions = {}): Promise<void> {
  const caller = callerFrame()
  const config = loadConfig()
  let task: Task
  try {
    // The global setup validated the run's tasks and named the broken ones; a worker loads only the task of its file.
    const loaded = (inject('orgbenchBrokenTasks') ?? []).find((b) => b.id === taskId) ?? (await loadTask(taskId, workerLoadOptions(config, taskId, inject('orgbenchTasksChecked') ?? false)))
    if (isBroken(loaded)) {
      declareUnrunnable(taskId, new TaskRegistryError(loaded.problems), caller, loaded.file)
      return
    }
    task = loaded
  } catch (e) {
    if (declareUnrunnable(taskId, e, caller, null)) return
    throw e
  }
  const wanted = withMatched(config, (options.topologies ?? (Object.keys(TOPOLOGIES) as TopologyId[])).filter((t) => !config.topologies || config.topologies.includes(t)))
  const run = currentRun()
  const skipTask = !selectsTask(config, task)
  const kept = skipTask ? new Map<string, TestRecord>() : keptRecords(run, task.id)
  // Tests are declared in TOPOLOGIES order, so a test only ever waits for tests declared before it
  // (which Vitest starts first): single before everything, star before self_refine, every
  // organisation before its matched self_refine@<topology>.
  const board = new Board<TestRecord>()
  const name = (topology: string, trial: number) => caseName({ task: task.id, topology, trial })
  /** Peers as seen from a running test: a sibling filtered out (e.g. by -t) is never waited for. */
  const peersOf = (current: RunnerTask): PeerResults => {
    const runnable = new Set((current.suite?.tasks ?? []).filter((t) => t.mode === 'run').map((t) => t.name))
    const runs = (topology: string, trial: number) => !skipTask && runnable.has(name(topology, trial))
    return {
      scheduled: (t) => Array.from({ length: config.trials }, (_, i) => runs(t, i + 1)).some(Boolean),
      record: (t, trial) => (runs(t, trial) ? board.wait(`${t}#${trial}`) : Promise.resolve(null)),
    }
  }

  // Vitest files a console log under the test its worker is running at that moment; with concurrent
  // tests that is whichever started last. In a viewer (Vitest UI, the HTML report), whose Console
  // tab shows each case's deliverable under its test, the tests of a file therefore run one after
  // another, in declaration order whatever --sequence.shuffle says: a test run before a peer it
  // waits for would wait until its timeout.
  const viewer = inject('orgbenchViewer') ?? false
  const declare = viewer ? test : test.concurrent

  describe.skipIf(skipTask)(task.id, { shuffle: false }, () => {
    for (const topology of wanted) {
      for (let trial = 1; trial <= config.trials; trial++) {
        const id = { task: task.id, topology, trial }
        declare(name(topology, trial), { meta: { orgbenchCase: id } }, async ({ task: vitestTask, annotate, signal, onTestFinished }) => {
          // Another attempt (a retry or repeat from a test's own options; the global setup refuses a
          // configured one) would pay for the case again and keep only its last record.
          const attempt = (vitestTask.result?.retryCount ?? 0) + (vitestTask.result?.repeatCount ?? 0)
          if (attempt > 0) throw new Error(`${name(topology, trial)}: not run again (attempt ${attempt + 1}): ${NO_RETRY}`)
          const baseURL = config.baseURL ?? inject('orgbenchSimulatorURL')
          if (!baseURL) throw new Error('no endpoint: set ORGBENCH_BASE_URL or let the globalSetup start the simulator')
          // The response cache tags entries with the run id (a resumed run keeps its id).
          setRunId(run.runId)
          const ledger = new Ledger()
          const started = performance.now()
          let finished = false
          /** The case's own record is being (or was) journaled: an interruption from then on leaves it standing. */
          let recording = false
          onTestFinished(async () => {
            finished = true
            if (recording) return
            // A test cut short (timeout, abort) still leaves a record: an error with its cause.
            board.publish(`${topology}#${trial}`, null)
            const interrupted = buildRecord({
              spec: { config, task, topology, trial },
              ledger,
              events: [],
              errors: [{ stage: 'test', kind: 'interrupted', message: 'the test ended before the run finished (timeout or abort)', callId: null }],
              deliverable: null,
              groundTruth: null,
              checklist: null,
              wallMs: performance.now() - started,
            })
            await recordCase(vitestTask, run, redacted(interrupted), { kept: false })
          })

          const previous = kept.get(caseKey(id))
          const gateway = inject('orgbenchGateway') ?? null
          // Everything that leaves the worker (journal, meta, annotations, errors) passes the redactor.
          const record = previous ?? redacted(await runCase({ config, task, topology, trial, baseURL, gateway, runId: run.runId, sessionStartedAt: run.sessionStartedAt, signal, peers: peersOf(vitestTask) }, ledger))
          // A record that arrives after its test was cut short is not journaled: the test already recorded its interruption.
          if (finished) return
          recording = true
          try {
            await recordCase(vitestTask, run, record, { kept: previous !== undefined })
          } catch (e) {
            // Not journaled: the peers waiting for this case must not wait for it any longer.
            board.publish(`${topology}#${trial}`, null)
            throw e
          }
          board.publish(`${topology}#${trial}`, record)
          await annotateCase(annotate, run, record, { kept: previous !== undefined, viewer, attachments: inject('orgbenchAttachments') ?? true })
          // Printed by the test itself (not the reporter): the viewer's Console tab shows it under this test.
          if (viewer) console.log(consoleView(record))

          if (record.status === 'error') {
            const e = record.errors[0]!
            throw atCaller(new Error(`${task.id} × ${topology} #${trial} failed in ${e.stage}: ${e.kind}: ${e.message}`), caller)
          }
          const checks = [...(record.scores.groundTruth?.mustCatch ?? []), ...(record.scores.checklist?.mustPass ?? [])]
          const missed = checks.filter((item) => !item.caught)
          if (missed.length === 0) return
          if (missFailsTest(config.mustCatch, task.tier)) throw missedMustCatch(task, missed)
          await annotate(`missed ${missed.length} must-catch item(s), reported without failing the test (ORGBENCH_MUST_CATCH=${config.mustCatch}, ${task.tier} tier): ${missed.map((m) => m.id).join(', ')}`, 'orgbench:missed')
        })
      }
    }
  })
}
