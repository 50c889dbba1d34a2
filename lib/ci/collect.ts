import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { listRunFiles } from '../results/compact.js'
import { readRunFile } from '../results/read.js'
import { compareModels } from '../results/report/models.js'
import type { RunFile } from '../results/schema.js'
import { learningLines, learningRunOf } from './learning.js'
import { Outcome } from './outcome.js'
import { renderNotification, renderOverview } from './summary.js'

/*
 * The weekly workflow's folder of outcomes, as the merge jobs upload it and the jobs after them
 * download it (every model's artifact merged into one folder):
 *
 *   models/<slug>/outcome.json   what the merge decided (lib/ci/outcome.ts)
 *   models/<slug>/summary.md     that model's job summary
 *   models/<slug>/run/           the merged run as written (<run-id>.json + records), for the report
 *   commit/results/...           compacted files to commit: complete real runs (and a new baseline)
 *   learning/                    the learning job's run (<run-id>.json), when the plan ran it
 */

export const MODELS_DIR = 'models'
export const COMMIT_DIR = 'commit'

/** Where one model's outcome folder is. */
export const modelDir = (root: string, slug: string) => join(root, MODELS_DIR, slug)

/** Every model's outcome in the folder, by slug; a malformed outcome.json is a UserError naming it. */
export function readOutcomes(root: string): Outcome[] {
  const dir = join(root, MODELS_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((slug) => existsSync(join(dir, slug, 'outcome.json')))
    .sort()
    .map((slug) => {
      const path = join(dir, slug, 'outcome.json')
      const parsed = Outcome.safeParse(JSON.parse(readFileSync(path, 'utf8')))
      if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `${path}: field ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'))
      return parsed.data
    })
}

/** The merged run of a model, when its merge wrote one. */
export function runOfModel(root: string, slug: string): RunFile | null {
  const [file] = listRunFiles(join(modelDir(root, slug), 'run'))
  return file ? readRunFile(file) : null
}

/** What the jobs after the merge do, and the texts they need. */
export interface Collected {
  outcomes: Outcome[]
  overview: string
  notification: string
  /** Open or update the issue (a real run failed the gate or missed items the policy fails). */
  notify: boolean
  /** Some complete real run is there to commit. */
  commit: boolean
  /** Publish the report to Pages: some complete real run is there. */
  deploy: boolean
  fail: boolean
}

export interface CollectOptions {
  links: ReadonlyArray<readonly [string, string]>
  policy: string
  notes: readonly string[]
  /** Whether the plan ran the simulator: what a model whose merge left nothing is labelled. */
  simulated: boolean
  /** Whether the plan ran the learning job: its account (or that it left no run) joins the overview. */
  learning?: boolean
}

/** Reads the outcomes folder and decides what follows. `expected` lists the slugs the plan had, so a model whose merge left nothing counts as failed. */
export function collectOutcomes(root: string, expected: readonly { model: string; slug: string }[], o: CollectOptions): Collected {
  const found = readOutcomes(root)
  const missing = expected
    .filter((e) => !found.some((f) => f.slug === e.slug))
    .map(
      (e): Outcome => ({
        model: e.model,
        slug: e.slug,
        runId: null,
        status: 'missing',
        statusReasons: ['its merge job left no outcome'],
        simulated: o.simulated,
        gate: { verdict: 'SKIP', note: 'no run' },
        missed: [],
        committable: false,
        notify: false,
        fail: true,
        failReasons: ['its merge job left no outcome'],
      }),
    )
  const outcomes = [...found, ...missing]
  const runs = outcomes.flatMap((x) => {
    const run = runOfModel(root, x.slug)
    return run ? [run] : []
  })
  const simulated = outcomes.length > 0 && outcomes.every((x) => x.simulated)
  const overview = renderOverview({ outcomes, comparison: compareModels(runs, simulated), links: o.links, policy: o.policy, notes: o.notes, learning: learningLines(o.learning ? learningRunOf(root) : null, o.learning ?? false) })
  const notifying = outcomes.filter((x) => x.notify)
  const details = notifying.map((x) => {
    const path = join(modelDir(root, x.slug), 'summary.md')
    return existsSync(path) ? readFileSync(path, 'utf8') : ''
  })
  return {
    outcomes,
    overview,
    notification: renderNotification(overview, details),
    notify: notifying.length > 0,
    commit: outcomes.some((x) => x.committable),
    deploy: outcomes.some((x) => x.committable),
    fail: outcomes.length === 0 || outcomes.some((x) => x.fail),
  }
}
