import type { z } from 'zod'
import type { CategorySpec } from '../categories.js'
import type { DeliverableKind } from '../schema.js'
import { DiffError, parseUnifiedDiff, visibleNewLines } from '../diff.js'
import { CODE_CATEGORIES, type CodeReviewDeliverable, codeReviewDeliverable, CodeReviewTruth } from './code-review.js'
import { CONTRACT_CATEGORIES, type ContractReviewDeliverable, contractReviewDeliverable, ContractReviewTruth } from './contract-review.js'
import { IncidentResponseDeliverable, IncidentResponseTruth } from './incident-response.js'
import { type SupportTriageDeliverable, supportTriageDeliverable, SupportTriageTruth, TICKET_CATEGORIES, TicketBatch } from './support-triage.js'

/** A problem found while checking ground truth against its fixtures: where, and what was expected. */
export interface TruthProblem {
  field: string
  message: string
}

/** Fixture contents keyed by input id. */
export type InputContents = ReadonlyMap<string, string>

/** What ground truth is checked against: the task's fixtures and its categories. */
export interface TruthContext {
  /** Fixture contents keyed by input id. */
  inputs: InputContents
  /** Input formats keyed by input id ("diff", "markdown", ...). */
  formats: ReadonlyMap<string, string>
  /** The task's category ids: the kind's defaults and the task's own. */
  categories: ReadonlySet<string>
}

export interface StructuredKind<Truth, Deliverable> {
  /** Name of the structured-output schema sent to the model. */
  schemaName: string
  /** The categories every task of this kind has (a task may add its own); empty for kinds without categories. */
  categories: readonly CategorySpec[]
  /** The deliverable schema of a task whose category ids are `categoryIds` (ignored by kinds without categories). */
  deliverable(categoryIds: readonly string[]): z.ZodType<Deliverable>
  truth: z.ZodType<Truth>
  /** Cross-checks ground truth against the fixtures it points into and the task's categories. */
  check(truth: Truth, context: TruthContext): TruthProblem[]
}

const unknownCategory = (field: string, category: string, known: ReadonlySet<string>): TruthProblem => ({
  field,
  message: `expected one of the task's categories (${[...known].join(', ')}), got "${category}"; a task adds its own categories under "categories"`,
})

const unknownInput = (field: string, id: string): TruthProblem => ({ field, message: `expected the id of a task input, got "${id}"` })

const clauseNumbers = (text: string) => new Set([...text.matchAll(/^(\d+(?:\.\d+){1,2})\s/gm)].map((m) => m[1]!))

const codeReview: StructuredKind<CodeReviewTruth, CodeReviewDeliverable> = {
  schemaName: 'code_review_deliverable',
  categories: CODE_CATEGORIES,
  deliverable: codeReviewDeliverable,
  truth: CodeReviewTruth,
  check(truth, { inputs, formats, categories }) {
    const problems: TruthProblem[] = []
    const seen = new Set<string>()
    truth.diffs.forEach((d, i) => {
      d.issues.forEach((x, j) => {
        if (!categories.has(x.category)) problems.push(unknownCategory(`diffs.${i}.issues.${j}.category`, x.category, categories))
        x.alsoCategories?.forEach((c, k) => {
          const field = `diffs.${i}.issues.${j}.alsoCategories.${k}`
          if (!categories.has(c)) problems.push(unknownCategory(field, c, categories))
          else if (c === x.category) problems.push({ field, message: `expected a category other than the issue's own ("${c}")` })
        })
      })
      d.decoys.forEach((x, j) => {
        if (!categories.has(x.looksLike)) problems.push(unknownCategory(`diffs.${i}.decoys.${j}.looksLike`, x.looksLike, categories))
      })
      const text = inputs.get(d.input)
      if (text === undefined) return problems.push(unknownInput(`diffs.${i}.input`, d.input))
      if (seen.has(d.input)) problems.push({ field: `diffs.${i}.input`, message: `duplicate diff "${d.input}"` })
      seen.add(d.input)
      let files
      try {
        files = parseUnifiedDiff(text)
      } catch (e) {
        const message = e instanceof DiffError ? e.within(d.input) : (e as Error).message
        return problems.push({ field: `diffs.${i}.input`, message: `expected a parsable unified diff: ${message}` })
      }
      if ((d.kind === 'defective') !== d.issues.length > 0) {
        problems.push({ field: `diffs.${i}.issues`, message: `expected ${d.kind === 'defective' ? 'at least one issue' : 'no issues'} for a ${d.kind} diff` })
      }
      const spots = [
        ...d.issues.map((x, j) => ({ where: `diffs.${i}.issues.${j}`, file: x.file, lines: x.lines })),
        ...d.issues.flatMap((x, j) => (x.locations ?? []).map((l, k) => ({ where: `diffs.${i}.issues.${j}.locations.${k}`, file: l.file, lines: l.lines }))),
        ...d.decoys.map((x, j) => ({ where: `diffs.${i}.decoys.${j}`, file: x.file, lines: x.lines })),
      ]
      for (const s of spots) {
        const file = files.find((f) => f.path === s.file)
        if (!file) {
          problems.push({ field: `${s.where}.file`, message: `expected a file changed in ${d.input} (${files.map((f) => f.path).join(', ')}), got "${s.file}"` })
          continue
        }
        const visible = visibleNewLines(file)
        for (let line = s.lines.start; line <= s.lines.end; line++) {
          if (!visible.has(line)) {
            problems.push({ field: `${s.where}.lines`, message: `line ${line} does not exist on the new side of ${s.file} in ${d.input}` })
            break
          }
        }
      }
    })
    // Every pull request is covered: a clean one says so explicitly, so a forgotten diff is an error.
    for (const [id, format] of formats) {
      if (format === 'diff' && !seen.has(id)) problems.push({ field: 'diffs', message: `expected an entry for diff input "${id}" (a clean diff is listed with kind "clean" and no issues)` })
    }
    return problems
  },
}

const contractReview: StructuredKind<ContractReviewTruth, ContractReviewDeliverable> = {
  schemaName: 'contract_review_deliverable',
  categories: CONTRACT_CATEGORIES,
  deliverable: contractReviewDeliverable,
  truth: ContractReviewTruth,
  check(truth, { inputs, categories }) {
    const text = inputs.get(truth.input)
    if (text === undefined) return [unknownInput('input', truth.input)]
    const clauses = clauseNumbers(text)
    const problems: TruthProblem[] = []
    truth.risks.forEach((r, i) => {
      if (!clauses.has(r.clause)) problems.push({ field: `risks.${i}.clause`, message: `clause ${r.clause} does not exist in ${truth.input}` })
      if (!categories.has(r.category)) problems.push(unknownCategory(`risks.${i}.category`, r.category, categories))
    })
    truth.benign.forEach((b, i) => {
      if (!clauses.has(b.clause)) problems.push({ field: `benign.${i}.clause`, message: `clause ${b.clause} does not exist in ${truth.input}` })
      if (!categories.has(b.resembles)) problems.push(unknownCategory(`benign.${i}.resembles`, b.resembles, categories))
    })
    return problems
  },
}

const supportTriage: StructuredKind<SupportTriageTruth, SupportTriageDeliverable> = {
  schemaName: 'support_triage_deliverable',
  categories: TICKET_CATEGORIES,
  deliverable: supportTriageDeliverable,
  truth: SupportTriageTruth,
  check(truth, { inputs, categories }) {
    const text = inputs.get(truth.input)
    if (text === undefined) return [unknownInput('input', truth.input)]
    let batch
    try {
      batch = TicketBatch.parse(JSON.parse(text))
    } catch (e) {
      return [{ field: 'input', message: `expected ${truth.input} to be a ticket batch: ${(e as Error).message.slice(0, 300)}` }]
    }
    const ids = new Set(batch.tickets.map((t) => t.id))
    const problems: TruthProblem[] = []
    truth.tickets.forEach((t, i) => {
      if (!ids.has(t.id)) problems.push({ field: `tickets.${i}.id`, message: `ticket ${t.id} is not in ${truth.input}` })
      if (!categories.has(t.category)) problems.push(unknownCategory(`tickets.${i}.category`, t.category, categories))
    })
    const labelled = new Set(truth.tickets.map((t) => t.id))
    for (const id of ids) if (!labelled.has(id)) problems.push({ field: 'tickets', message: `expected a label for ticket ${id}` })
    return problems
  },
}

const incidentResponse: StructuredKind<IncidentResponseTruth, IncidentResponseDeliverable> = {
  schemaName: 'incident_response_deliverable',
  categories: [],
  deliverable: () => IncidentResponseDeliverable,
  truth: IncidentResponseTruth,
  check(truth, { inputs }) {
    const problems: TruthProblem[] = []
    const get = (key: keyof typeof truth.inputs) => {
      const text = inputs.get(truth.inputs[key])
      if (text === undefined) problems.push(unknownInput(`inputs.${key}`, truth.inputs[key]))
      return text ?? ''
    }
    const events = new Set([...get('events').matchAll(/^(E-\d{4})\s/gm)].map((m) => m[1]!))
    const actions = new Set([...get('runbook').matchAll(/\b(R\d{2})\b/g)].map((m) => m[1]!))
    const system = get('system')
    const hasComponent = (c: string) => new RegExp(`(^|[^a-z0-9-])${c}($|[^a-z0-9-])`, 'm').test(system)
    if (!hasComponent(truth.rootCause.component)) problems.push({ field: 'rootCause.component', message: `component "${truth.rootCause.component}" is not described in ${truth.inputs.system}` })
    if (!events.has(truth.firstBadEvent)) problems.push({ field: 'firstBadEvent', message: `event ${truth.firstBadEvent} does not exist in ${truth.inputs.events}` })
    for (const [field, list] of [['requiredActions', truth.requiredActions], ['harmfulActions', truth.harmfulActions]] as const) {
      list.forEach((a, i) => {
        if (!actions.has(a)) problems.push({ field: `${field}.${i}`, message: `action ${a} does not exist in ${truth.inputs.runbook}` })
      })
    }
    truth.redHerrings.forEach((h, i) => {
      if (!hasComponent(h.component)) problems.push({ field: `redHerrings.${i}.component`, message: `component "${h.component}" is not described in ${truth.inputs.system}` })
      h.events.forEach((ev, j) => {
        if (!events.has(ev)) problems.push({ field: `redHerrings.${i}.events.${j}`, message: `event ${ev} does not exist in ${truth.inputs.events}` })
      })
    })
    return problems
  },
}

/** Every structured deliverable kind; the Record type makes a missing kind a compile error. */
export const STRUCTURED_KINDS: {
  code_review: typeof codeReview
  contract_review: typeof contractReview
  support_triage: typeof supportTriage
  incident_response: typeof incidentResponse
} & Record<Exclude<DeliverableKind, 'markdown'>, unknown> = {
  code_review: codeReview,
  contract_review: contractReview,
  support_triage: supportTriage,
  incident_response: incidentResponse,
}

export type StructuredDeliverableKind = keyof typeof STRUCTURED_KINDS
export type TruthOf<K extends StructuredDeliverableKind> = z.infer<(typeof STRUCTURED_KINDS)[K]['truth']>
export type DeliverableOf<K extends StructuredDeliverableKind> = z.infer<ReturnType<(typeof STRUCTURED_KINDS)[K]['deliverable']>>

const schemas = new Map<string, z.ZodType>()

/**
 * The zod schema of a task's structured deliverable (its categories included), built once per
 * task and category set: the same object is sent as the response format and used to validate.
 */
export function deliverableSchema(task: { deliverable: StructuredDeliverableKind; categories: readonly CategorySpec[] }): z.ZodType {
  const ids = task.categories.map((c) => c.id)
  const key = `${task.deliverable}\u0000${ids.join(',')}`
  let schema = schemas.get(key)
  if (!schema) {
    schema = (STRUCTURED_KINDS[task.deliverable] as StructuredKind<unknown, unknown>).deliverable(ids)
    schemas.set(key, schema)
  }
  return schema
}

/** A task's parsed ground truth, tagged with its kind. */
export type TaskTruth = { [K in StructuredDeliverableKind]: { kind: K; data: TruthOf<K> } }[StructuredDeliverableKind]
