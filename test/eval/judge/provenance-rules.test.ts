import { describe, expect, test } from 'vitest'
import { BLIND_RULES, type BlindCounts, blindMarkdown, blindSentences } from '../../../lib/eval/judge/provenance-rules.js'

// Role names as a task defines them, with characters that mean something in a regular expression.
const ROLES = ['Security Engineer', 'SRE / Reliability Engineer', 'C++ Engineer']

function blind(text: string): { text: string; counts: BlindCounts } {
  const counts: BlindCounts = {}
  return { text: blindMarkdown(text, ROLES, counts), counts }
}

describe('blindMarkdown: headings', () => {
  test("a heading that only names a task role's contribution goes, with the role taken literally (C++)", () => {
    expect(blind('## Findings of the C++ Engineer\nUse RAII for every handle.')).toEqual({ text: 'Use RAII for every handle.', counts: { 'contribution-heading': 1 } })
  })

  test('numbering in front of a contributor heading does not hide it', () => {
    expect(blind('## 2. Reviewer 2\nCoverage is 85 %.').text).toBe('Coverage is 85 %.')
  })

  test('a synthesis label goes and the topic it introduced stays, capitalised; a heading that was only the label goes', () => {
    expect(blind('## Synthesis of the three reviews: rollout\nCanary first.')).toEqual({ text: '## Rollout\nCanary first.', counts: { 'synthesis-heading': 1 } })
    expect(blind('# Consolidated findings\nCanary first.').text).toBe('Canary first.')
  })

  test('an attribution is cut from a heading with a topic, but a heading that is nothing else is left as written', () => {
    expect(blind('### Rollback (from the SRE / Reliability Engineer)\nWithin 3 minutes.')).toEqual({ text: '### Rollback\nWithin 3 minutes.', counts: { 'heading-attribution': 1 } })
    expect(blind('### (from the Security Engineer)\nWithin 3 minutes.')).toEqual({ text: '### (from the Security Engineer)\nWithin 3 minutes.', counts: {} })
  })

  test('a heading naming a role as a topic (an owners section) stays', () => {
    expect(blind('## Security Engineer\nOwns the exception file.')).toEqual({ text: '## Security Engineer\nOwns the exception file.', counts: {} })
  })
})

describe('blindMarkdown: lines', () => {
  test('label and sign-off lines go; the content between them stays', () => {
    expect(blind('Security Engineer notes:\nGitleaks blocks.\n[Synthesizer]\nPrepared by: **the review team**')).toEqual({
      text: 'Gitleaks blocks.',
      counts: { 'contributor-label': 2, 'sign-off': 1 },
    })
  })

  test('sentence rules work per list item and capitalise what is left', () => {
    expect(blind('- Both reviewers agreed that retries are unbounded.\n- The specialists noted: caps matter.')).toEqual({
      text: '- Retries are unbounded.\n- Caps matter.',
      counts: { 'attribution-frame': 2 },
    })
  })

  test('a removed meta sentence takes its line with it, the next line stays', () => {
    expect(blind('We merged the drafts of the three specialists.\nNext, the canary.').text).toBe('Next, the canary.')
  })

  test('a frame is only removed for contributors: "the engineers agreed" is content', () => {
    expect(blind('The engineers agreed that it works.').counts).toEqual({})
  })
})

describe('blindMarkdown: fenced code is never touched', () => {
  test('a longer fence holds a shorter one; only the closing fence of the same length ends it', () => {
    const code = ['````md', '```', '## Findings of the Security Engineer', '```', '=== Security Engineer ===', '````']
    expect(blind([...code, '=== Security Engineer ===', 'after'].join('\n'))).toEqual({ text: [...code, 'after'].join('\n'), counts: { banner: 1 } })
  })

  test('tilde fences too, and prose after them is blinded again', () => {
    expect(blind('~~~\nBoth reviewers agreed that x.\n~~~\nBoth reviewers agreed that the cap is low.').text).toBe('~~~\nBoth reviewers agreed that x.\n~~~\nThe cap is low.')
  })
})

describe('blindSentences', () => {
  test('applies the sentence rules only: a heading inside a string value is left alone', () => {
    const counts: BlindCounts = {}
    expect(blindSentences('## Findings of the Security Engineer\nAs the coordinator, i raised the cap.', ROLES, counts)).toBe('## Findings of the Security Engineer\nI raised the cap.')
    expect(counts).toEqual({ 'self-role': 1 })
  })

  test('adds to the counts it is given, so one record can count a whole structured deliverable', () => {
    const counts: BlindCounts = { 'attribution-frame': 2 }
    blindSentences('Both reviewers agreed that the cap is low.', ROLES, counts)
    expect(counts).toEqual({ 'attribution-frame': 3 })
  })
})

test('every rule that can fire is a recorded kind', () => {
  const counts: BlindCounts = {}
  blindMarkdown(
    ['# Synthesis: Protocol', '## Findings of the Security Engineer', '### Rollout (from the Security Engineer)', '=== Security Engineer ===', '**Reviewer B:**', 'As the synthesizer, I kept every number.', 'This synthesis consolidates five reviews.', 'Both reviewers agreed that caps matter.', '— The Synthesizer'].join('\n'),
    ROLES,
    counts,
  )
  expect(Object.keys(counts).sort()).toEqual([...BLIND_RULES].sort())
})
