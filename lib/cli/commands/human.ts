import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { UserError } from '../../errors.js'
import { buildExport, exportInputFrom, judgedItems, shortfallNote } from '../../human/export.js'
import { readGrades } from '../../human/grades.js'
import { identicalGraders, identicalMessage, MIN_SHARED_ANSWERS } from '../../human/identical.js'
import { renderAgreementText } from '../../human/render.js'
import { HUMAN_DIR, readAgreementFile, readKeyFile } from '../../human/store.js'
import { comparedWithJudge, computeAgreement } from '../../human/validation.js'
import { checkHumanRoundTrip } from '../../human/browser-check.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { loadRegistry } from '../../tasks/registry.js'
import { type CommandModule, intOption } from '../program.js'

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new UserError(`${path}: cannot read the grades file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
}

/**
 * A folder's key is the only map from its graders' A/B to topologies, and its grades import only
 * with it: another export must not replace it (the same export written again may).
 */
function refuseOtherExport(keyPath: string, exportId: string): void {
  if (!existsSync(keyPath)) return
  const existing = readKeyFile(keyPath).exportId
  if (existing !== exportId) throw new UserError(`${keyPath}: holds the key of export ${existing}, whose graders' files import only with it; this export is ${exportId}: write it to another folder (--out), or remove that one first`)
}

/** Graders of the agreement already at `path` (none when there is none, or it cannot be read) that `graders` leaves out. */
function gradersLeftOut(path: string, graders: readonly string[]): string[] {
  if (!existsSync(path)) return []
  try {
    return readAgreementFile(path).graders.filter((g) => !graders.includes(g))
  } catch {
    return []
  }
}

/** `orgbench human export|import|check`: blind pairs out, human grades in, agreement reported. */
export const humanCommand: CommandModule = (parent, ctx) => {
  const human = parent.command('human').description('validate the judge against people: export blind pairs, import grades, report agreement')

  human
    .command('export')
    .description('write a self-contained grading folder (a page for the browser, JSON and CSV) and, apart from it, the key')
    .argument('<results>', 'a results file of the run whose deliverables people will grade')
    .option('--pairs <n>', 'pairs to grade, stratified across tasks and topologies (at most one per task and trial)', intOption(1, 10_000), 30)
    .option('--seed <n>', 'seed of the choice and of the A/B order', intOption(0, 2_147_483_647), 1)
    .option('--out <dir>', `where to write (default ${HUMAN_DIR}/<export id>, where orgbench report looks; elsewhere, give the report --human <dir>)`)
    .action(async (file: string, values: { pairs: number; seed: number; out?: string }) => {
      const input = await exportInputFrom(file, await loadRegistry(), values.pairs, values.seed)
      const built = buildExport(input)
      // People grade for hours; with no judge result to compare with, their grades would validate nothing.
      if (judgedItems(built.key) === 0) throw new UserError(`${file}: the run has no judge results (was it run with ORGBENCH_JUDGE=off?): people's grades would have nothing to compare with; judge it first (npx orgbench rescore ${file}) and export the rescored run`)
      const out = values.out ?? join(HUMAN_DIR, built.exportId)
      refuseOtherExport(join(out, 'key.json'), built.exportId)
      for (const [name, content] of built.graderFiles) writeAtomic(join(out, 'grader', name), content)
      writeAtomic(join(out, 'key.json'), stableJson(built.key))
      ctx.io.out(`${built.key.items.length} pairs from ${input.runId}${input.simulated ? ' (SIMULATED)' : ''}`)
      const shortfall = shortfallNote(values.pairs, built)
      if (shortfall) ctx.io.out(shortfall)
      ctx.io.out(`for graders: ${relative(process.cwd(), join(out, 'grader'))}/ (open index.html; or items.csv + grades-template.csv)`)
      ctx.io.out(`key, never for graders: ${relative(process.cwd(), join(out, 'key.json'))}`)
      ctx.io.out(`then: npx orgbench human import ${relative(process.cwd(), join(out, 'key.json'))} <grades.csv> [more graders' files...]`)
    })

  human
    .command('import')
    .description("check graders' CSV files and compute judge–human agreement; writes agreement.json next to the key")
    .argument('<key>', 'the key.json of the export')
    .argument('<grades...>', "one or more graders' CSV files")
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .option('--allow-identical', `accept graders who gave the same answer on every one they share (at least ${MIN_SHARED_ANSWERS}); refused by default as a copy`)
    .action((keyPath: string, files: string[], values: { wide?: boolean; allowIdentical?: boolean }) => {
      const key = readKeyFile(keyPath)
      const grades = readGrades(files.map((name) => ({ name, text: readText(name) })), key)
      if (grades.length === 0) throw new UserError(`${files.join(', ')}: no answers found (every value is empty)`)
      const copies = identicalGraders(grades)
      if (copies.length > 0 && !values.allowIdentical) throw new UserError(`${files.join(', ')}: ${identicalMessage(copies)}`)
      const report = computeAgreement(key, grades)
      const out = join(dirname(keyPath), 'agreement.json')
      const leftOut = gradersLeftOut(out, report.graders)
      writeAtomic(out, stableJson(report))
      ctx.io.out(renderAgreementText(report, { wide: values.wide }))
      ctx.io.out(`\nwritten: ${relative(process.cwd(), out)}`)
      // Grades come back one by one; importing each as it arrives keeps only the last grader's.
      if (leftOut.length > 0) ctx.io.err(`note: ${out} held the agreement of ${leftOut.join(', ')} too, which this import replaces without them: give every grader's file in one import`)
      // The report reads results/human unless told; an export elsewhere needs --human to be seen.
      if (comparedWithJudge(report) === 0) ctx.io.err(`note: ${keyPath}: no answer could be compared with the judge's (the key holds no judge verdict or score for the items graded: was the run judged?); these grades do not validate the judge, and reports still say it is not validated`)
      else if (resolve(dirname(dirname(keyPath))) !== resolve(HUMAN_DIR)) ctx.io.out(`the report shows it with: npx orgbench report <results file> --human ${relative(process.cwd(), dirname(keyPath)) || '.'}`)
    })

  human
    .command('check')
    .description('export a few pairs, grade them by clicking through the page in headless Chromium, download the CSV and import it; then check the page in a 400 px window')
    .argument('<results>', 'a results file to export from')
    .option('--chromium <path>', 'the Chromium executable (default: CHROMIUM_PATH, else /usr/bin/chromium)')
    .action(async (file: string, values: { chromium?: string }) => {
      const result = await checkHumanRoundTrip(file, values.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
      for (const line of result.lines) ctx.io.out(line)
      for (const p of result.problems) ctx.io.err(`human check: ${p}`)
      ctx.exitCode = result.problems.length > 0 ? 1 : 0
    })
}
