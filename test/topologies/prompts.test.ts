import { describe, expect, it } from 'vitest'
import { messageParts } from '../../lib/llm/parts-message.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { compose, composedMessage, roleIdentity, soloIdentity, taskBlock } from '../../lib/topologies/prompts.js'

describe('compose', () => {
  it('joins sections with a blank line, skipping those of white space only', () => {
    expect(compose('# A', '', '  \n\t', 'B', '\u00a0\u2028\ufeff', ' C ')).toBe('# A\n\nB\n\n C ')
    expect(compose()).toBe('')
    expect(compose(' ', '\n')).toBe('')
  })

  it('skips exactly the sections trim() leaves empty, for every UTF-16 code unit', () => {
    const differ: string[] = []
    for (let c = 0; c <= 0xffff; c++) {
      const s = String.fromCharCode(c)
      if (compose(`${s}${s}`, 'x') !== (s.trim() === '' ? 'x' : `${s}${s}\n\nx`)) differ.push(`U+${c.toString(16)}`)
    }
    expect(differ).toEqual([])
  })
})

describe('taskBlock', () => {
  it('of every task names its title once, as its heading, and lists its hard constraints once, after the brief', async () => {
    for (const task of (await loadRegistry()).tasks) {
      const block = taskBlock(task)
      expect(block.startsWith(`# Task: ${task.title}\n\n${task.brief.trim()}`), task.id).toBe(true)
      expect(block.split('\n').filter((line) => line.replace(/^#+\s*(Task:\s*)?/, '').trim().toLowerCase() === task.title.toLowerCase()), task.id).toHaveLength(1)
      expect(block.match(/^#+\s*hard constraints/gim) ?? [], task.id).toHaveLength(task.hardConstraints.length > 0 ? 1 : 0)
      for (const constraint of task.hardConstraints) expect(block.split(constraint).length - 1, `${task.id}: ${constraint}`).toBe(1)
    }
  })
})

describe('roleIdentity', () => {
  const role = { id: 'compliance_ops', name: 'Compliance & Ops', focus: 'Day-to-day operation: monitoring, keys and the runbook.', memoryKey: 'compliance_ops' }

  it('names the role on a line of its own, so that any name reads correctly, then its focus and its lessons', () => {
    expect(roleIdentity(role, []).system).toBe('You are one member of a team working on the task below.\nYour role: Compliance & Ops\nYour focus: Day-to-day operation: monitoring, keys and the runbook.')
    expect(roleIdentity(role, ['Keep every figure.']).system).toBe(
      'You are one member of a team working on the task below.\nYour role: Compliance & Ops\nYour focus: Day-to-day operation: monitoring, keys and the runbook.\n\nLessons from earlier runs of this organisation:\n- Keep every figure.',
    )
  })

  it('puts no article before the name of any shipped role, and leaves the single agent\'s identity as it was', async () => {
    for (const task of (await loadRegistry()).tasks) for (const r of task.roles) expect(roleIdentity(r, []).system, `${task.id}: ${r.name}`).not.toMatch(new RegExp(`\\b(the|a|an) ${r.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    expect(soloIdentity([]).system).toBe('You are a senior professional working alone on the task below. You own the whole deliverable.')
  })
})

describe('composedMessage', () => {
  it('is a message whose content is compose(opening, ...sections), the opening kept apart', () => {
    const cases: string[][] = [
      ['# Task', '## Context', '', '## Your assignment\nGo.'],
      ['# Task', '', ' \n'],
      ['# Task'],
      ['  ', '## Only', 'sections'],
      ['', ''],
      ['# Task', '\n## A section that opens with a newline'],
    ]
    for (const [opening, ...sections] of cases) {
      const m = composedMessage('user', opening!, ...sections)
      expect(m.role).toBe('user')
      expect(m.content).toBe(compose(opening!, ...sections))
      const parts = messageParts(m)
      if (opening!.trim() === '') expect(parts).toBeNull()
      else expect(parts?.opening).toBe(opening)
    }
  })

  it('keeps the task block itself as the opening of an agent prompt', async () => {
    const task = (await loadRegistry()).get('contract_review_execution')
    const block = taskBlock(task)
    const m = composedMessage('user', block, '## Your assignment\nReview it.', '## Format\nMarkdown.')
    expect(messageParts(m)).toEqual({ opening: block, rest: '\n\n## Your assignment\nReview it.\n\n## Format\nMarkdown.' })
    expect(messageParts(m)!.opening).toBe(block)
    expect(m.content).toBe(compose(block, '## Your assignment\nReview it.', '## Format\nMarkdown.'))
  })
})
