import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UNIT_PROJECTS, vitestProjects } from '../lib/run/bench-files.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'

const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts

/** The --project values of an npm script, in order. */
const projectsOf = (script: string) => [...script.matchAll(/--project (\S+)/g)].map((m) => m[1])

describe('npm scripts over the whole benchmark', () => {
  // Every benchmark project, as `orgbench run` runs them; the learning loop runs only when asked for.
  const benchmark = vitestProjects(PROJECT_ROOT).filter((p) => !(UNIT_PROJECTS as readonly string[]).includes(p) && p !== 'learning')

  test.each(['ui', 'bench:html'])('%s covers every benchmark project, the hard tier too', (name) => {
    expect(benchmark).toContain('hard')
    expect(projectsOf(scripts[name]!)).toEqual(benchmark)
  })
})
