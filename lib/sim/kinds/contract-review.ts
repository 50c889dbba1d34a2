import type { ContractCategory, ContractReviewDeliverable, ContractReviewTruth, RiskSeverity } from '../../tasks/kinds/contract-review.js'
import { ContractCategory as Categories } from '../../tasks/kinds/contract-review.js'
import { objectsWith, type SimContext, slip } from '../context.js'

const FOCUS_WORDS: Record<ContractCategory, string[]> = {
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
}

const STEPS: readonly RiskSeverity[] = ['HIGH', 'MEDIUM', 'LOW']

/** Simulated clause-level contract review. */
export function simulateContractReview(ctx: SimContext, truth: ContractReviewTruth): ContractReviewDeliverable {
  const earlier = objectsWith(ctx.prior, ['clause', 'category', 'severity'])
  const risks: ContractReviewDeliverable['risks'] = []
  for (const risk of truth.risks) {
    const difficulty = risk.severity === 'HIGH' ? 'HIGH' : risk.severity === 'MEDIUM' ? 'MEDIUM' : 'LOW'
    const seen = earlier.some((e) => e.clause === risk.clause && e.category === risk.category) || ctx.hinted(`category=${risk.category}`, `clause=${risk.clause}`)
    const d = ctx.decide({ id: risk.id, difficulty, focusWords: FOCUS_WORDS[risk.category] }, seen)
    if (!d.found) continue
    const category = d.confused ? ctx.pick(Categories.options.filter((c) => c !== risk.category), risk.id, 'cat') : risk.category
    risks.push({
      clause: risk.clause,
      category,
      severity: d.slipped ? slip(risk.severity, STEPS) : risk.severity,
      explanation: risk.summary,
      amendment: `Replace clause ${risk.clause} with wording that protects the customer on this point.`,
    })
  }
  for (const [j, b] of truth.benign.entries()) {
    const seen = earlier.some((e) => e.clause === b.clause)
    if (ctx.errs(Math.min(1, ctx.profile.falseAlarm * 1.5), 'benign', j) || (seen && ctx.keepsSpurious('benign', j))) {
      risks.push({ clause: b.clause, category: b.resembles, severity: 'MEDIUM', explanation: 'This clause looks unfavourable.', amendment: `Renegotiate clause ${b.clause}.` })
    }
  }
  const high = risks.filter((r) => r.severity === 'HIGH').length
  return {
    overallRisk: high >= 5 ? 'CRITICAL' : high >= 2 ? 'HIGH' : risks.length > 0 ? 'MEDIUM' : 'LOW',
    summary: `${risks.length} clause(s) need attention before signature.`,
    risks,
  }
}

/** What a judge model believes the risks are: those it sees itself or the candidate reports (benefit of the doubt), plus the benign clauses it takes for risks. */
export function believeContractReview(judge: SimContext, truth: ContractReviewTruth, candidate: ContractReviewDeliverable): ContractReviewTruth {
  const risks = truth.risks.filter((r) => judge.sees({ id: r.id, difficulty: r.severity, focusWords: [] }) || candidate.risks.some((c) => c.clause === r.clause && c.category === r.category))
  const fooled = truth.benign.filter((_, j) => judge.errs(Math.min(1, judge.profile.falseAlarm * 1.5), 'benign', j))
  return {
    ...truth,
    risks: [...risks, ...fooled.map((b, j) => ({ id: `believed-${j}`, clause: b.clause, category: b.resembles, severity: 'MEDIUM' as const, summary: b.why }))],
    benign: truth.benign.filter((b) => !fooled.includes(b)),
  }
}
