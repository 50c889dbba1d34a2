import { describe, expect, test } from 'vitest'
import { renderDefaultLessons, renderDiff, renderVersion } from '../../lib/memory/render.js'
import type { StoredLesson } from '../../lib/memory/lessons.js'
import { MemoryFile } from '../../lib/memory/store.js'

const plain: StoredLesson = { id: 'keep-values', text: 'Carry every concrete value over verbatim.', audience: ['synthesizer', 'coordinator'], provenance: null }
const learned: StoredLesson = {
  id: 'learned-single-1',
  text: 'Check the medium items before handing in.',
  audience: ['single'],
  provenance: { runId: 'run-1', topology: 'single', iteration: 2, failureMode: 'Missed 3 of 6 medium items.', evidence: '"recall_medium": 3 of 6' },
}
const estimate = (mean: number | null, lo: number | null = null, hi: number | null = null) => ({ mean, lo, hi, n: 4 })

const version = (over: Partial<MemoryFile> = {}): MemoryFile =>
  MemoryFile.parse({ task: 'code_review_execution', version: 1, parent: null, createdAt: '2026-01-02T03:04:05.000Z', writtenBy: 'reset', lessons: [plain], ...over })

describe('renderVersion', () => {
  test('a reset version: its name, when and by what it was written, and each lesson with its addressees', () => {
    expect(renderVersion(version())).toBe(
      [
        'code_review_execution@v1 · written 2026-01-02T03:04:05.000Z by reset',
        '  - [keep-values] for synthesizer, coordinator: Carry every concrete value over verbatim.',
        '      default lesson',
      ].join('\n'),
    )
  })

  test('a learned version: its parent, the provenance of learned lessons, protocol fixes, drops and the measured learning curves', () => {
    const file = version({
      version: 3,
      parent: 2,
      writtenBy: 'run-1',
      lessons: [plain, learned],
      protocol: { hrm: { cycles: 3 } },
      dropped: [{ what: 'lesson "be careful"', reason: 'says nothing the role can act on', iteration: 1, topology: 'star' }],
      evidence: {
        runId: 'run-1',
        simulated: true,
        settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 },
        arms: [
          {
            topology: 'single',
            curve: [60, null, 72.46].map((m, i) => ({ ...estimate(m), iteration: i + 1, errors: 0, memoryVersion: 'v' })),
            improvement: estimate(12.46, 2.04, 22.96),
            memoryOff: null,
            stop: 'iteration limit 3 reached',
          },
          { topology: 'star', curve: [{ ...estimate(null), iteration: 1, errors: 4, memoryVersion: 'v' }], improvement: estimate(null), memoryOff: null, stop: 'no lesson accepted' },
        ],
        differences: [],
      },
    })
    expect(renderVersion(file)).toBe(
      [
        'code_review_execution@v3 · written 2026-01-02T03:04:05.000Z by run-1 · parent v2',
        '  SIMULATED: code_review_execution@v3 was learned against the simulator, not a real model: these numbers test the machinery, not the topologies',
        '  - [keep-values] for synthesizer, coordinator: Carry every concrete value over verbatim.',
        '      default lesson',
        '  - [learned-single-1] for single: Check the medium items before handing in.',
        '      learned by single in iteration 2 of run run-1, for: Missed 3 of 6 medium items. (evidence: "recall_medium": 3 of 6)',
        '  protocol hrm: {"cycles":3}',
        '  dropped or rejected (1):',
        '    · star #1: lesson "be careful" (says nothing the role can act on)',
        '  single: held-out 60.0 → n/a → 72.5; improvement 12.5 [2.0, 23.0]; iteration limit 3 reached',
        '  star: held-out n/a; improvement n/a [?, ?]; no lesson accepted',
      ].join('\n'),
    )
  })

  test('a provenance without quoted evidence says nothing about evidence', () => {
    const text = renderVersion(version({ lessons: [{ ...learned, provenance: { ...learned.provenance!, evidence: '' } }] }))
    expect(text.split('\n')[2]).toBe('      learned by single in iteration 2 of run run-1, for: Missed 3 of 6 medium items.')
  })
})

test('a lesson several arms learned shows every arm\'s provenance', () => {
  const star = { runId: 'run-1', topology: 'star', iteration: 1, failureMode: 'Merged away two items.', evidence: '' }
  const text = renderVersion(version({ lessons: [{ ...learned, audience: ['single', 'synthesizer'], alsoLearnedBy: [star] }] }))
  expect(text.split('\n')[2]).toBe(
    '      learned by single in iteration 2 of run run-1, for: Missed 3 of 6 medium items. (evidence: "recall_medium": 3 of 6); also learned by star in iteration 1 of run run-1, for: Merged away two items.',
  )
})

describe('renderDefaultLessons', () => {
  test('the heading, then each default lesson as a version shows it, marked as a default', () => {
    expect(renderDefaultLessons('t: no learned memory; runs use the default lessons:', [plain])).toBe(
      ['t: no learned memory; runs use the default lessons:', '  - [keep-values] for synthesizer, coordinator: Carry every concrete value over verbatim.', '      default lesson'].join('\n'),
    )
  })
})

const learningEvidence = { runId: 'run-1', simulated: true, settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] }

describe('renderDiff', () => {
  const named = (name: string, lessons: StoredLesson[], protocol: MemoryFile['protocol'] = {}) => ({ name, lessons, protocol })

  test('the same lessons and protocol: no change', () => {
    expect(renderDiff(named('default', [plain]), named('t@v1', [plain]))).toBe('default → t@v1\n(no change)')
  })

  test('a lesson added, with its provenance; one removed; one addressed to other agents', () => {
    const before = named('t@v1', [plain, { ...learned, id: 'old' }])
    const after = named('t@v2', [{ ...plain, audience: ['synthesizer'] }, learned])
    expect(renderDiff(before, after)).toBe(
      [
        't@v1 → t@v2',
        '~ [keep-values] for synthesizer, coordinator → synthesizer',
        '+ [learned-single-1] for single: Check the medium items before handing in.',
        '    learned by single in iteration 2 of run run-1, for: Missed 3 of 6 medium items. (evidence: "recall_medium": 3 of 6)',
        '- [old] for single: Check the medium items before handing in.',
      ].join('\n'),
    )
  })

  test('says which side was learned against the simulator, as SIMULATED output does', () => {
    const simulated = (name: string, lessons: StoredLesson[]) => ({ ...named(name, lessons), evidence: learningEvidence })
    expect(renderDiff(named('default', [plain]), simulated('t@v1', [plain]))).toBe('default → t@v1\nSIMULATED: t@v1 was learned against the simulator, not a real model\n(no change)')
    expect(renderDiff(simulated('t@v1', [plain]), simulated('t@v2', [plain])).split('\n')[1]).toBe('SIMULATED: t@v1 and t@v2 were learned against the simulator, not a real model')
    expect(renderDiff(named('t@v1', [plain]), { ...named('t@v2', [plain]), evidence: { ...learningEvidence, simulated: false } })).toBe('t@v1 → t@v2\n(no change)')
  })

  test("a lesson's text changed under the same id is not reported: lessons are compared by id and addressees", () => {
    expect(renderDiff(named('a', [plain]), named('b', [{ ...plain, text: 'Another wording of the same lesson.' }]))).toBe('a → b\n(no change)')
  })

  test('protocol fixes per topology, a topology missing on one side counting as no fixes', () => {
    const before = named('t@v1', [plain], { hrm: { cycles: 2 }, star: { rounds: 1 } })
    const after = named('t@v2', [plain], { hrm: { cycles: 3 }, star: { rounds: 1 }, pipeline: { review: true } })
    expect(renderDiff(before, after)).toBe(['t@v1 → t@v2', '~ protocol hrm: {"cycles":2} → {"cycles":3}', '~ protocol pipeline: {} → {"review":true}'].join('\n'))
    expect(renderDiff(after, named('t@v3', [plain]))).toBe(['t@v2 → t@v3', '~ protocol hrm: {"cycles":3} → {}', '~ protocol star: {"rounds":1} → {}', '~ protocol pipeline: {"review":true} → {}'].join('\n'))
  })
})
