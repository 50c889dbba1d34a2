import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, test } from 'vitest'
import { leakingPhrases, truthPhrases } from '../../lib/tasks/neutrality.js'
import { loadRegistry, PROJECT_ROOT, type TaskTruth } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const withTruth = registry.tasks.filter((t) => t.truth !== null)
const allPhrases = [...new Set(withTruth.flatMap((t) => truthPhrases(t.truth!)))].sort()

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...filesUnder(join(dir, e.name))] : [join(dir, e.name)]))
}

describe('leakingPhrases', () => {
  const phrases = ['race_condition', 'injection', 'liability_cap', 'how_to']

  test('matches a phrase as whole words, with "_" read as a space, a hyphen, a slash, a dot or nothing', () => {
    expect(leakingPhrases('A Race Condition here', phrases)).toEqual(['race_condition'])
    expect(leakingPhrases('race-condition.py', phrases)).toEqual(['race_condition'])
    expect(leakingPhrases('src/racecondition/x', phrases)).toEqual(['race_condition'])
    expect(leakingPhrases('liability/cap', phrases)).toEqual(['liability_cap'])
    expect(leakingPhrases('how to reset', phrases)).toEqual(['how_to'])
  })

  test('does not match inside longer words', () => {
    expect(leakingPhrases('injections', phrases)).toEqual([])
    expect(leakingPhrases('sqlinjection', phrases)).toEqual([])
    expect(leakingPhrases('show tomorrow', phrases)).toEqual([])
    expect(leakingPhrases('racing conditions', phrases)).toEqual([])
  })

  test('returns every phrase that leaks, in the order given', () => {
    expect(leakingPhrases('injection and a liability cap', phrases)).toEqual(['injection', 'liability_cap'])
  })
})

describe('truthPhrases', () => {
  test('collects the categories (further ones too, and decoy look-alikes) of a code review, sorted and unique', () => {
    const truth = {
      kind: 'code_review',
      data: {
        diffs: [
          { input: 'a', kind: 'defective', verdict: 'BLOCK', issues: [{ id: 'a-1', category: 'timezone', severity: 'LOW', file: 'f', lines: { start: 1, end: 1 }, summary: 'x'.repeat(10) }], decoys: [] },
          { input: 'b', kind: 'decoy', verdict: 'APPROVE', issues: [], decoys: [{ file: 'g', lines: { start: 1, end: 1 }, looksLike: 'injection', why: 'y'.repeat(10) }] },
          { input: 'c', kind: 'defective', verdict: 'BLOCK', issues: [{ id: 'c-1', category: 'timezone', alsoCategories: ['off_by_one'], severity: 'LOW', file: 'f', lines: { start: 1, end: 1 }, summary: 'x'.repeat(10) }], decoys: [] },
        ],
      },
    } as TaskTruth
    expect(truthPhrases(truth)).toEqual(['injection', 'off_by_one', 'timezone'])
  })

  test('an incident exposes its root-cause component', () => {
    const incident = withTruth.find((t) => t.truth!.kind === 'incident_response')!
    expect(truthPhrases(incident.truth!)).toEqual([(incident.truth!.data as { rootCause: { component: string } }).rootCause.component])
  })
})

describe('nothing an agent sees by name gives the ground truth away', () => {
  test('there are ground-truth tasks to check', () => {
    expect(withTruth.map((t) => t.id).sort()).toEqual(['code_review_execution', 'code_review_hard', 'contract_review_execution', 'incident_response_execution', 'support_triage_execution'])
    expect(allPhrases.length).toBeGreaterThan(10)
  })

  test.each(withTruth.map((t) => [t.id, t] as const))('%s: input ids, paths and labels, role focus and names, diff file paths', (_id, task) => {
    const phrases = truthPhrases(task.truth!)
    const exposed = [
      ...task.inputs.flatMap((i) => [i.id, i.path, i.label]),
      ...task.roles.flatMap((r) => [r.focus, r.name, r.id]),
      ...task.resolvedInputs.filter((i) => i.format === 'diff').flatMap((i) => [...i.content.matchAll(/^(?:\+\+\+ b|--- a)\/(.+)$/gm)].map((m) => m[1]!)),
    ]
    const leaks = exposed.map((text) => [text, leakingPhrases(text, phrases)] as const).filter(([, leaked]) => leaked.length > 0)
    expect(leaks).toEqual([])
  })

  test('no file or folder name under fixtures/ contains a ground-truth phrase of any task', () => {
    const root = join(PROJECT_ROOT, 'fixtures')
    const names = filesUnder(root).map((p) => relative(root, p).split(sep).join('/'))
    expect(names.length).toBeGreaterThan(20)
    const leaks = names
      .map((name) => [name, leakingPhrases(name.replace(/\.[a-z]+$/, ''), allPhrases)] as const)
      .filter(([, leaked]) => leaked.length > 0)
    expect(leaks).toEqual([])
  })
})
