import { describe, expect, test } from 'vitest'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { splitInputs } from '../../lib/tasks/split.js'
import { roleIdentity, soloIdentity, structuralIdentity, taskBlock } from '../../lib/topologies/prompts.js'

const knowledge = await SimKnowledge.load()
const tasks = knowledge.registry.tasks

describe('SimKnowledge', () => {
  test('recognises every task by its brief quoted in a prompt', () => {
    for (const task of tasks) expect(knowledge.findTask(`preamble\n${taskBlock(task)}\nafter`)?.id).toBe(task.id)
    expect(knowledge.findTask('no brief here')).toBeUndefined()
  })

  test('knows the tasks the run\'s registry runs, loaded without the checks only the run needs (neutrality, the ground truth against the fixtures)', async () => {
    expect(tasks.map((t) => t.id)).toEqual((await loadRegistry()).tasks.map((t) => t.id))
    expect(knowledge.registry).toBe(await loadRegistry({ verify: false }))
  })

  test("recognises a learning case's task by the brief of its side of the split", () => {
    const task = knowledge.registry.get('code_review_execution')
    const { train, heldOut } = splitInputs(task)
    for (const side of [train, heldOut]) expect(knowledge.findTask(`preamble\n${taskBlock(side)}\nafter`)).toBe(task)
  })

  test('knows every task block by how it opens, long enough to be looked up', () => {
    const sources = knowledge.blockSources()
    expect(sources).toHaveLength(tasks.length)
    sources.forEach((source, i) => {
      expect(source.text()).toBe(taskBlock(tasks[i]!))
      expect(source.text().startsWith(source.opening), tasks[i]!.id).toBe(true)
      expect(JSON.stringify(source.opening).length, tasks[i]!.id).toBeGreaterThan(128)
    })
  })

  test('recognises the role from its line "Your role: <name>", and nobody for generalists', () => {
    const task = knowledge.registry.get('code_review_execution')
    for (const role of task.roles) expect(knowledge.findRole(task, roleIdentity(role, []).system)?.id).toBe(role.id)
    // A name that begins another's is not taken for it.
    const similar = { ...task, roles: [{ ...task.roles[0]!, id: 'lead', name: 'Security' }, task.roles[0]!] }
    expect(knowledge.findRole(similar, roleIdentity(task.roles[0]!, []).system)?.id).toBe(task.roles[0]!.id)
    expect(knowledge.findRole(task, soloIdentity([]).system)).toBeNull()
    expect(knowledge.findRole(task, structuralIdentity('synthesizer', 'synthesizer', 'You merge.', []).system)).toBeNull()
  })

  test('has strong and weak reference deliverables for every design task, none for execution tasks', () => {
    for (const task of tasks) {
      const refs = knowledge.reference(task.id)
      if (task.deliverable === 'markdown') {
        expect(refs, task.id).not.toBeNull()
        expect(refs!.strong.length, task.id).toBeGreaterThan(refs!.weak.length)
      } else expect(refs, task.id).toBeNull()
    }
  })
})
