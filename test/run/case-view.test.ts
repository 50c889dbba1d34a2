import { describe, expect, test } from 'vitest'
import { caseViewHead, isCaseView } from '../../lib/run/case-view.js'
import { importGraph } from '../support/import-graph.js'

describe('caseViewHead', () => {
  test('is "── <task> × <topology> #<trial> · <summary>"', () => {
    expect(caseViewHead('code_review_execution', 'star', 2, 'score 71.5')).toBe('── code_review_execution × star #2 · score 71.5')
  })
})

describe('isCaseView', () => {
  test("recognises a view's head, with the rest of the view after it", () => {
    expect(isCaseView(caseViewHead('code_review_execution', 'self_refine', 0, 'error: judge'))).toBe(true)
    expect(isCaseView(`${caseViewHead('t', 'single', 11, 'score 80')}\n\n# Deliverable\n…`)).toBe(true)
  })

  test('passes over any other console log: a warning, a head that is not at the start, or one without a trial number or summary', () => {
    expect(isCaseView('[orgbench] warning: the judge model equals the agent model')).toBe(false)
    expect(isCaseView(`log: ${caseViewHead('t', 'single', 1, 'x')}`)).toBe(false)
    expect(isCaseView('── t × single #one · score 80')).toBe(false)
    expect(isCaseView('── t × single #1')).toBe(false)
    expect(isCaseView('── code review × single #1 · score 80')).toBe(false)
  })

  test('the module imports nothing: vitest.config.ts loads it', () => {
    expect([...importGraph('lib/run/case-view.ts').files]).toEqual(['lib/run/case-view.ts'])
  })
})
