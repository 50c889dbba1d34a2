import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { gateDigestMarkdown, readGateDigest } from '../../lib/ci/gate-digest.js'
import { runGate } from '../../lib/results/gate.js'
import { stableJson } from '../../lib/results/write.js'
import { tempDir } from '../support/temp.js'
import { makeRecord, makeRun } from '../results/fixtures.js'

const cell = (topology: string, scores: number[]) => ['task_a', 'task_b'].flatMap((task) => scores.map((headline, i) => makeRecord({ task, topology, trial: i + 1, headline })))

test("the gate's JSON report reads back, and the digest shows the verdict, a count per level and the rows that did not pass", () => {
  const baseline = makeRun([...cell('single', [80, 81, 79]), ...cell('star', [90, 91, 89])], { runId: 'base' })
  const current = makeRun([...cell('single', [80, 81, 79]), ...cell('star', [60, 61, 59])], { runId: 'now' })
  const path = join(tempDir(), 'gate.json')
  writeFileSync(path, stableJson(runGate(baseline, current)))
  const digest = readGateDigest(path)
  expect(digest.verdict).toBe('FAIL')
  const md = gateDigestMarkdown(digest).join('\n')
  expect(md).toContain('**❌ FAIL** against baseline `base` (sim-strong)')
  expect(md).toMatch(/\| suite \| [1-9]\d* \| \d+ \| \d+ \| \d+ \|/)
  // Both tasks dropped by exactly 30: the track row has no spread, so no interval.
  expect(md).toContain('- ❌ FAIL · track · headline score · star · enterprise (2 tasks): -30.0 pts (no spread) (limit -5 pts)')
  expect(md).toMatch(/\| cell \| [1-9]\d* \|/)
  expect(md).toMatch(/- ❌ FAIL · cell · headline score · task_a × star: -30\.0 pts \[/)
})

test('a cost row reads in percent of the baseline, a score row in points; rows past the limit are counted, not dropped silently', () => {
  const row = { level: 'cell', topology: 'star', track: 'enterprise', tasks: 1, se: 1, verdict: 'FAIL' }
  const digest = {
    verdict: 'FAIL' as const,
    baseline: { runId: 'base', model: 'm' },
    rows: [
      { ...row, metric: 'costPerCase', task: 'peer_review', change: 76.7, ci: { lo: 60.1, hi: 93.3 }, limit: 25 },
      { ...row, metric: 'mustCatchRecall', task: 'triage', change: -12, ci: { lo: -20, hi: -4 }, limit: -5 },
      { ...row, metric: 'headline', task: 'review', change: -8.6, ci: { lo: -12, hi: -5.2 }, limit: -5 },
    ],
    floors: [],
    notes: [],
  }
  const md = gateDigestMarkdown(digest)
  expect(md).toContain('- ❌ FAIL · cell · org cost per case · peer_review × star: +76.7 % [+60.1, +93.3] (limit +25 %)')
  expect(md).toContain('- ❌ FAIL · cell · must-catch recall · triage × star: -12.0 pts [-20.0, -4.0] (limit -5 pts)')
  const cut = gateDigestMarkdown(digest, 1)
  expect(cut.filter((l) => l.startsWith('- ❌'))).toHaveLength(1)
  expect(cut).toContain('- … and 2 more of the 3 rows that did not pass, left out here: every row is in the gate in full below (and gate.md in the outcome artifact)')
})

test('a file that is not a gate report is refused, naming the file and field', () => {
  const path = join(tempDir(), 'gate.json')
  writeFileSync(path, '{"verdict": "MAYBE"}')
  expect(() => readGateDigest(path)).toThrow(`${path}: field verdict`)
  expect(() => readGateDigest(join(tempDir(), 'missing.json'))).toThrow('ENOENT')
})
