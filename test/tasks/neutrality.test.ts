import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CODE_CATEGORIES } from '../../lib/tasks/kinds/code-review.js'
import type { TaskTruth } from '../../lib/tasks/kinds/index.js'
import { describeLeaks, findLeaks, type LeakWord, leakWords, leakWordsOfTask, nameAsWords } from '../../lib/tasks/neutrality.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const withTruth = registry.tasks.filter((t) => t.truth !== null)

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...filesUnder(join(dir, e.name))] : [join(dir, e.name)]))
}

const w = (...words: string[]): LeakWord[] => words.map((word) => ({ word, why: 'test' }))

describe('findLeaks', () => {
  test('matches a phrase as whole words, with "_" read as a space, a hyphen, a slash, a dot or nothing, plurals included', () => {
    const words = w('race_condition', 'injection', 'liability_cap', 'how_to')
    expect(findLeaks('A Race Condition here', words).map((l) => l.word)).toEqual(['race_condition'])
    expect(findLeaks('race-condition.py', words).map((l) => l.word)).toEqual(['race_condition'])
    expect(findLeaks('src/racecondition/x', words).map((l) => l.word)).toEqual(['race_condition'])
    expect(findLeaks('liability/cap', words).map((l) => l.word)).toEqual(['liability_cap'])
    expect(findLeaks('two injections', words).map((l) => l.word)).toEqual(['injection'])
  })

  test('does not match inside longer words; names read camelCase as words', () => {
    const words = w('injection', 'how_to', 'race_condition')
    expect(findLeaks('sqlinjection', words)).toEqual([])
    expect(findLeaks('show tomorrow', words)).toEqual([])
    expect(findLeaks('racing conditions', words)).toEqual([])
    expect(findLeaks(nameAsWords('sqlInjection.ts'), words).map((l) => l.word)).toEqual(['injection'])
  })
})

describe('leakWords', () => {
  const diff = (file: string, line: string) => `--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n+${line}\n`
  const truth = (category: string, summary: string): TaskTruth => ({
    kind: 'code_review',
    data: { diffs: [{ input: 'x', kind: 'defective', verdict: 'BLOCK', issues: [{ id: 'x-1', category, severity: 'HIGH', file: 'a.py', lines: { start: 1, end: 1 }, summary }], decoys: [] }] },
  })
  const namesOf = (t: TaskTruth, seen: string) => leakWords({ truth: t, categories: [...CODE_CATEGORIES, { id: 'timing_attack', description: 'a comparison whose time depends on a secret', synonyms: [] }], seen }).names

  // The fixture names of issue 16's bug report, each of which ran before this check existed.
  test.each([
    ['sqli.diff', 'injection', 'The search builds its query from the request text.', '"sqli" (a synonym of category injection)'],
    ['path-escape.diff', 'path_traversal', 'The download handler joins the requested name to the folder.', '"path escape" (a synonym of category path_traversal)'],
    ['hardcoded-key.diff', 'hardcoded_secret', 'The client carries the signing key in its source.', '"hardcoded key" (a synonym of category hardcoded_secret)'],
    ['timing-attack-in-verify.diff', 'timing_attack', 'The signature check returns at the first differing byte.', '"timing_attack" (category timing_attack)'],
    ['early-return-compare.diff', 'auth_bypass', 'The comparison returns early on the first mismatching byte, so its duration reveals the signature.', 'a word of the summary of x-1'],
  ])('%s is refused, naming the word and why', (name, category, summary, expected) => {
    const leaks = findLeaks(nameAsWords(name), namesOf(truth(category, summary), diff('a.py', 'def verify(sig, expected): return sig == expected')))
    expect(describeLeaks(leaks)).toContain(expected)
  })

  test('a summary word that agents read anyway (it is in the code) is not a giveaway', () => {
    const names = namesOf(truth('performance', 'digestTotals loads every account per row.'), diff('digest.py', 'def digestTotals(accounts): ...'))
    expect(findLeaks(nameAsWords('digest-totals.diff'), names)).toEqual([])
  })
})

describe('nothing an agent sees by name gives the ground truth away', () => {
  test('there are ground-truth tasks to check', () => {
    expect(withTruth.length).toBeGreaterThan(0)
  })

  test.each(withTruth.map((t) => [t.id, t] as const))('%s: input ids, paths and labels, role names and foci, diff file paths', (_id, task) => {
    const words = leakWordsOfTask({ ...task, truth: task.truth! })
    const names = [
      ...task.inputs.flatMap((i) => [i.id, i.path, i.label]),
      ...task.roles.flatMap((r) => [r.name, r.id]),
      ...task.resolvedInputs.filter((i) => i.format === 'diff').flatMap((i) => [...i.content.matchAll(/^(?:\+\+\+ b|--- a)\/(.+)$/gm)].map((m) => m[1]!)),
    ]
    expect(names.flatMap((n) => findLeaks(nameAsWords(n), words.names).map((l) => `${n}: ${l.word}`))).toEqual([])
    expect(task.roles.flatMap((r) => findLeaks(r.focus, words.prose).map((l) => `${r.id}: ${l.word}`))).toEqual([])
  })

  test('no file or folder name under fixtures/ gives away a category of a task that reads its folder (of any task, when none does)', () => {
    const root = join(PROJECT_ROOT, 'fixtures')
    const names = filesUnder(root).map((p) => relative(root, p).split(sep).join('/'))
    const prose = new Map(withTruth.map((t) => [t, leakWordsOfTask({ ...t, truth: t.truth! }).prose]))
    const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1)
    // A task reads the folders of its inputs; a name elsewhere is checked against every task.
    const readers = (name: string) => {
      const tasks = withTruth.filter((t) => t.inputs.some((i) => name.startsWith(folderOf(i.path)) && folderOf(i.path) !== ''))
      return tasks.length > 0 ? tasks : withTruth
    }
    expect(names.flatMap((n) => findLeaks(nameAsWords(n), readers(n).flatMap((t) => prose.get(t)!)).map((l) => `${n}: ${l.word}`))).toEqual([])
  })
})
