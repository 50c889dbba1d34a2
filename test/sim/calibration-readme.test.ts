import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { checkSimulatedSingle, renderSimCheck } from '../../lib/sim/calibration-check.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import '../../lib/sim/respond.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

// The seeds of `orgbench calibration check --sim`, whose output the README shows.
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1)

test("the README's table is what `orgbench calibration check --sim` prints today", async () => {
  const rows = await checkSimulatedSingle(await SimKnowledge.load(), join(PROJECT_ROOT, 'fixtures'), { seeds: SEEDS })
  const table = renderSimCheck(rows, 'sim-strong', SEEDS.length)
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(`\`\`\`\n${table.split('\n')[0]}\n`)
  expect(start, 'the README shows the table').toBeGreaterThan(0)
  expect(readme.slice(start + 4, readme.indexOf('\n```', start + 4))).toBe(table)
}, 60_000)
