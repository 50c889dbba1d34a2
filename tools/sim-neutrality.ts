/**
 * Prints where the topologies stand against self_refine on a simulated run: per tier, each
 * organisation's (and the single agent's) difference from self_refine paired by task and trial,
 * mean ± standard error, on ground truth (checklist for design tasks) and on the headline; when the
 * run has compute-matched single agents (ORGBENCH_COMPUTE_MATCHED=on), the same against each
 * organisation's own self_refine@<organisation>; then star − self_refine per task. This is the
 * table of lib/sim/README.md ("Where the topologies stand by construction"):
 *
 *   ORGBENCH_RESULTS_DIR=/tmp/neutral ORGBENCH_TRIALS=10 npx vitest run --project enterprise --project finance --project general --project hard
 *   npx tsx tools/sim-neutrality.ts /tmp/neutral
 *
 * The argument is a results folder (its LATEST run) or a run file.
 */
import { statSync } from 'node:fs'
import { computeMatchedBaseline, isSingleAgent, matchedSingleId } from '../lib/results/matched-baseline.js'
import { readPointer } from '../lib/results/pointer.js'
import { openRun, readAllRecords } from '../lib/results/read.js'
import { formatContrast, neutralityRows, renderNeutralityTable, tierLabel } from '../lib/sim/neutrality.js'
import { loadRegistry } from '../lib/tasks/registry.js'
import { Tier } from '../lib/tasks/schema.js'

import { MATCHED_PEERS } from '../lib/topologies/index.js'
import { TOPOLOGY_IDS } from '../lib/topologies/types.js'

/** Every organisation, then the single agent; self_refine is the baseline. */
const TOPOLOGIES = [...TOPOLOGY_IDS.filter((t) => !isSingleAgent(t)), 'single']

const target = process.argv[2]
if (!target) {
  console.error('usage: npx tsx tools/sim-neutrality.ts <results folder or run file>')
  process.exit(2)
}
const path = statSync(target).isDirectory() ? readPointer(target).path : target
const handle = openRun(path)
if (!handle.run.simulated) console.error(`${path}: not a simulated run; the table is meant for the simulator`)
const records = await readAllRecords(handle)
const registry = await loadRegistry()
const tierOf = new Map(registry.tasks.map((t) => [t.id, t.tier]))
const tierOfRecord = (r: { task: string }) => tierOf.get(r.task) ?? null
const label = (tier: string) => tierLabel(Tier.parse(tier), new Set(records.filter((r) => tierOf.get(r.task) === tier).map((r) => r.task)).size)

const trials = new Set(records.map((r) => r.trial)).size
const { model, judgeModel, seed } = handle.run.config
console.log(`${path}: ${records.length} records, ${trials} trial(s), seed ${seed}, ${model} with ${judgeModel}\n`)
console.log('Difference against self_refine (matched to star\'s spend), paired by task and trial, mean ± standard error over the pairs:\n')
console.log(renderNeutralityTable(neutralityRows(records, TOPOLOGIES, tierOfRecord, Tier.options), TOPOLOGIES, label))

const present = new Set(records.map((r) => r.topology))
const matched = MATCHED_PEERS.filter((peer) => present.has(matchedSingleId(peer)))
if (matched.length > 0) {
  console.log('\nEach organisation against the self_refine matched to its own spend (self_refine@<organisation>; star\'s is self_refine):\n')
  const columns = ['star', ...matched]
  console.log(renderNeutralityTable(neutralityRows(records, columns, tierOfRecord, Tier.options, (t) => computeMatchedBaseline(t, present) ?? t), columns, label))
}

console.log('\nstar − self_refine per task:\n')
console.log('| task | tier | ground truth / checklist | headline |\n|---|---|---|---|')
const byTask = neutralityRows(records, ['star'], (r) => r.task)
for (let i = 0; i < byTask.length; i += 2) {
  const [score, headline] = [byTask[i]!, byTask[i + 1]!]
  console.log(`| ${score.group} | ${tierOf.get(score.group) ?? '?'} | ${formatContrast(score.contrasts.star!)} | ${formatContrast(headline.contrasts.star!)} |`)
}
