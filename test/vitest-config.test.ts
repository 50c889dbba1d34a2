import { expect, test } from 'vitest'
import config from '../vitest.config.js'
import { vitestProjects } from '../lib/run/bench-files.js'
import { consoleView } from '../lib/run/publish.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { judgedRecord } from './results/fixtures.js'

/*
 * The project's Vitest configuration: what the viewers and the terminal get. (Loading it here
 * does what it does when Vitest loads it for these very tests.)
 */

const root = config.test!
const projects = root.projects as Array<{ test: { name: string; attachmentsDir?: string } }>

test('the HTML reporter copies the root config’s attachments folder: it is the one every benchmark project writes to', () => {
  const bench = projects.filter((p) => p.test.name !== 'unit')
  expect(bench.map((p) => p.test.name)).toEqual(['enterprise', 'finance', 'general', 'hard', 'learning'])
  for (const p of bench) expect(p.test.attachmentsDir, p.test.name).toBe(root.attachmentsDir)
  expect(root.attachmentsDir).toBe('.vitest/attachments')
})

test("a case's full view stays out of the terminal (the viewers still show it); other console output is printed", () => {
  const onConsoleLog = root.onConsoleLog!
  expect(onConsoleLog(`${consoleView(judgedRecord('star', 1, 80, 500))}\n`, 'stdout', undefined as never)).toBe(false)
  expect(onConsoleLog('[orgbench] 3/7 cases · 0 error(s)\n', 'stdout', undefined as never)).toBe(true)
})

test('the projects `orgbench run` checks a --project against are the configuration\'s', () => {
  expect(vitestProjects(PROJECT_ROOT)).toEqual(projects.map((p) => p.test.name))
})
