import { describe, expect, test } from 'vitest'
import { describeLessonLeaks, lessonLeaks, withoutNames } from '../../lib/learning/lesson-leaks.js'
import type { CodeReviewTruth } from '../../lib/tasks/kinds/code-review.js'
import type { SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const codeReview = registry.get('code_review_execution')
const leaksOf = lessonLeaks(codeReview)
const d03 = (codeReview.truth!.data as CodeReviewTruth).diffs.find((d) => d.input === 'd03')!

describe('lessonLeaks: what a lesson names that gives the task\'s answers away', () => {
  test('a lesson naming a pull request, its file and a line is refused for each of them', () => {
    const leaks = leaksOf('In pull request d03, services/support/tickets_api.py line 60 interpolates the status parameter into SQL: report it as a CRITICAL injection and BLOCK d03.')
    expect(leaks).toEqual(
      expect.arrayContaining([
        { fragment: 'd03', why: 'an input id of the task' },
        { fragment: 'services/support/tickets_api.py', why: 'a file changed in input d03' },
        { fragment: 'tickets_api.py', why: 'the name of services/support/tickets_api.py' },
        { fragment: 'line 60', why: 'a line number' },
      ]),
    )
    expect(describeLessonLeaks(leaks)).toContain('"d03" (an input id of the task)')
  })

  test('a file named alone, a line after a file name, and an item id of the ground truth are each refused', () => {
    expect(leaksOf('Re-read tickets_api.py before approving anything.')).toEqual([{ fragment: 'tickets_api.py', why: 'the name of services/support/tickets_api.py' }])
    expect(leaksOf('Look again at usageDigest.ts:75 whenever dates are computed.').map((l) => l.why)).toContain('a line number')
    expect(leaksOf('The finding d03-1 must always be reported.').map((l) => l.fragment)).toContain('d03-1')
  })

  test('a lesson copying the wording of a planted item is refused as an echo of it', () => {
    const summary = d03.issues[0]!.summary
    const leaks = leaksOf(`Remember: ${summary}`)
    expect(leaks.map((l) => l.why)).toContainEqual(expect.stringContaining(`(from the text of ${d03.issues[0]!.id})`))
  })

  test('a lesson echoing two planted items is refused once for each, each quoting the words of its own item', () => {
    const leaks = leaksOf('Any interpolated parameter inside quotes can be read.').filter((l) => l.why.startsWith('wording of the ground truth'))
    expect(leaks).toEqual([
      { fragment: 'inside interpolated parameter quotes read', why: 'wording of the ground truth: "inside" and "interpolated" and "parameter" and "quotes" and "read" (from the text of d03-1)' },
      { fragment: 'interpolated parameter quotes read', why: 'wording of the ground truth: "interpolated" and "parameter" and "quotes" and "read" (from the text of d14-1)' },
    ])
  })

  test('words the hard constraints use often are the material\'s vocabulary, as for role foci: sharing them is no echo', () => {
    const lesson = 'Any interpolated parameter inside quotes can be read.'
    const echoed = (task: typeof codeReview) => lessonLeaks(task)(lesson).filter((l) => l.why.startsWith('wording of the ground truth'))
    expect(echoed(codeReview)).toHaveLength(2)
    const constraint = 'Every interpolated parameter inside quotes is read in full.'
    expect(echoed({ ...codeReview, hardConstraints: [...codeReview.hardConstraints, constraint, constraint, constraint, constraint] })).toEqual([])
  })

  test('a general lesson, categories and severities included, is kept', () => {
    expect(leaksOf('Before approving a pull request, trace every value a request supplies to the query or path it reaches.')).toEqual([])
    expect(leaksOf('Rate a CRITICAL injection as BLOCK, as the verdict rule says, and check race_condition items under every shared lock.')).toEqual([])
  })

  test('support triage: a ticket id is refused; the inputs named by word ("policy", "tickets") are not', () => {
    const triage = registry.get('support_triage_execution')
    const ticket = (triage.truth!.data as SupportTriageTruth).tickets[0]!.id
    const check = lessonLeaks(triage)
    expect(check(`Ticket ${ticket} is a P0: route it to L3.`)).toContainEqual({ fragment: ticket.toLowerCase(), why: 'an id or path of the ground truth' })
    expect(check('Read the policy before the tickets, and compute every deadline in the client\'s own time zone.')).toEqual([])
  })
})

/*
 * A battery of lessons. General lessons say how to review any case, in the words of reviewing
 * (check, compute, connection, released): they are kept although a planted item uses the same words.
 * Lessons that name a case's answers, or restate one planted item with its specific details
 * (function names, libraries, what the defect leads to), are refused.
 */
const generalLessons: Record<string, string[]> = {
  code_review_execution: [
    'Check that user-supplied paths are normalised and stay inside their base directory.',
    'Check that a connection taken from a pool is released on every path, including errors.',
    'Before approving, check every new route for an ownership check on the resource it returns.',
    'Compute report date ranges in UTC, not the server local time, and check day boundaries.',
    'When code builds SQL with string formatting, report it as injection even if the value looks internal.',
    'Check that every route that reads an account or invoice verifies the caller owns it.',
    'A retry loop without a cap or backoff is a reliability defect: report it as error_handling.',
    'Check that database connections and file handles are closed on every error path.',
    'Secrets such as API keys or private keys in source files are hardcoded_secret, at least HIGH.',
    'When a counter or sequence number is read and then written back, look for a race between requests.',
    'A loop that issues one query per item is an N+1 performance defect.',
    'Check pagination for off-by-one errors in offset and limit arithmetic.',
    'Do not report style, naming or missing tests as findings; approve a sound change.',
    'Before approving, check that user-supplied file names cannot escape the export directory.',
    'Check that webhook or feed payloads are validated before they are stored.',
    'Use the gutter line number of the defective line, not the hunk header.',
    'Invoice numbers must be allocated atomically; check for duplicate numbers under concurrent requests.',
    'Check that push notification keys are loaded from configuration, never committed.',
    'An activity stream or event stream that never closes its subscription leaks resources.',
    'When a lookup uses user input in a cache key or query, check for injection and tenant leaks.',
    'Voucher or discount codes must be redeemed once: check for double redemption under concurrency.',
  ],
  support_triage_execution: [
    'Business-hour clocks pause outside the client region working hours: compute the deadline in the client zone.',
    'An outage for a Premium client is P0 even when the customer writes calmly.',
    'A security report about exposed customer data is always category security, routed to L3.',
    'Receipt times near midnight UTC may fall on another day in Berlin: convert before applying business hours.',
    'Daylight saving time changes at the end of October: use the offset valid on the receipt date.',
    'A feature request written angrily is still a feature_request at P3.',
  ],
  contract_review_execution: [
    'Flag any annual price increase above 4.5% as a pricing risk, whatever the clause calls it.',
    'A liability cap below 2.5x the annual fees is a HIGH risk in a data-heavy deal.',
    'Use section numbers as printed, e.g. cite 14.1 only if the agreement prints 14.1.',
    'Quote GDPR Article 28 and check the 72-hour breach notice.',
    'A fee of 2.0 times the list price is no discount.',
  ],
}

const leakingLessons: Record<string, string[]> = {
  code_review_execution: [
    'In pull request d03, services/support/tickets_api.py line 60 interpolates the status parameter into SQL: report it as a CRITICAL injection and BLOCK d03',
    "When the status query parameter is interpolated into the SQL text inside quotes while the other values are bound, any logged-in user can read other organisations' tickets: report a CRITICAL injection.",
    'store_items acquires a pool connection and releases it only on success, so failed upserts exhaust the asyncpg pool.',
    "download_export joins the requested name onto the organisation directory without normalising it, so ../ segments download other organisations' exports.",
    "previousDay computes day boundaries with setHours in the server's local time, so the digest covers the wrong 24 hours instead of the ledger's UTC day.",
    'next_number advances the shared _next/_stop state without a lock, so two concurrent invoices get the same number.',
    'The polling interval is never cleared when the client disconnects, so every stream keeps querying the database.',
    'redeemVoucher checks redeemed_at then updates voucher and balance separately, so concurrent requests redeem a single-use voucher twice.',
    'A live Paylane webhook signing key is committed as the fallback value: report it as a hardcoded secret.',
    "The void endpoint updates the invoice without the tenant_id condition, so a billing admin can void another tenant's invoices.",
    'accounts_overview issues one orders query per active account and sums order rows in Python instead of a grouped aggregate.',
    'fetch_feed swallows every exception and returns an empty list, so a failing partner endpoint looks like a successful sync of 0 items.',
    'The route catches every failure, logs it only at debug level and answers 200, hiding database outages from monitoring.',
  ],
  contract_review_execution: [
    "Fees that rise by a fixed 5% every Contract Year regardless of inflation, with Renewal Terms at the Vendor's list price, are a pricing risk.",
    'A breach notice due seven days after the Vendor completes its investigation misses the 72-hour deadline of GDPR Article 33.',
    'Credits waived unless claimed within 10 days after month end, while the availability report is due within 10 Business Days, are lost.',
    "One paid export in the Vendor's native .cvx format for EUR 45,000 within 15 days of termination is a lock-in risk.",
    'Sub-processors that take effect on publication on a web page, with consent deemed from continued use, breach Article 28(2).',
    'A perpetual, irrevocable licence to train and fine-tune on customer data, with the Vendor owning Custom Models, undercuts ownership.',
  ],
}

describe('lessonLeaks on a battery: general lessons are kept, lessons carrying a case\'s answers are refused', () => {
  for (const [task, lessons] of Object.entries(generalLessons)) {
    test.each(lessons)(`${task}: kept: %s`, (lesson) => {
      expect(describeLessonLeaks(lessonLeaks(registry.get(task))(lesson))).toBe('')
    })
  }
  for (const [task, lessons] of Object.entries(leakingLessons)) {
    test.each(lessons)(`${task}: refused: %s`, (lesson) => {
      expect(lessonLeaks(registry.get(task))(lesson)).not.toEqual([])
    })
  }
})

describe('lessonLeaks: a clause number is refused only as a reference to a clause', () => {
  const contract = lessonLeaks(registry.get('contract_review_execution'))
  const clause = { fragment: '4.5', why: 'a clause number of the ground truth' }

  test('"clause 4.5", "clauses 4.5", "section 4.5", "article 4.5", "§4.5", "§ 4.5" and "4.5(b)" name clause 4.5', () => {
    for (const lesson of ['Report clause 4.5 as a pricing risk.', 'Read clauses 4.5 and 6.6 together.', 'Section 4.5 raises fees.', 'Article 4.5 raises fees.', 'Cite §4.5 first.', 'Cite § 4.5 first.', 'Flag 4.5(b) as HIGH.']) {
      expect(contract(lesson)).toContainEqual(clause)
    }
  })

  test('a percentage, an amount or another clause\'s number that contains it is no reference to clause 4.5', () => {
    for (const lesson of ['Flag any annual price increase above 4.5% as a pricing risk.', 'A fee of 4.5 times the list price is too high.', 'Clause 14.5 is about something else.', 'Section 4.55 is about something else.']) {
      expect(contract(lesson)).not.toContainEqual(clause)
    }
  })
})

describe('withoutNames', () => {
  test('ids, files and line numbers become "…"; the kind of miss stays', () => {
    expect(withoutNames(codeReview)('CRITICAL injection in services/support/tickets_api.py lines 60-60 (d03)')).toBe('CRITICAL injection in … lines … (…)')
    expect(withoutNames(codeReview)('d03 must not be approved (expected BLOCK)')).toBe('… must not be approved (expected BLOCK)')
  })
})
