import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { zodResponseFormat } from 'openai/helpers/zod'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { scoreChecklist } from '../../lib/eval/checklist.js'
import { scoreGroundTruth } from '../../lib/eval/score.js'
import { calibrationsFor, calibrationsForThisTest } from '../support/calibrations.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { wholeTexts } from '../../lib/sim/prompt-text.js'
import { RequestReader } from '../../lib/sim/request-body.js'
import { respond, toSimCall, UnanswerableRequest } from '../../lib/sim/respond.js'
import { deliverableSchema, STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import { PROJECT_ROOT, type Task } from '../../lib/tasks/registry.js'
import { deliverableFormat, roleIdentity, soloIdentity, taskBlock } from '../../lib/topologies/prompts.js'
import { tempDir } from '../support/temp.js'

const knowledge = await SimKnowledge.load()
const execution = knowledge.registry.tasks.filter((t) => t.truth !== null)
const design = knowledge.registry.tasks.filter((t) => t.deliverable === 'markdown')
const SEEDS = [1, 2, 3, 4, 5]

/** The single agent's request for a task, as the benchmark builds it. */
function body(task: Task, model: string, seed: number, system = soloIdentity([]).system) {
  const spec = task.deliverable === 'markdown' ? null : STRUCTURED_KINDS[task.deliverable]
  return {
    model,
    seed,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: `${taskBlock(task)}\n\n## Format\n${deliverableFormat(task)}` },
    ],
    ...(spec && task.deliverable !== 'markdown' ? { response_format: zodResponseFormat(deliverableSchema({ deliverable: task.deliverable, categories: task.categories, truth: task.truth }), spec.schemaName) } : {}),
  }
}

const reply = (task: Task, model: string, seed: number, system?: string) => {
  const call = toSimCall(body(task, model, seed, system), SIM_PROFILES[model]!, knowledge)
  return { call, content: respond(call, knowledge) }
}

function groundTruthOf(task: Task, model: string, seed: number) {
  const { content } = reply(task, model, seed)
  const data = deliverableSchema({ deliverable: task.truth!.kind, categories: task.categories, truth: task.truth }).parse(JSON.parse(content))
  return scoreGroundTruth(task, { kind: 'structured', schema: STRUCTURED_KINDS[task.truth!.kind].schemaName, data })!
}

describe('toSimCall', () => {
  test('recognises the task, the role, the schema and the seed', () => {
    const task = knowledge.registry.get('code_review_execution')
    const role = task.roles[1]!
    const { call } = reply(task, 'sim-strong', 7, roleIdentity(role, []).system)
    expect(call.task?.id).toBe('code_review_execution')
    expect(call.role?.id).toBe(role.id)
    expect(call.schemaName).toBe('code_review_deliverable')
    expect(call.key.startsWith('7|sim-strong|')).toBe(true)
  })

  test("a request read around its task's block is answered from the prompt's parts, as the whole request is", () => {
    const reader = new RequestReader(() => knowledge.blockSources())
    for (const task of knowledge.registry.tasks) {
      const request = body(task, 'sim-strong', 3)
      const read = reader.read(Buffer.from(JSON.stringify(request)))
      // A block with a rare escape is read whole (request-body.ts).
      if (!read.known) continue
      expect(read.known.text).toBe(taskBlock(task))
      const built = wholeTexts()
      const call = toSimCall(read.body, SIM_PROFILES['sim-strong']!, knowledge, read.messagesHash, read.known)
      const content = respond(call, knowledge)
      expect(wholeTexts(), task.id).toBe(built)
      expect(call.promptText.text).toBe(toSimCall(request, SIM_PROFILES['sim-strong']!, knowledge).promptText.text)
      expect(content, task.id).toBe(respond(toSimCall(request, SIM_PROFILES['sim-strong']!, knowledge), knowledge))
    }
    expect(reader.stats.spliced).toBeGreaterThan(knowledge.registry.tasks.length / 2)
  })
})

describe("simulated execution deliverables (the kinds' own difficulties, without the real-model calibration)", () => {
  calibrationsFor(null)

  test.each(execution.map((t) => [t.id, t] as const))('%s: sim-strong is schema-valid and catches every must-catch item on every seed', (_id, task) => {
    for (const seed of SEEDS) {
      const score = groundTruthOf(task, 'sim-strong', seed)
      expect(score.mustCatch.length).toBeGreaterThan(0)
      expect(score.mustCatch.filter((m) => !m.caught), `seed ${seed}`).toEqual([])
    }
  })

  test.each(execution.map((t) => [t.id, t] as const))('%s: sim-weak scores lower than sim-strong on average and misses must-catch items', (_id, task) => {
    const mean = (model: string) => SEEDS.reduce((s, seed) => s + groundTruthOf(task, model, seed).score, 0) / SEEDS.length
    expect(mean('sim-weak')).toBeLessThan(mean('sim-strong'))
    const missed = SEEDS.flatMap((seed) => groundTruthOf(task, 'sim-weak', seed).mustCatch.filter((m) => !m.caught))
    expect(missed.length).toBeGreaterThan(0)
  })

  // Without a calibration, a hard-tier task is harder for the same simulated model than the standard
  // task of its kind (where its kind has one). With one, the real model's results decide (calibration.test.ts).
  const standardOf = (task: Task) => execution.find((t) => t.tier === 'standard' && t.deliverable === task.deliverable)
  const hard = execution.filter((t) => t.tier === 'hard' && standardOf(t) !== undefined)
  test.each(hard.map((t) => [t.id, t] as const))('%s (hard tier): sim-strong scores at least 5 points below its standard-tier task (20 seeds)', (_id, task) => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1)
    const mean = (t: Task) => seeds.reduce((s, seed) => s + groundTruthOf(t, 'sim-strong', seed).score, 0) / seeds.length
    expect(mean(task)).toBeLessThan(mean(standardOf(task)!) - 5)
  })

  test('the same request gets the same deliverable; another seed a different one', () => {
    const task = knowledge.registry.get('contract_review_execution')
    expect(reply(task, 'sim-medium', 1).content).toBe(reply(task, 'sim-medium', 1).content)
    expect(reply(task, 'sim-medium', 2).content).not.toBe(reply(task, 'sim-medium', 1).content)
  })
})

describe('simulated design deliverables', () => {
  test.each(design.map((t) => [t.id, t] as const))('%s: markdown with the reference sections; sim-strong covers every must-pass item', (_id, task) => {
    const headings = [...knowledge.reference(task.id)!.strong.matchAll(/^## (.+)$/gm)].map((m) => `## ${m[1]!.trim()}`)
    for (const seed of SEEDS) {
      const { content } = reply(task, 'sim-strong', seed)
      expect(content.startsWith(`# ${task.title}\n`)).toBe(true)
      expect(content.split('\n').filter((l) => l.startsWith('## '))).toEqual(headings)
      expect(scoreChecklist(task.checklist, content).mustPass.filter((m) => !m.caught), `seed ${seed}`).toEqual([])
    }
  })
})

describe('other requests', () => {
  test('a design task without its reference deliverables is refused, naming the files, never answered with a deliverable to score', () => {
    const bare = new SimKnowledge(knowledge.registry, tempDir())
    const task = design[0]!
    const call = toSimCall(body(task, 'sim-strong', 1), SIM_PROFILES['sim-strong']!, bare)
    expect(() => respond(call, bare)).toThrow(UnanswerableRequest)
    expect(() => respond(call, bare)).toThrow(
      `the orgbench simulator cannot write a deliverable for design task ${task.id} ("${task.title}"): it writes design deliverables from the reference deliverables fixtures/calibration/${task.id}/strong.md and fixtures/calibration/${task.id}/weak.md, which do not exist;`,
    )
  })

  test('a design task whose reference deliverables are not in "## " sections is refused, naming the file and what was expected', () => {
    const task = design[0]!
    const dir = tempDir()
    mkdirSync(join(dir, task.id))
    writeFileSync(join(dir, task.id, 'strong.md'), '# Plan\n\n### Timeline\n\nSix weekends.\n')
    writeFileSync(join(dir, task.id, 'weak.md'), '')
    const odd = new SimKnowledge(knowledge.registry, dir)
    const call = toSimCall(body(task, 'sim-strong', 1), SIM_PROFILES['sim-strong']!, odd)
    expect(() => respond(call, odd)).toThrow(UnanswerableRequest)
    expect(() => respond(call, odd)).toThrow(
      `fixtures/calibration/${task.id}/strong.md and fixtures/calibration/${task.id}/weak.md, which it cannot read: fixtures/calibration/${task.id}/strong.md: expected "## " sections with paragraphs under them`,
    )
    expect(() => respond(call, odd)).toThrow(`fixtures/calibration/${task.id}/weak.md: expected the "## " sections of strong.md, in the same order, with generic prose under them, got an empty file`)
  })

  test('an execution task whose calibration file cannot be read is refused at every request, naming the file and field, never answered with the typical chances', () => {
    const task = knowledge.registry.get('code_review_execution')
    const dir = tempDir()
    mkdirSync(join(dir, 'calibration', task.id), { recursive: true })
    const stored = JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', task.id, 'single-agent.json'), 'utf8')) as { runs: Array<{ method: string }> }
    stored.runs[0]!.method = 'too short'
    writeFileSync(join(dir, 'calibration', task.id, 'single-agent.json'), JSON.stringify(stored))
    calibrationsForThisTest(dir)
    const call = toSimCall(body(task, 'sim-strong', 1), SIM_PROFILES['sim-strong']!, knowledge)
    const expected = `the orgbench simulator cannot follow the calibration of ${task.id}: ${join(dir, 'calibration', task.id, 'single-agent.json')}: field runs.0.method: Too small`
    // The client retries a failed call: the retry is refused the same way.
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => respond(call, knowledge)).toThrow(UnanswerableRequest)
      expect(() => respond(call, knowledge)).toThrow(expected)
    }
  })

  test('text without a known task gets a note saying so', () => {
    const call = toSimCall({ model: 'sim-strong', messages: [{ role: 'user', content: 'Hello?' }] }, SIM_PROFILES['sim-strong']!, knowledge)
    expect(call.task).toBeUndefined()
    expect(respond(call, knowledge)).toBe('This is the orgbench simulator. It recognises orgbench tasks by their brief; this request did not contain one.')
  })
})
