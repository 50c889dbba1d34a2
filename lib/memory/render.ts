import { SIMULATED_CAVEAT } from '../results/format.js'
import type { Provenance, StoredLesson } from './lessons.js'
import type { MemoryFile } from './store.js'
import { versionName } from './store.js'

const audience = (l: Pick<StoredLesson, 'audience'>) => l.audience.join(', ')

const learnedBy = (p: Provenance) => `learned by ${p.topology} in iteration ${p.iteration} of run ${p.runId}, for: ${p.failureMode}${p.evidence ? ` (evidence: ${p.evidence})` : ''}`

/** Where a lesson came from: every arm that learned it, or "default lesson". */
function provenance(l: StoredLesson): string {
  if (!l.provenance) return 'default lesson'
  return [l.provenance, ...(l.alsoLearnedBy ?? [])].map(learnedBy).join('; also ')
}

/** A lesson as two lines: its id, addressees and text, then where it came from ("default lesson" for a default). */
const lessonLines = (l: StoredLesson) => [`  - [${l.id}] for ${audience(l)}: ${l.text}`, `      ${provenance(l)}`]

/** The mark of versions learned against the simulator, in the words of the SIMULATED label of runs and reports. */
const simulatedMark = (names: readonly string[]) => `SIMULATED: ${names.join(' and ')} ${names.length === 1 ? 'was' : 'were'} learned against the simulator, not a real model`

/** A memory version as text: its origin, every lesson with its addressees and provenance, protocol fixes and drops. */
export function renderVersion(file: MemoryFile): string {
  const lines = [`${versionName(file.task, file.version)} · written ${file.createdAt} by ${file.writtenBy}${file.parent ? ` · parent v${file.parent}` : ''}`]
  // Its held-out curves are the simulator's numbers, as a simulated run's tables are.
  if (file.evidence?.simulated === true) lines.push(`  ${simulatedMark([versionName(file.task, file.version)])}: ${SIMULATED_CAVEAT}`)
  for (const l of file.lessons) lines.push(...lessonLines(l))
  for (const [topology, knobs] of Object.entries(file.protocol)) lines.push(`  protocol ${topology}: ${JSON.stringify(knobs)}`)
  if (file.dropped.length > 0) lines.push(`  dropped or rejected (${file.dropped.length}):`, ...file.dropped.map((d) => `    · ${d.topology} #${d.iteration}: ${d.what} (${d.reason})`))
  if (file.evidence) {
    for (const arm of file.evidence.arms) {
      const curve = arm.curve.map((p) => (p.mean === null ? 'n/a' : p.mean.toFixed(1))).join(' → ')
      lines.push(`  ${arm.topology}: held-out ${curve}; improvement ${arm.improvement.mean?.toFixed(1) ?? 'n/a'} [${arm.improvement.lo?.toFixed(1) ?? '?'}, ${arm.improvement.hi?.toFixed(1) ?? '?'}]; ${arm.stop}`)
    }
  }
  return lines.join('\n')
}

/** The default lessons that runs use while nothing is learned, under `heading`, each shown as renderVersion shows it. */
export function renderDefaultLessons(heading: string, lessons: readonly StoredLesson[]): string {
  return [heading, ...lessons.flatMap(lessonLines)].join('\n')
}

/** One side of a diff: a version (its evidence says whether it was learned against the simulator) or the defaults. */
type DiffSide = Pick<MemoryFile, 'lessons' | 'protocol'> & Partial<Pick<MemoryFile, 'evidence'>> & { name: string }

/** The difference between two versions' lessons and protocol: + added, − removed, ~ addressed to other agents. */
export function renderDiff(from: DiffSide, to: DiffSide): string {
  const simulated = [from, to].filter((side) => side.evidence?.simulated === true).map((side) => side.name)
  const head = [`${from.name} → ${to.name}`, ...(simulated.length > 0 ? [simulatedMark(simulated)] : [])]
  const lines: string[] = []
  const before = new Map(from.lessons.map((l) => [l.id, l]))
  const after = new Map(to.lessons.map((l) => [l.id, l]))
  for (const l of to.lessons) {
    const old = before.get(l.id)
    if (!old) lines.push(`+ [${l.id}] for ${audience(l)}: ${l.text}`, `    ${provenance(l)}`)
    else if (audience(old) !== audience(l)) lines.push(`~ [${l.id}] for ${audience(old)} → ${audience(l)}`)
  }
  for (const l of from.lessons) if (!after.has(l.id)) lines.push(`- [${l.id}] for ${audience(l)}: ${l.text}`)
  for (const topology of new Set([...Object.keys(from.protocol), ...Object.keys(to.protocol)])) {
    const a = JSON.stringify(from.protocol[topology] ?? {})
    const b = JSON.stringify(to.protocol[topology] ?? {})
    if (a !== b) lines.push(`~ protocol ${topology}: ${a} → ${b}`)
  }
  return [...head, ...(lines.length > 0 ? lines : ['(no change)'])].join('\n')
}
