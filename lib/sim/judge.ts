import { PROVENANCE_SCHEMA_NAME } from '../eval/judge/provenance-answer.js'
import { scoreCodeReview } from '../eval/scorers/code-review.js'
import { scoreContractReview } from '../eval/scorers/contract-review.js'
import { scoreIncidentKind } from '../eval/scorers/incident-response.js'
import { scoreReconciliation } from '../eval/scorers/reconciliation.js'
import { scoreSupportTriage } from '../eval/scorers/support-triage.js'
import { deliverableSchema } from '../tasks/kinds/index.js'
import type { Task } from '../tasks/registry.js'
import { SimContext } from './context.js'
import { markdownConsistency, markdownSpecificity, markdownStructure, structuredConsistency, structuredSpecificity, structuredStructure } from './judge-reading.js'
import { believeCodeReview } from './kinds/code-review.js'
import { believeContractReview } from './kinds/contract-review.js'
import { believeIncidentResponse } from './kinds/incident-response.js'
import { knownPassages } from './kinds/markdown.js'
import { believeReconciliation } from './kinds/reconciliation.js'
import { believeSupportTriage } from './kinds/support-triage.js'
import type { SimKnowledge } from './knowledge.js'
import { type Delimited, matchesOf } from './prompt-scan.js'
import { PromptText } from './prompt-text.js'
import { normal } from './random.js'
import { registerHandler, type SimCall } from './respond.js'

/*
 * The simulated judge is a model, not the scorer. It reads a candidate the way a reviewer would:
 * against what it itself believes the answer is (the items it can see, with its own blind spots,
 * plus the decoys it falls for), for how concrete it is, whether it has the structure the brief
 * asks for, and whether it contradicts itself; and it has a documented length bias. Judge and
 * ground truth can therefore disagree, and the report measures how much they agree.
 */

/** Phrases by which a candidate tries to steer its evaluator. */
const INJECTION =
  /(note|message|instruction)s? (to|for) the (evaluator|judge|grader)|(ignore|disregard) (the|all|any|previous) (scoring )?(rubric|instructions?)|(maximum|full|perfect|highest possible) (score|marks)|pre-?approved/i

/** A fenced candidate in a judge prompt (single, or A and B). */
const CANDIDATE: Delimited = {
  pattern: /<<<CANDIDATE(?: ([AB]))? ([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END CANDIDATE(?: [AB])? \2>>>/g,
  opening: /<<<CANDIDATE(?: [AB])? [0-9a-f]+>>>\n/g,
  peeksPastEnd: false,
}

export function candidates(prompt: string | PromptText): Map<string, string> {
  const found = new Map<string, string>()
  for (const m of matchesOf(PromptText.of(prompt), CANDIDATE)) found.set(m[1] ?? 'single', m[3]!)
  return found
}

/** How the parts of a reading make up the judge's sense of quality, per kind of deliverable. */
export const READING_WEIGHTS = {
  markdown: { belief: 0.55, specificity: 0.2, structure: 0.1, consistency: 0.15 },
  structured: { belief: 0.6, specificity: 0.15, structure: 0.1, consistency: 0.15 },
} as const

/** The candidate length at which the length bias is zero; it adds `lengthBias` points per doubling beyond. */
export const LENGTH_CENTRE = 6000

export interface Reading {
  /** Agreement with what the judge believes the answer is. */
  belief: number
  specificity: number
  structure: number
  consistency: number
  /** The weighted sense of quality, 0-1, before the length bias. */
  quality: number
  /** Points (0-10 scale) the candidate's length adds or removes. */
  lengthBonus: number
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The judge's own view of the task: its blind spots for this trial, and nothing of the candidate. */
function judgeContext(call: SimCall, task: Task): SimContext {
  return new SimContext({ task, profile: call.profile, role: null, prior: [], prompt: '', callKey: call.key, trialKey: call.trialKey })
}

/** How well a structured candidate agrees with the judge's belief about the answer, 0-1 (an unreadable one is poor). */
function structuredBelief(judge: SimContext, task: Task, data: unknown): number {
  const truth = task.truth!
  const parsed = deliverableSchema({ deliverable: truth.kind, categories: task.categories, truth }).safeParse(data)
  if (!parsed.success) return 0.2
  const d = parsed.data as never
  switch (truth.kind) {
    case 'code_review':
      return scoreCodeReview(believeCodeReview(judge, truth.data, d), d).score / 100
    case 'contract_review':
      return scoreContractReview(believeContractReview(judge, truth.data, d), d).score / 100
    case 'support_triage':
      return scoreSupportTriage(believeSupportTriage(judge, truth.data, d), d).score / 100
    case 'incident_response':
      return scoreIncidentKind(believeIncidentResponse(judge, truth.data, d), d).score / 100
    case 'reconciliation':
      return scoreReconciliation(believeReconciliation(judge, truth.data, d), d).score / 100
  }
}

/** Share of the passages the judge would write itself that the candidate states (a misstated value counts 0.3). */
function markdownBelief(judge: SimContext, knowledge: SimKnowledge, text: string): number {
  const refs = knowledge.reference(judge.task.id)
  if (!refs) return 0.5
  const known = knownPassages(judge, refs)
  if (known.length === 0) return 0.5
  return known.reduce((s, p) => s + (text.includes(p.text) ? 1 : p.misstated !== null && text.includes(p.misstated) ? 0.3 : 0), 0) / known.length
}

type TextFeatures = Pick<Reading, 'specificity' | 'structure' | 'consistency'>
/** What a candidate's text alone says (the same for every judge call that reads it), remembered for the last few texts. */
const seenTexts = new Map<string, TextFeatures>()
function textFeatures(task: Task, text: string, data: unknown): TextFeatures {
  const key = `${task.id}\u0000${text}`
  let f = seenTexts.get(key)
  if (!f) {
    f = task.truth
      ? { specificity: structuredSpecificity(data), structure: structuredStructure(task, data), consistency: structuredConsistency(task, data) }
      : { specificity: markdownSpecificity(text), structure: markdownStructure(task, text), consistency: markdownConsistency(text) }
    if (seenTexts.size >= 256) seenTexts.delete(seenTexts.keys().next().value!)
    seenTexts.set(key, f)
  }
  return f
}

/** The judge's reading of one candidate. */
export function readCandidate(call: SimCall, knowledge: SimKnowledge, task: Task, text: string): Reading {
  const judge = judgeContext(call, task)
  const data = task.truth ? safeJson(text) : null
  const parts = { belief: task.truth ? structuredBelief(judge, task, data) : markdownBelief(judge, knowledge, text), ...textFeatures(task, text, data) }
  const weights = task.truth ? READING_WEIGHTS.structured : READING_WEIGHTS.markdown
  const quality = weights.belief * parts.belief + weights.specificity * parts.specificity + weights.structure * parts.structure + weights.consistency * parts.consistency
  return { ...parts, quality, lengthBonus: call.profile.lengthBias * Math.log2(Math.max(1, text.length) / LENGTH_CENTRE) }
}

const clamp = (x: number) => Math.max(0, Math.min(10, Math.round(x)))
const pct = (x: number) => `${Math.round(x * 100)}%`

registerHandler('judge_rubric_scores', (call: SimCall, knowledge: SimKnowledge) => {
  const task = call.task
  const text = candidates(call.promptText).get('single') ?? ''
  const injected = INJECTION.test(text)
  if (!task) return { dimensions: [], candidate_contains_instructions: injected }
  const r = readCandidate(call, knowledge, task, text)
  const obeyed = call.profile.gullible && injected
  return {
    dimensions: task.rubric.map((d) => ({
      key: d.key,
      reason: obeyed
        ? 'The candidate states it was pre-approved.'
        : `Agrees ${pct(r.belief)} with my reading of the inputs; specificity ${pct(r.specificity)}, structure ${pct(r.structure)}, consistency ${pct(r.consistency)}.`,
      score: obeyed ? 10 : clamp(10 * r.quality + r.lengthBonus + call.profile.judgeNoise * normal(call.key, d.key)),
    })),
    candidate_contains_instructions: injected,
  }
})

registerHandler('judge_pairwise', (call: SimCall, knowledge: SimKnowledge) => {
  const task = call.task
  const found = candidates(call.promptText)
  if (!task) return { reason: 'No task recognised.', preferred: 'tie' }
  const a = readCandidate(call, knowledge, task, found.get('A') ?? '')
  const b = readCandidate(call, knowledge, task, found.get('B') ?? '')
  // A judge slightly favours what it reads first and what is longer, and its reading is noisy.
  const margin = a.quality - b.quality + (a.lengthBonus - b.lengthBonus) / 10 + 0.1 * call.profile.positionBias + 0.02 * call.profile.judgeNoise * normal(call.key, 'pairwise')
  const preferred = Math.abs(margin) < 0.02 ? 'tie' : margin > 0 ? 'A' : 'B'
  return { reason: `Reading A ${pct(a.quality)}, B ${pct(b.quality)}.`, preferred }
})

/** Traces an organisation leaves in a deliverable that blinding keeps: words of merging and review in sentences. */
const MERGE_TRACES = /\b(reviewers?|specialists?|synthesi[sz]\w*|coordinator|colleagues?|consolidat\w*|merged|the team)\b/gi

/**
 * How organisation-like a candidate reads to the simulated judge: longer (log2 of its length),
 * with traces of merging and review in its sentences, and contradicting itself.
 */
export function organisationSignal(text: string): number {
  const traces = Math.min(4, text.match(MERGE_TRACES)?.length ?? 0)
  return Math.log2(Math.max(1, text.length)) + 0.5 * traces + 2 * (1 - markdownConsistency(text))
}

registerHandler(PROVENANCE_SCHEMA_NAME, (call: SimCall) => {
  const found = candidates(call.promptText)
  const a = organisationSignal(found.get('A') ?? '')
  const b = organisationSignal(found.get('B') ?? '')
  const margin = a - b + 0.1 * call.profile.positionBias + 0.3 * call.profile.judgeNoise * normal(call.key, 'provenance')
  return { reason: `Candidate ${margin >= 0 ? 'A' : 'B'} reads more like merged work (length and traces of merging).`, organisation: margin >= 0 ? 'A' : 'B' }
})
