import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { caseOf, runBench, type Scenario, simulator } from '../support.js'

/** Every file under `dir`, gzip files unpacked, as text. */
function writtenTexts(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const file = join(d.parentPath, d.name)
      const raw = readFileSync(file)
      return { file, text: (d.name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') }
    })
}

/** Words of the simulator's echo_key reply (lib/sim/server.ts), which no deliverable may quote. */
const ECHO_WORDS = 'Request made with API key'

/**
 * A key echoed back by the endpoint in 200 bodies, 401 bodies and error messages never lands in
 * anything the run wrote, and a 200 that echoes it is a recorded fault, never a deliverable.
 */
export const canary: Scenario = {
  id: 'canary',
  name: 'canary key echoed by the endpoint',
  expected: '0 occurrences in anything the runs wrote (results, journals, response cache, memory, Vitest HTML report, console); echoing replies recorded as echoed_key, 0 deliverables quoting one',
  async run({ dir, log }) {
    const key = `sk-orgbench-canary-${randomBytes(12).toString('hex')}`
    const sim = await simulator({ faults: [{ kind: 'echo_key', rate: 0.15 }, { kind: 'unauthorized', rate: 0.05 }] })
    try {
      log('two tasks (one structured, one markdown), every topology, with the key echoed in replies and errors…')
      const html = join(dir, 'html', 'index.html')
      const r = await runBench(
        dir,
        sim,
        { ORGBENCH_API_KEY: key, ORGBENCH_TASKS: 'code_review_execution,strategic_planning', ORGBENCH_TRIALS: '1' },
        ['benchmarks/'],
        ['--reporter=default', '--reporter=./reporters/results.ts', '--reporter=html', `--outputFile.html=${html}`],
      )
      log('the learning loop on one task, with the key echoed in replies and errors (its journal, run file and memory)…')
      // Echoes only: an unauthorized retrospective would leave the version unwritten, and the memory unchecked.
      const echoing = await simulator({ faults: [{ kind: 'echo_key', rate: 0.15 }] })
      const learning = await runBench(
        dir,
        echoing,
        { ORGBENCH_API_KEY: key, ORGBENCH_TASKS: 'code_review_execution', ORGBENCH_TOPOLOGIES: 'single,self_refine,star', ORGBENCH_LEARN_ITERATIONS: '2', ORGBENCH_LEARN_TRAIN_TRIALS: '1', ORGBENCH_LEARN_HELDOUT_TRIALS: '2', ORGBENCH_MEMORY: 'persisted' },
        ['--project', 'learning'],
      ).finally(() => echoing.close())
      const texts = writtenTexts(dir)
      const hits = texts.filter((t) => t.text.includes(key)).map((t) => t.file)
      const inConsole = r.output.split(key).length - 1 + learning.output.split(key).length - 1
      const redactions = texts.reduce((n, t) => n + t.text.split('[redacted]').length - 1, 0)
      const memoryVersions = texts.filter((t) => t.file.startsWith(join(dir, 'memory'))).length
      // An echoing attempt is a fault of its call (retried) or, when every attempt echoed, the call's error.
      const echoedCalls = r.records.flatMap((rec) => rec.calls).filter((c) => c.error?.kind === 'echoed_key' || c.faults.some((f) => f.kind === 'echoed_key')).length
      const quoting = r.records.filter((rec) => JSON.stringify(rec.deliverable ?? null).includes(ECHO_WORDS)).map(caseOf)
      return {
        observed: `${hits.length} files and ${inConsole} console lines hold the key; ${texts.length} files checked (${redactions} redactions, ${memoryVersions} memory version(s)), ${sim.stats.faults} + ${echoing.stats.faults} faulted replies; ${echoedCalls} call(s) recorded an echoed_key, ${quoting.length} deliverable(s) quote an echo${quoting.length ? ` (${quoting.join(', ')})` : ''}`,
        pass: hits.length === 0 && inConsole === 0 && sim.stats.faults > 0 && echoing.stats.faults > 0 && echoedCalls > 0 && quoting.length === 0 && r.run !== null && learning.run?.learning !== undefined && memoryVersions > 0 && texts.some((t) => t.file.startsWith(join(dir, 'html'))),
      }
    } finally {
      await sim.close()
    }
  },
}
