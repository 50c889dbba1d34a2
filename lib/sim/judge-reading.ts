import { isMultiIncident } from '../tasks/kinds/incident-response.js'
import type { Task } from '../tasks/registry.js'

/*
 * How the simulated judge reads a deliverable beyond what it believes the answer is: how concrete
 * it is, whether it has the structure the brief asks for, and whether it contradicts itself. Pure
 * functions of the text (and of the brief the judge is shown), each in [0, 1].
 */

/** Concrete values a reader can check: code spans, numbers with units, ids, snake_case names, paths, flags. */
const CONCRETE = /`[^`\n]+`|\b\d+(?:[.,:]\d+)*(?:\s?(?:%|ms|s|min|minutes|hours?|h|days?|[kKMG]B?))?\b|\b[A-Z]{1,4}-\d{2,}\b|\b[a-z]+(?:_[a-z0-9]+)+\b|(?<=\s)--?[a-z][\w-]+|\b[\w-]+\/[\w./-]+/g

export function concreteCount(text: string): number {
  return text.match(CONCRETE)?.length ?? 0
}

/** Concrete values a specific section holds; more than this counts as fully specific. */
export const SPECIFIC_PER_SECTION = 8
/** Concrete values a specific entry (a finding, a risk, an action) holds in its prose. */
export const SPECIFIC_PER_ENTRY = 2

const sectionsOf = (markdown: string) => markdown.split(/^## /m).slice(1)

/** Mean over `##` sections of their concrete values, saturating: padding with prose neither adds nor dilutes. */
export function markdownSpecificity(markdown: string): number {
  const sections = sectionsOf(markdown)
  if (sections.length === 0) return Math.min(1, concreteCount(markdown) / SPECIFIC_PER_SECTION)
  return sections.reduce((s, sec) => s + Math.min(1, concreteCount(sec) / SPECIFIC_PER_SECTION), 0) / sections.length
}

const significant = (text: string) => new Set(text.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? [])

/** The required areas a brief lists as "1. **Area**: ...". */
export function requiredAreas(brief: string): string[] {
  return [...brief.matchAll(/^\s*\d+\.\s+\*\*(.+?)\*\*/gm)].map((m) => m[1]!)
}

/** Share of the brief's required areas that have a `##` section of their own with something in it. */
export function markdownStructure(task: Task, markdown: string): number {
  const sections = sectionsOf(markdown).map((s) => {
    const [heading, ...body] = s.split('\n')
    return { words: significant(heading ?? ''), filled: body.join('\n').trim().length > 0 }
  })
  const areas = requiredAreas(task.brief)
  if (areas.length === 0) return sections.length === 0 ? 0 : sections.filter((s) => s.filled).length / sections.length
  const covered = areas.filter((area) => {
    const words = [...significant(area)]
    return sections.some((s) => s.filled && words.filter((w) => s.words.has(w)).length * 2 >= words.length)
  })
  return covered.length / areas.length
}

/** The shape of a passage without its values: two passages with one shape and different values contradict each other. */
const shapeOf = (paragraph: string) => paragraph.replace(/\d+(?:[.,:]\d+)*/g, '#').replace(/\s+/g, ' ').trim().toLowerCase()

/** 1 for a document that never states one thing twice with different values; each contradiction or repeat costs a quarter. */
export function markdownConsistency(markdown: string): number {
  const seen = new Map<string, string>()
  let problems = 0
  for (const p of markdown.split(/\n\s*\n/).map((x) => x.trim()).filter((x) => x.length > 40 && !x.startsWith('#'))) {
    const shape = shapeOf(p)
    if (seen.has(shape)) problems++
    else seen.set(shape, p)
  }
  return Math.max(0, 1 - 0.25 * problems)
}

/** The prose a structured entry holds (explanations, fixes, rationales, summaries). */
const PROSE_KEYS = ['explanation', 'fix', 'amendment', 'rationale', 'summary']

/** Mean over the entries of a structured deliverable of how concrete their prose is. */
export function structuredSpecificity(data: unknown): number {
  const entries: Array<Record<string, unknown>> = []
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (PROSE_KEYS.some((k) => typeof o[k] === 'string')) entries.push(o)
      Object.values(o).forEach(visit)
    }
  }
  visit(data)
  if (entries.length === 0) return 0
  const prose = (o: Record<string, unknown>) => PROSE_KEYS.map((k) => (typeof o[k] === 'string' ? (o[k] as string) : '')).join(' ')
  return entries.reduce((s, o) => s + Math.min(1, concreteCount(prose(o)) / SPECIFIC_PER_ENTRY), 0) / entries.length
}

/** Share of the inputs the deliverable answers for: every diff reviewed, every ticket triaged, every incident with its chain, every account reconciled. */
export function structuredStructure(task: Task, data: unknown): number {
  const truth = task.truth
  const d = (data ?? {}) as Record<string, unknown>
  if (!truth) return 1
  const present = (ids: string[], got: unknown[]) => (ids.length === 0 ? 1 : ids.filter((id) => got.includes(id)).length / ids.length)
  switch (truth.kind) {
    case 'code_review':
      return present(truth.data.diffs.map((x) => x.input), ((d.reviews as Array<{ diff?: unknown }>) ?? []).map((r) => r.diff))
    case 'support_triage':
      return present(truth.data.tickets.map((x) => x.id), ((d.tickets as Array<{ id?: unknown }>) ?? []).map((t) => t.id))
    case 'contract_review':
      return typeof d.summary === 'string' && d.summary.length > 0 ? 1 : 0.5
    case 'incident_response': {
      const acted = Array.isArray(d.actions) && d.actions.length > 0 ? 0.5 : 0
      if (!isMultiIncident(truth.data)) return (Array.isArray(d.causalChain) && d.causalChain.length > 0 ? 0.5 : 0) + acted
      // Several incidents: each reported incident with a chain of its own.
      const incidents = (d.incidents as Array<{ causalChain?: unknown }>) ?? []
      return (incidents.length === 0 ? 0 : (0.5 * incidents.filter((i) => Array.isArray(i.causalChain) && i.causalChain.length > 0).length) / incidents.length) + acted
    }
    case 'reconciliation':
      return present(truth.data.accounts.map((a) => a.account), ((d.accounts as Array<{ account?: unknown }>) ?? []).map((a) => a.account))
  }
}

/** Share of a structured deliverable's parts that agree with themselves (a verdict with its findings, a chain with its first event, no repeats). */
export function structuredConsistency(task: Task, data: unknown): number {
  const truth = task.truth
  const d = (data ?? {}) as Record<string, unknown>
  if (!truth) return 1
  const repeats = (keys: string[]) => keys.length - new Set(keys).size
  switch (truth.kind) {
    case 'code_review': {
      const reviews = (d.reviews as Array<{ verdict?: string; findings?: Array<{ file?: string; line?: number; category?: string; severity?: string }> }>) ?? []
      if (reviews.length === 0) return 0
      const bad = reviews.filter((r) => {
        const f = r.findings ?? []
        const severe = f.some((x) => x.severity === 'CRITICAL' || x.severity === 'HIGH')
        const mismatch = (r.verdict === 'APPROVE' && f.length > 0) || (r.verdict !== 'APPROVE' && f.length === 0) || (r.verdict === 'BLOCK' && !severe)
        return mismatch || repeats(f.map((x) => `${x.file}:${x.line}:${x.category}`)) > 0
      })
      return 1 - bad.length / reviews.length
    }
    case 'contract_review': {
      const risks = (d.risks as Array<{ clause?: string; category?: string; severity?: string }>) ?? []
      const high = risks.filter((r) => r.severity === 'HIGH').length
      const overall = d.overallRisk === 'LOW' && high > 0 ? 1 : 0
      return Math.max(0, 1 - 0.25 * (overall + repeats(risks.map((r) => `${r.clause}:${r.category}`))))
    }
    case 'support_triage': {
      const tickets = (d.tickets as Array<{ id?: string }>) ?? []
      return tickets.length === 0 ? 0 : 1 - repeats(tickets.map((t) => String(t.id))) / tickets.length
    }
    case 'incident_response': {
      const actions = ((d.actions as Array<{ action?: string }>) ?? []).map((a) => String(a.action))
      if (!isMultiIncident(truth.data)) return Math.max(0, 1 - 0.25 * (incidentProblems(d) + repeats(actions)))
      // Several incidents: each one consistent in itself, no cause reported twice, no action repeated.
      const incidents = (d.incidents as Array<Record<string, unknown>>) ?? []
      if (incidents.length === 0) return 0
      const own = incidents.reduce((s, i) => s + incidentProblems(i), 0) / incidents.length
      return Math.max(0, 1 - 0.25 * (own + repeats(incidents.map((i) => String(i.rootCauseComponent))) + repeats(actions)))
    }
    case 'reconciliation': {
      // Balances that add up (each account's adjusted ledger balance is its balance plus its
      // exceptions' adjustments, and the unexplained difference is the gap between the adjusted
      // balances, to the cent), and no lines reported twice.
      const cents = (x: unknown) => Math.round(Number(x) * 100)
      const accounts = (d.accounts as Array<Record<string, unknown>>) ?? []
      const exceptions = (d.exceptions as Array<{ account?: unknown; ledgerAdjustment?: unknown; ledgerLines?: unknown; statementLines?: unknown }>) ?? []
      if (accounts.length === 0) return 0
      const unbalanced = accounts.filter((a) => {
        const adjustments = exceptions.filter((x) => x.account === a.account).reduce((s, x) => s + cents(x.ledgerAdjustment), 0)
        return cents(a.adjustedLedgerBalance) !== cents(a.ledgerBalance) + adjustments || cents(a.unexplainedDifference) !== cents(a.adjustedStatementBalance) - cents(a.adjustedLedgerBalance)
      }).length
      const lines = (x: { ledgerLines?: unknown; statementLines?: unknown }) => [...(Array.isArray(x.ledgerLines) ? x.ledgerLines : []), ...(Array.isArray(x.statementLines) ? x.statementLines : [])].map(String).sort().join(',')
      return Math.max(0, 1 - 0.25 * (unbalanced + repeats(exceptions.map(lines))))
    }
  }
}

/** Problems of one incident's diagnosis: a chain that does not start at its first event, a summary that does not name its cause. */
function incidentProblems(d: Record<string, unknown>): number {
  const chain = Array.isArray(d.causalChain) ? d.causalChain : []
  return (chain[0] === d.firstBadEvent ? 0 : 1) + (typeof d.summary === 'string' && typeof d.rootCauseComponent === 'string' && d.summary.includes(d.rootCauseComponent) ? 0 : 1)
}
