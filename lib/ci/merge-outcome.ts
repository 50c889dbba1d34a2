import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compactName, compactRun } from '../results/compact.js'
import { readPointer } from '../results/pointer.js'
import { openRun } from '../results/read.js'
import type { RunFile } from '../results/schema.js'
import { stableJson, writeAtomic } from '../results/write.js'
import { COMMIT_DIR, modelDir } from './collect.js'
import { type GateDigest, readGateDigest } from './gate-digest.js'
import { decideOutcome, type GateResult, type MustCatchPolicy, type Outcome, type Tier } from './outcome.js'
import { renderModelSummary } from './summary.js'

/*
 * After one model's shards are merged: find the run the reporter wrote (through the LATEST
 * pointer, never by time), keep a copy for the report, read what the gate step left, decide the
 * outcome, write outcome.json and summary.md, and compact a complete real run for the commit.
 * The gate step leaves gate.json and gate.md, gate-skip.txt saying why it did not gate, or
 * gate-error.txt with the gate's message when it could not compare (exit 2).
 */

export interface MergeOutcomeOptions {
  model: string
  slug: string
  /** The results folder the merge wrote into (holds LATEST). */
  resultsDir: string
  /** The outcomes folder (lib/ci/collect.ts layout). */
  root: string
  policy: MustCatchPolicy
  tierOf: (task: string) => Tier
  /** Whether the plan ran the simulator: what the outcome says when the merge wrote no run. */
  simulated: boolean
}

/**
 * What the gate step left. `unexplained`: why the gate neither gated nor said why it skipped (no
 * gate-skip.txt), null when it did one or the other: on a real run nobody then knows whether it regressed.
 */
function gateResult(dir: string, run: RunFile | null): { gate: GateResult; digest: GateDigest | null; markdown: string | null; unexplained: string | null } {
  const json = join(dir, 'gate.json')
  if (existsSync(json)) {
    const digest = readGateDigest(json)
    const md = join(dir, 'gate.md')
    return { gate: { verdict: digest.verdict, note: `against ${digest.baseline.runId}` }, digest, markdown: existsSync(md) ? readFileSync(md, 'utf8') : null, unexplained: null }
  }
  const skip = join(dir, 'gate-skip.txt')
  if (existsSync(skip)) return { gate: { verdict: 'SKIP', note: readFileSync(skip, 'utf8').trim() }, digest: null, markdown: null, unexplained: null }
  const error = join(dir, 'gate-error.txt')
  if (existsSync(error)) {
    const note = `the gate could not compare: ${gateMessage(readFileSync(error, 'utf8'))}`
    return { gate: { verdict: 'SKIP', note }, digest: null, markdown: null, unexplained: note }
  }
  const note = run === null ? 'no run to gate' : 'the gate did not run or could not read its input (see the gate step in the log)'
  return { gate: { verdict: 'SKIP', note }, digest: null, markdown: null, unexplained: 'the regression gate did not run' }
}

/** The gate's error lines as one note, without the command's prefix. */
function gateMessage(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/^orgbench gate: /, '').trim()).filter(Boolean)
  return lines.length > 0 ? lines.join('; ') : 'no message (see the gate step in the log)'
}

/** Writes outcome.json and summary.md for one model (and the compacted run when it is committed); returns the outcome. */
export async function mergeOutcome(o: MergeOutcomeOptions): Promise<{ outcome: Outcome; summary: string; runFile: string | null }> {
  const dir = modelDir(o.root, o.slug)
  mkdirSync(join(dir, 'run'), { recursive: true })
  let run: RunFile | null = null
  let runFile: string | null = null
  if (existsSync(join(o.resultsDir, 'LATEST'))) {
    const { path, pointer } = readPointer(o.resultsDir)
    for (const name of [pointer.file, pointer.records]) copyFileSync(join(o.resultsDir, name), join(dir, 'run', name))
    runFile = path
    run = openRun(path).run
  }
  const { gate, digest, markdown, unexplained } = gateResult(dir, run)
  const outcome = decideOutcome({ model: o.model, slug: o.slug, run, gate, tierOf: o.tierOf, policy: o.policy, simulated: o.simulated })
  // The gate did not run on a real run: nobody knows whether it regressed, so the job says so by failing.
  if (run !== null && !run.simulated && unexplained !== null) {
    outcome.fail = true
    outcome.failReasons.push(unexplained)
  }
  if (outcome.committable && runFile !== null) {
    await compactRun(openRun(runFile), join(o.root, COMMIT_DIR, 'results', 'runs', compactName(outcome.runId!)))
  }
  const summary = renderModelSummary({ outcome, run, gate: digest, gateMarkdown: markdown, tierOf: o.tierOf, policy: o.policy })
  writeAtomic(join(dir, 'outcome.json'), stableJson(outcome))
  writeAtomic(join(dir, 'summary.md'), summary)
  return { outcome, summary, runFile }
}
