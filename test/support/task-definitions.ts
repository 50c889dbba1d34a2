import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { scoreChecklist, scoreTaskText } from '../../lib/eval/checklist.js'
import { taskPromptText } from '../../lib/eval/prompt-copies.js'
import { loadRegistry, PROJECT_ROOT, type Task } from '../../lib/tasks/registry.js'
import { deliverableFormat } from '../../lib/topologies/prompts.js'
import { type CodeReviewTruth, issueCategories, issueLocations } from '../../lib/tasks/kinds/code-review.js'
import type { ContractReviewTruth } from '../../lib/tasks/kinds/contract-review.js'
import type { IncidentResponseTruth } from '../../lib/tasks/kinds/incident-response.js'
import type { SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'

/*
 * Checks the tests of single task definitions (test/tasks/definitions/<track>/<id>.test.ts) share.
 * Each test file states its task's own facts (roles, items, counts, ids); these read them.
 */

const registry = await loadRegistry()

/** The task as the registry loads it (its inputs read, its ground truth validated). */
export const taskOf = (id: string): Task => registry.get(id)

/** The content of one of the task's inputs. */
export function inputText(task: Task, id: string): string {
  const input = task.resolvedInputs.find((i) => i.id === id)
  if (!input) throw new Error(`${task.id} has no input "${id}" (it has ${task.resolvedInputs.map((i) => i.id).join(', ')})`)
  return input.content
}

/** What every agent reads apart from the inputs: the brief, the hard constraints and each role's focus. */
export const promptText = (task: Task): string => taskPromptText(task)

/** What agents read of the task besides its inputs, with the deliverable's format (for a structured one, its JSON schema and the schema's examples). */
export const shownText = (task: Task): string => `${promptText(task)}\n${deliverableFormat(task)}`

/** Where a text gives an example: up to 160 characters after "e.g.", "for example", "such as" or "like", to a closing parenthesis (a wrapped line goes on). */
const EXAMPLE = /(?:\be\.g\.|\bfor example\b|\bsuch as\b|\blike\b)([^)]{0,160})/gi
/**
 * Pieces of a value that can be an id: split at spaces and punctuation between words, kept when they
 * hold a digit and at least three characters (a value of a short scale such as "P0" or "L2" names nothing).
 */
const idTokens = (text: string): string[] => text.split(/[\s;,()\[\]{}"'\\]+/).filter((t) => t.length >= 3 && /\d/.test(t))

/** Every token holding a digit in the quoted values a text gives as examples ("e.g. \"T-4101\"" gives T-4101). */
export function exampleTokens(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(EXAMPLE)) for (const q of m[1]!.matchAll(/\\?"([^"\\]+)\\?"/g)) for (const t of idTokens(q[1]!)) out.add(t)
  return [...out]
}

/** Every token holding a digit among the string values of the task's ground truth: ticket, event, action, line and card ids, clause numbers. */
export function truthTokens(task: Task): Set<string> {
  const out = new Set<string>()
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const t of idTokens(v)) out.add(t)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(task.truth?.data)
  return out
}

/** The example values of `shown` that the ground truth cites or an input holds as a whole token: an example must be invented. */
export function realExamples(task: Task, shown: string): string[] {
  const truth = truthTokens(task)
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return exampleTokens(shown).filter((t) => truth.has(t) || task.resolvedInputs.some((i) => new RegExp(`(?<![\\w*-])${escape(t)}(?![\\w-])`).test(i.content)))
}

/** Every task: no example its prompt or deliverable format shows names an id or value of its inputs or its ground truth. */
export function checkExamplesInvented(task: Task): void {
  test('no example the prompt shows names a real input id or a real answer', () => {
    expect(realExamples(task, shownText(task))).toEqual([])
  })
}

/** The ids of the checklist items a deliverable's text meets by their patterns, as the task scores it (without what it copies from the prompt). */
export const itemsMetBy = (task: Task, text: string): string[] => scoreTaskText(task, text).covered

/** A reference deliverable of the judge's calibration (fixtures/calibration/<task>/<which>.md). */
export const calibrationReference = (task: Task, which: 'strong' | 'weak' | 'canary'): string => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', task.id, `${which}.md`), 'utf8')

/** What a test file states about its task's setup. */
export interface Setup {
  track: Task['track']
  costCenter: Task['costCenter']
  tier: Task['tier']
  kind: Task['kind']
  deliverable: Task['deliverable']
  roles: string[]
  /** Rubric keys with their weights, in order. */
  rubric: Array<[string, number]>
  composite: Task['composite']
}

/** The task's setup as its test file states it, and the weights that must add up. */
export function checkSetup(task: Task, setup: Setup): void {
  checkExamplesInvented(task)

  test('its track, cost center, tier, kind and deliverable', () => {
    expect({ track: task.track, costCenter: task.costCenter, tier: task.tier, kind: task.kind, deliverable: task.deliverable }).toEqual({ track: setup.track, costCenter: setup.costCenter, tier: setup.tier, kind: setup.kind, deliverable: setup.deliverable })
    expect(task.file).toBe(`lib/tasks/definitions/${setup.track}/${task.id}.ts`)
  })

  test('its roles, rubric and score weights; the rubric adds up to 100 and the weights to 1', () => {
    expect(task.roles.map((r) => r.id)).toEqual(setup.roles)
    expect(task.rubric.map((d) => [d.key, d.weight])).toEqual(setup.rubric)
    expect(setup.rubric.reduce((s, [, w]) => s + w, 0)).toBe(100)
    expect(task.composite).toEqual(setup.composite)
    expect(task.composite.groundTruth + task.composite.checklist + task.composite.judge).toBeCloseTo(1, 12)
    // A component with nothing to score weighs nothing.
    expect(task.composite.groundTruth > 0).toBe(task.truth !== null)
    expect(task.composite.checklist > 0).toBe(task.checklist.length > 0)
  })
}

/** What a design task's test file states about its checklist. */
export interface DesignFacts {
  items: string[]
  mustPass: string[]
  /**
   * The items whose patterns the prompt's own text matches, each with a sentence that states the
   * item in other words: copied from the prompt it meets nothing, in a deliverable's own words it does.
   */
  promptItems: Record<string, string>
}

/** A design task's checklist, and its calibration references read against it. */
export function checkDesignChecklist(task: Task, facts: DesignFacts): void {
  test('its checklist items and which of them must pass', () => {
    expect(task.checklist.map((c) => c.id)).toEqual(facts.items)
    expect(task.checklist.filter((c) => c.mustPass).map((c) => c.id)).toEqual(facts.mustPass)
  })

  test('the strong reference deliverable meets every item; the weak one and the canary meet no must-pass item', () => {
    expect(itemsMetBy(task, calibrationReference(task, 'strong'))).toEqual(facts.items)
    for (const which of ['weak', 'canary'] as const) expect(itemsMetBy(task, calibrationReference(task, which)).filter((id) => facts.mustPass.includes(id)), which).toEqual([])
  })

  test('a deliverable that copies the brief, the hard constraints and the role descriptions verbatim meets no item', () => {
    expect(itemsMetBy(task, promptText(task))).toEqual([])
  })

  test("each item the prompt's text names is met when a deliverable states it in its own words", () => {
    expect(scoreChecklist(task.checklist, promptText(task)).covered).toEqual(Object.keys(facts.promptItems))
    for (const [id, sentence] of Object.entries(facts.promptItems)) expect(itemsMetBy(task, sentence), id).toContain(id)
  })
}

/**
 * New-file line numbers of each file a unified diff changes: every line of its hunks that is in
 * the new file (context and added lines), as the gutter numbers them.
 */
export function newFileLines(diff: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>()
  let lines: Set<number> | null = null
  let at = 0
  for (const line of diff.split('\n')) {
    const file = /^\+\+\+ b\/(.+)$/.exec(line)
    if (file) {
      files.set(file[1]!, (lines = files.get(file[1]!) ?? new Set()))
      continue
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (hunk) {
      at = Number(hunk[1])
      continue
    }
    if (!lines || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) continue
    if (line.startsWith('+') || line.startsWith(' ')) lines.add(at++)
  }
  return files
}

/** Whether a contract document has a clause numbered `clause` (a line that starts with its number, as a heading or not). */
export function hasClause(document: string, clause: string): boolean {
  const n = clause.replace(/\./g, '\\.')
  return new RegExp(`^(?:#+\\s*)?(?:\\*\\*)?(?:Clause\\s+|Section\\s+)?${n}(?:[\\s.)*:]|$)`, 'm').test(document)
}

/** The values of one column of a CSV input (by header name). */
export function csvColumn(text: string, column: string): string[] {
  const [header, ...rows] = text.trim().split('\n')
  const at = header!.split(',').indexOf(column)
  if (at < 0) throw new Error(`no column "${column}" in ${header}`)
  return rows.map((r) => r.split(',')[at]!)
}

/** Every id of the form E-0123 a text mentions. */
export const eventIdsIn = (text: string): string[] => [...new Set(text.match(/\bE-\d{4}\b/g) ?? [])]

/** The first column's values of a CSV input (line and statement ids), without its header. */
export const firstColumn = (text: string): Set<string> => new Set(text.trim().split('\n').slice(1).map((r) => r.split(',')[0]!))

/** Each input's id and format, in order. */
export const inputsOf = (task: Task): string[] => task.resolvedInputs.map((i) => `${i.id}:${i.format}`)

/** How many of `items` have each value of `key`, as [value, count] sorted by value. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a.localeCompare(b))
}

/** Checks every code review task's ground truth passes: issues and decoys sit on lines their diffs show, in the task's categories, and the prompt names no defective file. */
export function checkCodeReviewTruth(task: Task): void {
  const truth = task.truth!.data as CodeReviewTruth
  const issues = truth.diffs.flatMap((d) => d.issues)

  test('a clean or decoy diff plants no issue; a defective one at least one', () => {
    for (const d of truth.diffs) expect(d.issues.length > 0, d.input).toBe(d.kind === 'defective')
  })

  test("every issue's places and every decoy's lines are lines its diff shows, in the file it names", () => {
    for (const d of truth.diffs) {
      const shown = newFileLines(inputText(task, d.input))
      const places = [...d.issues.flatMap((i) => issueLocations(i).map((l) => ({ ...l, what: i.id }))), ...d.decoys.map((x) => ({ file: x.file, lines: x.lines, what: `decoy in ${d.input}` }))]
      for (const p of places) for (let n = p.lines.start; n <= p.lines.end; n++) expect(shown.get(p.file)?.has(n), `${p.what}: ${p.file}:${n}`).toBe(true)
    }
  })

  test("every issue's categories are the task's", () => {
    const ids = task.categories.map((c) => c.id)
    for (const i of issues) for (const c of issueCategories(i)) expect(ids, i.id).toContain(c)
  })

  test('the prompt names no file with a planted issue', () => {
    const prompt = promptText(task)
    expect(issues.filter((i) => prompt.includes(i.file)).map((i) => i.id)).toEqual([])
  })
}

/** Checks every contract review task's ground truth passes: each clause it names is in its document, look-alikes are apart from risks, and the prompt cites no risky clause. */
export function checkContractTruth(task: Task): void {
  const truth = task.truth!.data as ContractReviewTruth
  const documentOf = (x: { document?: string }) => x.document ?? truth.input!

  test('every risk, every clause it is read with, and every look-alike is a clause of the document it names', () => {
    const places = [...truth.risks.flatMap((r) => [{ document: documentOf(r), clause: r.clause }, ...(r.readWith ?? []).map((w) => ({ document: w.document ?? documentOf(r), clause: w.clause }))]), ...truth.benign.map((b) => ({ document: documentOf(b), clause: b.clause }))]
    for (const p of places) expect(hasClause(inputText(task, p.document), p.clause), `${p.document} ${p.clause}`).toBe(true)
  })

  test("every risk's category is the task's; no look-alike shares a clause with a risk of its document", () => {
    const ids = task.categories.map((c) => c.id)
    for (const r of truth.risks) expect(ids, r.id).toContain(r.category)
    const risky = new Set(truth.risks.map((r) => `${documentOf(r)} ${r.clause}`))
    expect(truth.benign.filter((b) => risky.has(`${documentOf(b)} ${b.clause}`))).toEqual([])
  })

  test('the prompt cites no clause of a planted risk', () => {
    const prompt = promptText(task)
    expect(truth.risks.filter((r) => new RegExp(`\\b${r.clause.replace(/\./g, '\\.')}\\b`).test(prompt)).map((r) => r.id)).toEqual([])
  })
}

/** Checks every support triage task's ground truth passes: tickets in the task's categories, none named by the prompt. */
export function checkTriageTruth(task: Task): void {
  const truth = task.truth!.data as SupportTriageTruth

  test("every ticket's category is the task's", () => {
    const ids = task.categories.map((c) => c.id)
    for (const t of truth.tickets) expect(ids, t.id).toContain(t.category)
  })

  test('the prompt names no ticket of the batch, not even as an example', () => {
    const lines = promptText(task).split('\n')
    const named = truth.tickets.filter((t) => lines.some((l) => l.includes(t.id)))
    expect(named.map((t) => t.id)).toEqual([])
    for (const t of named) expect(lines.filter((l) => l.includes(t.id) && l.includes(t.priority)), t.id).toEqual([])
  })
}

/** Checks an incident response task's ground truth cites only logged events and runbook entries (`runbookEntries` of them), and that the prompt names none. */
export function checkIncidentCitations(task: Task, runbookEntries: number): void {
  const text = JSON.stringify(task.truth!.data as IncidentResponseTruth)
  const logged = new Set(eventIdsIn(inputText(task, 'events')))
  const runbook = new Set([...inputText(task, 'runbook').matchAll(/^## (R\d\d) /gm)].map((m) => m[1]!))
  const actions = [...new Set(text.match(/\bR\d\d\b/g) ?? [])]

  test('every event it cites is in the event log, and every action it names is a runbook entry', () => {
    expect(eventIdsIn(text).filter((e) => !logged.has(e))).toEqual([])
    expect(actions.filter((a) => !runbook.has(a))).toEqual([])
    expect(runbook.size).toBe(runbookEntries)
  })

  test('the prompt names no event or action of the ground truth', () => {
    const prompt = promptText(task)
    expect(eventIdsIn(text).filter((e) => prompt.includes(e))).toEqual([])
    expect(actions.filter((a) => new RegExp(`\\b${a}\\b`).test(prompt))).toEqual([])
  })
}
