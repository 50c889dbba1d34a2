import {
  type BenignLookalike,
  type ClauseLocation,
  exposureRight,
  itemLocation,
  type ContractCategory,
  type ContractReviewDeliverable,
  type ContractReviewTruth,
  hasExposures,
  locationKey,
  type PlantedRisk,
  refLocation,
  riskLocations,
  type RiskSeverity,
} from '../../tasks/kinds/contract-review.js'
import { objectsWith, type SimContext, type SimItem, slip } from '../context.js'
import { normaliseClause } from '../../eval/scorers/contract-review.js'
import type { Task } from '../../tasks/registry.js'
import { itemChances, type ItemOutcomes, registerOutcomeReader, trapChance } from '../calibration.js'
import type { Difficulty } from '../profiles.js'

const FOCUS_WORDS: Partial<Record<ContractCategory, string[]>> = {
  liability_cap: ['liabilit', 'damages', 'remed'],
  auto_renewal: ['term', 'renew', 'duration'],
  price_escalation: ['fee', 'pric', 'commercial'],
  data_ownership: ['intellectual', 'ownership', 'model', 'licen'],
  subprocessors: ['third part', 'supplier', 'vendor chain', 'onward'],
  breach_notification: ['incident', 'security', 'personal data'],
  exit_portability: ['exit', 'termination', 'return', 'transition'],
  data_transfer: ['transfer', 'location', 'residen', 'cross-border'],
  service_credits: ['service level', 'availability', 'credit'],
  unilateral_change: ['amend', 'variation', 'change'],
  audit_rights: ['audit', 'inspect', 'assurance', 'compliance'],
  indemnity: ['indemn', 'claims', 'warrant'],
  // Categories of the multi-document review (lib/tasks/definitions/enterprise/contract_review_deal.ts).
  precedence: ['rank', 'prevail', 'later documents'],
  termination_rights: ['end the relationship', 'leave', 'supervis'],
  usage_metering: ['usage', 'counted', 'volumes'],
  service_levels: ['service commitments', 'measured', 'exclude', 'tolerances'],
  implementation: ['project', 'sign-off', 'staffing'],
  confidentiality: ['binds', 'see the group'],
}

const STEPS: readonly RiskSeverity[] = ['HIGH', 'MEDIUM', 'LOW']

/**
 * How hard a risk is to see. Must-catch risks (HIGH, not optional) keep their severity: the
 * simulated strong model is defined as never missing them, and the benchmark asserts them. Any
 * other risk that shows only when clauses of another document are read with it is the hardest
 * (LOW on the simulator's scale), one that needs another clause of the same document comes next
 * (MEDIUM), and a risk in a single clause is as visible as its severity.
 */
export function riskDifficulty(truth: ContractReviewTruth, risk: PlantedRisk): Difficulty {
  if (risk.severity === 'HIGH' && !risk.optional) return 'HIGH'
  const refs = readWith(truth, risk)
  if (refs.some((at) => at.document !== (risk.document ?? null))) return 'LOW'
  if (refs.length > 0) return 'MEDIUM'
  return risk.severity
}

const readWith = (truth: ContractReviewTruth, risk: PlantedRisk) => (risk.readWith ?? []).map((ref) => refLocation(truth, risk, ref))

/**
 * Where a reviewer who sees an interaction across documents may also flag it: the first clause of
 * another document read with the risk that carries no risk of its own (the clause that is
 * overridden or relied on, rather than the one that creates the exposure); null if there is none.
 */
export function misplacedAt(truth: ContractReviewTruth, risk: PlantedRisk): ClauseLocation | null {
  const riskKeys = new Set(truth.risks.flatMap((r) => riskLocations(truth, r).map(locationKey)))
  return readWith(truth, risk).find((at) => at.document !== (risk.document ?? null) && !riskKeys.has(locationKey(at))) ?? null
}

/**
 * The simulator's item for a planted risk, for agents and judge alike: the one place where a
 * risk's difficulty and chances are set (from the task's calibration where it has one, see
 * `readContractOutcomes`).
 */
function riskItem(ctx: SimContext, truth: ContractReviewTruth, risk: PlantedRisk): SimItem {
  const difficulty = riskDifficulty(truth, risk)
  const focusWords = FOCUS_WORDS[risk.category] ?? ctx.task.categories.find((c) => c.id === risk.category)?.synonyms ?? []
  return { id: risk.id, difficulty, ...itemChances(ctx.task, risk.id, difficulty), focusWords, themes: [risk.severity.toLowerCase(), risk.category] }
}

const benignKey = (j: number) => `benign-${j}`
const misplaceKey = (risk: PlantedRisk) => `misplace-${risk.id}`

/**
 * What a calibration review got right: each risk cited at one of its places (and with its
 * severity and category), each exposure figure within tolerance, each benign look-alike flagged,
 * and each clause that a cross-document risk overrides flagged in its place.
 */
function readContractOutcomes(task: Task, data: unknown): ItemOutcomes {
  const truth = task.truth!.data as ContractReviewTruth
  const findings = (data as ContractReviewDeliverable).risks
  const at = (loc: ClauseLocation) => findings.find((f) => normaliseClause(f.clause) === loc.clause && (loc.document === null || f.document === loc.document))
  const out: Required<ItemOutcomes> = { right: new Map(), exact: new Map(), fooled: new Map() }
  for (const risk of truth.risks) {
    const hit = riskLocations(truth, risk).map(at).find((f) => f !== undefined)
    out.right.set(risk.id, hit !== undefined)
    out.exact.set(risk.id, hit !== undefined && hit.severity === risk.severity && hit.category === risk.category)
    if (risk.exposure !== undefined && truth.exposureTolerance) out.right.set(`${risk.id}/exposure`, hit !== undefined && exposureRight(hit.exposure, risk.exposure.amount, truth.exposureTolerance))
    const other = misplacedAt(truth, risk)
    if (other) out.fooled.set(misplaceKey(risk), at(other) !== undefined)
  }
  truth.benign.forEach((b, j) => out.fooled.set(benignKey(j), at(itemLocation(truth, b)) !== undefined))
  return out
}
registerOutcomeReader('contract_review', readContractOutcomes)

/**
 * The simulator's item for a risk's exposure figure. A must-catch figure is as hard as its risk
 * (sim-strong always gets it right, and the benchmark asserts it); any other figure is computed
 * from volumes, bands and yearly increases over a long input, which the simulator treats as the
 * hardest kind of item (LOW).
 */
function exposureItem(task: Task, risk: PlantedRisk): SimItem {
  const difficulty: Difficulty = risk.severity === 'HIGH' && !risk.optional ? 'HIGH' : 'LOW'
  const id = `${risk.id}/exposure`
  return { id, difficulty, ...itemChances(task, id, difficulty), focusWords: FOCUS_WORDS.usage_metering ?? [] }
}

/** How far off a miscomputed exposure is: a missed band, a year, an increase or a kind of document. */
const EXPOSURE_ERRORS = [-0.35, -0.15, -0.06, 0.08, 0.2] as const

/**
 * The exposure a finding states for a risk: null when the risk has none; the amount when the call
 * computes it (the model's blind spot for a figure is drawn like any other item's, so a model that
 * miscomputes does so in every call of the trial), and otherwise the amount off by one of the
 * usual errors, the same one in every call.
 */
function statedExposure(ctx: SimContext, truth: ContractReviewTruth, risk: PlantedRisk): number | null {
  if (risk.exposure === undefined) return null
  if (ctx.sees(exposureItem(ctx.task, risk))) return risk.exposure.amount
  return Math.round(risk.exposure.amount * (1 + ctx.pick(EXPOSURE_ERRORS, risk.id, 'exposure-error')))
}

/**
 * How much more often than an ordinary clause a benign look-alike draws a false alarm: more when it
 * is fair only because of another clause, the more so when that clause is in another document.
 */
function benignLure(truth: ContractReviewTruth, b: BenignLookalike): number {
  const refs = (b.readWith ?? []).map((ref) => refLocation(truth, b, ref))
  return refs.some((r) => r.document !== (b.document ?? null)) ? 4 : refs.length > 0 ? 3 : 1.5
}

/** Whether the model, this trial, also flags the clause a cross-document risk overrides or relies on. */
const misplaces = (ctx: SimContext, risk: PlantedRisk) => ctx.errs(trapChance(ctx.task, ctx.profile, misplaceKey(risk), Math.min(1, ctx.profile.falseAlarm * 4)), 'misplace', risk.id)

/** Whether the model, this trial, takes a benign look-alike for a risk. */
const fooledBy = (ctx: SimContext, truth: ContractReviewTruth, b: BenignLookalike, j: number) =>
  ctx.errs(trapChance(ctx.task, ctx.profile, benignKey(j), Math.min(1, ctx.profile.falseAlarm * benignLure(truth, b))), 'benign', j)

/**
 * Simulated clause-level contract review, of one document or of several read together. A model
 * fooled by a look-alike, or that misplaces an interaction, does so in every call of the trial.
 */
export function simulateContractReview(ctx: SimContext, truth: ContractReviewTruth): ContractReviewDeliverable {
  const earlier = objectsWith(ctx.prior, ['clause', 'category', 'severity'])
  const at = (document: string | null | undefined) => (document == null ? {} : { document })
  // When the task asks for exposures every finding states one; a clause that is not a priced risk has none.
  const priced = hasExposures(truth)
  const exposure = (risk: PlantedRisk | null) => (priced ? { exposure: risk ? statedExposure(ctx, truth, risk) : null } : {})
  const seenAt = (clause: string, document: string | null | undefined) => earlier.some((e) => e.clause === clause && (e.document ?? undefined) === (document ?? undefined))
  const risks: ContractReviewDeliverable['risks'] = []
  for (const risk of truth.risks) {
    const seen =
      earlier.some((e) => e.clause === risk.clause && e.category === risk.category && (e.document ?? undefined) === risk.document) ||
      ctx.hinted(`category=${risk.category}`, `clause=${risk.clause}`, ...(risk.document ? [`document=${risk.document}`] : []))
    const item = riskItem(ctx, truth, risk)
    const d = ctx.decide(item, seen)
    if (!d.found) continue
    const category = d.confused ? ctx.pick(ctx.task.categories.map((c) => c.id).filter((c) => c !== risk.category), risk.id, 'cat') : risk.category
    const other = misplacedAt(truth, risk)
    // An interaction across documents is harder to weigh as well as to see.
    const slipped = d.slipped || (other !== null && ctx.errs(ctx.profile.severitySlip * (item.errorScale ?? 1), 'slip-across', risk.id))
    const severity = slipped ? slip(risk.severity, STEPS) : risk.severity
    risks.push({
      ...at(risk.document),
      clause: risk.clause,
      category,
      severity,
      explanation: risk.summary,
      amendment: `Replace clause ${risk.clause} with wording that protects the customer on this point.`,
      ...exposure(risk),
    })
    if (other && (misplaces(ctx, risk) || (seenAt(other.clause, other.document) && ctx.keepsSpurious('misplace', risk.id)))) {
      risks.push({
        ...at(other.document),
        clause: other.clause,
        category,
        severity,
        explanation: `Read with clause ${risk.clause} of ${risk.document}: ${risk.summary}`,
        amendment: `Amend clause ${other.clause} so that it keeps its protection.`,
        ...exposure(null),
      })
    }
  }
  for (const [j, b] of truth.benign.entries()) {
    if (fooledBy(ctx, truth, b, j) || (seenAt(b.clause, b.document) && ctx.keepsSpurious('benign', j))) {
      risks.push({ ...at(b.document), clause: b.clause, category: b.resembles, severity: 'MEDIUM', explanation: 'This clause looks unfavourable.', amendment: `Renegotiate clause ${b.clause}.`, ...exposure(null) })
    }
  }
  const high = risks.filter((r) => r.severity === 'HIGH').length
  return {
    overallRisk: high >= 5 ? 'CRITICAL' : high >= 2 ? 'HIGH' : risks.length > 0 ? 'MEDIUM' : 'LOW',
    summary: `${risks.length} clause(s) need attention before signature.`,
    risks,
  }
}

/**
 * What a judge model believes the risks are: those it sees itself or the candidate cites at one of
 * their places with their category (benefit of the doubt), plus the benign clauses it takes for
 * risks. A judge that would itself flag the clause a cross-document risk overrides accepts a
 * finding there too. A figure the judge cannot compute itself is believed as the candidate states
 * it (benefit of the doubt again); a figure it computes is believed as computed.
 */
export function believeContractReview(judge: SimContext, truth: ContractReviewTruth, candidate: ContractReviewDeliverable): ContractReviewTruth {
  const cites = (r: PlantedRisk) =>
    riskLocations(truth, r).some((loc) => candidate.risks.some((c) => c.clause === loc.clause && c.category === r.category && (loc.document === null || c.document === loc.document)))
  const statedFor = (r: PlantedRisk) =>
    riskLocations(truth, r)
      .map((loc) => candidate.risks.find((c) => c.clause === loc.clause && (loc.document === null || c.document === loc.document))?.exposure)
      .find((x) => typeof x === 'number')
  const figure = (r: PlantedRisk): PlantedRisk => {
    if (r.exposure === undefined || judge.sees(exposureItem(judge.task, r))) return r
    const stated = statedFor(r)
    return stated === undefined ? r : { ...r, exposure: { ...r.exposure, amount: Math.max(0, Math.round(stated)) } }
  }
  const risks = truth.risks
    .filter((r) => judge.sees(riskItem(judge, truth, r)) || cites(r))
    .map((r) => {
      const other = misplacedAt(truth, r)
      return figure(other && misplaces(judge, r) ? { ...r, alsoAt: [...(r.alsoAt ?? []), { ...(other.document === null ? {} : { document: other.document }), clause: other.clause }] } : r)
    })
  const fooled = truth.benign.filter((b, j) => fooledBy(judge, truth, b, j))
  return {
    ...truth,
    risks: [...risks, ...fooled.map((b, j) => ({ id: `believed-${j}`, ...(b.document ? { document: b.document } : {}), clause: b.clause, category: b.resembles, severity: 'MEDIUM' as const, summary: b.why }))],
    benign: truth.benign.filter((b) => !fooled.includes(b)),
  }
}
