import { describe, expect, test } from 'vitest'
import type { CodeReviewTruth } from '../../lib/tasks/kinds/code-review.js'
import type { SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { HELD_OUT_FRACTION, idsHash, quotedBetween, quotedView, splitInputs } from '../../lib/tasks/split.js'
import { countWord, idList, scopeConstraint } from '../../lib/tasks/scope.js'
import { taskBlock } from '../../lib/topologies/prompts.js'

const registry = await loadRegistry()

describe('the train/held-out split of a task\'s inputs', () => {
  test('code review: diffs split by a stable hash, ⌈30 %⌉ held out; each side shows and scores only its own diffs', () => {
    const task = registry.get('code_review_execution')
    const s = splitInputs(task)
    if (s.mode !== 'inputs') throw new Error('expected an input split')
    const all = (task.truth!.data as CodeReviewTruth).diffs.map((d) => d.input)
    expect([...s.trainIds, ...s.heldOutIds].sort()).toEqual([...all].sort())
    expect(s.heldOutIds.length).toBe(Math.ceil(HELD_OUT_FRACTION * all.length))
    expect(s.trainIds.filter((id) => s.heldOutIds.includes(id))).toEqual([])
    // Deterministic: the ids recorded in results files stay valid across runs and machines.
    expect(s.heldOutIds).toEqual(['d07', 'd08', 'd12', 'd13', 'd14'])
    for (const [side, ids, other] of [[s.train, s.trainIds, s.heldOutIds], [s.heldOut, s.heldOutIds, s.trainIds]] as const) {
      expect((side.truth!.data as CodeReviewTruth).diffs.map((d) => d.input).sort()).toEqual(ids)
      const block = taskBlock(side)
      for (const id of ids) expect(block).toContain(`### Input ${id}:`)
      for (const id of other) expect(block).not.toContain(`### Input ${id}:`)
    }
    expect(idsHash(['b', 'a'])).toBe(idsHash(['a', 'b']))
  })

  test('support triage: tickets of the batch split, the batch input rewritten to hold only its side\'s tickets', () => {
    const task = registry.get('support_triage_execution')
    const s = splitInputs(task)
    if (s.mode !== 'inputs') throw new Error('expected an input split')
    expect(s.unit).toBe('ticket')
    const batch = (t: typeof task) => (JSON.parse(t.resolvedInputs.find((i) => i.id === 'tickets')!.content) as { tickets: Array<{ id: string }> }).tickets.map((x) => x.id)
    expect(batch(s.train)).toEqual(s.trainIds)
    expect(batch(s.heldOut)).toEqual(s.heldOutIds)
    expect((s.heldOut.truth!.data as SupportTriageTruth).tickets.map((t) => t.id)).toEqual(s.heldOutIds)
    for (const id of s.heldOutIds) expect(taskBlock(s.train)).not.toContain(`"${id}"`)
  })

  test('a restricted case names exactly the units it shows: its title, brief, hard constraints, role foci and rubric say nothing of the others', () => {
    const s = splitInputs(registry.get('code_review_execution'))
    if (s.mode !== 'inputs') throw new Error('expected an input split')
    const block = taskBlock(s.heldOut)
    expect(block).toContain('# Task: Review five pull requests\n')
    expect(block).toContain('Five pull requests, d07, d08, d12, d13 and d14, are waiting.')
    expect(block).toContain('- diff: the pull request id (d07, d08, d12, d13 and d14);')
    expect(block).toContain('## Hard constraints\n- This case covers only the five pull requests d07, d08, d12, d13 and d14, the ones shown below; hand in work on these and no other.\n- Exactly one review per pull request d07, d08, d12, d13 and d14, each with')
    expect(block).toContain('## Inputs (5), verbatim')
    expect(s.heldOut.roles.map((r) => r.focus.split(',')[0])).toEqual(['Security: all five pull requests', 'Concurrency: all five pull requests', 'Efficiency: all five pull requests', 'Reliability: all five pull requests', 'Correctness and maintainability: all five pull requests'])
  })

  test('every splittable task: each side speaks only of its own units, in the count and ids it shows', () => {
    const split = registry.tasks.filter((t) => splitInputs(t).mode === 'inputs')
    expect(split.map((t) => t.id)).toEqual(expect.arrayContaining(['code_review_execution', 'code_review_hard', 'support_triage_execution']))
    for (const task of split) {
      const s = splitInputs(task)
      if (s.mode !== 'inputs') continue
      const total = s.trainIds.length + s.heldOutIds.length
      for (const [side, ids, other] of [[s.train, s.trainIds, s.heldOutIds], [s.heldOut, s.heldOutIds, s.trainIds]] as const) {
        const said = [side.title, side.brief, ...side.hardConstraints, ...side.roles.map((r) => r.focus), ...side.rubric.map((d) => d.description)].join('\n')
        const noun = s.unit === 'ticket' ? 'tickets' : 'pull requests'
        expect(side.hardConstraints[0], task.id).toBe(scopeConstraint(ids, s.unit === 'ticket' ? { one: 'ticket', many: 'tickets' } : { one: 'pull request', many: 'pull requests' }))
        expect(side.hardConstraints[0], task.id).toContain(ids.length === 1 ? `the ${s.unit === 'ticket' ? 'ticket' : 'pull request'} ${ids[0]}` : `the ${countWord(ids.length)} ${noun} ${idList(ids)}`)
        expect(said, task.id).not.toMatch(new RegExp(`\\b(${countWord(total)}|${total}) ${noun}`, 'i'))
        for (const id of other) expect(said, `${task.id}: ${id}`).not.toMatch(new RegExp(`(^|[^A-Za-z0-9-])${id}($|[^A-Za-z0-9])`))
      }
    }
  })

  test('a task whose texts name its units one by one (a focus on d03) keeps seed-only held-out, and says where', () => {
    const task = registry.get('code_review_execution')
    const named = { ...task, roles: task.roles.map((r, i) => (i === 0 ? { ...r, focus: `${r.focus} Start with d03.` } : r)) }
    const s = splitInputs(named)
    expect(s.mode).toBe('seeds')
    expect(s.mode === 'seeds' && s.reason).toBe(`the task's texts name its diff inputs one by one (d03 in ${task.roles[0]!.id}'s focus), which a case showing only some of them would still ask about`)
  })

  test('the benchmark task itself is untouched: only its restricted sides are rescoped', () => {
    const task = registry.get('code_review_execution')
    splitInputs(task)
    expect(task.title).toBe('Review fourteen pull requests')
    expect(taskBlock(task)).toContain('Fourteen pull requests, d01 to d14, are waiting.')
  })

  test('tasks whose items cannot be separated keep seed-only held-out, and say why', () => {
    const reasons = Object.fromEntries(registry.tasks.map((t) => { const s = splitInputs(t); return [t.id, s.mode === 'seeds' ? s.reason : 'split'] }))
    expect(reasons).toMatchObject({
      code_review_execution: 'split',
      code_review_hard: 'split',
      support_triage_execution: 'split',
      support_triage_hard: expect.stringMatching(/merges/),
      contract_review_execution: expect.stringMatching(/one agreement/),
      incident_response_execution: expect.stringMatching(/one incident/),
      cash_reconciliation_execution: expect.stringMatching(/cross-reference/),
      strategic_planning: expect.stringMatching(/design task/),
    })
    const seedOnly = splitInputs(registry.get('contract_review_execution'))
    expect(seedOnly.train).toBe(seedOnly.heldOut)
  })

  test('the simulator\'s view of a prompt: the task restricted to the units it quotes, the whole task when it quotes all', () => {
    const task = registry.get('code_review_execution')
    const s = splitInputs(task)
    expect(quotedView(task, taskBlock(task))).toBe(task)
    const view = quotedView(task, taskBlock(s.heldOut))
    expect((view.truth!.data as CodeReviewTruth).diffs.map((d) => d.input)).toEqual((s.heldOut.truth!.data as CodeReviewTruth).diffs.map((d) => d.input))
    expect(quotedView(task, taskBlock(s.heldOut))).toBe(view)
  })
})

describe('quotedBetween', () => {
  test('finds exactly the ids that filtering with includes finds, in the given order', () => {
    const prompt = 'x "id": "T-2" y "id": "T-1"\n"id": "T-10x" "id": "a"b" "id": ""id": "T-3" "id": "'
    const ids = ['T-1', 'T-2', 'T-3', 'T-10', 'T-10x', 'a"b', 'a', '', 'T-4']
    const expected = ids.filter((id) => prompt.includes(`"id": "${id}"`))
    expect(expected).toEqual(['T-1', 'T-2', 'T-3', 'T-10x', 'a"b', 'a', ''])
    expect(quotedBetween(prompt, '"id": "', '"', ids)).toEqual(expected)
  })

  test('reads every occurrence of the opening text, overlapping ones included', () => {
    const prompt = '### Input ### Input b: and ### Input c:d:'
    const ids = ['b', 'c', 'c:d', '### Input b', 'd']
    expect(quotedBetween(prompt, '### Input ', ':', ids)).toEqual(ids.filter((id) => prompt.includes(`### Input ${id}:`)))
    expect(quotedBetween(prompt, '### Input ', ':', ids)).toEqual(['b', 'c', 'c:d', '### Input b'])
  })
})
