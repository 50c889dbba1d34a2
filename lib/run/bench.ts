import { type RunnerTask, describe, inject, test } from 'vitest'
import { loadConfig } from '../config.js'
import { redacted } from '../redact.js'
import { currentRunId, setRunId } from './run-id.js'
import { Ledger } from '../llm/ledger.js'
import { Board } from './board.js'
import type { TestRecord } from '../results/record.js'
import { summaryLine } from '../results/render.js'
import type { PeerResults } from './peers.js'
import { buildRecord, runCase } from './runner.js'
import { deliverableText } from '../eval/score.js'
import { loadRegistry } from '../tasks/registry.js'
import { TOPOLOGIES } from '../topologies/index.js'
import type { TopologyId } from '../topologies/types.js'

export interface BenchOptions {
  /** Topologies to run; default: every implemented one. ORGBENCH_TOPOLOGIES narrows it further. */
  topologies?: TopologyId[]
}

/**
 * Declares the Vitest cases of one task: one concurrent test per topology × trial, named
 * "<task> × <topology> #<trial>". Configuration and every task are validated before any test runs.
 */
export async function benchTask(taskId: string, options: BenchOptions = {}): Promise<void> {
  const config = loadConfig()
  const registry = await loadRegistry()
  const task = registry.get(taskId)
  const wanted = (options.topologies ?? (Object.keys(TOPOLOGIES) as TopologyId[])).filter((t) => !config.topologies || config.topologies.includes(t))
  const skipTask = config.tasks !== null && !config.tasks.includes(task.id)
  // Tests are declared in TOPOLOGIES order, so a test only ever waits for tests declared before it
  // (which Vitest starts first): single before everything, star before self_refine.
  const board = new Board<TestRecord>()
  const name = (topology: string, trial: number) => `${task.id} × ${topology} #${trial}`
  /** Peers as seen from a running test: a sibling filtered out (e.g. by -t) is never waited for. */
  const peersOf = (current: RunnerTask): PeerResults => {
    const runnable = new Set((current.suite?.tasks ?? []).filter((t) => t.mode === 'run').map((t) => t.name))
    const runs = (topology: string, trial: number) => !skipTask && runnable.has(name(topology, trial))
    return {
      scheduled: (t) => Array.from({ length: config.trials }, (_, i) => runs(t, i + 1)).some(Boolean),
      record: (t, trial) => (runs(t, trial) ? board.wait(`${t}#${trial}`) : Promise.resolve(null)),
    }
  }

  describe.skipIf(skipTask)(task.id, () => {
    for (const topology of wanted) {
      for (let trial = 1; trial <= config.trials; trial++) {
        test.concurrent(name(topology, trial), async ({ task: vitestTask, annotate, signal, expect, onTestFinished }) => {
          const baseURL = config.baseURL ?? inject('orgbenchSimulatorURL')
          if (!baseURL) throw new Error('no endpoint: set ORGBENCH_BASE_URL or let the globalSetup start the simulator')
          // Provided by the project's globalSetup; a config without it still runs, with local limits.
          const runId = inject('orgbenchRunId') ?? currentRunId(config.simulated)
          setRunId(runId)
          const ledger = new Ledger()
          const started = performance.now()
          onTestFinished(() => {
            // A test cut short (timeout, abort) still leaves a record: an error with its cause.
            board.publish(`${topology}#${trial}`, vitestTask.meta.orgbench ?? null)
            vitestTask.meta.orgbench ??= redacted(buildRecord({
              spec: { config, task, topology, trial },
              ledger,
              events: [],
              errors: [{ stage: 'test', kind: 'interrupted', message: 'the test ended before the run finished (timeout or abort)', callId: null }],
              deliverable: null,
              groundTruth: null,
              checklist: null,
              wallMs: performance.now() - started,
            }))
          })

          const gateway = inject('orgbenchGateway') ?? null
          // Everything that leaves the worker (meta, annotations, errors) passes the redactor.
          const record = redacted(await runCase({ config, task, topology, trial, baseURL, gateway, runId, signal, peers: peersOf(vitestTask) }, ledger))
          vitestTask.meta.orgbench = record
          board.publish(`${topology}#${trial}`, record)
          await annotate(summaryLine(record), 'orgbench')
          const judge = record.scores.judge
          if (judge) {
            const dims = judge.dimensions.map((d) => `${d.key} ${d.score.toFixed(1)}/10`).join(', ')
            const pair = judge.pairwise ? ` · vs ${judge.pairwise.against}: ${judge.pairwise.outcome}${judge.pairwise.consistent ? '' : ' (orders disagreed)'}` : ''
            await annotate(`judge ${judge.score?.toFixed(1) ?? 'failed'} (${judge.model}): ${dims}${pair}`, 'orgbench:judge', {
              body: JSON.stringify(judge, null, 2),
              contentType: 'application/json',
              bodyEncoding: 'utf-8',
            })
          }
          if (record.deliverable) {
            const structured = record.deliverable.kind === 'structured'
            await annotate('deliverable', 'orgbench:deliverable', {
              body: deliverableText(record.deliverable),
              contentType: structured ? 'application/json' : 'text/markdown',
              bodyEncoding: 'utf-8',
            })
          }

          if (record.status === 'error') {
            const e = record.errors[0]!
            throw new Error(`${task.id} × ${topology} #${trial} failed in ${e.stage}: ${e.kind}: ${e.message}`)
          }
          const checks = [...(record.scores.groundTruth?.mustCatch ?? []), ...(record.scores.checklist?.mustPass ?? [])]
          for (const item of checks) expect.soft(item.caught, `missed: ${item.description}`).toBe(true)
        })
      }
    }
  })
}
