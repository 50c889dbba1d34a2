import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { withPath } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { join } from 'node:path'
import { stableStringify } from '../stable-json.js'
import { z } from 'zod'
import { redact } from '../redact.js'
import { sumCostParts } from './cost.js'
import { usd } from './format.js'
import { namesIn } from './layout.js'
import { CostPart } from './record.js'
import { LearningSplit, LearnSettings } from './learning-settings.js'
import { LearningEvidence } from '../memory/evidence.js'
import { StoredLesson } from '../memory/lessons.js'

/**
 * The learning section of a run file (written by learning runs only): how each task's inputs were
 * split between training and held-out evaluation, what every retrospective call cost, per
 * arm and iteration, with its error when it failed, and per task what the run learned and which
 * memory version it wrote (or why none). Learning workers append these entries to a
 * file of their own in the run's journal folder; the reporter folds them into the run file, and
 * their cost into the run's total spend.
 */

export const RetrospectiveEntry = z.object({
  task: z.string(),
  topology: z.string(),
  iteration: z.number().int().min(1),
  /** Calls, tokens and dollars of the retrospective (unknown dollars stay null, never 0). */
  cost: CostPart,
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Why the retrospective failed (then no lesson was learned in that iteration); null when it answered. */
  error: z.object({ kind: z.string(), message: z.string() }).nullable(),
})
export type RetrospectiveEntry = z.infer<typeof RetrospectiveEntry>

/**
 * What a learning run learned for one task, as its "<task> · memory" test found it: the memory
 * version it wrote, or why none; what every arm that ran measured (the evidence a version keeps);
 * and the lessons it learned with their provenance. The report's learning section is drawn from it.
 */
export const LearnedTask = z.object({
  task: z.string(),
  /** The version written ("<task>@v3"), or null. */
  version: z.string().nullable(),
  /** Why no version was written; null when one was. */
  notWritten: z.string().nullable(),
  /** What the arms that ran measured; null when no arm ran. */
  evidence: LearningEvidence.nullable(),
  /** The learned lessons (default lessons left out), with their provenance. */
  lessons: z.array(StoredLesson),
})
export type LearnedTask = z.infer<typeof LearnedTask>

export const LearningSection = z.object({
  /** Absent in files written before the settings were recorded. */
  settings: LearnSettings.optional(),
  splits: z.array(LearningSplit),
  retrospectives: z.array(RetrospectiveEntry),
  /** Every retrospective call of the run (also counted in totals.spend and totals.calls). */
  cost: CostPart,
  /** Per task whose memory test ran, what it learned (absent in files written before it was recorded). */
  tasks: z.array(LearnedTask).optional(),
})
export type LearningSection = z.infer<typeof LearningSection>

const JournalEntry = z.discriminatedUnion('type', [LearnSettings.extend({ type: z.literal('settings') }), LearningSplit.extend({ type: z.literal('split') }), RetrospectiveEntry.extend({ type: z.literal('retrospective') }), LearnedTask.extend({ type: z.literal('learned') })])
type JournalEntry = z.infer<typeof JournalEntry>

const FILE = /^learning-\d+-[0-9a-f]{8}\.jsonl$/
let own: { dir: string; file: string } | null = null

/** Appends one learning entry to this process's learning file in a run's journal folder (synchronously, redacted). */
export function appendLearning(journalDir: string, entry: JournalEntry): void {
  if (own?.dir !== journalDir) own = { dir: journalDir, file: `learning-${process.pid}-${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')}.jsonl` }
  const path = join(journalDir, own.file)
  try {
    makeFolder(journalDir)
    appendFileSync(path, `${redact(stableStringify(JournalEntry.parse(entry))!)}\n`)
  } catch (e) {
    throw withPath(e, path)
  }
}

/** One line of a learning file as its entry, or null when it is not one. */
function entryOf(line: string): JournalEntry | null {
  try {
    const parsed = JournalEntry.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * The learning section of the runs whose journal folders are `dirs`, or undefined when none holds
 * a learning entry. A later entry for the same task (split, learned) or arm and iteration (retrospective),
 * e.g. from a resumed session, replaces an earlier one, as a later settings entry does the
 * settings; a line that does not parse is a warning.
 */
export function readLearning(dirs: readonly string[], warn: (w: string) => void): LearningSection | undefined {
  let settings: LearnSettings | undefined
  const splits = new Map<string, LearningSplit>()
  const retros = new Map<string, RetrospectiveEntry>()
  const learned = new Map<string, LearnedTask>()
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const name of namesIn(dir).filter((n) => FILE.test(n)).sort()) {
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim() === '') return
          const entry = entryOf(line)
          if (!entry) return warn(`${name}: line ${i + 1} is not a learning entry; left out`)
          if (entry.type === 'settings') {
            const { type: _, ...recorded } = entry
            settings = recorded
          } else if (entry.type === 'split') {
            const { type: _, ...split } = entry
            splits.set(split.task, split)
          } else if (entry.type === 'learned') {
            const { type: _, ...task } = entry
            learned.set(task.task, task)
          } else {
            const { type: _, ...retro } = entry
            retros.set(`${retro.task}\u0000${retro.topology}\u0000${retro.iteration}`, retro)
          }
        })
    }
  }
  if (settings === undefined && splits.size === 0 && retros.size === 0 && learned.size === 0) return undefined
  const retrospectives = [...retros.values()].sort((a, b) => a.task.localeCompare(b.task) || a.topology.localeCompare(b.topology) || a.iteration - b.iteration)
  const byTask = <T extends { task: string }>(entries: Map<string, T>) => [...entries.values()].sort((a, b) => a.task.localeCompare(b.task))
  return { ...(settings ? { settings } : {}), splits: byTask(splits), retrospectives, cost: sumCostParts(retrospectives.map((r) => r.cost)), tasks: byTask(learned) }
}

/**
 * What a learning run's tables are, said wherever they are shown: they pool the ablation, training
 * and held-out cases of every iteration, so they do not compare topologies as a benchmark does.
 */
export const LEARNING_RUN_NOTE = 'its cases pool the memory-off ablation and the training and held-out cases of every iteration, which score different inputs, so its topology tables and differences are not a benchmark result'

const dollars = (x: number | null) => (x === null ? 'unknown' : usd(x))

/**
 * What the run says of a task's memory: the version it wrote or why none; when its memory test
 * never ran, that too. Nothing for a run file written before runs recorded it.
 */
function memoryLines(section: LearningSection): string[] {
  if (!section.tasks) return []
  const learned = new Map(section.tasks.map((t) => [t.task, t]))
  const tasks = [...new Set([...section.splits.map((s) => s.task), ...learned.keys()])].sort()
  return tasks.map((task) => {
    const t = learned.get(task)
    const outcome = !t ? `no version written: its "${task} · memory" test did not run (left out by -t, or the run stopped before it)` : t.version ? `wrote ${t.version}` : `no version written: ${t.notWritten}`
    return `  ${task} · memory: ${outcome}`
  })
}

/** One line per task of the run summary: its split, what its retrospectives cost per arm, and the memory version it wrote. */
export function learningSummaryLines(section: LearningSection): string[] {
  const lines = [`learning: ${section.retrospectives.length} retrospective(s), ${section.cost.calls} call(s), ${section.cost.tokens.prompt ?? '?'} prompt + ${section.cost.tokens.completion ?? '?'} completion tokens, ${dollars(section.cost.usd)} (in the run's spend)`]
  for (const s of section.splits) {
    lines.push(s.mode === 'inputs' ? `  ${s.task}: ${s.train!.ids.length} ${s.unit}(s) to train on, ${s.heldOut!.ids.length} held out (${s.heldOut!.ids.join(', ')}), and held-out seeds` : `  ${s.task}: held-out seeds only (${s.reason})`)
  }
  const arms = new Map<string, RetrospectiveEntry[]>()
  for (const r of section.retrospectives) arms.set(`${r.task} × ${r.topology}`, [...(arms.get(`${r.task} × ${r.topology}`) ?? []), r])
  for (const [arm, rs] of arms) {
    const cost = sumCostParts(rs.map((r) => r.cost))
    const failed = rs.filter((r) => r.error)
    lines.push(`  ${arm}: ${rs.length} retrospective(s), ${cost.calls} call(s), ${dollars(cost.usd)}${failed.length ? `; FAILED: ${failed.map((r) => `#${r.iteration} ${r.error!.kind}: ${r.error!.message}`).join('; ')}` : ''}`)
  }
  return [...lines, ...memoryLines(section)]
}
