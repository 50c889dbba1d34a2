import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { benchFileName } from './bench-file-name.js'
import { readFixture } from './fixture-file.js'
import { referenceProblems } from './reference-sections.js'
import { Track, type TaskDefinition } from './schema.js'

/*
 * What a valid definition still needs before a run can use it, checked by `orgbench tasks --check`:
 * the definition named after its id, its benchmark file where the run's projects look for it (the
 * rules test/benchmarks.test.ts holds every task to), and for a design task the reference
 * deliverables the simulator writes its answers from.
 */

type Placed = Pick<TaskDefinition, 'id' | 'track' | 'tier' | 'deliverable'>

/** The benchmark folder of a task: its track's, or `hard` for the hard tier. */
export const benchmarkFolder = (task: Pick<TaskDefinition, 'track' | 'tier'>) => (task.tier === 'hard' ? 'hard' : task.track)

/** The benchmark file of a task, relative to the project root. */
export const benchmarkFile = (task: Pick<TaskDefinition, 'id' | 'track' | 'tier'>) => `benchmarks/${benchmarkFolder(task)}/${benchFileName(task.id)}`

const BENCH_IMPORT = "import { benchTask } from '../../lib/run/bench.js'"

/** The task ids each benchmark file of the track and hard folders passes to benchTask, by path relative to the root. */
function benchmarkFiles(root: string): Map<string, string[]> {
  const files = new Map<string, string[]>()
  for (const folder of [...Track.options, 'hard']) {
    const dir = join(root, 'benchmarks', folder)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8')
      files.set(`benchmarks/${folder}/${name}`, [...text.matchAll(/benchTask\(\s*'([^']+)'/g)].map((m) => m[1]!))
    }
  }
  return files
}

/**
 * The task's one benchmark file: at benchmarks/<track or hard>/<id-with-dashes>.test.ts, running
 * this task alone with the two lines of the guide, and no other file running it.
 */
export function benchmarkFileProblems(task: Placed, root: string, where: string): string[] {
  const expected = benchmarkFile(task)
  const why = task.tier === 'hard' ? "a hard-tier task's benchmark file lives in benchmarks/hard/" : `a ${task.tier}-tier task's benchmark file lives in benchmarks/${task.track}/`
  const files = benchmarkFiles(root)
  const problems: string[] = []
  const own = files.get(expected)
  if (own === undefined) {
    problems.push(`${where}: no benchmark file ${expected}: expected one with the two lines "${BENCH_IMPORT}" and "await benchTask('${task.id}')" (${why})`)
  } else if (own.length !== 1 || own[0] !== task.id) {
    problems.push(`${expected}: expected exactly one call, benchTask('${task.id}'), got ${own.length === 0 ? 'none' : own.map((id) => `benchTask('${id}')`).join(', ')}`)
  } else {
    const text = readFileSync(join(root, expected), 'utf8')
    if (!text.includes(BENCH_IMPORT)) problems.push(`${expected}: expected the line "${BENCH_IMPORT}"`)
    if (!/^await benchTask\(/m.test(text)) problems.push(`${expected}: expected a line starting "await benchTask(" (a benchmark file declares its tests when it is loaded)`)
  }
  for (const [file, ids] of files) {
    if (file !== expected && ids.includes(task.id)) problems.push(`${file}: runs task ${task.id}, whose one benchmark file is ${expected} (${why})`)
  }
  return problems
}

/** A definition file is named after its id: benchmark workers find a task by that name. */
export function fileNameProblems(task: Placed, file: string, where: string): string[] {
  const name = basename(file, '.ts')
  return name === task.id ? [] : [`${where}: field id: expected "${name}" (the file's name), got "${task.id}"; name the file ${task.id}.ts or change the id`]
}

/** The reference deliverables of a design task, relative to fixtures/: what the simulator needs to answer for it. */
export const designReferences = (taskId: string) => ['strong.md', 'weak.md'].map((name) => `calibration/${taskId}/${name}`)

/**
 * A design task's strong and weak reference deliverables: the simulator writes every simulated
 * deliverable from them (a run without a model endpoint cannot answer the task otherwise), so they
 * must exist and be in the "## " sections it reads (see reference-sections.ts); judge calibration
 * reads them with canary.md.
 */
export function designReferenceProblems(task: Placed, fixturesDir: string, where: string, shown: (path: string) => string): string[] {
  if (task.deliverable !== 'markdown') return []
  const dir = shown(join(fixturesDir, 'calibration', task.id))
  const missing = designReferences(task.id).filter((f) => !existsSync(join(fixturesDir, f)))
  if (missing.length > 0) {
    return [
      `${where}: a design task needs its reference deliverables ${dir}/strong.md and ${dir}/weak.md (missing: ${missing.map((f) => basename(f)).join(', ')}): the simulator writes its deliverables from them, so a run without a model endpoint cannot answer the task; see "Design tasks" in docs/writing-a-task.md`,
    ]
  }
  const strongFile = `${dir}/strong.md`
  const weakFile = `${dir}/weak.md`
  const strong = readFixture(join(fixturesDir, 'calibration', task.id, 'strong.md'))
  const weak = readFixture(join(fixturesDir, 'calibration', task.id, 'weak.md'))
  if ('problem' in strong || 'problem' in weak) {
    return [[strongFile, strong] as const, [weakFile, weak] as const].flatMap(([file, read]) => ('problem' in read ? [`${file}: ${read.problem}`] : []))
  }
  return referenceProblems({ strong: strong.text, weak: weak.text }, strongFile, weakFile)
}
