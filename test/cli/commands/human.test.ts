import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { makeRecord, writeRunFixture } from '../../results/fixtures.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

const TASK = 'code_review_protocol'
/** Records of `topologies` on two trials, the organisations' judged against the single agent (unless `judged` is false). */
const records = (topologies: string[], judged = true) =>
  topologies.flatMap((topology) =>
    [1, 2].map((trial) => ({
      ...makeRecord({ task: TASK, topology, trial, pairwise: judged && topology !== 'single' ? 'win' : undefined }),
      deliverable: { kind: 'markdown' as const, text: `The review of ${topology}, trial ${trial}.` },
    })),
  )

/** A run of single and star written into `dir` and exported for grading; the export folder and the run file. */
async function exported(dir: string): Promise<{ run: string; out: string }> {
  const run = join(dir, 'run.json')
  await writeRunFixture(run, records(['single', 'star']), { runId: 'sim-run-h' })
  const out = join(dir, 'export')
  await cli('human', 'export', run, '--pairs', '5', '--out', out)
  return { run, out }
}

/** The export's grades template filled in by `grader`: B preferred, 7 on every dimension. */
const filledTemplate = (out: string, grader: string) =>
  readFileSync(join(out, 'grader', 'grades-template.csv'), 'utf8').replace(/^([^,]+),,(.*),$/gm, (_, exportId: string, rest: string) => `${exportId},${grader},${rest},${rest.includes('preference') ? 'B' : '7'}`)

describe('orgbench human', () => {
  test('export writes the grader folder and, apart from it, the key; importing the untouched template finds no answers', async () => {
    const dir = tempDir()
    const run = join(dir, 'run.json')
    await writeRunFixture(run, records(['single', 'star']), { runId: 'sim-run-h' })
    const out = join(dir, 'export')
    const exported = await cli('human', 'export', run, '--pairs', '5', '--out', out)
    expect(exported.code).toBe(0)
    expect(exported.out.split('\n').slice(0, 2)).toEqual([
      '2 pairs from sim-run-h (SIMULATED)',
      '(5 asked: the run gives 2 from its 2 trials, at most one per task and trial: a single-agent deliverable shown in two items would be recognised by its repetition; run more trials for more pairs)',
    ])
    expect(readdirSync(join(out, 'grader')).sort()).toEqual(expect.arrayContaining(['grades-template.csv', 'index.html', 'items.csv', 'items.json']))
    expect(readdirSync(join(out, 'grader'))).not.toContain('key.json')
    expect(JSON.parse(readFileSync(join(out, 'key.json'), 'utf8')).items).toHaveLength(2)

    const template = join(out, 'grader', 'grades-template.csv')
    const imported = await cli('human', 'import', join(out, 'key.json'), template)
    expect([imported.code, imported.err]).toEqual([2, `orgbench human import: ${template}: no answers found (every value is empty)`])
    expect(existsSync(join(out, 'agreement.json'))).toBe(false)
  })

  test('grades imported into an export written elsewhere reach the report through --human, and import says so', async () => {
    const dir = tempDir()
    const { run, out } = await exported(dir)
    writeFileSync(join(dir, 'ann.csv'), filledTemplate(out, 'ann'))
    const imported = await cli('human', 'import', join(out, 'key.json'), join(dir, 'ann.csv'))
    expect(imported.code).toBe(0)
    expect(imported.out.split('\n').at(-1)).toBe(`the report shows it with: npx orgbench report <results file> --human ${relative(process.cwd(), out)}`)

    const without = await cli('report', run, '--out', join(dir, 'report'))
    expect(without.code).toBe(0)
    expect(readFileSync(join(dir, 'report', 'summary.md'), 'utf8')).toContain('Judge not validated against people')
    const withHuman = await cli('report', run, '--out', join(dir, 'report'), '--human', out)
    expect(withHuman.code).toBe(0)
    expect(readFileSync(join(dir, 'report', 'summary.md'), 'utf8')).toMatch(/judge vs people — sim-judge on export sim-run-h-/)
    expect(readFileSync(join(dir, 'report', 'index.html'), 'utf8')).toMatch(/<h3>judge vs people — sim-judge on export sim-run-h-/)
  })

  test("an import that replaces the agreement of graders it leaves out names them: grades imported as they arrive keep only the last", async () => {
    const dir = tempDir()
    const { out } = await exported(dir)
    writeFileSync(join(dir, 'ann.csv'), filledTemplate(out, 'ann'))
    writeFileSync(join(dir, 'bob.csv'), filledTemplate(out, 'bob').replace(/,B$/gm, ',A'))
    const keyPath = join(out, 'key.json')
    expect((await cli('human', 'import', keyPath, join(dir, 'ann.csv'))).err).toBe('')
    const bob = await cli('human', 'import', keyPath, join(dir, 'bob.csv'))
    expect([bob.code, bob.err]).toEqual([0, `note: ${join(out, 'agreement.json')} held the agreement of ann too, which this import replaces without them: give every grader's file in one import`])
    const both = await cli('human', 'import', keyPath, join(dir, 'ann.csv'), join(dir, 'bob.csv'))
    expect([both.code, both.err]).toEqual([0, ''])
  })

  test("a second grader's file with the same answer everywhere is refused as a copy, unless --allow-identical says they graded apart", async () => {
    const dir = tempDir()
    const { out } = await exported(dir)
    writeFileSync(join(dir, 'ann.csv'), filledTemplate(out, 'Ann'))
    writeFileSync(join(dir, 'bob.csv'), filledTemplate(out, 'Bob'))
    const files = [join(dir, 'ann.csv'), join(dir, 'bob.csv')]
    const refused = await cli('human', 'import', join(out, 'key.json'), ...files)
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(new RegExp(`^orgbench human import: ${files.join(', ')}: graders Ann and Bob gave the same answer on all \\d+ answers they share \\(2 item\\(s\\)\\)`))
    expect(existsSync(join(out, 'agreement.json'))).toBe(false)
    const allowed = await cli('human', 'import', join(out, 'key.json'), ...files, '--allow-identical')
    expect(allowed.code).toBe(0)
    expect(allowed.out).toContain('2 grader(s): Ann, Bob')
  })

  test('a run without a pair to grade is refused, naming the file and what it needs', async () => {
    const run = join(tempDir(), 'run.json')
    await writeRunFixture(run, records(['single']))
    const r = await cli('human', 'export', run)
    expect([r.code, r.err]).toEqual([2, `orgbench human export: ${run}: no pairs to grade (the run needs successful single-agent and organisation records of the same task and trial)`])
  })

  test("an export into a folder that holds another export's key is refused, naming both; the same export written again is not", async () => {
    const dir = tempDir()
    const { run, out } = await exported(dir)
    const key = readFileSync(join(out, 'key.json'), 'utf8')
    expect((await cli('human', 'export', run, '--pairs', '5', '--out', out)).code).toBe(0)
    const other = await cli('human', 'export', run, '--pairs', '5', '--seed', '2', '--out', out)
    const ids = [key, readFileSync(join(out, 'key.json'), 'utf8')].map((k) => JSON.parse(k).exportId as string)
    expect(ids[1]).toBe(ids[0])
    expect([other.code, other.err]).toEqual([
      2,
      `orgbench human export: ${join(out, 'key.json')}: holds the key of export ${ids[0]}, whose graders' files import only with it; this export is sim-run-h-h2-${other.err.match(/sim-run-h-h2-(\w+)/)?.[1]}: write it to another folder (--out), or remove that one first`,
    ])
  })

  test('a run without judge results is refused before anyone grades it: there would be nothing to compare with', async () => {
    const run = join(tempDir(), 'run.json')
    await writeRunFixture(run, records(['single', 'star'], false))
    const r = await cli('human', 'export', run)
    expect([r.code, r.err]).toEqual([
      2,
      `orgbench human export: ${run}: the run has no judge results (was it run with ORGBENCH_JUDGE=off?): people's grades would have nothing to compare with; judge it first (npx orgbench rescore ${run}) and export the rescored run`,
    ])
  })

  test('grades that meet no judge result (a key without them) are said to validate nothing, and the report says the judge is not validated', async () => {
    const dir = tempDir()
    const { run, out } = await exported(dir)
    const keyPath = join(out, 'key.json')
    const key = JSON.parse(readFileSync(keyPath, 'utf8')) as { items: Array<Record<string, unknown> & { a: object; b: object }> }
    for (const item of key.items) Object.assign(item, { judgePreference: null, judgeOrdersAgreed: null, a: { ...item.a, judgeScores: null }, b: { ...item.b, judgeScores: null } })
    writeFileSync(keyPath, JSON.stringify(key))
    writeFileSync(join(dir, 'ann.csv'), filledTemplate(out, 'ann'))
    const imported = await cli('human', 'import', keyPath, join(dir, 'ann.csv'))
    expect(imported.code).toBe(0)
    expect(imported.err).toBe(`note: ${keyPath}: no answer could be compared with the judge's (the key holds no judge verdict or score for the items graded: was the run judged?); these grades do not validate the judge, and reports still say it is not validated`)
    const report = await cli('report', run, '--out', join(dir, 'report'), '--human', out)
    expect(report.code).toBe(0)
    expect(report.err).toMatch(/^note: the grades of export sim-run-h-h1-\w+ compare with no judge result \(was the run judged\?\): the report leaves them out$/)
    const summary = readFileSync(join(dir, 'report', 'summary.md'), 'utf8')
    expect(summary).toContain('Judge not validated against people')
    expect(summary).not.toContain('judge vs people')
  })

  test('a grades file that cannot be read is named with the reason', async () => {
    const dir = tempDir()
    const run = join(dir, 'run.json')
    await writeRunFixture(run, records(['single', 'star']))
    await cli('human', 'export', run, '--out', join(dir, 'export'))
    const missing = join(dir, 'alice.csv')
    const r = await cli('human', 'import', join(dir, 'export', 'key.json'), missing)
    expect([r.code, r.err]).toEqual([2, `orgbench human import: ${missing}: cannot read the grades file (ENOENT)`])
  })

  test('check on a run without a pair to grade refuses as export does, exit 2, before it opens a browser', async () => {
    const run = join(tempDir(), 'run.json')
    await writeRunFixture(run, records(['single']))
    // Any existing file passes the Chromium check; the refusal comes before a browser is launched.
    const r = await cli('human', 'check', run, '--chromium', process.execPath)
    expect([r.code, r.err]).toEqual([2, `orgbench human check: ${run}: no pairs to grade (the run needs successful single-agent and organisation records of the same task and trial)`])
  })

  // The round trip itself (clicks, download, import) runs in Chromium in CI's browser job (npm run human:check).
  test('check without Chromium at the path says how to get one, before reading the results file, exit 2', async () => {
    const dir = tempDir()
    const r = await cli('human', 'check', join(dir, 'no-such-results.json'), '--chromium', join(dir, 'chromium'))
    expect([r.code, r.err]).toEqual([2, `orgbench human check: no Chromium at ${join(dir, 'chromium')}; install it (apt-get install -y chromium), set CHROMIUM_PATH or pass --chromium`])
  })

  test('check takes its Chromium from --chromium, else CHROMIUM_PATH, and its help says so', async () => {
    const help = (await cli('human', 'check', '--help')).out.replace(/\s+/g, ' ')
    expect(help).toContain('--chromium <path> the Chromium executable (default: CHROMIUM_PATH, else /usr/bin/chromium)')
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chrome')
    try {
      const fromEnv = await cli('human', 'check', 'run.json')
      expect(fromEnv.code).toBe(2)
      expect(fromEnv.err).toContain('no Chromium at /nonexistent/chrome; install it (apt-get install -y chromium), set CHROMIUM_PATH or pass --chromium')
      expect((await cli('human', 'check', 'run.json', '--chromium', '/nonexistent/other')).err).toContain('no Chromium at /nonexistent/other')
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
