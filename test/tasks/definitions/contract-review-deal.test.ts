import { describe, expect, test } from 'vitest'
import { clauseNumbers } from '../../../lib/tasks/kinds/contract-review-check.js'
import type { ContractReviewTruth } from '../../../lib/tasks/kinds/contract-review.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

/**
 * The multi-document contract review (a hard-tier task): its four documents are consistent with
 * each other, and the figures its ground truth states are re-derived here from the documents and
 * the brief, by a route independent of the prose that states them.
 */
const task = (await loadRegistry()).get('contract_review_deal')
const truth = task.truth!.data as ContractReviewTruth
const text = (id: string) => task.resolvedInputs.find((i) => i.id === id)!.content
const summary = (id: string) => truth.risks.find((r) => r.id === id)!.summary
/** A number as the documents print it: "180,000" or "0.85". */
const num = (s: string) => Number(s.replace(/,/g, ''))
const grab = (source: string, pattern: RegExp) => {
  const m = pattern.exec(source)
  if (!m) throw new Error(`not found: ${pattern}`)
  return num(m[1]!)
}

describe('the deal documents', () => {
  test('are the four inputs, with at least 20,000 words between them', () => {
    expect(task.tier).toBe('hard')
    expect(task.resolvedInputs.map((i) => i.id)).toEqual(['msa', 'order-form', 'dpa', 'amendment-1'])
    expect(truth.documents).toEqual(['msa', 'order-form', 'dpa', 'amendment-1'])
    const words = task.resolvedInputs.reduce((n, i) => n + (i.content.match(/[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’.,/-]*/g) ?? []).length, 0)
    expect(words).toBeGreaterThanOrEqual(20_000)
  })

  test('every cross-reference names a clause or paragraph printed in the document it points to', () => {
    const clauses = new Map(task.resolvedInputs.map((i) => [i.id, clauseNumbers(i.content)]))
    // How each document names the others; a bare reference is to its own document, except in the
    // amendment, whose clause 1.1 makes bare references point to the master agreement.
    const names: Array<[RegExp, string]> = [
      [/^ of (the|this) (Master Subscription Agreement|MSA)|^ (of|to) Schedule \d+ to the Master Subscription Agreement/, 'msa'],
      [/^ (of|to) (the|this) DPA|^ of Annex \d+ to the DPA/, 'dpa'],
      [/^ of (the|this) Order Form/, 'order-form'],
    ]
    const own: Record<string, string> = { msa: 'msa', 'order-form': 'order-form', dpa: 'dpa', 'amendment-1': 'msa' }
    const dangling: string[] = []
    let checked = 0
    for (const input of task.resolvedInputs) {
      for (const m of input.content.matchAll(/\b(?:clauses?|paragraphs?) ((?:[A-Z]?\d+\.\d+(?:\.\d+)?(?:\([a-z]\))?(?:, | and | or )?)+)(.{0,70})/g)) {
        const target = names.find(([re]) => re.test(m[2]!))?.[1] ?? own[input.id]!
        for (const n of m[1]!.match(/[A-Z]?\d+\.\d+(?:\.\d+)?/g)!) {
          checked++
          if (!clauses.get(target)!.has(n)) dangling.push(`${input.id}: ${m[0].slice(0, 60)} -> ${target} ${n}`)
        }
      }
    }
    expect(dangling).toEqual([])
    expect(checked).toBeGreaterThan(80)
  })

  test('the clause the carve-out in MSA 14.3(c) points to is the customer’s indemnity, not the vendor’s', () => {
    expect(text('msa')).toMatch(/\(c\) the indemnity obligations under clause 13\.1;/)
    expect(text('msa')).toMatch(/^13\.1 The Customer shall defend the Vendor/m)
    expect(text('msa')).toMatch(/^13\.2 The Vendor shall defend the Customer/m)
  })
})

describe('figures in the ground truth, recomputed', () => {
  test('counting each document as a Claim File costs more in excess fees than a year of subscription', () => {
    const claims = grab(task.brief, /open about ([\d,]+) new claims a year/)
    const perClaim = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].indexOf(/on average (\w+) documents/.exec(task.brief)![1]!) + 1
    const licensed = grab(text('order-form'), /^4\.2 Licensed Volume: .*\(([\d,]+)\) Claim Files per Contract Year/m)
    const fee = grab(text('order-form'), /^5\.5 Excess Volume Fee: EUR ([\d.]+) per Claim File/m)
    const annual = grab(text('order-form'), /^\| 1 \| .* \| ([\d,]+) \|$/m)
    expect(text('msa')).toMatch(/^1\.9 \*\*"Claim File"\*\* means .*each Document submitted to the Services/m)
    const excess = claims * perClaim - licensed
    expect(excess).toBe(975_000)
    expect(excess * fee).toBeCloseTo(828_750, 6)
    expect(excess * fee).toBeGreaterThan(annual)
    expect(summary('billing-unit-is-each-document')).toContain(`about ${(Math.round(excess / 1000) * 1000).toLocaleString('en-US')} above the volume`)
    expect(summary('billing-unit-is-each-document')).toContain(`about EUR ${(Math.round((excess * fee) / 10_000) * 10_000).toLocaleString('en-US')} a year`)
  })

  test('the first-year-only discount costs the agreed discount of the other two years', () => {
    const list = grab(text('order-form'), /^\| 2 \| .* \| ([\d,]+) \|$/m)
    const rate = grab(text('amendment-1'), /discount of fifteen per cent \((\d+)%\) on the Annual Subscription Fee for the first Contract Year/) / 100
    expect(task.brief).toContain('15% discount in every year of the three-year initial term')
    expect(summary('discount-limited-to-first-year')).toContain(`EUR ${(list * rate * 2).toLocaleString('en-US')} more over the term`)
  })

  test('36 hours counted in Business Hours: a breach found on Friday evening is notified on Thursday afternoon', () => {
    const [open, close] = /"Business Hours"\*\* means (\d\d):00 to (\d\d):00/.exec(text('msa'))!.slice(1).map(Number)
    const limit = grab(text('dpa'), /^9\.1 .*within thirty-six \((\d+)\) hours/m)
    // Walk forward hour by hour from Friday 18:30 (day 5), counting only hours inside Business Hours on Monday to Friday.
    let t = 5 * 24 + 18.5
    let counted = 0
    const inHours = (h: number) => Math.floor(h / 24) % 7 >= 1 && Math.floor(h / 24) % 7 <= 5 && h % 24 >= open! && h % 24 < close!
    while (counted < limit) {
      if (inHours(t)) counted += 0.5
      t += 0.5
    }
    expect([Math.floor(t / 24) % 7, t % 24]).toEqual([4, 14]) // Thursday 14:00
    expect(t - (5 * 24 + 18.5)).toBe(139.5)
    expect(summary('hour-limits-counted-in-office-hours')).toContain(`about ${Math.round((t - (5 * 24 + 18.5)) / 10) * 10} hours later`)
  })
})
