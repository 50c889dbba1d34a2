import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { benchmarkFile, benchmarkFileProblems, designReferenceProblems, fileNameProblems } from '../../lib/tasks/readiness.js'
import { tempDir } from '../support/temp.js'

const IMPORT = "import { benchTask } from '../../lib/run/bench.js'"
const benchText = (id: string) => `${IMPORT}\n\nawait benchTask('${id}')\n`

/** A project root holding the given files (path relative to the root → text). */
function project(files: Record<string, string>): string {
  const root = tempDir()
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const march = { id: 'march_close', track: 'finance', tier: 'standard', deliverable: 'reconciliation' } as const
const where = 'defs/finance/march_close.ts'

describe('benchmarkFile', () => {
  test("the track's folder, or hard/ for the hard tier, named after the id with dashes", () => {
    expect(benchmarkFile(march)).toBe('benchmarks/finance/march-close.test.ts')
    expect(benchmarkFile({ ...march, tier: 'hard' })).toBe('benchmarks/hard/march-close.test.ts')
  })
})

describe('benchmarkFileProblems: what test/benchmarks.test.ts holds every task to', () => {
  test('the two-line file in its place: no problem', () => {
    expect(benchmarkFileProblems(march, project({ 'benchmarks/finance/march-close.test.ts': benchText('march_close') }), where)).toEqual([])
  })

  test('no benchmark file names the file and its two lines', () => {
    expect(benchmarkFileProblems(march, project({}), where)).toEqual([
      `${where}: no benchmark file benchmarks/finance/march-close.test.ts: expected one with the two lines "${IMPORT}" and "await benchTask('march_close')" (a standard-tier task's benchmark file lives in benchmarks/finance/)`,
    ])
  })

  test('a hard-tier task whose file sits in its track folder: the file it needs, and the one that is out of place', () => {
    const root = project({ 'benchmarks/finance/march-close.test.ts': benchText('march_close') })
    expect(benchmarkFileProblems({ ...march, tier: 'hard' }, root, where)).toEqual([
      `${where}: no benchmark file benchmarks/hard/march-close.test.ts: expected one with the two lines "${IMPORT}" and "await benchTask('march_close')" (a hard-tier task's benchmark file lives in benchmarks/hard/)`,
      "benchmarks/finance/march-close.test.ts: runs task march_close, whose one benchmark file is benchmarks/hard/march-close.test.ts (a hard-tier task's benchmark file lives in benchmarks/hard/)",
    ])
  })

  test('a file in its place that runs another id, or lacks a line of the guide', () => {
    expect(benchmarkFileProblems(march, project({ 'benchmarks/finance/march-close.test.ts': benchText('march_closing') }), where)).toEqual([
      "benchmarks/finance/march-close.test.ts: expected exactly one call, benchTask('march_close'), got benchTask('march_closing')",
    ])
    expect(benchmarkFileProblems(march, project({ 'benchmarks/finance/march-close.test.ts': "benchTask('march_close')\n" }), where)).toEqual([
      `benchmarks/finance/march-close.test.ts: expected the line "${IMPORT}"`,
      'benchmarks/finance/march-close.test.ts: expected a line starting "await benchTask(" (a benchmark file declares its tests when it is loaded)',
    ])
  })

  test('learning files are not benchmark files: a learning file of the same task is no problem', () => {
    const root = project({ 'benchmarks/finance/march-close.test.ts': benchText('march_close'), 'benchmarks/learning/march-close.test.ts': "await learnTask('march_close')\nbenchTask('march_close')\n" })
    expect(benchmarkFileProblems(march, root, where)).toEqual([])
  })
})

describe('fileNameProblems', () => {
  test('a definition is named after its id', () => {
    expect(fileNameProblems(march, '/p/defs/finance/march_close.ts', where)).toEqual([])
    expect(fileNameProblems({ ...march, id: 'march_closing' }, '/p/defs/finance/march_close.ts', where)).toEqual([
      `${where}: field id: expected "march_close" (the file's name), got "march_closing"; name the file march_closing.ts or change the id`,
    ])
  })
})

describe('designReferenceProblems', () => {
  const pricing = { id: 'pricing_review', track: 'general', tier: 'standard', deliverable: 'markdown' } as const
  const shown = (root: string) => (p: string) => p.slice(root.length + 1)

  test('a design task needs strong.md and weak.md; the message names the missing ones and why', () => {
    const root = project({ 'fixtures/calibration/pricing_review/strong.md': '# Plan\n' })
    expect(designReferenceProblems(pricing, join(root, 'fixtures'), 'defs/general/pricing_review.ts', shown(root))).toEqual([
      'defs/general/pricing_review.ts: a design task needs its reference deliverables fixtures/calibration/pricing_review/strong.md and fixtures/calibration/pricing_review/weak.md (missing: weak.md): the simulator writes its deliverables from them, so a run without a model endpoint cannot answer the task; see "Design tasks" in docs/writing-a-task.md',
    ])
  })

  const STRONG = '# Plan\n\n## 1. Timeline\n\nSix weekends, one floor each.\n\n## 2. Budget\n\n180,000 EUR in all.\n'
  const WEAK = '# Plan\n\n## Timeline\n\nThe move takes a while.\n\n## Budget\n\nThe budget is adequate.\n'
  const withReferences = (strong: string, weak: string) => {
    const root = project({ 'fixtures/calibration/pricing_review/strong.md': strong, 'fixtures/calibration/pricing_review/weak.md': weak })
    return designReferenceProblems(pricing, join(root, 'fixtures'), 'x', shown(root))
  }

  test('with both in "## " sections, or for an execution task, no problem', () => {
    expect(withReferences(STRONG, WEAK)).toEqual([])
    expect(designReferenceProblems(march, join(project({}), 'fixtures'), 'x', (p) => p)).toEqual([])
  })

  test('references the simulator cannot read as "## " sections are named with what was expected', () => {
    expect(withReferences(STRONG.replaceAll('## ', '### '), WEAK.replaceAll('## ', '### '))).toEqual([
      'fixtures/calibration/pricing_review/strong.md: expected "## " sections with paragraphs under them (each paragraph is a point a simulated agent may state), got no "## " section with a paragraph under it (its headings: "# Plan", "### 1. Timeline", "### 2. Budget")',
      'fixtures/calibration/pricing_review/weak.md: expected the "## " sections of strong.md, in the same order, with generic prose under them, got no "## " section with a paragraph under it (its headings: "# Plan", "### Timeline", "### Budget")',
    ])
    expect(withReferences(STRONG, '')).toEqual(['fixtures/calibration/pricing_review/weak.md: expected the "## " sections of strong.md, in the same order, with generic prose under them, got an empty file'])
    expect(withReferences('Six weekends, one floor each.\n', WEAK)[0]).toBe(
      'fixtures/calibration/pricing_review/strong.md: expected "## " sections with paragraphs under them (each paragraph is a point a simulated agent may state), got no "## " section with a paragraph under it',
    )
    expect(withReferences(STRONG, '## Timeline\n\nThe move takes a while.\n')).toEqual(['fixtures/calibration/pricing_review/weak.md: expected a "## " section for each of the 2 of strong.md, in the same order, got 1'])
  })

})
