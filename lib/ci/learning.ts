import { join } from 'node:path'
import { listRunFiles } from '../results/compact.js'
import { readRunFile } from '../results/read.js'
import { spendLine } from '../results/render.js'
import type { RunFile } from '../results/schema.js'

/*
 * The weekly learning job's account: what it spent, how its run ended and which memory version each
 * task got. The learning job writes it to its own job summary, and the collect job reads the run the
 * learning job uploaded (outcomes/learning/) into the overview, beside the benchmark's models.
 */

/** Where the collect job finds the learning job's run (its artifact learning-results). */
export const LEARNING_DIR = 'learning'

/** The learning run in a folder (the newest run file there), or null when the job left none. */
export function learningRunIn(dir: string): RunFile | null {
  const files = listRunFiles(dir)
  const file = files[files.length - 1]
  return file ? readRunFile(file) : null
}

/** The learning run under an outcomes folder, or null. */
export const learningRunOf = (root: string) => learningRunIn(join(root, LEARNING_DIR))

/** The account's lines (markdown list items); `ran` is false when the plan left the job out. */
export function learningLines(run: RunFile | null, ran: boolean): string[] {
  if (!ran) return []
  if (!run) return ['- learning job: left no results file (see its log)']
  const tasks = run.learning?.tasks ?? []
  const versions = tasks.map((t) => (t.version ? `${t.task}: wrote ${t.version}` : `${t.task}: no version (${t.notWritten ?? 'no reason recorded'})`))
  return [
    `- learning job: run \`${run.runId}\` of ${run.config.model || '(default)'}, ${run.status}${run.statusReasons.length > 0 ? ` (${run.statusReasons.join('; ')})` : ''}`,
    `- learning job ${spendLine(run)}`,
    ...(versions.length > 0 ? versions.map((v) => `- learning job memory: ${v}`) : ['- learning job memory: no memory test ran, so no version was written']),
  ]
}
