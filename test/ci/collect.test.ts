import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { collectOutcomes, modelDir, readOutcomes, runOfModel } from '../../lib/ci/collect.js'
import type { Outcome } from '../../lib/ci/outcome.js'
import { tempDir } from '../support/temp.js'

const outcome = (slug: string, over: Partial<Outcome> = {}): Outcome => ({
  model: slug,
  slug,
  runId: `run-${slug}`,
  status: 'complete',
  statusReasons: [],
  simulated: false,
  gate: { verdict: 'PASS', note: 'baseline results/baselines/x.json.br' },
  missed: [],
  committable: true,
  notify: false,
  fail: false,
  failReasons: [],
  ...over,
})

/** An outcomes folder holding `outcomes`, each with a summary.md naming its model. */
function folder(...outcomes: Outcome[]): string {
  const root = tempDir()
  for (const o of outcomes) {
    mkdirSync(modelDir(root, o.slug), { recursive: true })
    writeFileSync(join(modelDir(root, o.slug), 'outcome.json'), JSON.stringify(o))
    writeFileSync(join(modelDir(root, o.slug), 'summary.md'), `## summary of ${o.model}`)
  }
  return root
}
const options = { links: [], policy: 'auto', notes: [], simulated: false }

describe('readOutcomes', () => {
  test("every model's outcome.json under models/, by slug; a folder without one is passed over; no models/ folder, no outcomes", () => {
    const root = folder(outcome('zeta'), outcome('alpha'))
    mkdirSync(modelDir(root, 'empty'))
    expect(readOutcomes(root).map((o) => o.slug)).toEqual(['alpha', 'zeta'])
    expect(readOutcomes(tempDir())).toEqual([])
  })

  test('a malformed outcome is a user error naming the file and each field', () => {
    const root = folder(outcome('alpha'))
    writeFileSync(join(modelDir(root, 'alpha'), 'outcome.json'), JSON.stringify({ ...outcome('alpha'), status: 'done', fail: 'no' }))
    const path = join(modelDir(root, 'alpha'), 'outcome.json')
    expect(() => readOutcomes(root)).toThrow(expect.objectContaining({ name: 'UserError', message: expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: field status: .*\\n.*: field fail: `)) }))
  })
})

describe('runOfModel', () => {
  test('null when the merge wrote no run', () => {
    expect(runOfModel(folder(outcome('alpha')), 'alpha')).toBeNull()
  })
})

describe('collectOutcomes', () => {
  test('notifies with the summaries of the models that ask for it, and only theirs, after the overview', () => {
    const c = collectOutcomes(folder(outcome('alpha'), outcome('beta', { notify: true, gate: { verdict: 'FAIL', note: 'x' } })), [], options)
    expect(c.notify).toBe(true)
    expect(c.notification.startsWith(c.overview)).toBe(true)
    expect(c.notification.endsWith('\n\n## summary of beta')).toBe(true)
    expect(c.notification).not.toContain('summary of alpha')
  })

  test('commits and deploys when some run is committable; fails when any outcome fails', () => {
    expect(collectOutcomes(folder(outcome('alpha', { committable: false }), outcome('beta')), [], options)).toMatchObject({ commit: true, deploy: true, fail: false, notify: false })
    expect(collectOutcomes(folder(outcome('alpha', { committable: false, fail: true, failReasons: ['gate FAIL'] })), [], options)).toMatchObject({ commit: false, deploy: false, fail: true })
  })

  test('with no outcome at all, the job fails: nothing ran', () => {
    expect(collectOutcomes(tempDir(), [], options)).toMatchObject({ outcomes: [], commit: false, fail: true, notify: false })
  })

  test('an expected model whose merge left nothing is a missing, failed outcome, simulated as the plan was', () => {
    const c = collectOutcomes(folder(outcome('alpha')), [{ model: 'alpha', slug: 'alpha' }, { model: 'org/beta', slug: 'org-beta' }], { ...options, simulated: true })
    expect(c.outcomes.map((o) => [o.slug, o.status, o.fail])).toEqual([['alpha', 'complete', false], ['org-beta', 'missing', true]])
    expect(c.outcomes[1]).toMatchObject({ model: 'org/beta', runId: null, simulated: true, gate: { verdict: 'SKIP', note: 'no run' }, failReasons: ['its merge job left no outcome'] })
    expect(c.fail).toBe(true)
  })
})
