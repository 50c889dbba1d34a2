import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CODE_CATEGORIES } from '../../lib/tasks/kinds/code-review.js'
import type { TaskTruth } from '../../lib/tasks/kinds/index.js'
import { describeEchoes, focusEchoes } from '../../lib/tasks/focus-echoes.js'
import { describeLeaks, findLeaks, findNameLeaks, type LeakWord, leakWords, leakWordsOfTask, readByEveryAgent } from '../../lib/tasks/neutrality.js'
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
    expect(findNameLeaks('sqlInjection.ts', words).map((l) => l.word)).toEqual(['injection'])
  })

  test('reads -y, -ed, -ing and -er forms and digits as word boundaries, in prose too', () => {
    const words = w('leak', 'bug', 'race_condition')
    expect(findLeaks('the handle is leaking', words).map((l) => l.word)).toEqual(['leak'])
    expect(findLeaks('a leaky pool and a buggy loop', words).map((l) => l.word)).toEqual(['leak', 'bug'])
    expect(findLeaks('Racing conditions', words)).toEqual([])
    expect(findLeaks('debugging the leakage', words)).toEqual([])
  })

  test('in prose a one-word giveaway is not split ("time zone" is not "timezone"); in a name it is', () => {
    const words = w('timezone', 'fencepost')
    expect(findLeaks('in which time zone each date range ends', words)).toEqual([])
    expect(findNameLeaks('fence-post.diff', words).map((l) => l.word)).toEqual(['fencepost'])
    expect(findNameLeaks('time_zone3.diff', words).map((l) => l.word)).toEqual(['timezone'])
  })

  test('every occurrence counts: one that does not qualify does not hide a later one', () => {
    const verdict: LeakWord = { word: 'request_changes', why: 'test', notAfter: 'pull' }
    expect(findNameLeaks('pull-request-changes.diff', [verdict])).toEqual([])
    expect(findNameLeaks('pull-request-changes-request-changes.diff', [verdict])).toEqual([verdict])
    expect(findLeaks('in which time zone, or timezone, each range ends', w('timezone')).map((l) => l.word)).toEqual(['timezone'])
  })

  test('one list of words searched in many texts finds in each text its own words', () => {
    const words = w('leak', 'race_condition', 'n+1')
    expect(['leak01.diff', 'race-condition.diff', 'n+1.diff', 'p1.diff', 'leak-n+1.diff'].map((name) => findNameLeaks(name, words).map((l) => l.word))).toEqual([['leak'], ['race_condition'], ['n+1'], [], ['leak', 'n+1']])
  })

  test('a word with other characters than letters must occur as written', () => {
    const words = w('n+1')
    expect(findNameLeaks('n+1-queries.diff', words).map((l) => l.word)).toEqual(['n+1'])
    expect(findNameLeaks('n1.diff', words)).toEqual([])
  })
})

describe('findNameLeaks on the names a task writer gives numbered or inflected fixtures', () => {
  const words = w('leak', 'unclosed', 'fencepost', 'obo')
  test.each([
    ['leak01.diff', 'leak'],
    ['unclosed2.diff', 'unclosed'],
    ['fencepost3.diff', 'fencepost'],
    ['fence-post.diff', 'fencepost'],
    ['p1leak.diff', 'leak'],
    ['fileLeak.diff', 'leak'],
    ['LEAK-1.diff', 'leak'],
    ['export-leaky/p1.diff', 'leak'],
    ['leaking.diff', 'leak'],
    ['leaked.diff', 'leak'],
    ['obo2', 'obo'],
  ])('%s holds "%s"', (name, word) => {
    expect(findNameLeaks(name, words).map((l) => l.word)).toEqual([word])
  })

  test.each(['p1.diff', 'd03.diff', 'export-paging.diff', 'leakage-report.md', 'bloke.diff', 'unclosedness.md'])('%s is neutral', (name) => {
    expect(findNameLeaks(name, words)).toEqual([])
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
    const leaks = findNameLeaks(name, namesOf(truth(category, summary), diff('a.py', 'def verify(sig, expected): return sig == expected')))
    expect(describeLeaks(leaks)).toContain(expected)
  })

  // The names of a review of two diffs, p1 with two planted issues (one HIGH) and p2 clean, each of which passed before verdict words were checked.
  const review: TaskTruth = {
    kind: 'code_review',
    data: {
      diffs: [
        { input: 'p1', kind: 'defective', verdict: 'REQUEST_CHANGES', issues: [{ id: 'p1-1', category: 'off_by_one', severity: 'HIGH', file: 'a.py', lines: { start: 1, end: 1 }, summary: 'Each page returns one row too many.' }], decoys: [] },
        { input: 'p2', kind: 'clean', verdict: 'APPROVE', issues: [], decoys: [] },
      ],
    },
  }
  test.each([
    ['p2-clean.diff', '"clean" (a word that states a verdict)'],
    ['p2-approve.diff', '"approve" (a verdict of the review)'],
    ['p2-ok.diff', '"ok"'],
    ['no-defect.diff', '"defect"'],
    ['decoy.diff', '"decoy"'],
    ['p1-defective.diff', '"defective" (a kind of diff the ground truth gives)'],
    ['p1-buggy.diff', '"bug"'],
    ['p1-block.diff', '"block" (a verdict of the review)'],
    ['p1-request-changes.diff', '"request_changes" (a verdict of the review)'],
    ['p1-high.diff', '"high" (the severity of p1-1)'],
    ['two-issues.diff', '"issues"'],
    ['Pull request p2 (clean)', '"clean"'],
    ['svc/clean_money.py', '"clean"'],
    ['p2-fine.diff', '"fine"'],
    ['p2-safe.diff', '"safe"'],
    ['p2-benign.diff', '"benign"'],
  ])('%s is refused as a verdict: %s', (name, expected) => {
    expect(describeLeaks(findNameLeaks(name, namesOf(review, '')))).toContain(expected)
  })

  test.each(['p1.diff', 'Pull request p2', 'Pull request changes to the exporter', 'cleanup.diff', 'debug-log.diff', 'larkspur/jobs/issue_invoices.py', 'medium-term.diff'])(
    '%s is neutral in that review',
    (name) => {
      expect(findNameLeaks(name, namesOf(review, ''))).toEqual([])
    },
  )

  test('verdict words are not checked in role foci, which may ask whether a change is safe', () => {
    const words = leakWords({ truth: review, categories: CODE_CATEGORIES, seen: '' })
    expect(findLeaks('Whether each change is safe to ship and which rows it returns.', words.prose)).toEqual([])
  })

  test('a summary word that agents read anyway (it is in the code) is not a giveaway', () => {
    const names = namesOf(truth('performance', 'digestTotals loads every account per row.'), diff('digest.py', 'def digestTotals(accounts): ...'))
    expect(findNameLeaks('digest-totals.diff', names)).toEqual([])
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
    expect(names.flatMap((n) => findNameLeaks(n, words.names).map((l) => `${n}: ${l.word}`))).toEqual([])
    expect(task.roles.flatMap((r) => findLeaks(r.focus, words.prose).map((l) => `${r.id}: ${l.word}`))).toEqual([])
    const echoes = focusEchoes({ truth: task.truth!, seen: readByEveryAgent(task) })
    expect(task.roles.flatMap((r) => echoes(r.focus).map((e) => `${r.id}: ${describeEchoes([e])}`))).toEqual([])
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
    expect(names.flatMap((n) => findNameLeaks(n, readers(n).flatMap((t) => prose.get(t)!)).map((l) => `${n}: ${l.word}`))).toEqual([])
  })
})
