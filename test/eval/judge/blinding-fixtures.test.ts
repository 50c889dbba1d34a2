import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blindDeliverable, normaliseMarkdown } from '../../../lib/eval/judge/blind.js'
import { stableJson } from '../../../lib/results/write.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import type { Deliverable } from '../../../lib/topologies/types.js'

/*
 * Deliverables written as real models write them (test/fixtures/blinding/<task>/<topology>.md|json):
 * every single agent's passes through unchanged; the organisations' lose the provenance the rules
 * know, and keep their substance.
 */
const registry = await loadRegistry()
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'blinding')

function deliverable(task: string, file: string): Deliverable {
  const raw = readFileSync(join(FIXTURES, task, file), 'utf8')
  return file.endsWith('.json') ? { kind: 'structured', schema: 'fixture', data: JSON.parse(raw) as unknown } : { kind: 'markdown', text: raw }
}
const written = (d: Deliverable) => (d.kind === 'structured' ? stableJson(d.data) : normaliseMarkdown(d.text))

const singles = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => readdirSync(join(FIXTURES, e.name)).filter((f) => f.startsWith('single.')).map((f) => [e.name, f] as const))

describe("the blinder and single agents' deliverables as models write them", () => {
  it('finds one for each of six tasks', () => {
    expect(singles.map(([task]) => task).sort()).toEqual(['ai_incident_response', 'code_review_execution', 'code_review_protocol', 'incident_response_execution', 'support_triage_execution', 'support_triage_system'])
  })

  it.each(singles)('%s/%s passes through unchanged: no rule fires', (task, file) => {
    const d = deliverable(task, file)
    const out = blindDeliverable(registry.get(task), d)
    expect(out.rules).toEqual({})
    expect(out.text).toBe(written(d))
  })
})
