import { describe, expect, it } from 'vitest'
import { blindDeliverable } from '../../../lib/eval/judge/blind.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
const task = registry.get('ai_incident_response')

describe('blindDeliverable', () => {
  it('neutralises phrases that reveal a team produced the deliverable', () => {
    const text = [
      '# Protocol',
      'As synthesized from the five specialist reports, the protocol has three phases.',
      'The specialists agreed on heartbeats every 5 s.',
      '=== Systems Architect ===',
      'The synthesizer kept every number.',
    ].join('\n')
    const { text: out, neutralised } = blindDeliverable(task, { kind: 'markdown', text })
    expect(out).not.toMatch(/synthesi[sz]ed from|specialists|synthesizer|===/i)
    expect(out).toContain('heartbeats every 5 s')
    expect(neutralised).toBe(4)
  })

  it("replaces the task's role names, which only an organisation would sign with", () => {
    const role = task.roles[0]!.name
    const { text } = blindDeliverable(task, { kind: 'markdown', text: `Per the ${role}, detection takes 15 s.` })
    expect(text).not.toContain(role)
    expect(text).toContain('a domain expert')
  })

  it('gives structured deliverables one canonical form: sorted keys, whatever the producer wrote', () => {
    const a = blindDeliverable(task, { kind: 'structured', schema: 'x', data: { b: 1, a: [2, 1] } })
    const b = blindDeliverable(task, { kind: 'structured', schema: 'x', data: { a: [2, 1], b: 1 } })
    expect(a.text).toBe(b.text)
    expect(a.text.indexOf('"a"')).toBeLessThan(a.text.indexOf('"b"'))
  })

  it('normalises whitespace of markdown so formatting does not identify the producer', () => {
    const { text } = blindDeliverable(task, { kind: 'markdown', text: '# T\r\n\r\n\r\n\r\nbody   \r\n' })
    expect(text).toBe('# T\n\nbody\n')
  })
})
