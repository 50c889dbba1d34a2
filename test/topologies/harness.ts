import { afterAll, beforeAll } from 'vitest'
import { LlmCallError, LlmClient, type ChatRequest } from '../../lib/llm/client.js'
import { type CallRecord, Ledger, withLedger } from '../../lib/llm/ledger.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import type { ResponseFormatMode } from '../../lib/llm/response-format-mode.js'
import { Secret } from '../../lib/secret.js'
import { type Simulator, type SimulatorOptions, startSimulator } from '../../lib/sim/server.js'
import { loadRegistry, type Task } from '../../lib/tasks/registry.js'
import { TOPOLOGIES } from '../../lib/topologies/index.js'
import type { Deliverable, LessonLookup, TopologyId, TraceEvent } from '../../lib/topologies/types.js'

/** Starts a simulator for the test file that calls it; the returned getter gives it once started. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined
  beforeAll(async () => {
    sim = await startSimulator(options)
  })
  afterAll(() => sim?.close())
  return () => {
    if (!sim) throw new Error('the simulator is not started yet: use it inside a test')
    return sim
  }
}

/** One request a topology made, as the model received it. */
export interface SentRequest {
  role: string
  phase: string
  labels: Record<string, number>
  system: string
  user: string
  /** The reply's content: parsed JSON for structured calls, text otherwise. */
  reply: Promise<unknown>
}

export interface TopologyRun {
  task: Task
  deliverable: Deliverable | null
  error: unknown
  calls: CallRecord[]
  requests: SentRequest[]
  events: TraceEvent[]
}

export interface RunOptions {
  model?: string
  options?: Record<string, unknown>
  lessons?: LessonLookup
  seed?: number
  maxConcurrency?: number
  /** ORGBENCH_RESPONSE_FORMAT of the client (default json_schema). */
  responseFormat?: ResponseFormatMode
}

/**
 * Runs one topology on one task against a simulator, the way runCase does, and keeps every
 * request it sent (the simulator keeps no prompts) beside the ledger and the trace.
 */
export async function runTopology(baseURL: string, topologyId: TopologyId, taskId: string, run: RunOptions = {}): Promise<TopologyRun> {
  const task = (await loadRegistry()).get(taskId)
  const llm = new LlmClient({ baseURL, apiKey: new Secret('sk-test'), timeoutMs: 30_000, retries: 0, maxConcurrency: run.maxConcurrency ?? 8, prices: loadPrices(), ...(run.responseFormat ? { responseFormat: run.responseFormat } : {}) })
  const requests: SentRequest[] = []
  const chat = llm.chat.bind(llm)
  llm.chat = (<T>(req: ChatRequest<T>) => {
    const reply = chat(req)
    requests.push({
      role: req.role,
      phase: req.phase,
      labels: req.labels ?? {},
      system: String(req.messages.find((m) => m.role === 'system')?.content ?? ''),
      user: String(req.messages.find((m) => m.role === 'user')?.content ?? ''),
      reply: reply.then((r) => (req.schema ? r.parsed : r.text)).catch(() => null),
    })
    return reply
  }) as typeof llm.chat
  const ledger = new Ledger()
  const events: TraceEvent[] = []
  let deliverable: Deliverable | null = null
  let error: unknown = null
  try {
    deliverable = await withLedger(ledger, () =>
      TOPOLOGIES[topologyId].run({
        task,
        llm,
        model: run.model ?? 'sim-strong',
        seed: run.seed ?? 1001,
        maxOutputTokens: 8192,
        lessons: run.lessons ?? (() => []),
        options: run.options ?? {},
        event: (e) => events.push(e),
      }),
    )
  } catch (e) {
    error = e
  }
  return { task, deliverable, error, calls: ledger.calls, requests, events }
}

/** The calls in the order they started, as "role/phase". */
export function callSequence(calls: readonly CallRecord[]): string[] {
  return [...calls].sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id)).map((c) => `${c.role}/${c.phase}`)
}

/** Whether every call of the group was running at one same moment. */
export function allOverlap(calls: readonly CallRecord[]): boolean {
  return calls.length > 1 && Math.max(...calls.map((c) => c.startMs)) < Math.min(...calls.map((c) => c.endMs))
}

export function isLlmCallError(e: unknown): e is LlmCallError {
  return e instanceof LlmCallError
}
