import { z } from 'zod'
import type { CategorySpec } from '../categories.js'
import type { DeliverableKind } from '../schema.js'
import { DiffError, parseUnifiedDiff, visibleNewLines } from '../diff.js'
import { CODE_CATEGORIES, type CodeReviewDeliverable, codeReviewDeliverable, CodeReviewTruth, type Verdict } from './code-review.js'
import { CONTRACT_CATEGORIES, type ContractReviewDeliverable, contractReviewDeliverable, ContractReviewTruth, hasExposures } from './contract-review.js'
import { checkContractReviewTruth } from './contract-review-check.js'
import { checkIncidentTruth } from './incident-check.js'
import {
  hasImpact,
  impactMeasures,
  impactReportDeliverable,
  IncidentKindTruth,
  IncidentResponseDeliverable,
  IncidentResponseTruth,
  isMultiIncident,
  MultiIncidentDeliverable,
  MultiIncidentTruth,
} from './incident-response.js'
import { AccountTicket, scoresMerges, type SupportTriageDeliverable, supportTriageDeliverable, SupportTriageTruth, Ticket, TICKET_CATEGORIES } from './support-triage.js'
import {
  CARD_COLUMNS,
  closeSections,
  LEDGER_COLUMNS,
  RECONCILIATION_CATEGORIES,
  type ReconciliationDeliverable,
  reconciliationDeliverable,
  ReconciliationTruth,
  STATEMENT_COLUMNS,
  VALUE_DATE_COLUMNS,
} from './reconciliation.js'
import { checkSupportTriage } from './support-triage-check.js'
import { duplicateIds, type TruthContext, type TruthProblem, unknownCategory, unknownInput } from './truth-context.js'
import { CODE_REVIEW_OUTCOMES, CONTRACT_REVIEW_OUTCOMES, INCIDENT_RESPONSE_OUTCOMES, type OutcomeSpec, RECONCILIATION_OUTCOMES, SUPPORT_TRIAGE_OUTCOMES } from './outcomes.js'

export type { InputContents, TruthContext, TruthProblem } from './truth-context.js'

/** One shape of a kind's ground truth or deliverable, by what it is for. */
export interface Shape {
  title: string
  schema: z.ZodType
}

export interface StructuredKind<Truth, Deliverable> {
  /** Name of the structured-output schema sent to the model. */
  schemaName: string
  /** One paragraph for the task-writing guide: what the inputs are and what the deliverable is. */
  summary: string
  /** What `check` and the scorer enforce, one sentence each, for the task-writing guide. */
  rules: readonly string[]
  /** The categories every task of this kind has (a task may add its own); empty for kinds without categories. */
  categories: readonly CategorySpec[]
  /**
   * The deliverable schema of a task whose category ids are `categoryIds` (ignored by kinds without
   * categories) and whose ground truth is `truth`: a truth may ask for more than one shape (several
   * incidents, scored merges, several documents).
   */
  deliverable(categoryIds: readonly string[], truth?: Truth): z.ZodType<Deliverable>
  /** Names the deliverable shape `truth` asks for, in kinds that have more than one (schemas are cached per shape). */
  shape?(truth: Truth): string
  truth: z.ZodType<Truth>
  /**
   * For the guide and the JSON Schemas, when `truth` chooses its shape in code (and so has no JSON
   * Schema of its own): every shape a ground-truth file may take, and every deliverable they ask for.
   */
  shapes?: { truths: readonly Shape[]; deliverables: readonly Shape[] }
  /** For the guide: the shapes of the kind's JSON inputs that `check` parses (a ticket batch), and what the guide says of its other inputs (the columns of its tables). */
  inputs?: { shapes: readonly Shape[]; notes: readonly string[] }
  /** Outcome metrics every task of the kind reports, measured from its ground-truth counts (lib/tasks/kinds/outcomes.ts). */
  outcomes: readonly OutcomeSpec[]
  /**
   * Cross-checks ground truth against the fixtures it points into and the task's categories. May
   * resolve later: a kind whose check needs heavy modules loads them only when one of its tasks is loaded.
   */
  check(truth: Truth, context: TruthContext): TruthProblem[] | Promise<TruthProblem[]>
}

/**
 * The verdicts a diff's truth allows, as the kind's briefs ask for them: a diff without issues is
 * approved, one with a CRITICAL issue blocked, any other defective one not approved. A truth
 * against them would fail a correct review (its must-catch "must not be approved" fires, or the
 * verdict scores wrong).
 */
function expectedVerdict(d: CodeReviewTruth['diffs'][number]): { allowed: readonly Verdict[]; why: (i: number) => string } {
  if (d.kind !== 'defective') return { allowed: ['APPROVE'], why: () => `for a ${d.kind} diff (it has no issues)` }
  const critical = d.issues.findIndex((x) => x.severity === 'CRITICAL')
  if (critical >= 0) return { allowed: ['BLOCK'], why: (i) => `for a diff with a CRITICAL issue (diffs.${i}.issues.${critical})` }
  return { allowed: ['REQUEST_CHANGES', 'BLOCK'], why: () => 'for a defective diff' }
}

/** Column names as the guide lists them: `a`, `b`, `c`. */
const cols = (columns: readonly string[]) => columns.map((c) => `\`${c}\``).join(', ')

const codeReview: StructuredKind<CodeReviewTruth, CodeReviewDeliverable> = {
  schemaName: 'code_review_deliverable',
  summary:
    'Pull requests as unified diffs (inputs of format "diff"; other inputs may give repository context). The deliverable is one review per pull request: a verdict (APPROVE, REQUEST_CHANGES, BLOCK), a summary, and findings with file, new-file line, category, severity, explanation and fix.',
  rules: [
    'Every diff input has exactly one entry in `diffs`; a clean diff is listed explicitly (kind "clean" or "decoy", no issues), so a forgotten diff is an error. A "defective" diff has at least one issue. Issue ids are unique across all diffs. Every diff input is a unified diff (a "+++ b/<path>" header and a hunk).',
    'The verdict agrees with the diff: APPROVE for a clean or decoy diff, BLOCK for one with a CRITICAL issue, REQUEST_CHANGES or BLOCK for any other defective diff.',
    "Each issue's and decoy's `file` is a file the diff changes, and every line of `lines` is visible on the new side of that file (an added or a context line).",
    'Categories are the task\'s: the kind\'s defaults plus the task\'s own `categories`; ground truth never says "other".',
    'A finding matches an issue when it names the same file and category and its line is within ±3 of the issue\'s lines; each finding matches one issue at most, the more severe issue first. Findings on clean and decoy diffs are false alarms.',
    'For a defect visible only across files (an invariant broken in one file and relied on in another), list in the ground truth its further places under `locations: [{ file, lines }]` and any further category it honestly belongs to under `alsoCategories`: a finding at any of those places, in any of those categories, catches it. Both are checked against the diff and the task\'s categories. These are ground-truth fields; the reviewer\'s deliverable has one file, line and category per finding.',
    'Must-catch (one assertion each): every CRITICAL or HIGH issue not marked `optional`, and every diff whose verdict is BLOCK must not be approved.',
  ],
  categories: CODE_CATEGORIES,
  deliverable: codeReviewDeliverable,
  truth: CodeReviewTruth,
  outcomes: CODE_REVIEW_OUTCOMES,
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
      const verdict = expectedVerdict(d)
      if (!verdict.allowed.includes(d.verdict)) problems.push({ field: `diffs.${i}.verdict`, message: `expected ${verdict.allowed.join(' or ')} ${verdict.why(i)}, got ${d.verdict}` })
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
    problems.push(...duplicateIds(truth.diffs.flatMap((d, i) => d.issues.map((x, j) => ({ id: x.id, field: `diffs.${i}.issues.${j}.id` }))), 'issue id'))
    // Every pull request is covered: a clean one says so explicitly, so a forgotten diff is an error.
    for (const [id, format] of formats) {
      if (format === 'diff' && !seen.has(id)) problems.push({ field: 'diffs', message: `expected an entry for diff input "${id}" (a clean diff is listed with kind "clean" and no issues)` })
    }
    return problems
  },
}

const contractReview: StructuredKind<ContractReviewTruth, ContractReviewDeliverable> = {
  schemaName: 'contract_review_deliverable',
  summary:
    'One agreement, or several documents read together (a master agreement, an order form, a data-processing addendum, an amendment), in markdown whose clauses start with their number ("9.2 ...", or "S1.4" in a schedule). The deliverable is one finding per risky clause (with several documents, its document too; clause, category, severity HIGH/MEDIUM/LOW, explanation, amendment text), an overall risk rating and a summary.',
  rules: [
    'Either `input` names the one agreement, or `documents` lists every document input (each listed, even one without a risk) and every risk and benign look-alike names its `document`.',
    'Every `clause` (and every `alsoAt` and `readWith` reference) is a number printed at the start of a clause of its document; no clause carries two risks, and no look-alike sits on a risk\'s clause.',
    "Categories are the task's: the kind's defaults plus the task's own `categories`.",
    'A finding matches a risk by document and clause number, or at one of its `alsoAt` clauses; citing a found risk again is neither a hit nor a false alarm; flagging a benign look-alike or any other clause is a false alarm.',
    'A risk may carry an `exposure` (`amount`, a whole number, and `basis`), the money the brief asks the finding to state; then `exposureTolerance` is required, every finding of the deliverable has an `exposure` (a number or null), and a stated figure is right within the tolerance. Data inputs the review computes from (no clauses) are listed under `data`, not `documents`.',
    'Must-catch (one assertion each): every HIGH risk not marked `optional`, and the exposure of each such risk that has one (caught only while at least half the flagged clauses are right).',
  ],
  categories: CONTRACT_CATEGORIES,
  deliverable: (ids, truth) => contractReviewDeliverable(ids, truth?.documents ?? [], { exposures: truth !== undefined && hasExposures(truth) }),
  shape: (truth) => `${(truth.documents ?? []).join(',')}${hasExposures(truth) ? ' exposures' : ''}`,
  truth: ContractReviewTruth,
  outcomes: CONTRACT_REVIEW_OUTCOMES,
  check: checkContractReviewTruth,
}

const supportTriage: StructuredKind<SupportTriageTruth, SupportTriageDeliverable> = {
  schemaName: 'support_triage_deliverable',
  summary:
    'A ticket batch (a JSON input `{ "tickets": [...] }`) and the policy to apply. The deliverable is one decision per ticket: priority (P0-P3), routing (L1-L3), category, first-response deadline (ISO 8601 with offset) and a one-line rationale.',
  rules: [
    '`input` is the id of the ticket batch, which must parse as a ticket batch (see **Inputs**) with unique ticket ids; every ticket has exactly one label and every label names a ticket of the batch.',
    "Categories are the task's: the kind's defaults plus the task's own `categories`.",
    'Deadlines are compared as instants (any offset); priorities, routings and categories as labels (accuracy and macro-F1).',
    'Must-catch (one assertion each): every P0 ticket triaged as P0 (caught only while at least half the tickets triaged P0 are P0).',
  ],
  categories: TICKET_CATEGORIES,
  deliverable: (categoryIds, truth) => supportTriageDeliverable(categoryIds, { merges: scoresMerges(truth) }),
  shape: (truth) => (scoresMerges(truth) ? 'merges' : ''),
  truth: SupportTriageTruth,
  inputs: {
    shapes: [
      { title: 'the ticket batch (the JSON input `input` names), each ticket with its client', schema: z.strictObject({ tickets: z.array(Ticket).min(1) }) },
      { title: 'or each ticket with an account id, whose client is described in the account table `accounts` names (a CSV with an `account` column)', schema: z.strictObject({ tickets: z.array(AccountTicket).min(1) }) },
    ],
    notes: ['A batch has no field but `tickets`, and a ticket none but those of its shape; ticket ids are unique in the batch.'],
  },
  outcomes: SUPPORT_TRIAGE_OUTCOMES,
  check: checkSupportTriage,
}

const incidentResponse: StructuredKind<IncidentResponseTruth | MultiIncidentTruth, IncidentResponseDeliverable | MultiIncidentDeliverable> = {
  schemaName: 'incident_response_deliverable',
  summary:
    'A system description, an event log whose lines start with an event id ("E-9001 ..."), metrics, and a runbook whose actions have ids ("R99"). The deliverable names the root-cause component, the first bad event, the causal chain of event ids, the actions to take (by id, with a rationale) and a summary.',
  rules: [
    '`inputs` names the four inputs (system, events, metrics, runbook) by id.',
    'The root-cause component and every red herring\'s component are described in the system input; every event id exists in the log; every action id exists in the runbook.',
    'Required actions count in the score; proposing a harmful action costs points. An action is listed once, and is either required or harmful, never both; an event id starts one line of the log, and an action id one heading or list item of the runbook.',
    'Must-catch (one assertion): the root-cause component.',
    'Several incidents ("incidents"): each with its root cause, first bad event, causal chain links and events; required actions name their incident, harmful ones say why and whether avoiding them is must-catch.',
    'An impact report (an "impact" on every incident): the first minute of harm, the first alert (a monitor event), and exact figures per measure; required actions may name their targets and the actions they must follow (in the plan, without cycles).',
  ],
  categories: [],
  deliverable: (_ids, truth) => {
    if (!truth || !isMultiIncident(truth)) return IncidentResponseDeliverable
    return hasImpact(truth) ? impactReportDeliverable(impactMeasures(truth)) : MultiIncidentDeliverable
  },
  shape: (truth) => (!isMultiIncident(truth) ? 'incident' : hasImpact(truth) ? `impact:${impactMeasures(truth).join(',')}` : 'incidents'),
  truth: IncidentKindTruth,
  shapes: {
    truths: [
      { title: 'one incident', schema: IncidentResponseTruth },
      { title: 'several incidents (the file has `incidents`)', schema: MultiIncidentTruth },
    ],
    deliverables: [
      { title: 'one incident', schema: IncidentResponseDeliverable },
      { title: 'several incidents', schema: MultiIncidentDeliverable },
      { title: 'several incidents with an impact report (every incident of the truth has an `impact`; one figure per measure the truth gives)', schema: impactReportDeliverable(['<measure>']) },
    ],
  },
  outcomes: INCIDENT_RESPONSE_OUTCOMES,
  check: checkIncidentTruth,
}

const reconciliation: StructuredKind<ReconciliationTruth, ReconciliationDeliverable> = {
  schemaName: 'reconciliation_deliverable',
  summary:
    'A general ledger and the bank and card statements it must agree with (CSV inputs), with the supporting records a controller would use (vendor master, invoice register, reference rates, opening balances, the close policy). The deliverable reconciles each cash account (statement, ledger and adjusted balances, the unexplained difference), lists the timing differences that clear after the period end, and lists the exceptions: each with its category, the ledger and statement lines involved, its amount, the adjustment to the ledger and the proposed entry. A task may also ask for the computed schedules of the close (card review, interest schedules, revaluation).',
  rules: [
    'The truth names every input; every line id it cites exists exactly once, in the account it is cited for; the ids of exceptions, reconciling items and prior items are unique.',
    "Per account the arithmetic holds: opening balances plus lines give the closing balances; the previous period's open items explain the opening difference; each exception's adjustment is its statement lines minus its ledger lines; statement balance plus timing items equals ledger balance plus adjustments.",
    "Categories are the task's: the kind's defaults plus the task's own `categories`. Timing differences are not a category: they are listed apart and are not errors.",
    'A reported exception catches a planted one when it has the same category and cites at least one of its lines; each report catches one exception at most. Reporting a timing difference, a decoy or a previous-period item as an exception is a false alarm, counted apart.',
    'Must-catch (one assertion each): every suspected fraud, and every exception at or above the materiality threshold (caught only while at least half the reported exceptions are right).',
    "Optional close schedules (`close`): a card review against monthly budgets, interest schedules on daily value-dated balances, the revaluation of foreign-currency accounts. `check` re-derives every figure from the statements, the ledger and the rates; the deliverable gets a section for each schedule the truth has; the reconciliation weighs 0.55 of the score and the schedules share the rest equally, and a package that finds under half the weighted exceptions is capped below; every card over its budget is a must-catch item.",
  ],
  categories: RECONCILIATION_CATEGORIES,
  deliverable: reconciliationDeliverable,
  shape: (truth) => closeSections(truth).join(','),
  truth: ReconciliationTruth,
  inputs: {
    shapes: [],
    notes: [
      'Tables are CSV with a header row (fields may be double-quoted; LF or CRLF line endings); more columns than these are allowed. Amounts are plain signed decimals with at most two places ("-1234.56": no thousands separator, no currency sign); dates are written 2026-03-31.',
      `The ledger (\`ledger\`) has the columns ${cols(LEDGER_COLUMNS)}; every statement (\`accounts[].statement\`) ${cols(STATEMENT_COLUMNS)}. Line ids are unique across the ledger and all statements.`,
      `A card review reads the card statement's ${cols(CARD_COLUMNS)}; an interest schedule the bank statement's ${cols(VALUE_DATE_COLUMNS)}; a revaluation the reference rates (\`close.rates\`): a \`date\` column and one column per currency, units per EUR.`,
    ],
  },
  outcomes: RECONCILIATION_OUTCOMES,
  // Re-deriving the figures parses the CSV fixtures: the check and the CSV parser load only when a reconciliation task does.
  check: async (truth, { inputs, categories }) => (await import('./reconciliation-check.js')).checkReconciliationTruth(truth, inputs, categories),
}

/** Every structured deliverable kind; the Record type makes a missing kind a compile error. */
export const STRUCTURED_KINDS: {
  code_review: typeof codeReview
  contract_review: typeof contractReview
  support_triage: typeof supportTriage
  incident_response: typeof incidentResponse
  reconciliation: typeof reconciliation
} & Record<Exclude<DeliverableKind, 'markdown'>, unknown> = {
  code_review: codeReview,
  contract_review: contractReview,
  support_triage: supportTriage,
  incident_response: incidentResponse,
  reconciliation,
}

export type StructuredDeliverableKind = keyof typeof STRUCTURED_KINDS
export type TruthOf<K extends StructuredDeliverableKind> = z.infer<(typeof STRUCTURED_KINDS)[K]['truth']>
export type DeliverableOf<K extends StructuredDeliverableKind> = z.infer<ReturnType<(typeof STRUCTURED_KINDS)[K]['deliverable']>>

const schemas = new Map<string, z.ZodType>()

/**
 * The zod schema of a task's structured deliverable (its categories included, and its shape where
 * the ground truth chooses one), built once per task kind, category set and shape: the same object
 * is sent as the response format and used to validate.
 */
export function deliverableSchema(task: { deliverable: StructuredDeliverableKind; categories: readonly CategorySpec[]; truth: TaskTruth | null }): z.ZodType {
  const kind = STRUCTURED_KINDS[task.deliverable] as StructuredKind<unknown, unknown>
  const ids = task.categories.map((c) => c.id)
  const truth = task.truth?.kind === task.deliverable ? task.truth.data : undefined
  const key = `${task.deliverable}\u0000${ids.join(',')}\u0000${truth !== undefined && kind.shape ? kind.shape(truth) : ''}`
  let schema = schemas.get(key)
  if (!schema) {
    schema = kind.deliverable(ids, truth)
    schemas.set(key, schema)
  }
  return schema
}

/** A task's parsed ground truth, tagged with its kind. */
export type TaskTruth = { [K in StructuredDeliverableKind]: { kind: K; data: TruthOf<K> } }[StructuredDeliverableKind]
