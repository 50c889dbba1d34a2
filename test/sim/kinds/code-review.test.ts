import { describe, expect, test } from 'vitest'
import { SimContext } from '../../../lib/sim/context.js'
import { DECOY_PULL, difficultyOf, FOCUS_WORDS, simulateCodeReview } from '../../../lib/sim/kinds/code-review.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { type CodeReviewTruth, issueCategories, issueLocations } from '../../../lib/tasks/kinds/code-review.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { calibrationsFor } from '../../support/calibrations.js'

// The kinds' own mechanics, without the real-model calibration (test/sim/calibration.test.ts covers that).
calibrationsFor(null)

const registry = await loadRegistry()
const hard = registry.get('code_review_hard')
const truth = hard.truth!.data as CodeReviewTruth
const strong = SIM_PROFILES['sim-strong']!

const review = (prior: unknown[], key: string, profile = strong) => simulateCodeReview(new SimContext({ task: hard, profile, role: null, prior, prompt: '', callKey: key, trialKey: key }), truth)

describe('difficultyOf', () => {
  test('the standard tier finds an issue as hard as its severity', () => {
    expect((['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const).map((severity) => difficultyOf('standard', { severity }))).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])
  })

  test('the hard tier keeps must-catch items as they are and makes every other issue a LOW one', () => {
    expect(difficultyOf('hard', { severity: 'CRITICAL' })).toBe('CRITICAL')
    expect(difficultyOf('hard', { severity: 'HIGH' })).toBe('HIGH')
    expect(difficultyOf('hard', { severity: 'HIGH', optional: true })).toBe('LOW')
    expect(difficultyOf('hard', { severity: 'MEDIUM' })).toBe('LOW')
    expect(DECOY_PULL.hard).toBeGreaterThan(DECOY_PULL.standard)
  })
})

describe('focus words', () => {
  // Foci name areas of the work, not what makes an item a finding: the hard task's roles no longer
  // put its categories in anyone's focus, and every shipped profile gives focus no weight anyway.
  test('no shipped profile weighs focus, so a focus that names no category costs a role nothing', () => {
    for (const profile of Object.values(SIM_PROFILES)) expect([profile.inFocus, profile.outOfFocus]).toEqual([1, 1])
    const used = [...new Set(truth.diffs.flatMap((d) => d.issues.map((i) => i.category)))].sort()
    expect(used.filter((c) => FOCUS_WORDS[c] === undefined)).toEqual([])
  })
})

describe('simulated review of the hard task', () => {
  test('a planted issue is reported at one of its locations, with one of its categories, in its own pull request', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { reviews } = review([], `seed-${seed}`)
      expect(reviews.map((r) => r.diff)).toEqual(truth.diffs.map((d) => d.input))
      for (const d of truth.diffs) {
        const findings = reviews.find((r) => r.diff === d.input)!.findings
        for (const issue of d.issues.filter((i) => i.severity === 'CRITICAL' || i.severity === 'HIGH')) {
          const at = findings.filter((f) =>
            issueLocations(issue).some((l) => l.file === f.file && f.line >= l.lines.start && f.line <= l.lines.end) && issueCategories(issue).includes(f.category),
          )
          expect(at, `${issue.id} seed ${seed}`).toHaveLength(1)
        }
      }
    }
  })

  test('over seeds, a defect with several locations is reported at more than one of them', () => {
    const p01 = truth.diffs[0]!.issues.find((i) => i.id === 'p01-1')!
    const files = new Set([1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => review([], `spread-${seed}`).reviews[0]!.findings.filter((f) => issueLocations(p01).some((l) => l.file === f.file && f.line >= l.lines.start && f.line <= l.lines.end)).map((f) => f.file)))
    expect(files.size).toBeGreaterThan(1)
  })

  test('an earlier finding stays with the pull request it was filed under, once, although other pull requests change the same file', () => {
    const spurious = { file: 'gateway/src/routes/index.ts', line: 4, category: 'performance', severity: 'LOW', explanation: 'Registers routes one by one.', fix: 'f' }
    const earlier = { reviews: [{ diff: 'p05', verdict: 'REQUEST_CHANGES', summary: 's', findings: [spurious] }] }
    const keepAll = { ...strong, keepFalseAlarm: 1 }
    const { reviews } = review([earlier, structuredClone(earlier), structuredClone(earlier)], 'earlier', keepAll)
    const copies = (diff: string) => reviews.find((r) => r.diff === diff)!.findings.filter((f) => f.file === spurious.file && f.line === 4 && f.category === 'performance')
    expect(copies('p05')).toHaveLength(1)
    for (const other of ['p03', 'p06', 'p10']) expect(copies(other), other).toEqual([])
  })
})
