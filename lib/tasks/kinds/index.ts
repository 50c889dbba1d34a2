import type { z } from 'zod'
import type { DeliverableKind } from '../schema.js'
import { parseUnifiedDiff, visibleNewLines } from '../diff.js'
import { CodeReviewDeliverable, CodeReviewTruth } from './code-review.js'
import { ContractReviewDeliverable, ContractReviewTruth } from './contract-review.js'
import { IncidentResponseDeliverable, IncidentResponseTruth } from './incident-response.js'
import { SupportTriageDeliverable, SupportTriageTruth, TicketBatch } from './support-triage.js'

/** A problem found while checking ground truth against its fixtures: where, and what was expected. */
export interface TruthProblem {
  field: string
  message: string
}

/** Fixture contents keyed by input id. */
export type InputContents = ReadonlyMap<string, string>

export interface StructuredKind<Truth, Deliverable> {
  /** Name of the structured-output schema sent to the model. */
  schemaName: string
  deliverable: z.ZodType<Deliverable>
  truth: z.ZodType<Truth>
  /** Cross-checks ground truth against the fixtures it points into. */
  check(truth: Truth, inputs: InputContents): TruthProblem[]
}

const unknownInput = (field: string, id: string): TruthProblem => ({ field, message: `expected the id of a task input, got "${id}"` })

const clauseNumbers = (text: string) => new Set([...text.matchAll(/^(\d+(?:\.\d+){1,2})\s/gm)].map((m) => m[1]!))

const codeReview: StructuredKind<CodeReviewTruth, CodeReviewDeliverable> = {
  schemaName: 'code_review_deliverable',
  deliverable: CodeReviewDeliverable,
  truth: CodeReviewTruth,
  check(truth, inputs) {
    const problems: TruthProblem[] = []
    const seen = new Set<string>()
    truth.diffs.forEach((d, i) => {
      const text = inputs.get(d.input)
      if (text === undefined) return problems.push(unknownInput(`diffs.${i}.input`, d.input))
      if (seen.has(d.input)) problems.push({ field: `diffs.${i}.input`, message: `duplicate diff "${d.input}"` })
      seen.add(d.input)
      let files
      try {
        files = parseUnifiedDiff(text)
      } catch (e) {
        return problems.push({ field: `diffs.${i}.input`, message: `expected a parsable unified diff: ${(e as Error).message}` })
      }
      if ((d.kind === 'defective') !== d.issues.length > 0) {
        problems.push({ field: `diffs.${i}.issues`, message: `expected ${d.kind === 'defective' ? 'at least one issue' : 'no issues'} for a ${d.kind} diff` })
      }
      const spots = [
        ...d.issues.map((x, j) => ({ where: `diffs.${i}.issues.${j}`, file: x.file, lines: x.lines })),
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
    return problems
  },
}

const contractReview: StructuredKind<ContractReviewTruth, z.infer<typeof ContractReviewDeliverable>> = {
  schemaName: 'contract_review_deliverable',
  deliverable: ContractReviewDeliverable,
  truth: ContractReviewTruth,
  check(truth, inputs) {
    const text = inputs.get(truth.input)
    if (text === undefined) return [unknownInput('input', truth.input)]
    const clauses = clauseNumbers(text)
    const problems: TruthProblem[] = []
    truth.risks.forEach((r, i) => {
      if (!clauses.has(r.clause)) problems.push({ field: `risks.${i}.clause`, message: `clause ${r.clause} does not exist in ${truth.input}` })
    })
    truth.benign.forEach((b, i) => {
      if (!clauses.has(b.clause)) problems.push({ field: `benign.${i}.clause`, message: `clause ${b.clause} does not exist in ${truth.input}` })
    })
    return problems
  },
}

const supportTriage: StructuredKind<SupportTriageTruth, z.infer<typeof SupportTriageDeliverable>> = {
  schemaName: 'support_triage_deliverable',
  deliverable: SupportTriageDeliverable,
  truth: SupportTriageTruth,
  check(truth, inputs) {
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
    })
    const labelled = new Set(truth.tickets.map((t) => t.id))
    for (const id of ids) if (!labelled.has(id)) problems.push({ field: 'tickets', message: `expected a label for ticket ${id}` })
    return problems
  },
}

const incidentResponse: StructuredKind<IncidentResponseTruth, z.infer<typeof IncidentResponseDeliverable>> = {
  schemaName: 'incident_response_deliverable',
  deliverable: IncidentResponseDeliverable,
  truth: IncidentResponseTruth,
  check(truth, inputs) {
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
export type DeliverableOf<K extends StructuredDeliverableKind> = z.infer<(typeof STRUCTURED_KINDS)[K]['deliverable']>

/** A task's parsed ground truth, tagged with its kind. */
export type TaskTruth = { [K in StructuredDeliverableKind]: { kind: K; data: TruthOf<K> } }[StructuredDeliverableKind]
