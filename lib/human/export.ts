import { createHash } from 'node:crypto'
import { blindDeliverable } from '../eval/judge/blind.js'
import { proposedRoleNames } from '../eval/judge/proposed-roles.js'
import { UserError } from '../errors.js'
import { openRun } from '../results/read.js'
import { simulatedSides } from '../results/simulator-label.js'
import type { TestRecord } from '../results/record.js'
import type { Registry, Task } from '../tasks/registry.js'
import { learningView } from '../tasks/split.js'
import { taskBlock } from '../topologies/prompts.js'
import { renderGraderPage } from './page.js'
import { GRADE_COLUMNS, type GraderPacket, type KeyFile, type KeySide, type SimulatedSides } from './schema.js'
import { choosePairs, leftOutTrials, type LeftOutReason } from './select.js'
import { simulatedSidesText } from './simulated.js'
import { CELL_LIMIT, cellOrFile, spreadsheetCsv } from './spreadsheet.js'

export interface ExportInput {
  /** The results file read, to name in errors (the run id when the records came from elsewhere). */
  source?: string
  runId: string
  simulated: boolean
  /** Which side of a simulated run the simulator played (both when not given). */
  simulatedSides?: SimulatedSides
  judgeModel: string
  records: readonly TestRecord[]
  registry: Registry
  pairs: number
  seed: number
}

/**
 * The input of an export from a results file (either layout): the run's identity and every record,
 * read through the results reader (a records file is streamed and validated line by line).
 */
export async function exportInputFrom(path: string, registry: Registry, pairs: number, seed: number): Promise<ExportInput> {
  const handle = await openRun(path)
  const records: TestRecord[] = []
  for await (const r of handle.records()) records.push(r)
  return { source: path, runId: handle.run.runId, simulated: handle.run.simulated, simulatedSides: simulatedSides(handle.run.config), judgeModel: handle.run.config.judgeModel, records, registry, pairs, seed }
}

/** Everything an export writes: the grader folder's files (by relative path) and the key, kept apart. */
export interface HumanExport {
  exportId: string
  /** Files for graders: index.html, items.json, items.csv, tasks.csv, grades-template.csv, README.txt, and tasks/ and items/ text files of texts too long for a spreadsheet cell. */
  graderFiles: Map<string, string>
  key: KeyFile
  /** The run's trials (task and trial) that have no item, each with why. */
  leftOut: { task: string; trial: number; reason: LeftOutReason }[]
}

function side(record: TestRecord, text: string): KeySide {
  const judge = record.scores.judge
  return {
    topology: record.topology,
    judgeScores: judge && judge.dimensions.length > 0 ? Object.fromEntries(judge.dimensions.map((d) => [d.key, d.score])) : null,
    length: text.length,
  }
}

/** A task as graders see it beside an item: `id` names it in the packet. */
interface ShownTask {
  id: string
  title: string
  task: Task
}

/**
 * The task as a record's case was given it, and judged on. A learning run's cases of a task that
 * splits its inputs saw only their side's (the training diffs, or the held-out ones): graders get
 * that side too, under its own id and title, so that no one marks an answer down for inputs its
 * writer never had.
 */
function shownTask(registry: Registry, record: TestRecord): ShownTask {
  const task = registry.get(record.task)
  const view = record.learning ? learningView(task, record.learning.split) : task
  if (view === task) return { id: task.id, title: task.title, task }
  const train = record.learning!.split === 'train'
  return { id: `${task.id}-${train ? 'train' : 'heldout'}`, title: `${task.title} (${train ? 'training' : 'held-out'} inputs)`, task: view }
}

/**
 * Builds a blind grading packet from a run: pairs stratified across tasks and topologies (at most
 * one per task and trial, and no deliverable text in two items: see choosePairs), each shown with the task's full prompt as the case was given it (see shownTask) and the two deliverables blinded exactly as the judge sees them.
 * Nothing that identifies a topology, a model or the judge's opinion goes into the grader files.
 */
export function buildExport(input: ExportInput): HumanExport {
  const shown = (r: TestRecord) => blindDeliverable(shownTask(input.registry, r).task, r.deliverable!, proposedRoleNames(r.events)).text
  const chosen = choosePairs(input.records, input.pairs, input.seed, shown)
  if (chosen.length === 0) throw new UserError(`${input.source ?? input.runId}: no pairs to grade (the run needs successful single-agent and organisation records of the same task and trial)`)
  const exportId = `${input.runId}-h${input.seed}-${createHash('sha256').update(chosen.map((c) => `${c.task}#${c.trial}#${c.a.topology}#${c.b.topology}`).join('|')).digest('hex').slice(0, 6)}`
  const items = chosen.map((c, i) => {
    const task = shownTask(input.registry, c.a)
    // Both sides of a pair share a trial, and a learning run's trials belong to one side of its split.
    if (shownTask(input.registry, c.b).id !== task.id) throw new Error(`${c.task} trial ${c.trial}: the pair's deliverables answer different views of the task`)
    return { id: `h${String(i + 1).padStart(3, '0')}`, chosen: c, task, a: shown(c.a), b: shown(c.b) }
  })
  const tasks = [...new Map(items.map((it) => [it.task.id, it.task])).values()].sort((x, y) => x.id.localeCompare(y.id))
  const rubricTasks = [...new Set(chosen.map((c) => c.task))].sort().map((id) => input.registry.get(id))
  const packet: GraderPacket = {
    exportId,
    ...(input.simulated ? { simulated: input.simulatedSides ?? { agents: true, judge: true } } : {}),
    scale: { min: 0, max: 10 },
    tasks: tasks.map(({ id, title, task }) => ({ id, title, prompt: taskBlock(task), rubric: task.rubric.map((d) => ({ key: d.key, description: d.description })) })),
    items: items.map((it) => ({ id: it.id, task: it.task.id, trial: it.chosen.trial, a: it.a, b: it.b })),
  }
  const key: KeyFile = {
    kind: 'orgbench-human-key',
    version: 1,
    exportId,
    runId: input.runId,
    simulated: input.simulated,
    ...(input.simulated && input.simulatedSides ? { simulatedSides: input.simulatedSides } : {}),
    judgeModel: input.judgeModel,
    seed: input.seed,
    rubric: Object.fromEntries(rubricTasks.map((t) => [t.id, t.rubric.map((d) => d.key)])),
    items: items.map((it) => ({
      id: it.id,
      task: it.chosen.task,
      trial: it.chosen.trial,
      a: side(it.chosen.a, it.a),
      b: side(it.chosen.b, it.b),
      judgePreference: it.chosen.judgePreference,
      judgeOrdersAgreed: it.chosen.judgeOrdersAgreed,
    })),
  }
  const template = key.items.flatMap((it) => {
    const dims = key.rubric[it.task]!
    return [
      [exportId, '', it.id, 'pair', 'preference', ''],
      ...(['A', 'B'] as const).flatMap((target) => dims.map((d) => [exportId, '', it.id, target, d, ''])),
    ]
  })
  // Texts too long for a spreadsheet cell go to text files of their own, named in their cell.
  const longTexts = new Map<string, string>()
  const itemRows = packet.items.map((it) => [it.id, it.task, tasks.find((t) => t.id === it.task)!.title, cellOrFile(it.a, `items/${it.id}-A.txt`, longTexts), cellOrFile(it.b, `items/${it.id}-B.txt`, longTexts)])
  const taskRows = packet.tasks.map((t) => [t.id, t.title, t.rubric.map((d) => `${d.key}: ${d.description}`).join('\n'), cellOrFile(t.prompt, `tasks/${t.id}.txt`, longTexts)])
  const graderFiles = new Map<string, string>([
    ['index.html', renderGraderPage(packet)],
    ['items.json', `${JSON.stringify(packet, null, 2)}\n`],
    ['items.csv', spreadsheetCsv([['item', 'task', 'title', 'deliverable_A', 'deliverable_B'], ...itemRows])],
    ['tasks.csv', spreadsheetCsv([['task', 'title', 'rubric', 'prompt'], ...taskRows])],
    ['grades-template.csv', spreadsheetCsv([[...GRADE_COLUMNS], ...template])],
    ...longTexts,
    ['README.txt', graderReadme(packet)],
  ])
  return { exportId, graderFiles, key, leftOut: leftOutTrials(input.records, chosen, shown) }
}

const LEFT_OUT_BECAUSE: Record<Exclude<LeftOutReason, 'packet full'>, string> = {
  identical: "every organisation's text is the same as the single agent's (graders could only answer tie)",
  'text shown': 'its texts are already in another item (a text shown twice gives its side away)',
  'no pair': 'no successful single-agent or no successful organisation deliverable',
}

/**
 * What to say when an export holds fewer pairs than asked: how many trials the run has, and how many
 * of them were left out for each reason. Null when it holds as many as asked.
 */
export function shortfallNote(asked: number, built: HumanExport): string | null {
  const given = built.key.items.length
  if (given >= asked) return null
  const reasons = (Object.keys(LEFT_OUT_BECAUSE) as (keyof typeof LEFT_OUT_BECAUSE)[])
    .map((reason) => [built.leftOut.filter((t) => t.reason === reason).length, LEFT_OUT_BECAUSE[reason]] as const)
    .filter(([n]) => n > 0)
    .map(([n, why]) => `${n} ${n === 1 ? 'trial' : 'trials'}: ${why}`)
  const trials = given + built.leftOut.length
  const leftOut = reasons.length > 0 ? `; left out: ${reasons.join('; ')}` : ''
  return `(${asked} asked: the run gives ${given} from its ${trials} ${trials === 1 ? 'trial' : 'trials'}, at most one per task and trial: a single-agent deliverable shown in two items would be recognised by its repetition${leftOut}; run more trials for more pairs)`
}

/** Items of the key with a judge result to compare people's grades with: a pairwise verdict or rubric scores. */
export function judgedItems(key: KeyFile): number {
  return key.items.filter((i) => i.judgePreference !== null || i.a.judgeScores !== null || i.b.judgeScores !== null).length
}

function graderReadme(packet: GraderPacket): string {
  const simulated = packet.simulated ? `\nSIMULATED run: ${simulatedSidesText(packet.simulated)}.\n` : ''
  return `Blind grading packet ${packet.exportId}
${simulated}
Open index.html in a browser (no server and no network needed). For each of the ${packet.items.length} items,
read the task, then the two deliverables A and B, score each on every rubric dimension from 0 (absent
or wrong) to 10 (complete, correct, concrete), and say which you prefer (A, B, or tie). Enter your
name first: your answers are kept in this browser under it as you go (the page warns you if the
browser keeps nothing); press "Download grades" to save them as a CSV file and send it back.

Prefer a spreadsheet? items.csv holds the deliverables, tasks.csv the tasks and rubrics, and
grades-template.csv the rows to fill: put your name in "grader" and your answer in "value"
(A, B or tie for the preference; an integer from 0 to 10 for a score). A text longer than a
spreadsheet cell holds (${CELL_LIMIT.toLocaleString('en-US')} characters in Excel) is in a file of its own, in tasks/ or
items/, and its cell names that file: read it there, or in index.html, which shows every text whole.
`
}
