import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { configuredPrices } from '../llm/pricing.js'
import { latestByCase, readJournal } from '../results/journal.js'
import { journalDir } from '../results/layout.js'
import { runSettings } from '../results/settings.js'
import type { PlannedCell } from './plan.js'
import { keepsOnResume } from './judge-errors.js'
import { behaviourBeforeRecorded, checkSameSettings, findResumable, listJournals, spentBefore } from './resume.js'

/*
 * A plan of a resume (ORGBENCH_RESUME): the run it continues is found and checked as the run
 * itself would (an unknown id or changed settings stop the plan as they stop the run); the cases
 * with a successful record are kept, not planned, and what its sessions spent counts against the cap.
 */

/** What a resume leaves to plan. */
export interface ResumeBasis {
  runId: string
  /** Cases of the planned cells that keep a successful record. */
  kept: number
  /** What the run's sessions spent against the cap (lib/run/resume.ts spentBefore). */
  spentUsd: number
  /** Kept cases per task × topology. */
  keptByCell: ReadonlyMap<string, number>
}

const cellKey = (task: string, topology: string) => `${task}\u0000${topology}`

/** The cells left to run when ORGBENCH_RESUME continues a run; null without ORGBENCH_RESUME. */
export function resumeBasis(config: Config, cells: readonly PlannedCell[], root: string): ResumeBasis | null {
  if (config.resume === null) return null
  const resultsDir = resolve(root, config.resultsDir)
  const manifest = findResumable(resultsDir, config.resume, listJournals(resultsDir))
  const dir = journalDir(resultsDir, manifest.runId)
  checkSameSettings(manifest, runSettings(config), { prices: configuredPrices(config, root), older: behaviourBeforeRecorded(manifest, dir) })
  const keptByCell = new Map<string, number>()
  for (const record of latestByCase(readJournal(dir), (e) => e.record).values()) {
    if (!keepsOnResume(record) || record.trial > config.trials) continue
    const key = cellKey(record.task, record.topology)
    keptByCell.set(key, (keptByCell.get(key) ?? 0) + 1)
  }
  const session = manifest.sessions.length + 1
  const spent = spentBefore(dir, session, { dir: resolve(root, config.cacheDir), runId: manifest.runId, sessionsStartedAt: manifest.sessions.map((s) => s.startedAt) })
  const basis = { runId: manifest.runId, kept: 0, spentUsd: spent.usd, keptByCell }
  basis.kept = cells.reduce((n, c) => n + c.trials, 0) - withoutKept(cells, basis).reduce((n, c) => n + c.trials, 0)
  return basis
}

/** The cells with the trials a resume keeps taken out (a cell may be left with none). */
export function withoutKept(cells: readonly PlannedCell[], basis: Pick<ResumeBasis, 'keptByCell'>): PlannedCell[] {
  return cells.map((c) => ({ ...c, trials: Math.max(0, c.trials - (basis.keptByCell.get(cellKey(c.task, c.topology)) ?? 0)) }))
}
