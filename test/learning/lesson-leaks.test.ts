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

describe('withoutNames', () => {
  test('ids, files and line numbers become "…"; the kind of miss stays', () => {
    expect(withoutNames(codeReview)('CRITICAL injection in services/support/tickets_api.py lines 60-60 (d03)')).toBe('CRITICAL injection in … lines … (…)')
    expect(withoutNames(codeReview)('d03 must not be approved (expected BLOCK)')).toBe('… must not be approved (expected BLOCK)')
  })
})
