import { parseUnifiedDiff } from '../tasks/diff.js'
import { describeEchoes, focusEchoes } from '../tasks/focus-echoes.js'
import { readByEveryAgent } from '../tasks/neutrality.js'
import type { Task } from '../tasks/registry.js'
import { escapeRegExp } from '../text.js'

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
/** A clause number ("14.2"): as a bare decimal it is a percentage or an amount, so a lesson names the clause only as a reference to it. */
const CLAUSE_NUMBER = /^\d+(?:\.\d+)+$/
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

/** How a lesson refers to a clause by its number: "clause 4.5", "clauses 4.5", "section 4.5", "article 4.5", "§4.5", or "4.5(b)". */
const clauseReference = (clause: string) => new RegExp(`(?:\\b(?:clauses?|sections?|articles?|cl\\.|sec\\.)\\s*|§\\s*)${escapeRegExp(clause)}(?![0-9]|\\.[0-9])|(?<![0-9.])${escapeRegExp(clause)}\\s?\\([a-z0-9]{1,4}\\)`, 'i')

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
  if (task.truth) for (const s of strings(task.truth.data)) if (IDENTIFIER.test(s)) add(s, CLAUSE_NUMBER.test(s) ? 'a clause number of the ground truth' : 'an id or path of the ground truth')
  return names
}

/**
 * Words any lesson on reviewing uses, whatever the case: shared with a planted item's text they say
 * how to work, not what was planted ("check that a connection is released on every path").
 */
const GENERAL_WORDS = [
  // what a reviewer does
  'check', 'verify', 'ensure', 'confirm', 'review', 'report', 'flag', 'look', 'read', 'compute', 'calculate', 'count', 'compare', 'trace', 'follow', 'apply', 'quote', 'cite',
  // what code does, in any language
  'call', 'return', 'handle', 'close', 'open', 'release', 'acquire', 'stay', 'inside', 'outside', 'escape', 'supplied', 'user', 'input', 'output', 'value', 'parameter', 'argument',
  'request', 'response', 'caller', 'client', 'server', 'local', 'time', 'date', 'boundary', 'range', 'limit', 'error', 'failure', 'fail', 'exception', 'path', 'file', 'directory',
  'folder', 'name', 'connection', 'database', 'query', 'resource', 'stream', 'loop', 'retry', 'concurrent', 'concurrency', 'lock', 'thread', 'shared', 'transaction', 'update', 'write',
  'route', 'endpoint', 'code', 'function', 'change', 'normalise', 'normalize', 'validate', 'sanitise', 'sanitize', 'string', 'text', 'format', 'number', 'data', 'state', 'success',
  // what a contract, a ticket or an incident is made of
  'amount', 'price', 'cost', 'fee', 'percent', 'clause', 'section', 'term', 'notice', 'deadline', 'hour', 'day', 'week', 'month', 'year', 'customer', 'vendor', 'party', 'risk',
  'severity', 'category', 'priority', 'finding', 'defect', 'issue', 'cause', 'action',
]

/**
 * A check of lessons against one task (built once per task): what a lesson names that gives this
 * task's answers away. A lesson must not name an input id, a file the inputs change, an id or path
 * of the ground truth, a clause number of it written as a clause reference ("clause 4.5", "§4.5",
 * "4.5(b)"; a bare "4.5%" is a number), nor a line number; and it must not echo a planted item's
 * wording: two distinctive words shared with one item's text, the check role foci pass (see
 * lib/tasks/focus-echoes.ts), at least one of them not a general word of reviewing (GENERAL_WORDS).
 */
export function lessonLeaks(task: Pick<Task, 'brief' | 'hardConstraints' | 'resolvedInputs' | 'truth'>): (lesson: string) => LessonLeak[] {
  const names = [...namesOf(task)].map(([name, why]) => ({
    name,
    why,
    pattern: CLAUSE_NUMBER.test(name) ? clauseReference(name) : new RegExp(`(^|[^a-z0-9])${escapeRegExp(name)}($|[^a-z0-9])`, 'i'),
  }))
  const echoes = task.truth ? focusEchoes({ truth: task.truth, seen: readByEveryAgent(task), general: GENERAL_WORDS }) : () => []
  return (lesson) => {
    const leaks: LessonLeak[] = names.filter((n) => n.pattern.test(lesson)).map((n) => ({ fragment: n.name, why: n.why }))
    const line = lesson.match(LINE_NUMBER)
    if (line) leaks.push({ fragment: line[0], why: 'a line number' })
    // One leak per echoed item, so that each quotes the words of one item's text.
    for (const echo of echoes(lesson)) leaks.push({ fragment: echo.words.join(' '), why: `wording of the ground truth: ${describeEchoes([echo])}` })
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
