import { describe, expect, it } from 'vitest'
import { fenced, fenceNonce, pairwisePrompt, rubricPrompt } from '../../../lib/eval/judge/prompt.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { taskBlock } from '../../../lib/topologies/prompts.js'

const registry = await loadRegistry()

describe('judge prompts', () => {
  const task = registry.get('contract_review_execution')
  const candidate = `${'clause 14.3 caps liability far below fees. '.repeat(400)}THE END`

  it('contain the whole task brief, every input verbatim and the whole candidate, untruncated', () => {
    const prompt = rubricPrompt(task, candidate, 'abc123')
    expect(prompt).toContain(task.brief)
    for (const input of task.resolvedInputs) expect(prompt).toContain(input.rendered)
    expect(prompt).toContain(candidate)
  })

  it('fence the candidate with the nonce and restate the rubric after it', () => {
    const prompt = rubricPrompt(task, candidate, 'abc123')
    const open = prompt.indexOf('<<<CANDIDATE abc123>>>')
    const close = prompt.indexOf('<<<END CANDIDATE abc123>>>')
    expect(open).toBeGreaterThan(0)
    expect(close).toBeGreaterThan(open + candidate.length)
    const tail = prompt.slice(close)
    for (const d of task.rubric) expect(tail).toContain(d.key)
  })

  it('derive nonces that change with the candidate and repeat for the same inputs', () => {
    expect(fenceNonce('rubric', 1, 0, 'text')).toBe(fenceNonce('rubric', 1, 0, 'text'))
    expect(fenceNonce('rubric', 1, 0, 'text')).not.toBe(fenceNonce('rubric', 1, 0, 'text!'))
    expect(fenceNonce('rubric', 1, 0, 'text')).toMatch(/^[0-9a-f]{16}$/)
  })

  it('label pairwise candidates A and B only', () => {
    const prompt = pairwisePrompt(task, 'first one', 'second one', 'n0nce')
    expect(prompt).toContain(fenced('CANDIDATE A', 'n0nce', 'first one'))
    expect(prompt).toContain(fenced('CANDIDATE B', 'n0nce', 'second one'))
    expect(prompt.replace(taskBlock(task), '')).not.toMatch(/single|star|topology|specialist|baseline/i)
  })
})
