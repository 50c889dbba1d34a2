import { describe, expect, test } from 'vitest'
import { clauseNumbers } from '../../../lib/tasks/kinds/contract-review-check.js'
import { scoreContractReview } from '../../../lib/eval/scorers/contract-review.js'
import type { ContractReviewDeliverable, ContractReviewTruth } from '../../../lib/tasks/kinds/contract-review.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

/**
 * The multi-document contract review (a hard-tier task): its eight documents are consistent with
 * each other, and the figures its ground truth states are re-derived here from the documents and
 * the brief, by a route independent of the prose that states them. The exposures, computed from the
 * intake statistics, are re-derived in test/tools/fixtures/claims-platform-deal.test.ts.
 */
const task = (await loadRegistry()).get('contract_review_deal')
const truth = task.truth!.data as ContractReviewTruth
const text = (id: string) => task.resolvedInputs.find((i) => i.id === id)!.content
const documents = () => task.resolvedInputs.filter((i) => i.id !== 'intake')
const summary = (id: string) => truth.risks.find((r) => r.id === id)!.summary
/** A number as the documents print it: "180,000" or "0.85". */
const num = (s: string) => Number(s.replace(/,/g, ''))
const grab = (source: string, pattern: RegExp) => {
  const m = pattern.exec(source)
  if (!m) throw new Error(`not found: ${pattern}`)
  return num(m[1]!)
}
const eur = (n: number) => `EUR ${n.toLocaleString('en-US')}`
const DOCUMENTS = ['msa', 'order-form', 'dpa', 'fs-addendum', 'support-addendum', 'sow-1', 'amendment-1', 'amendment-2']

const licensed = grab(text('order-form'), /^4\.2 Licensed Volume: .*\(([\d,]+)\) Claim Files per Contract Year/m)
const listFee = grab(text('order-form'), /^\| 2 \| .* \| ([\d,]+) \|$/m)

describe('the deal documents', () => {
  test('are eight inputs, with well over 20,000 words between them, beside the intake statistics they are priced on', () => {
    expect(task.tier).toBe('hard')
    expect(task.resolvedInputs.map((i) => i.id)).toEqual([...DOCUMENTS, 'intake'])
    expect(truth.documents).toEqual(DOCUMENTS)
    expect(truth.data).toEqual(['intake'])
    const words = documents().reduce((n, i) => n + (i.content.match(/[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’.,/-]*/g) ?? []).length, 0)
    expect(words).toBeGreaterThanOrEqual(30_000)
  })

  test('every cross-reference names a clause or paragraph printed in the document it points to', () => {
    const clauses = new Map(documents().map((i) => [i.id, clauseNumbers(i.content)]))
    // How each document names the others, read from the words after the clause numbers.
    const names: Array<[RegExp, string | 'own']> = [
      [/^ (of|to) (the|this) (Master Subscription Agreement|MSA|Standard Terms)|^ (of|to) Schedule \d+ to the (Master Subscription Agreement|MSA|Standard Terms)/, 'msa'],
      [/^ (of|to) (the|this) DPA|^ of Annex \d+ to the DPA/, 'dpa'],
      [/^ of (the|this) Order Form/, 'order-form'],
      [/^ of the Financial Services Addendum/, 'fs-addendum'],
      [/^ of the Enterprise Support Addendum/, 'support-addendum'],
      [/^ of (Statement of Work No\. 1|this SOW)/, 'sow-1'],
      [/^ of Amendment No\. 1/, 'amendment-1'],
      [/^ of Amendment No\. 2/, 'amendment-2'],
      [/^ of this (Addendum|Amendment)/, 'own'],
    ]
    // A bare reference is to the document's own clauses, except in the amendments, whose clause 1.1
    // makes bare references point to the master agreement; a schedule paragraph ("S1.4") is always
    // the master agreement's and an annex paragraph ("A2.5") the processing addendum's.
    const bare: Record<string, string> = { 'amendment-1': 'msa', 'amendment-2': 'msa' }
    const dangling: string[] = []
    let checked = 0
    for (const input of documents()) {
      for (const m of input.content.matchAll(/\b(?:clauses?|paragraphs?) ((?:[A-Z]?\d+\.\d+(?:\.\d+)?(?:\([a-z]\))?(?:, | and | or )?)+)(.{0,70})/g)) {
        const named = names.find(([re]) => re.test(m[2]!))?.[1]
        for (const n of m[1]!.match(/[A-Z]?\d+\.\d+(?:\.\d+)?/g)!) {
          const target = named === 'own' ? input.id : (named ?? (n.startsWith('S') ? 'msa' : n.startsWith('A') ? 'dpa' : (bare[input.id] ?? input.id)))
          checked++
          if (!clauses.get(target)!.has(n)) dangling.push(`${input.id}: ${m[0].slice(0, 70)} -> ${target} ${n}`)
        }
      }
    }
    expect(dangling).toEqual([])
    expect(checked).toBeGreaterThan(180)
  })

  test('the clause the carve-out in MSA 14.3(c) points to is the customer’s indemnity, not the vendor’s', () => {
    expect(text('msa')).toMatch(/\(c\) the indemnity obligations under clause 13\.1;/)
    expect(text('msa')).toMatch(/^13\.1 The Customer shall defend the Vendor/m)
    expect(text('msa')).toMatch(/^13\.2 The Vendor shall defend the Customer/m)
  })

  test('the termination right that Amendment No. 1 keeps as the regulator’s is the change-of-control clause', () => {
    expect(text('amendment-1')).toMatch(/^3\.2 .*only under clause 16\.2 \(material breach and insolvency\) or clause 16\.4 \(termination at the request of a Regulator\)/m)
    expect(text('msa')).toMatch(/^16\.4 If a competitor of the Customer in the insurance market acquires control of the Vendor/m)
    expect(text('msa')).toMatch(/^16\.3 The Customer may terminate .*\(a\) a Regulator instructs or requires the Customer/m)
  })

  test('the order form states one fee for all modules, so a per-module credit base does not exist', () => {
    expect(text('support-addendum')).toMatch(/"Monthly Module Fee"\*\* means, for each Module, one-twelfth of the Annual Subscription Fee stated in the Order Form for that Module/)
    const feeRows = [...text('order-form').matchAll(/^\| (.+?) \| .* \| ([\d,]+) \|$/gm)].map((m) => m[1]!)
    expect(feeRows).toEqual(['1', '2', '3'])
    expect(text('order-form')).not.toMatch(/Module Fee/)
  })

  test('the replaced clauses are replaced in full by Amendment No. 2', () => {
    expect(text('order-form')).toMatch(/^3\.4 Secondary region: .*us-east-1/m)
    expect(text('amendment-2')).toMatch(/^2\.1 Clause 3\.4 of the Order Form is replaced by the following: "3\.4 Secondary region: .*eu-west-1/m)
    expect(text('amendment-2')).toMatch(/^5\.1 Clause 2\.4 of the Order Form is replaced by the following/m)
    expect(text('support-addendum')).toMatch(/This clause 5\.2 applies in place of paragraph S1\.6\./)
  })
})

describe('figures in the ground truth, recomputed', () => {
  test('counting each document as a Claim File, e-mail messages included, makes the group pay for excess volume at all', () => {
    expect(text('msa')).toMatch(/^1\.9 \*\*"Claim File"\*\* means .*each Document submitted to the Services/m)
    expect(text('msa')).toMatch(/^1\.17 \*\*"Document"\*\* means a single electronic file, e-mail message, e-mail attachment or scanned image\./m)
    expect(summary('billing-unit-is-each-document')).toContain('about EUR 2.7 million over the Initial Term')
    expect(truth.risks.find((r) => r.id === 'billing-unit-is-each-document')!.exposure!.amount).toBeGreaterThan(2_650_000)
  })

  test('the first-year-only discount costs the agreed discount of the other two years; repaying it costs one year’s', () => {
    const rate = grab(text('amendment-1'), /discount of fifteen per cent \((\d+)%\) on the Annual Subscription Fee for the first Contract Year/) / 100
    expect(task.brief).toContain('15% discount in every year of the three-year initial term')
    expect(summary('discount-limited-to-first-year')).toContain(`${eur(listFee * rate * 2)} more over the term`)
    expect(text('amendment-1')).toMatch(/^3\.5 .*shall pay the Vendor an amount equal to the Discount/m)
    expect(summary('discount-repayable-on-non-renewal')).toContain(eur(listFee * rate))
    expect(summary('commitment-removes-every-exit-right')).toContain(eur(listFee * 2))
  })

  test('36 hours counted in Business Hours: a breach found on Friday evening is notified on Thursday afternoon', () => {
    const [open, close] = /"Business Hours"\*\* means (\d\d):00 to (\d\d):00/.exec(text('msa'))!.slice(1).map(Number)
    const limit = grab(text('dpa'), /^9\.1 .*within thirty-six \((\d+)\) hours/m)
    // Walk forward half an hour at a time from Friday 18:30 (day 5), counting only hours inside Business Hours on Monday to Friday.
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
    // Amendment No. 2 takes out the response times, backups and recovery objectives, not the notices.
    expect(text('amendment-2')).toMatch(/^3\.2 Clause 5\.1 of Amendment No\. 1 does not apply to the response times for Severity 1 incidents, to the backup interval or to the recovery objectives/m)
  })

  test('documents migrated in the cut-over window come after the cut-off date and are all metered', () => {
    const cutoff = /^2\.2 \*\*"Cut-off Date"\*\* means (\d+ \w+ \d{4})\./m.exec(text('sow-1'))![1]!
    const cutover = /^\| 4\. Cut-over and migration \| (\w+ \d{4}) \|/m.exec(text('sow-1'))![1]!
    expect(new Date(`1 ${cutover}`).getTime()).toBeGreaterThan(new Date(cutoff).getTime())
    expect(text('sow-1')).toMatch(/^8\.2 .*deliver it to the Vendor's encrypted transfer service in the Cut-over Window/m)
    expect(text('sow-1')).toMatch(/^8\.3 .*Documents delivered after the Cut-off Date are loaded through the Intake module and are processed as Documents submitted to the Services\./m)
    // Loaded through the Intake module, each generates a summary; the bulk-loading tools would generate none.
    expect(text('sow-1')).toMatch(/^8\.1 .*The bulk-loading tools do not generate claim summaries/m)
    expect(text('msa')).toMatch(/^S3\.5 .*generate a summary of a claim for each Document of the claim that they receive/m)
    expect(summary('migrated-documents-metered')).toContain(`all ${grab(task.brief, /([\d,]+) documents of [\d,]+ claims by the archive's count/).toLocaleString('en-US')} documents are metered`)
  })

  test('capacity keyed to the licensed volume is below the intake of every Business Day of the reference year', () => {
    expect(text('msa')).toMatch(/^S1\.16 .*up to three \(3\) times the average daily volume, which is the Licensed Volume divided by the number of Business Days in the Contract Year/m)
    const committed = (3 * licensed) / 250
    expect(committed).toBe(2_160)
    // Business Days of the reference year: weekdays that are not public holidays in North Rhine-Westphalia.
    const holidays = new Set(['2024-10-03', '2024-11-01', '2024-12-25', '2024-12-26', '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-06-19'])
    const perDay = new Map<string, number>()
    for (const line of text('intake').trim().split('\n').slice(1)) {
      const [date, , , ...counts] = line.split(',')
      perDay.set(date!, (perDay.get(date!) ?? 0) + counts.reduce((s, c) => s + Number(c), 0))
    }
    const business = [...perDay].filter(([d]) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) && !holidays.has(d)).map(([, n]) => n)
    expect(business).toHaveLength(250)
    const average = business.reduce((s, n) => s + n, 0) / business.length
    expect(Math.round(average / 100) * 100).toBe(7_000)
    expect(Math.min(...business)).toBeGreaterThan(committed)
    expect(summary('capacity-sized-on-licensed-volume')).toContain(committed.toLocaleString('en-US'))
    expect(summary('capacity-sized-on-licensed-volume')).toContain('about 7,000 Documents on an average Business Day')
    // The pre-go-live performance test runs at that committed capacity, not at the group's volumes.
    expect(text('sow-1')).toMatch(/^6\.7 .*performance test of the production environment before the Cut-over Window, at the volumes described in paragraph S1\.16/m)
    expect(summary('load-test-at-contract-capacity')).toContain(committed.toLocaleString('en-US'))
  })

  test('the last day to ask for transition assistance falls three months before the vendor’s last day for notice', () => {
    const end = new Date(Date.UTC(2029, 1, 28))
    expect(text('order-form')).toMatch(/^2\.3 The Initial Term .* ending on 28 February 2029\./m)
    const months = grab(text('fs-addendum'), /^12\.2 .*not later than six \((\d+)\) months before the expiry/m)
    const days = grab(text('msa'), /^5\.2 .*at least ninety \((\d+)\) days before the end of the Initial Term/m)
    const request = new Date(end)
    request.setUTCMonth(request.getUTCMonth() - months)
    const vendorNotice = new Date(end.getTime() - days * 86_400_000)
    expect(request.toISOString().slice(0, 10)).toBe('2028-08-28')
    expect(vendorNotice.toISOString().slice(0, 10)).toBe('2028-11-30')
    expect(summary('transition-only-on-early-request')).toContain('28 August 2028')
    expect(summary('transition-only-on-early-request')).toContain('30 November 2028')
  })

  test('the relaxed recovery objectives exceed the tolerances of the business-impact analysis; Schedule 1’s did not', () => {
    const tolerance = grab(task.brief, /tolerates an interruption of at most (\d+) hours/)
    const [rpo, rto] = /recovery point objective of \w+ \((\d+)\) hours and a recovery time objective of [\w-]+ \((\d+)\) hours/.exec(text('support-addendum'))!.slice(1).map(Number)
    const [oldRpo, oldRto] = /recovery point objective of \w+ \((\d+)\) hour and a recovery time objective of \w+ \((\d+)\) hours/.exec(text('msa'))!.slice(1).map(Number)
    expect(task.brief).toContain('the loss of at most one hour of data')
    expect([oldRpo! <= 1, oldRto! <= tolerance]).toEqual([true, true])
    expect([rpo! > 1, rto! > tolerance]).toEqual([true, true])
  })

  test('the implementation cap is nil until the first instalment is paid, and at most the fixed fee', () => {
    const fixed = grab(text('amendment-1'), /fixed fee of EUR ([\d,]+)/)
    const first = grab(text('amendment-1'), /thirty per cent \((\d+)%\) on the Customer's approval of the design document/) / 100
    const payDays = grab(text('amendment-1'), /replaced by "forty-five \((\d+)\) days"/)
    expect(text('sow-1')).toMatch(/\| 1\. Discovery and design \| 2 March – 30 April 2026 \|/)
    const due = new Date(Date.UTC(2026, 3, 30) + payDays * 86_400_000)
    expect(due.toISOString().slice(0, 10)).toBe('2026-06-14')
    expect(fixed * first).toBe(55_500)
    expect(summary('implementation-cap-on-fees-paid')).toContain('mid-June 2026')
    expect(summary('implementation-cap-on-fees-paid')).toContain(eur(fixed))
    expect(summary('go-live-on-vendor-notice')).toContain(eur(fixed * 0.3))
    // Half of a month of the discounted fee, rounded to the hundred.
    expect(summary('go-live-on-vendor-notice')).toContain(`about ${eur(Math.round(544_000 / 12 / 2 / 100) * 100)} a month`)
  })
})

describe('the ground truth as the scorer reads it', () => {
  /** A finding at a clause, with the ground truth's category and severity unless given. */
  const at = (document: string, clause: string, category = 'other', severity: 'HIGH' | 'MEDIUM' | 'LOW' = 'MEDIUM') => ({ document, clause, category, severity, explanation: '', amendment: '' })
  const perfect: ContractReviewDeliverable = { overallRisk: 'CRITICAL', summary: '', risks: truth.risks.map((r) => ({ ...at(r.document!, r.clause, r.category, r.severity), exposure: r.exposure?.amount ?? null })) }

  test('a review that cites every risk at its clause, with its category, severity and exposure, scores 100 and catches every must-catch', () => {
    const score = scoreContractReview(truth, perfect)
    expect(score.score).toBe(100)
    expect(score.mustCatch.every((m) => m.caught)).toBe(true)
    // 18 HIGH risks that are not optional, and the exposures of the two of them whose harm is money.
    expect(score.mustCatch).toHaveLength(20)
    expect(score.mustCatch.filter((m) => m.id.endsWith('/exposure')).map((m) => m.id)).toEqual(['billing-unit-is-each-document/exposure', 'assist-transactions-per-document/exposure'])
  })

  test('the same review without a single figure keeps half the score and misses the two must-catch exposures', () => {
    const score = scoreContractReview(truth, { ...perfect, risks: perfect.risks.map((r) => ({ ...r, exposure: null })) })
    expect(score.score).toBe(50)
    expect(score.mustCatch.filter((m) => !m.caught).map((m) => m.id)).toEqual(['billing-unit-is-each-document/exposure', 'assist-transactions-per-document/exposure'])
  })

  test('pricing only the money clauses, every figure right, finds a sixth of the risks and is capped at twice its weighted recall', () => {
    const priced = perfect.risks.filter((r) => r.exposure !== null)
    const score = scoreContractReview(truth, { ...perfect, risks: priced })
    expect(priced).toHaveLength(9)
    // Weighted recall 1/6 caps the score at 100 × (1/6) / 0.5; uncapped, its figures and its flawless short list scored 84.4.
    expect(score.metrics).toMatchObject({ exposure_accuracy: 1, precision: 1, weighted_recall: 0.1667 })
    expect(score.score).toBeCloseTo(100 / 3, 4)
    expect(score.mustCatch.filter((m) => !m.caught)).toHaveLength(16)
  })

  test('citing the three clauses that Amendment No. 2 and the support addendum replaced counts as three false alarms', () => {
    const replaced = [at('order-form', '3.4'), at('order-form', '2.4'), at('msa', 'S1.6')]
    const score = scoreContractReview(truth, { ...perfect, risks: [...perfect.risks, ...replaced] })
    // By hand: 50 hits and 3 false alarms give precision 50/53; recall, severity, category and exposures stay 1.
    // 100 × (0.5 × 1 + 0.5 × (0.375 + 0.375 × 50/53 + 0.15 + 0.1)) = 98.9387.
    expect(score.metrics.precision).toBe(0.9434)
    expect(score.score).toBeCloseTo(98.9387, 4)
    expect(score.counts.benign_flagged).toEqual({ hit: 3, total: truth.benign.length })
  })

  test('citing the clause a risk overrides instead of the overriding clause misses the risk and is a false alarm', () => {
    // The transition window of FSA 12.2 cited at MSA 17.4, the clause it narrows.
    const risks = perfect.risks.filter((r) => !(r.document === 'fs-addendum' && r.clause === '12.2'))
    const score = scoreContractReview(truth, { ...perfect, risks: [...risks, at('msa', '17.4', 'exit_portability', 'HIGH')] })
    expect(score.mustCatch.find((m) => m.id === 'transition-only-on-early-request')!.caught).toBe(false)
    expect(score.counts.clauses_flagged).toEqual({ hit: 49, total: 50 })
  })
})
