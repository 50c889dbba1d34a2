import { scoresMerges, type SupportTriageDeliverable, type SupportTriageTruth } from '../../tasks/kinds/support-triage.js'
import { type GroundTruthScore, ratio, round4, round4OrNull } from '../types.js'
import { idKey, noIdMatches } from './ids.js'
import { unlessShotgun } from './precision-floor.js'

/** Macro-averaged F1 over the classes present in the truth; a missing prediction counts as wrong. */
export function macroF1(truth: string[], predicted: Array<string | undefined>): number | null {
  const classes = [...new Set(truth)]
  if (classes.length === 0) return null
  const scores = classes.map((c) => {
    const tp = truth.filter((t, i) => t === c && predicted[i] === c).length
    const fp = predicted.filter((p, i) => p === c && truth[i] !== c).length
    const fn = truth.filter((t, i) => t === c && predicted[i] !== c).length
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)
  })
  return scores.reduce((a, b) => a + b, 0) / scores.length
}

/** An explicit offset at the end of a time ("Z", "+01:00", "+0100"): without one, a time names no instant. */
const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * Deadlines are compared as instants, to the minute, whatever offset they are written in. A time
 * without an offset is not a hit: read in the machine's time zone it would score differently on
 * every machine, and the brief asks for an explicit offset.
 */
export function sameInstant(a: string, b: string): boolean {
  if (!EXPLICIT_OFFSET.test(a.trim()) || !EXPLICIT_OFFSET.test(b.trim())) return false
  const x = Date.parse(a.trim())
  const y = Date.parse(b.trim())
  return !Number.isNaN(x) && !Number.isNaN(y) && Math.floor(x / 60_000) === Math.floor(y / 60_000)
}

type Row = { truth: SupportTriageTruth['tickets'][number]; got: SupportTriageDeliverable['tickets'][number] | undefined }

/**
 * Merges as retrieval: a merge is right when the decision names the truth's original. A wrong
 * original counts as a false merge and a missed one. Escalations (a merged ticket that raises its
 * group's priority) are must-catch: the merge and the original's raised priority.
 */
function scoreMerges(rows: Row[]) {
  const truthMerged = rows.filter((r) => r.truth.mergeInto)
  const predicted = rows.filter((r) => typeof r.got?.mergeInto === 'string' && r.got.mergeInto !== '')
  const mergedRight = (r: Row) => typeof r.got?.mergeInto === 'string' && idKey(r.got.mergeInto) === idKey(r.truth.mergeInto!)
  const tp = truthMerged.filter(mergedRight).length
  const fp = predicted.length - tp
  const fn = truthMerged.length - tp
  const byId = new Map(rows.map((r) => [r.truth.id, r]))
  const escalations = truthMerged.filter((r) => r.truth.mergeKind === 'escalation')
  const escalationCaught = (r: Row) => mergedRight(r) && byId.get(r.truth.mergeInto!)?.got?.priority === r.truth.priority
  const f1 = truthMerged.length + predicted.length === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn)
  return {
    f1,
    metrics: { merge_precision: round4OrNull(ratio(tp, predicted.length)), merge_recall: round4OrNull(ratio(tp, truthMerged.length)), merge_f1: round4(f1) },
    counts: { merges: { hit: tp, total: truthMerged.length }, escalations: { hit: escalations.filter(escalationCaught).length, total: escalations.length } },
    mustCatch: unlessShotgun(
      escalations.map((r) => ({
        id: `${r.truth.id}>${r.truth.mergeInto}`,
        description: `${r.truth.id} must be merged into ${r.truth.mergeInto}, which it raises to ${r.truth.priority}`,
        caught: escalationCaught(r),
      })),
      ratio(tp, predicted.length),
      'merges',
    ),
  }
}

/**
 * Per-field accuracy and macro-F1 (priority, routing, category), exact SLA deadlines and P0 recall.
 * Ticket ids are read as ids.ts reads them ("t-1001", "`T-1001`" and "T1001" name T-1001). A
 * ticket left out of the deliverable is wrong on every field; when none of the deliverable's ids
 * is in the batch, the record says so in a warning.
 *
 * score = 100 × (0.3 · priority macro-F1 + 0.2 · routing macro-F1 + 0.2 · category macro-F1 + 0.3 · SLA exact)
 *
 * For a truth that scores merges (its tickets carry mergeInto), merge F1 joins the mix:
 * score = 100 × (0.25 · priority + 0.15 · routing + 0.15 · category + 0.25 · SLA exact + 0.2 · merge F1),
 * and escalations become must-catch items beside the P0 tickets.
 *
 * A P0 ticket counts as caught only when at least half the tickets triaged P0 are P0 (and an
 * escalation only when at least half the merges are right; MUST_CATCH_PRECISION_FLOOR): marking
 * every ticket P0 does not show that the outage was seen.
 */
export function scoreSupportTriage(truth: SupportTriageTruth, deliverable: SupportTriageDeliverable): GroundTruthScore {
  const byId = new Map<string, SupportTriageDeliverable['tickets'][number]>()
  for (const t of deliverable.tickets) if (!byId.has(idKey(t.id))) byId.set(idKey(t.id), t)
  const rows: Row[] = truth.tickets.map((t) => ({ truth: t, got: byId.get(idKey(t.id)) }))
  const n = rows.length
  const field = (k: 'priority' | 'routing' | 'category') => ({
    accuracy: ratio(rows.filter((r) => r.got?.[k] === r.truth[k]).length, n),
    macroF1: macroF1(rows.map((r) => r.truth[k]), rows.map((r) => r.got?.[k])),
  })
  const priority = field('priority')
  const routing = field('routing')
  const category = field('category')
  const slaHits = rows.filter((r) => r.got && sameInstant(r.got.slaDeadline, r.truth.slaDeadline)).length
  const p0 = rows.filter((r) => r.truth.priority === 'P0')
  const p0Hits = p0.filter((r) => r.got?.priority === 'P0').length
  // Every decision of the deliverable triaged P0 (the first per ticket id), invented tickets included.
  const triagedP0 = [...byId.values()].filter((t) => t.priority === 'P0').length
  const p0Precision = ratio(p0Hits, triagedP0)

  const merges = scoresMerges(truth) ? scoreMerges(rows) : null
  const score = merges
    ? 100 * (0.25 * (priority.macroF1 ?? 0) + 0.15 * (routing.macroF1 ?? 0) + 0.15 * (category.macroF1 ?? 0) + 0.25 * (ratio(slaHits, n) ?? 0) + 0.2 * merges.f1)
    : 100 * (0.3 * (priority.macroF1 ?? 0) + 0.2 * (routing.macroF1 ?? 0) + 0.2 * (category.macroF1 ?? 0) + 0.3 * (ratio(slaHits, n) ?? 0))
  const p0MustCatch = unlessShotgun(
    p0.map((r) => ({ id: r.truth.id, description: `P0 ticket ${r.truth.id} must be triaged as P0`, caught: r.got?.priority === 'P0' })),
    p0Precision,
    'tickets triaged P0',
  )
  return {
    score: round4(score),
    metrics: {
      priority_accuracy: round4OrNull(priority.accuracy),
      priority_macro_f1: round4OrNull(priority.macroF1),
      routing_accuracy: round4OrNull(routing.accuracy),
      routing_macro_f1: round4OrNull(routing.macroF1),
      category_accuracy: round4OrNull(category.accuracy),
      category_macro_f1: round4OrNull(category.macroF1),
      sla_exact: round4OrNull(ratio(slaHits, n)),
      p0_recall: round4OrNull(ratio(p0Hits, p0.length)),
      p0_precision: round4OrNull(p0Precision),
      coverage: round4OrNull(ratio(rows.filter((r) => r.got).length, n)),
      ...merges?.metrics,
    },
    counts: {
      tickets_covered: { hit: rows.filter((r) => r.got).length, total: n },
      p0: { hit: p0Hits, total: p0.length },
      p0_handled: { hit: p0.filter((r) => r.got?.priority === 'P0' && r.got.routing === r.truth.routing).length, total: p0.length },
      sla_exact: { hit: slaHits, total: n },
      ...merges?.counts,
    },
    mustCatch: [...p0MustCatch, ...(merges?.mustCatch ?? [])],
    ...(deliverable.tickets.length > 0 && rows.every((r) => !r.got) ? { warnings: [noIdMatches('ticket', deliverable.tickets.map((t) => t.id), truth.tickets.map((t) => t.id))] } : {}),
  }
}
