import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import definition from '../../lib/tasks/definitions/enterprise/code_review_hard.js'
import { renderCategories } from '../../lib/tasks/categories.js'
import { parseUnifiedDiff } from '../../lib/tasks/diff.js'
import { scoreCodeReview } from '../../lib/eval/scorers/code-review.js'
import { type CodeFinding, type CodeReviewDeliverable, type CodeReviewTruth, CODE_CATEGORIES } from '../../lib/tasks/kinds/code-review.js'
import { assertValid, loadRegistry, PROJECT_ROOT, TaskRegistryError } from '../../lib/tasks/registry.js'
import { buildTruth, FIXTURE_DIR, locate, truthJson } from '../../tools/fixtures/larkspur-review.js'
import { descriptionOf } from '../../tools/fixtures/larkspur-tree.js'
import { tempDir } from '../support/temp.js'

const task = (await loadRegistry()).get('code_review_hard')
const truth = task.truth!.data as CodeReviewTruth
const pullRequests = task.resolvedInputs.filter((i) => i.format === 'diff')
const SECURITY = new Set(['injection', 'auth_bypass', 'path_traversal', 'hardcoded_secret'])

describe('code_review_hard: the task as built', () => {
  test('its ground truth is exactly what tools/fixtures/larkspur-review.ts computes from the diffs', () => {
    expect(readFileSync(join(FIXTURE_DIR, 'ground-truth.json'), 'utf8')).toBe(truthJson())
  })

  test('every planted line and decoy line is one the diff shows, in its own pull request (checked again through the gutter the agents see)', () => {
    for (const d of truth.diffs) {
      const rendered = pullRequests.find((p) => p.id === d.input)!.rendered.split('\n')
      const spots = [...d.issues.flatMap((i) => [{ file: i.file, lines: i.lines }, ...(i.locations ?? [])]), ...d.decoys]
      for (const spot of spots) {
        // The gutter numbers restart at every file header: find the file's block, then the numbered line.
        const from = rendered.findIndex((l) => l.trim() === `+++ b/${spot.file}`)
        expect(from, `${d.input} ${spot.file}`).toBeGreaterThanOrEqual(0)
        const to = rendered.findIndex((l, i) => i > from && l.trim().startsWith('diff --git '))
        const block = rendered.slice(from, to === -1 ? undefined : to)
        for (let line = spot.lines.start; line <= spot.lines.end; line++) {
          expect(block.some((l) => l.startsWith(`${String(line).padStart(5)} `)), `${d.input} ${spot.file}:${line}`).toBe(true)
        }
      }
    }
  })

  test('twelve pull requests of 300 to 1,500 changed lines over several files, 30 to 50 % of them clean or decoys', () => {
    expect(pullRequests).toHaveLength(12)
    for (const p of pullRequests) {
      const files = parseUnifiedDiff(p.content)
      const changed = files.flatMap((f) => f.lines).filter((l) => l.kind !== 'context').length
      expect(changed, p.id).toBeGreaterThanOrEqual(300)
      expect(changed, p.id).toBeLessThanOrEqual(1500)
      expect(files.length, p.id).toBeGreaterThanOrEqual(4)
    }
    const clean = truth.diffs.filter((d) => d.kind !== 'defective').length / truth.diffs.length
    expect(clean).toBeGreaterThanOrEqual(0.3)
    expect(clean).toBeLessThanOrEqual(0.5)
  })

  test('every diff is a change of the committed main tree: its context and removed lines are main’s lines, its new files are not in main', () => {
    for (const p of pullRequests) {
      const isNew = new Set([...p.content.matchAll(/^diff --git a\/(\S+) b\/\S+\nnew file mode/gm)].map((m) => m[1]!))
      for (const file of parseUnifiedDiff(p.content)) {
        const onMain = join(FIXTURE_DIR, 'main', file.path)
        if (isNew.has(file.path)) {
          expect(existsSync(onMain), `${p.id} adds ${file.path}, which main already has`).toBe(false)
          continue
        }
        const main = readFileSync(onMain, 'utf8').split('\n')
        for (const line of file.lines.filter((l) => l.oldLine !== null)) {
          expect(main[line.oldLine! - 1], `${p.id} ${file.path}:${line.oldLine}`).toBe(line.text)
        }
      }
      expect(descriptionOf(p.content).split('\n')[0], p.id).toMatch(/^[A-Z]\S* /)
    }
  })

  test('the repository files are context in text formats from the main tree, and every pull request has a ground-truth entry', () => {
    const context = task.resolvedInputs.filter((i) => i.format !== 'diff')
    expect(context.map((i) => i.id)).toEqual(Array.from({ length: 16 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`))
    expect(new Set(context.map((i) => i.format))).toEqual(new Set(['markdown', 'json', 'text']))
    for (const input of context) expect(input.path, input.id).toMatch(/^hard\/larkspur\/main\//)
    expect(truth.diffs.map((d) => d.input)).toEqual(pullRequests.map((p) => p.id))
  })

  test('each verdict follows the brief’s rule from its own issues', () => {
    for (const d of truth.diffs) {
      const blocks = d.issues.some((i) => i.severity === 'CRITICAL' || (i.severity === 'HIGH' && SECURITY.has(i.category)))
      expect(d.verdict, d.input).toBe(blocks ? 'BLOCK' : d.issues.length > 0 ? 'REQUEST_CHANGES' : 'APPROVE')
    }
  })

  test('the task adds its own categories, uses each of them, and the brief shows every category with its description', () => {
    const own = task.categories.filter((c) => !CODE_CATEGORIES.some((d) => d.id === c.id)).map((c) => c.id)
    expect(own).toEqual(['data_integrity', 'money_arithmetic', 'unicode_normalisation', 'integer_overflow', 'idempotency', 'stale_cache', 'pagination'])
    const used = new Set(truth.diffs.flatMap((d) => d.issues.map((i) => i.category)))
    for (const id of own) expect(used.has(id), id).toBe(true)
    expect(task.brief).toContain(renderCategories(task.categories))
  })

  test('a realistic severity mix with must-catch items in several pull requests, and defects that span files', () => {
    const issues = truth.diffs.flatMap((d) => d.issues.map((i) => ({ ...i, diff: d.input })))
    const count = (s: string) => issues.filter((i) => i.severity === s).length
    expect([count('CRITICAL'), count('HIGH'), count('MEDIUM'), count('LOW')]).toEqual([5, 6, 13, 9])
    // The brief's CRITICAL: exploitable now by an ordinary authenticated user or API key to change what it may not
    // (a read-only dashboard user issuing credit notes, a customers:read key redirecting invoices).
    expect(issues.filter((i) => ['p01-2', 'p12-1'].includes(i.id)).map((i) => i.severity)).toEqual(['CRITICAL', 'CRITICAL'])
    const mustCatch = issues.filter((i) => i.severity === 'CRITICAL' || i.severity === 'HIGH')
    expect(new Set(mustCatch.map((i) => i.diff)).size).toBeGreaterThanOrEqual(7)
    const acrossFiles = issues.filter((i) => (i.locations ?? []).some((l) => l.file !== i.file))
    expect(acrossFiles.map((i) => i.id)).toEqual(['p01-1', 'p01-3', 'p06-2', 'p10-1'])
    // Pull requests whose defects are all MEDIUM or LOW, and the clean ones, are verdicts a reviewer can get wrong either way.
    expect(truth.diffs.filter((d) => d.verdict === 'REQUEST_CHANGES').map((d) => d.input)).toEqual(['p02', 'p04', 'p09'])
    expect(truth.diffs.filter((d) => d.verdict === 'APPROVE').map((d) => d.input)).toEqual(['p05', 'p07', 'p08', 'p11'])
  })
})

describe('code_review_hard: scoring its ground truth', () => {
  const finding = (file: string, line: number, category: string, severity: CodeFinding['severity']): CodeFinding => ({ file, line, category, severity, explanation: 'e', fix: 'f' })
  const deliverable = (pick: (i: CodeReviewTruth['diffs'][number]['issues'][number]) => CodeFinding | null): CodeReviewDeliverable => ({
    reviews: truth.diffs.map((d) => ({ diff: d.input, verdict: d.verdict, summary: 's', findings: d.issues.flatMap((i) => pick(i) ?? []) })),
  })

  test('every issue at its first place: 100, every must-catch item caught', () => {
    const s = scoreCodeReview(truth, deliverable((i) => finding(i.file, i.lines.start, i.category, i.severity)))
    expect(s.score).toBe(100)
    expect(s.mustCatch).toHaveLength(16)
    expect(s.mustCatch.every((m) => m.caught)).toBe(true)
  })

  test('every issue at its last further place, in its last further category where it has one: still 100', () => {
    const s = scoreCodeReview(
      truth,
      deliverable((i) => {
        const at = i.locations?.at(-1) ?? { file: i.file, lines: i.lines }
        return finding(at.file, at.lines.end, i.alsoCategories?.at(-1) ?? i.category, i.severity)
      }),
    )
    expect(s.score).toBe(100)
  })

  test('only the must-catch items, with the right verdicts: computed by hand', () => {
    const s = scoreCodeReview(truth, deliverable((i) => (i.severity === 'CRITICAL' || i.severity === 'HIGH' ? finding(i.file, i.lines.start, i.category, i.severity) : null)))
    // Severity weights: 5 CRITICAL × 4 + 6 HIGH × 3 = 38 caught of 38 + 13 MEDIUM × 2 + 9 LOW × 1 = 73.
    // 100 × (0.35 · 38/73 + 0.35 · 11/11 + 0.2 · 12/12 + 0.1 · 11/11) = 18.2192 + 35 + 20 + 10; recall 11/33.
    expect(s.score).toBe(83.2192)
    expect(s.metrics).toMatchObject({ recall: 0.3333, precision: 1, verdict_accuracy: 1 })
  })

  test('an empty review: 0, and all sixteen must-catch items missed', () => {
    const s = scoreCodeReview(truth, { reviews: [] })
    expect(s.score).toBe(0)
    expect(s.mustCatch.filter((m) => !m.caught)).toHaveLength(16)
  })
})

// --- Broken variants of the hard task: a copy of its definition and fixtures, one defect at a time. ---

async function problemsOf(change: (root: string, truth: CodeReviewTruth, def: Record<string, unknown>) => void): Promise<string[]> {
  const root = tempDir('orgbench-hard-')
  cpSync(join(PROJECT_ROOT, 'fixtures', 'hard', 'larkspur'), join(root, 'fixtures', 'hard', 'larkspur'), { recursive: true })
  const copy = structuredClone(truth)
  const def = structuredClone(definition) as Record<string, unknown>
  change(root, copy, def)
  writeFileSync(join(root, 'fixtures', 'hard', 'larkspur', 'ground-truth.json'), JSON.stringify(copy, null, 2))
  mkdirSync(join(root, 'defs', 'enterprise'), { recursive: true })
  writeFileSync(join(root, 'defs', 'enterprise', 'code_review_hard.ts'), `export default ${JSON.stringify(def, null, 2)}\n`)
  const registry = await loadRegistry({ root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') })
  let error: unknown = null
  try {
    assertValid(registry)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(TaskRegistryError)
  return (error as TaskRegistryError).problems
}

const TRUTH = 'fixtures/hard/larkspur/ground-truth.json'
const issue = (t: CodeReviewTruth, id: string) => t.diffs.flatMap((d) => d.issues).find((i) => i.id === id)!

describe('code_review_hard: a broken variant is an error naming the file and the field', () => {
  test('the unchanged copy loads', async () => {
    const root = tempDir('orgbench-hard-')
    cpSync(join(PROJECT_ROOT, 'fixtures', 'hard', 'larkspur'), join(root, 'fixtures', 'hard', 'larkspur'), { recursive: true })
    mkdirSync(join(root, 'defs', 'enterprise'), { recursive: true })
    writeFileSync(join(root, 'defs', 'enterprise', 'code_review_hard.ts'), `export default ${JSON.stringify(definition, null, 2)}\n`)
    const copy = (await loadRegistry({ root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') })).get('code_review_hard')
    expect(copy.truth).toEqual(task.truth)
  })

  test('a further location on a line its diff does not show', async () => {
    const problems = await problemsOf((_root, t) => (issue(t, 'p01-1').locations![0]!.lines = { start: 900, end: 900 }))
    expect(problems).toEqual([`${TRUTH}: field diffs.0.issues.0.locations.0.lines: line 900 does not exist on the new side of larkspur/models.py in p01`])
  })

  test('a further location in a file of another pull request', async () => {
    const problems = await problemsOf((_root, t) => (issue(t, 'p03-1').locations![0]!.file = 'larkspur/credits/service.py'))
    expect(problems).toEqual([
      `${TRUTH}: field diffs.2.issues.0.locations.0.file: expected a file changed in p03 (gateway/src/lib/csv.ts, gateway/src/lib/downloadLinks.ts, gateway/src/routes/exports.ts, gateway/src/routes/index.ts, gateway/src/services/exports.ts, gateway/src/workers/exportWorker.ts, gateway/test/exports.test.ts, larkspur/migrations/versions/0018_export_ranges.py, larkspur/models.py), got "larkspur/credits/service.py"`,
    ])
  })

  test('ground truth that uses the task’s own categories when the task no longer adds them', async () => {
    const problems = await problemsOf((_root, _t, def) => (def.categories = []))
    // Counted by hand in the ground truth: 16 issue categories, 5 further categories and 7 decoy look-alikes are the task’s own.
    expect(problems).toHaveLength(28)
    expect(problems[0]).toMatch(/^fixtures\/hard\/larkspur\/ground-truth\.json: field diffs\.0\.issues\.0\.category: expected one of the task's categories \(injection, .*\), got "data_integrity"/)
    expect(problems.some((p) => p.includes('field diffs.3.issues.1.category') && p.includes('got "money_arithmetic"'))).toBe(true)
    expect(problems.some((p) => p.includes('field diffs.11.issues.2.category') && p.includes('got "stale_cache"'))).toBe(true)
    expect(problems.some((p) => p.includes('field diffs.4.decoys.0.looksLike') && p.includes('got "money_arithmetic"'))).toBe(true)
  })

  test('a further category the task does not have', async () => {
    const problems = await problemsOf((_root, t) => (issue(t, 'p01-1').alsoCategories = ['retry_storm']))
    expect(problems).toEqual([expect.stringMatching(/^fixtures\/hard\/larkspur\/ground-truth\.json: field diffs\.0\.issues\.0\.alsoCategories\.0: expected one of the task's categories .*got "retry_storm"/)])
  })

  test('a pull request left out of the ground truth', async () => {
    const problems = await problemsOf((_root, t) => (t.diffs = t.diffs.filter((d) => d.input !== 'p05')))
    expect(problems).toEqual([`${TRUTH}: field diffs: expected an entry for diff input "p05" (a clean diff is listed with kind "clean" and no issues)`])
  })

  test('a clean pull request with an issue, and a defective one without', async () => {
    const problems = await problemsOf((_root, t) => {
      t.diffs[4]!.issues = [issue(t, 'p01-2')]
      t.diffs[8]!.issues = []
    })
    expect(problems).toContain(`${TRUTH}: field diffs.4.issues: expected no issues for a decoy diff`)
    expect(problems).toContain(`${TRUTH}: field diffs.8.issues: expected at least one issue for a defective diff`)
  })

  test('a hunk header that disagrees with its body names the fixture, the hunk, the file and the pull request', async () => {
    const problems = await problemsOf((root) => {
      const path = join(root, 'fixtures', 'hard', 'larkspur', 'p04.diff')
      const text = readFileSync(path, 'utf8')
      const header = '+++ b/larkspur/usage/totals.py\n@@ -0,0 +1,28 @@'
      expect(text).toContain(header)
      writeFileSync(path, text.replace(header, '+++ b/larkspur/usage/totals.py\n@@ -0,0 +1,29 @@'))
    })
    expect(problems).toEqual(['fixtures/hard/larkspur/p04.diff: hunk 1 of larkspur/usage/totals.py in p04 (@@ -0,0 +1,29 @@): header says +1,29 but the body has 28 new lines'])
  })
})

describe('the truth generator', () => {
  const diff = '+++ b/a.py\n@@ -0,0 +1,3 @@\n+x = 1\n+y = 2\n+x = 1\n'

  test('refuses a pull request without the file of an anchor', () => {
    expect(() => buildTruth(() => diff)).toThrow(/^p01: no file larkspur\/migrations\/versions\/0018_credit_notes\.py in the diff$/)
  })

  test('refuses an anchor that is not exactly one line of its file, unless it says which of them it means', () => {
    expect(() => locate(diff, 'p99', { file: 'a.py', text: 'x = 1' })).toThrow('p99: expected one line of a.py containing "x = 1", found 2')
    expect(locate(diff, 'p99', { file: 'a.py', text: 'x = 1', nth: 1, span: 1 })).toEqual({ file: 'a.py', lines: { start: 3, end: 3 } })
    expect(locate(diff, 'p99', { file: 'a.py', text: 'y = 2', span: 2 })).toEqual({ file: 'a.py', lines: { start: 2, end: 3 } })
    expect(() => locate(diff, 'p99', { file: 'a.py', text: 'x = 1', nth: 2 })).toThrow('p99: expected at least 3 lines of a.py containing "x = 1", found 2')
  })
})
