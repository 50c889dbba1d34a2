import { describe, expect, test } from 'vitest'
import { SimContext } from '../../../lib/sim/context.js'
import { knownPassages, misstate, simulateMarkdown } from '../../../lib/sim/kinds/markdown.js'
import { SimKnowledge } from '../../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'

const knowledge = await SimKnowledge.load()
const task = knowledge.registry.get('code_review_protocol')
const refs = knowledge.reference(task.id)!
const ctx = (trial: string, prompt = '', profile = 'sim-strong') => new SimContext({ task, profile: SIM_PROFILES[profile]!, role: null, prior: [], prompt, callKey: `${trial}|call`, trialKey: trial })
// The passages of the reference's "## " sections (an introduction before the first one is not an item).
const strongParagraphs = refs.strong.slice(refs.strong.indexOf('\n## ')).split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#'))

describe('misstate', () => {
  test('moves the first standalone value by a fifth (or one when small), never a time, version or identifier', () => {
    expect(misstate('Feedback within 10 minutes at p90.')).toBe('Feedback within 8 minutes at p90.')
    expect(misstate('Retry 3 times.')).toBe('Retry 4 times.')
    expect(misstate('Trains at 10:00 with Python 3.12 and emb-2026 only.')).toBeNull()
  })
})

describe('simulated design deliverables', () => {
  test('are written in the model\'s own way: concrete passages, vague ones, and misstated values over many trials', () => {
    const docs = Array.from({ length: 40 }, (_, i) => simulateMarkdown(ctx(`t${i}`), refs))
    const blocks = docs.flatMap((d) => d.split(/\n\s*\n/).map((p) => p.trim()))
    const exact = blocks.filter((b) => strongParagraphs.includes(b)).length
    const wrong = blocks.filter((b) => strongParagraphs.some((p) => misstate(p) === b)).length
    expect(exact).toBeGreaterThan(wrong)
    expect(wrong).toBeGreaterThan(0)
    // Not every trial covers everything: they are not excerpts of one answer.
    expect(new Set(docs).size).toBe(docs.length)
  })

  test('a merge that sees two versions of a passage sometimes keeps both, contradicting itself', () => {
    const p = strongParagraphs.find((x) => misstate(x) !== null)!
    const both = `${p}\n\n${misstate(p)}`
    const docs = Array.from({ length: 200 }, (_, i) => simulateMarkdown(ctx(`m${i}`, both), refs))
    const kept = docs.filter((d) => d.includes(p) && d.includes(misstate(p)!)).length
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(200)
  })

  test('knownPassages lists what this call would state, with the value it believes', () => {
    const c = ctx('k1')
    const doc = simulateMarkdown(c, refs)
    for (const passage of knownPassages(c, refs)) expect(doc).toContain(passage.text)
  })
})
