import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { ResponseCache } from '../../lib/llm/cache.js'
import { defaultStoredLessons, writeVersion } from '../../lib/memory/store.js'
import { PreflightError, preflight } from '../../lib/run/preflight.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { TOPOLOGY_IDS } from '../../lib/topologies/types.js'
import { tempDir } from '../support/temp.js'

const tasks = { ids: (await loadRegistry()).tasks.map((t) => t.id) }

async function check(env: Record<string, string>, root = tempDir()): Promise<string[]> {
  try {
    await preflight(loadConfig({ env, cwd: root }), tasks, root)
    return []
  } catch (e) {
    if (!(e instanceof PreflightError)) throw e
    expect(e.message.split('\n')[0]).toBe('orgbench cannot start:')
    return e.problems
  }
}

describe('preflight', () => {
  test('a valid configuration passes and creates the results folder', async () => {
    expect(await check({ ORGBENCH_TASKS: 'code_review_execution', ORGBENCH_TOPOLOGIES: 'single,star' })).toEqual([])
  })
  test('unknown task and topology ids are named, with a did-you-mean when one is close; none is dropped silently', async () => {
    const problems = await check({ ORGBENCH_TASKS: 'no_such_task,code_reviw_execution', ORGBENCH_TOPOLOGIES: 'star,bogus,peer_reveiw' })
    expect(problems).toHaveLength(4)
    expect(problems[0]).toMatch(/^ORGBENCH_TASKS: unknown task "no_such_task" \(known: ai_incident_response, /)
    expect(problems[1]).toMatch(/^ORGBENCH_TASKS: unknown task "code_reviw_execution"; did you mean "code_review_execution"\? \(known: /)
    expect(problems[2]).toBe(`ORGBENCH_TOPOLOGIES: unknown topology "bogus" (known: ${TOPOLOGY_IDS.join(', ')})`)
    expect(problems[3]).toMatch(/^ORGBENCH_TOPOLOGIES: unknown topology "peer_reveiw"; did you mean "peer_review"\?/)
  })
  test('a missing or malformed price file is found before any call', async () => {
    const root = tempDir()
    expect(await check({ ORGBENCH_PRICES: 'prices.json' }, root)).toEqual([expect.stringMatching(/^ORGBENCH_PRICES=prices\.json: price file .*prices\.json: no such file or folder \(ENOENT\)/)])
    writeFileSync(join(root, 'prices.json'), JSON.stringify({ models: { m: { input: -1 } } }))
    expect(await check({ ORGBENCH_PRICES: 'prices.json' }, root)).toEqual([expect.stringMatching(/^ORGBENCH_PRICES=prices\.json: price file .* is invalid \(the format is lib\/llm\/prices\.json's\): field models\.m\.input: /)])
  })
  test('a cost model that cannot be read is found before any call, named with ORGBENCH_COST_MODEL (the report that needs it comes after the run)', async () => {
    expect(await check({ ORGBENCH_COST_MODEL: 'missing.json' })).toEqual([expect.stringMatching(/^ORGBENCH_COST_MODEL=missing\.json: cost model \S+missing\.json: expected a readable JSON file: ENOENT/)])
  })
  test('a results folder that cannot be written is named with the cause', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'a-file'), '')
    expect(await check({ ORGBENCH_RESULTS_DIR: 'a-file/runs' }, root)).toEqual([`ORGBENCH_RESULTS_DIR=a-file/runs: cannot write results there: ${join(root, 'a-file')} is a file, expected a folder`])
    expect(await check({ ORGBENCH_RESULTS_DIR: 'a-file' }, root)).toEqual([`ORGBENCH_RESULTS_DIR=a-file: cannot write results there: ${join(root, 'a-file')} is a file, expected a folder`])
  })
  test('a response cache folder that cannot be written is named: the run would record nothing, so a resume would pay again', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'a-file'), '')
    const inTheWay = `${join(root, 'a-file')} is a file, expected a folder`
    expect(await check({ ORGBENCH_CACHE_DIR: 'a-file', ORGBENCH_CACHE: 'read-write' }, root)).toEqual([`ORGBENCH_CACHE_DIR=a-file: cannot write the replies a resume needs there: ${inTheWay}`])
    expect(await check({ ORGBENCH_CACHE_DIR: 'a-file/cache' }, root)).toEqual([`ORGBENCH_CACHE_DIR=a-file/cache: cannot write the replies a resume needs there: ${inTheWay}`])
  })
  test('a replay from a cache with no recorded reply stops before any case, naming the folder; one with replies passes', async () => {
    const root = tempDir()
    expect(await check({ ORGBENCH_CACHE_DIR: 'nocache', ORGBENCH_CACHE: 'replay' }, root)).toEqual([
      `ORGBENCH_CACHE=replay: ORGBENCH_CACHE_DIR=nocache (${join(root, 'nocache')}) holds no recorded reply, so every case would fail; record them first with ORGBENCH_CACHE=read-write, or point ORGBENCH_CACHE_DIR at the cache that has them`,
    ])
    const cache = new ResponseCache(join(root, 'nocache'), 'read-write', 'sim-20261201T000000Z-abcdef')
    cache.put({ key: 'a'.repeat(64), endpoint: 'e', model: 'm', scope: 's', content: 'c', finishReason: 'stop', usage: null, costUsd: null })
    cache.close()
    expect(await check({ ORGBENCH_CACHE_DIR: 'nocache', ORGBENCH_CACHE: 'replay' }, root)).toEqual([])
  })
  test("a selected task's calibration file that cannot be read is named with its field: the simulator could not follow it, and a real run would pay before its summary found out", async () => {
    const root = tempDir()
    const file = join(root, 'fixtures', 'calibration', 'code_review_execution', 'single-agent.json')
    mkdirSync(join(root, 'fixtures', 'calibration', 'code_review_execution'), { recursive: true })
    cpSync(join(PROJECT_ROOT, 'fixtures', 'calibration', 'code_review_execution', 'single-agent.json'), file)
    expect(await check({}, root)).toEqual([])
    const valid = JSON.parse(readFileSync(file, 'utf8')) as { runs: Array<Record<string, unknown>> }
    const { scores, ...rest } = valid.runs[0]!
    writeFileSync(file, JSON.stringify({ ...valid, runs: [{ ...rest, score: scores }] }))
    expect(await check({}, root)).toEqual([`${file}: field runs.0.scores: Invalid input: expected object, received undefined`, `${file}: field runs.0: Unrecognized key: "score"`])
    writeFileSync(file, readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', 'code_review_execution', 'single-agent.json'), 'utf8').slice(0, 100))
    expect(await check({}, root)).toEqual([expect.stringMatching(new RegExp(`^${file.replaceAll('.', '\\.')}: not valid JSON \\(`))])
  })
  test('a memory version a selected task would read that cannot be read, or holds a lesson for no agent of the task, stops the run with its file and field', async () => {
    const root = tempDir()
    const file = join(root, 'memory', 'code_review_execution', 'v0001.json')
    const lessons = defaultStoredLessons()
    writeVersion(join(root, 'memory'), 'code_review_execution', { writtenBy: 'reset', lessons, protocol: {}, dropped: [], evidence: null })
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory' }, root)).toEqual([])
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { lessons: Array<{ audience: string[] }> }
    stored.lessons[1]!.audience = ['synthesiser']
    writeFileSync(file, JSON.stringify(stored))
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory' }, root)).toEqual([
      `${file}: field lessons.1.audience: "synthesiser" is not a role of code_review_execution; did you mean "synthesizer"? (expected one of security_reviewer, concurrency_reviewer, efficiency_reviewer, reliability_reviewer, maintainability_reviewer, single, synthesizer, coordinator, decomposer, specialists, or "all")`,
    ])
    // A run that reads no stored memory is not stopped by it.
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory', ORGBENCH_MEMORY: 'default' }, root)).toEqual([])
    writeFileSync(file, '{"task": "code_review_execution", "vers')
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory' }, root)).toEqual([expect.stringMatching(new RegExp(`^${file.replaceAll('.', '\\.')}: not valid JSON \\(`))])
  })

  test('a file where the memory folder must be stops the run naming it: it would read as nothing learned', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'memory'), '')
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory' }, root)).toEqual([`ORGBENCH_MEMORY_DIR=memory: ${join(root, 'memory')} is a file, expected a folder`])
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory/learned' }, root)).toEqual([`ORGBENCH_MEMORY_DIR=memory/learned: ${join(root, 'memory')} is a file, expected a folder`])
    // A run that reads no stored memory is not stopped by it.
    expect(await check({ ORGBENCH_MEMORY_DIR: 'memory', ORGBENCH_MEMORY: 'default' }, root)).toEqual([])
  })
})
