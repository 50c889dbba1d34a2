// The memory and scale part of `npm run perf`: a synthetic benchmark suite of N cheap cases with
// realistic-size records goes through the real path (Vitest, the global setup, the journal, the
// results reporter and writer) at 1,000 and 10,000 cases. Measured: peak RSS of the Vitest main
// process (kernel maxRSS at exit) and of the whole process tree (sampled), wall time, results size,
// and how time and memory grow between the two sizes.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../lib/config.js'
import { Ledger } from '../lib/llm/ledger.js'
import type { TestRecord } from '../lib/results/record.js'
import { runCase } from '../lib/run/runner.js'
import { startSimulator } from '../lib/sim/server.js'
import { loadRegistry } from '../lib/tasks/registry.js'
import { TOPOLOGY_IDS } from '../lib/topologies/types.js'
import { statFields } from './proc-stat.js'

/** One measured target. */
export interface MemoryCheck {
  name: string
  ratio: number
  target: string
  ok: boolean
  detail: string
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const lib = (path: string) => JSON.stringify(join(ROOT, path))
const TASKS = 8

/** A real record (star on a design task, judged) from the simulator: the shape every synthetic case copies. */
async function templateRecord(): Promise<TestRecord> {
  const registry = await loadRegistry()
  const sim = await startSimulator()
  try {
    const config = loadConfig({ env: { ORGBENCH_TRIALS: '1' } })
    const task = registry.get('software_architecture')
    const single = await runCase({ config, task, topology: 'single', trial: 1, baseURL: sim.url }, new Ledger())
    return await runCase({ config, task, topology: 'star', trial: 1, baseURL: sim.url, peers: { scheduled: () => true, record: async () => single } }, new Ledger())
  } finally {
    await sim.close()
  }
}

/** Writes a suite of `cases` synthetic cases over TASKS files; each test publishes its record as bench.ts does. */
function writeSuite(dir: string, cases: number, template: TestRecord): void {
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template))
  writeFileSync(
    join(dir, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config'
export default defineConfig({ cacheDir: ${JSON.stringify(join(dir, 'cache'))}, test: { include: ['*.test.ts'], attachmentsDir: ${JSON.stringify(join(dir, 'attachments'))}, globalSetup: [${lib('lib/run/global-setup.ts')}], reporters: ['dot', ${lib('reporters/results.ts')}], testTimeout: 60_000 } })
`,
  )
  const perTask = Math.ceil(cases / TASKS)
  for (let t = 0; t < TASKS; t++) {
    const count = Math.min(perTask, cases - t * perTask)
    if (count <= 0) break
    writeFileSync(
      join(dir, `synthetic-${t}.test.ts`),
      `import { readFileSync } from 'node:fs'
import { test } from 'vitest'
import { annotateCase, recordCase } from ${lib('lib/run/publish.ts')}
import { currentRun } from ${lib('lib/run/run-context.ts')}

const template = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'template.json'))}, 'utf8'))
const run = currentRun()
const topologies = ${JSON.stringify(TOPOLOGY_IDS)}
const vocabulary = template.deliverable.text.split(/\\s+/).filter(Boolean)
for (let i = 0; i < ${count}; i++) {
  const id = { task: 'synthetic_${t}', topology: topologies[i % topologies.length], trial: Math.floor(i / topologies.length) + 1 }
  test(\`\${id.task} × \${id.topology} #\${id.trial}\`, { meta: { orgbenchCase: id } }, async ({ task, annotate }) => {
    // Each deliverable gets its own ~8 KB of text, so records compress like real ones rather than like copies.
    let seed = i * 2654435761 + ${t}
    const words = Array.from({ length: 1200 }, () => vocabulary[(seed = (seed * 1103515245 + 12345) % 2147483648) % vocabulary.length]).join(' ')
    const deliverable = template.deliverable.kind === 'markdown' ? { kind: 'markdown', text: template.deliverable.text + '\\n\\n' + words } : template.deliverable
    const record = { ...template, ...id, deliverable, scores: { ...template.scores, headline: 40 + ((i * 37) % 60) } }
    recordCase(task, run, record, { kept: false })
    if (!process.env.NO_ANNOTATE) await annotateCase(annotate, run, record, { kept: false })
  })
}
`,
    )
  }
}

/** Resident set sizes (bytes) of a process and all its descendants, from /proc. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>()
  const rss = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const fields = statFields(readFileSync(`/proc/${name}/stat`, 'utf8'))
      if (!fields) continue
      const pid = Number(name)
      const ppid = Number(fields[1])
      children.set(ppid, [...(children.get(ppid) ?? []), pid])
      rss.set(pid, Number(fields[21]) * 4096)
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0
  const stack = [root]
  while (stack.length > 0) {
    const pid = stack.pop()!
    total += rss.get(pid) ?? 0
    stack.push(...(children.get(pid) ?? []))
  }
  return total
}

interface SizeResult {
  cases: number
  wallMs: number
  /** CPU time of the Vitest main process (workers are stopped by Vitest and cannot all report theirs). */
  mainCpuMs: number
  mainPeakMb: number
  treePeakMb: number
  runFileMb: number
  recordsMb: number
  status: string
}

/** Runs the synthetic suite of `cases` cases in a child Vitest and measures it. */
async function measure(cases: number, template: TestRecord): Promise<SizeResult> {
  // Inside the project (scratch/ is ignored by git) so that the suite resolves vitest like the benchmarks do.
  mkdirSync(join(ROOT, 'scratch'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, 'scratch', 'perf-memory-'))
  try {
    writeSuite(dir, cases, template)
    const preload = join(dir, 'maxrss.cjs')
    // Each node process of the run writes its kernel-measured peak RSS and its CPU time when it exits.
    writeFileSync(
      preload,
      `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(dir)} + '/maxrss-' + process.pid + '.json', JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime })) })\n`,
    )
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ORGBENCH_') && !k.startsWith('VITEST')))
    const results = join(dir, 'results')
    mkdirSync(results)
    const started = performance.now()
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run'], {
      cwd: dir,
      env: { ...env, NO_COLOR: '1', ORGBENCH_RESULTS_DIR: results, NODE_OPTIONS: `--require ${preload}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    let treePeak = 0
    const sampler = setInterval(() => (treePeak = Math.max(treePeak, treeRss(child.pid!))), 100)
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
    clearInterval(sampler)
    const wallMs = performance.now() - started
    if (code !== 0) throw new Error(`the synthetic suite of ${cases} cases failed (exit ${code}):\n${output.slice(-3000)}`)
    const main = JSON.parse(readFileSync(join(dir, `maxrss-${child.pid}.json`), 'utf8')) as { maxRssKb: number; cpuUs: number }
    const pointer = JSON.parse(readFileSync(join(results, 'LATEST'), 'utf8')) as { file: string; records: string; status: string }
    return {
      cases,
      wallMs,
      mainCpuMs: main.cpuUs / 1000,
      mainPeakMb: main.maxRssKb / 1024,
      treePeakMb: treePeak / 1e6,
      runFileMb: statSync(join(results, pointer.file)).size / 1e6,
      recordsMb: statSync(join(results, pointer.records)).size / 1e6,
      status: pointer.status,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Measures the synthetic suite at 1,000 and 10,000 cases and states the targets of flat memory and linear time. */
export async function memoryChecks(log: (text: string) => void = console.log, sizes: readonly [number, number] = [1_000, 10_000]): Promise<MemoryCheck[]> {
  const template = await templateRecord()
  log(`memory: synthetic cases copy a real record of ${(JSON.stringify(template).length / 1e3).toFixed(1)} KB (star on software_architecture, judged), each with its own ~8 KB of extra deliverable text`)
  const [small, large] = [await measure(sizes[0], template), await measure(sizes[1], template)]
  for (const r of [small, large]) {
    log(
      `memory: ${r.cases} cases: wall ${(r.wallMs / 1000).toFixed(1)} s, main process CPU ${(r.mainCpuMs / 1000).toFixed(1)} s, main process peak RSS ${r.mainPeakMb.toFixed(0)} MB, process tree peak ${r.treePeakMb.toFixed(0)} MB, ` +
        `run file ${r.runFileMb.toFixed(2)} MB + records ${r.recordsMb.toFixed(2)} MB (status ${r.status})`,
    )
  }
  const scale = large.cases / small.cases
  // The main process's CPU time (reporter, journal reading, writing), not wall time: other load on the machine stretches wall time, not CPU time.
  const timeGrowth = large.mainCpuMs / small.mainCpuMs
  const memoryGrowth = large.mainPeakMb / small.mainPeakMb
  return [
    {
      name: `main-process peak RSS at ${large.cases} cases / 500 MB`,
      ratio: large.mainPeakMb / 500,
      target: '< 1',
      ok: large.mainPeakMb < 500,
      detail: `${large.mainPeakMb.toFixed(0)} MB (process tree ${large.treePeakMb.toFixed(0)} MB)`,
    },
    {
      name: `main-process CPU-time growth ${small.cases} → ${large.cases} cases / case growth`,
      ratio: timeGrowth / scale,
      target: '<= 1.2 (linear)',
      ok: timeGrowth / scale <= 1.2,
      detail: `CPU ${(small.mainCpuMs / 1000).toFixed(1)} s → ${(large.mainCpuMs / 1000).toFixed(1)} s (wall ${(small.wallMs / 1000).toFixed(1)} s → ${(large.wallMs / 1000).toFixed(1)} s) for ${scale}× the cases`,
    },
    {
      name: `main-process memory growth ${small.cases} → ${large.cases} cases / case growth`,
      ratio: memoryGrowth / scale,
      target: '<= 0.5 (far below linear)',
      ok: memoryGrowth / scale <= 0.5,
      detail: `${small.mainPeakMb.toFixed(0)} MB → ${large.mainPeakMb.toFixed(0)} MB`,
    },
  ]
}
