import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readRunFile } from '../../../lib/results/read.js'
import { simulatedWhat } from '../../../lib/results/simulator-label.js'
import { casePagesFor } from '../../../lib/results/report/cases-load.js'
import { tempDir } from '../../support/temp.js'
import { makeRecord, writeRunFixture } from '../fixtures.js'

const records = (topology: string) => [1, 2].map((trial) => makeRecord({ topology, trial }))

describe('casePagesFor', () => {
  test("one side-by-side page per task and trial, with every readable run's record of it", async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records('single'), { runId: 'run-a' })
    await writeRunFixture(join(dir, 'b.json'), records('star'), { runId: 'run-b' })
    const { files, skipped } = await casePagesFor([join(dir, 'a.json'), join(dir, 'b.json')], true)
    expect(skipped).toEqual([])
    expect([...files.keys()].sort()).toEqual(['cases/index.html', 'cases/task_a-1.html', 'cases/task_a-2.html'])
    const page = files.get('cases/task_a-1.html')!
    expect(page).toContain('data-topology="single"')
    expect(page).toContain('data-topology="star"')
  })

  test('only runs of the report\'s kind: a real-model run never shares a page with a simulated one', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records('single'), { runId: 'run-a' })
    await writeRunFixture(join(dir, 'b.json'), [1, 2].map((trial) => makeRecord({ topology: 'star', trial, simulated: false })), { runId: 'run-b', simulated: false })
    const simulated = await casePagesFor([join(dir, 'a.json'), join(dir, 'b.json')], true)
    expect(simulated.files.get('cases/task_a-1.html')).not.toContain('data-topology="star"')
    expect(simulated.files.get('cases/index.html')).toContain('SIMULATED')
    // In the words of the report's own banner, from the run's configuration.
    const run = readRunFile(join(dir, 'a.json'))
    for (const page of ['cases/index.html', 'cases/task_a-1.html']) expect(simulated.files.get(page)).toContain(`SIMULATED — ${simulatedWhat(run.config)}: `)
    const real = await casePagesFor([join(dir, 'a.json'), join(dir, 'b.json')], false)
    expect(real.files.get('cases/task_a-1.html')).not.toContain('data-topology="single"')
    expect(real.files.get('cases/index.html')).not.toContain('SIMULATED')
  })

  test('a run whose records cannot be read is left out with its path and the reason; the others still get pages', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records('single'), { runId: 'run-a' })
    await writeRunFixture(join(dir, 'b.json'), records('star'), { runId: 'run-b' })
    const recordsFile = readdirSync(dir).find((n) => n.startsWith('b.') && n.includes('records'))!
    writeFileSync(join(dir, recordsFile), 'not gzip')
    const { files, skipped } = await casePagesFor([join(dir, 'a.json'), join(dir, 'b.json')], true)
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toMatch(new RegExp(`^${join(dir, 'b.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: its records cannot be read, so its cases are not in the side-by-side pages \\(.+\\)$`))
    expect(files.get('cases/task_a-1.html')).toContain('data-topology="single"')
    expect(files.get('cases/task_a-1.html')).not.toContain('data-topology="star"')
  })

  test('a run whose records break off partway contributes none of its cases, not the ones read before the break', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records('single'), { runId: 'run-a' })
    await writeRunFixture(join(dir, 'b.json'), records('star'), { runId: 'run-b' })
    const recordsFile = join(dir, readdirSync(dir).find((n) => n.startsWith('b.') && n.includes('records'))!)
    const first = gunzipSync(readFileSync(recordsFile)).toString('utf8').split('\n')[0]!
    writeFileSync(recordsFile, gzipSync(`${first}\n{"broken": \n`))
    const { files, skipped } = await casePagesFor([join(dir, 'a.json'), join(dir, 'b.json')], true)
    expect(skipped).toHaveLength(1)
    expect([...files.values()].some((page) => page.includes('data-topology="star"'))).toBe(false)
  })

  test('no readable records: no pages at all, not an empty index', async () => {
    const dir = tempDir()
    await writeRunFixture(join(dir, 'a.json'), records('single'), { runId: 'run-a' })
    rmSync(join(dir, readdirSync(dir).find((n) => n.includes('records'))!))
    const { files, skipped } = await casePagesFor([join(dir, 'a.json')], true)
    expect(files.size).toBe(0)
    expect(skipped).toHaveLength(1)
  })
})
