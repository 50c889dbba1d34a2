import { existsSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { checkGradingPage, checkHumanRoundTrip } from '../../lib/human/browser-check.js'
import { buildExport } from '../../lib/human/export.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { makeRecord } from '../results/fixtures.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/*
 * What the check judges of the layout is specified by page-check.ts's tests; this runs the whole
 * check on a rendered grading page, so that the page itself, at 1280 px and in a 400 px window,
 * is what is tested.
 */
// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('human check on an exported grading page', () => {
  test('the page is graded by clicking and its CSV imports; opened again it is empty until a name is entered; at 400 px it is one readable column', async () => {
    // Deliverables long enough to scroll, so that the item list's place under the header is measured.
    const text = (task: string, topology: string) => Array.from({ length: 80 }, (_, i) => `${i + 1}. ${topology === 'single' ? 'A finding' : 'Another finding'} of the ${task} with its reason and the line it is on.`).join('\n')
    const records = ['code_review_protocol', 'contract_review'].flatMap((task) => ['single', 'star'].map((topology) => ({ ...makeRecord({ task, topology, pairwise: topology === 'single' ? undefined : 'win' }), deliverable: { kind: 'markdown' as const, text: text(task, topology) } })))
    const built = buildExport({ runId: 'sim-run', simulated: true, judgeModel: 'sim-judge', records, registry: await loadRegistry(), pairs: 2, seed: 1 })
    expect(built.key.items).toHaveLength(2)
    const result = await checkGradingPage(built, CHROMIUM)
    expect(result.problems).toEqual([])
    expect(result.lines.filter((l) => l.startsWith('at 400 px: '))).toHaveLength(1)
  }, 60_000)
})

describe('human check before it opens a browser', () => {
  test('a missing Chromium is named, with what to do, before the results file is read', async () => {
    await expect(checkHumanRoundTrip('/nonexistent/results.json', '/nonexistent/chromium')).rejects.toThrow('no Chromium at /nonexistent/chromium; install it (apt-get install -y chromium), set CHROMIUM_PATH or pass --chromium')
  })
})
