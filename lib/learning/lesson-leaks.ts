import { parseUnifiedDiff } from '../tasks/diff.js'
import { describeEchoes, focusEchoes } from '../tasks/focus-echoes.js'
import type { Task } from '../tasks/registry.js'

/*
 * Whether a learned lesson carries a case's answers. Lessons persist into benchmark runs that show
 * the same inputs, so a lesson may say how to work, never which input, file, line or clause holds
 * what: those would be the answer key read back to the agents.
 */

/** Something a lesson names that belongs to this task's answers, and why it does. */
export interface LessonLeak {
  fragment: string
  why: string
}

/** A string of the ground truth that names a thing rather than describes it: an id ("d03-1", "T-4101", "E-0142", "14.2") or a path. */
const IDENTIFIER = /^(?=[^\s]*[0-9/])[^\s]{3,80}$/
/** A file name with an extension: the last part of a path, which a lesson may name alone. */
const FILE_NAME = /^[^/\s]+\.[a-z0-9]{1,5}$/i
/** A line number, alone or after a file name ("line 60", "lines 60-64", "tickets_api.py:60"). */
const LINE_NUMBER = /\blines?\s+\d+|\.[a-z0-9]{1,5}:\d+/i

/** Every string value of a JSON value (the ground truth's ids, paths and summaries alike). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The names of a task's material a lesson must not use, with why: input ids, the ground truth's ids and paths, the files the diffs change. */
function namesOf(task: Pick<Task, 'resolvedInputs' | 'truth'>): Map<string, string> {
  const names = new Map<string, string>()
  const add = (name: string, why: string) => {
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), why)
    const file = name.split('/').pop()!
    if (file !== name && FILE_NAME.test(file) && !names.has(file.toLowerCase())) names.set(file.toLowerCase(), `the name of ${name}`)
  }
  // An input id that is a word ("policy", "tickets") is how any lesson would speak of that input.
  for (const input of task.resolvedInputs) if (/\d/.test(input.id)) add(input.id, 'an input id of the task')
  for (const input of task.resolvedInputs) if (input.format === 'diff') for (const file of parseUnifiedDiff(input.content)) add(file.path, `a file changed in input ${input.id}`)
  if (task.truth) for (const s of strings(task.truth.data)) if (IDENTIFIER.test(s)) add(s, 'an id or path of the ground truth')
  return names
}

/**
 * A check of lessons against one task (built once per task): what a lesson names that gives this
 * task's answers away. A lesson must not name an input id, a file the inputs change, an id, path
 * or clause number of the ground truth, nor a line number; and it must not echo a planted item's
 * wording (two distinctive words shared with one item's text, the check role foci pass, see
 * lib/tasks/focus-echoes.ts).
 */
export function lessonLeaks(task: Pick<Task, 'brief' | 'resolvedInputs' | 'truth'>): (lesson: string) => LessonLeak[] {
  const names = [...namesOf(task)].map(([name, why]) => ({ name, why, pattern: new RegExp(`(^|[^a-z0-9])${escape(name)}($|[^a-z0-9])`, 'i') }))
  const echoes = task.truth ? focusEchoes({ truth: task.truth, seen: [task.brief, ...task.resolvedInputs.map((i) => i.content)].join('\n') }) : () => []
  return (lesson) => {
    const leaks: LessonLeak[] = names.filter((n) => n.pattern.test(lesson)).map((n) => ({ fragment: n.name, why: n.why }))
    const line = lesson.match(LINE_NUMBER)
    if (line) leaks.push({ fragment: line[0], why: 'a line number' })
    const echoed = echoes(lesson)
    if (echoed.length > 0) leaks.push({ fragment: echoed.flatMap((e) => e.words).join(' '), why: `wording of the ground truth: ${describeEchoes(echoed)}` })
    return leaks
  }
}

/** One line naming what a lesson gives away. */
export function describeLessonLeaks(leaks: readonly LessonLeak[]): string {
  return leaks.map((l) => `"${l.fragment}" (${l.why})`).join(', ')
}

/**
 * A text with every name of the task's material a lesson must not use replaced by "…", and line
 * numbers too: how the retrospective is told what was missed without being told where.
 */
export function withoutNames(task: Pick<Task, 'resolvedInputs' | 'truth'>): (text: string) => string {
  const names = [...namesOf(task).keys()].sort((a, b) => b.length - a.length)
  const pattern = names.length === 0 ? null : new RegExp(`(^|[^a-z0-9])(?:${names.map(escape).join('|')})(?=$|[^a-z0-9])`, 'gi')
  return (text) => (pattern ? text.replace(pattern, '$1…') : text).replace(new RegExp(LINE_NUMBER.source, 'gi'), (m) => m.replace(/\d+/, '…')).replace(/…-\d+/g, '…')
}
