import { expect, test } from 'vitest'
import { caseViewHead } from '../../lib/run/case-view.js'
import { terminalConsoleFilter } from '../../lib/run/console-filter.js'

test("the terminal leaves out cases' full views, and shows each orgbench warning once whichever worker gives it", () => {
  const shown = terminalConsoleFilter()
  const warning = '[orgbench] warning: no price for model "acme-large": its cost is recorded as null (add it with ORGBENCH_PRICES)\n'
  expect(shown(`${caseViewHead('code_review_execution', 'single', 1, 'score 90')}\n…`)).toBe(false)
  expect(shown(warning)).toBe(true)
  expect(shown(warning)).toBe(false)
  expect(shown(warning.replace('acme-large', 'acme-judge'))).toBe(true)
  // Anything else a test prints is shown every time.
  expect([shown('a test log'), shown('a test log')]).toEqual([true, true])
  // Each run (each filter) starts afresh.
  expect(terminalConsoleFilter()(warning)).toBe(true)
})
