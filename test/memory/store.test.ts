import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { OrgMemory } from '../../lib/memory/memory.js'
import { defaultStoredLessons, latestVersion, listVersions, readVersion, versionFile, writeVersion } from '../../lib/memory/store.js'
import { Secret } from '../../lib/secret.js'
import { tempDir } from '../support/temp.js'

const fresh = () => tempDir('orgbench-memory-')
/** A task as memory is read for it: its id and the ids of its roles. */
const taskOf = (id: string, roles: readonly string[] = []) => ({ id, roles: roles.map((r) => ({ id: r })) })

/** Another process that writes `content` under the same name just before this one does (writeNew's race), once. */
const rival = vi.hoisted(() => ({ next: null as string | null }))
vi.mock('../../lib/results/write.js', async (original) => {
  const write = await original<typeof import('../../lib/results/write.js')>()
  return {
    ...write,
    writeNew: (path: string, content: string) => {
      if (rival.next !== null) write.writeNew(path, rival.next)
      rival.next = null
      return write.writeNew(path, content)
    },
  }
})
const learned = { id: 'learned-single-abcdef12', text: 'Watch for medium items before handing in.', audience: ['single'], provenance: { runId: 'r1', topology: 'single', iteration: 1, failureMode: 'missed', evidence: 'e' } }

describe('versioned memory files', () => {
  test('each write is a new immutable version whose parent is the one before', () => {
    const dir = fresh()
    expect(latestVersion(dir, 'code_review_execution')).toBeNull()
    const v1 = writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null }, { now: new Date('2026-11-30T00:00:00Z') })
    const v2 = writeVersion(dir, 'code_review_execution', { writtenBy: 'r2', lessons: [...defaultStoredLessons(), learned], protocol: { hrm: { cycles: 3 } }, dropped: [], evidence: null })
    expect([v1.version, v1.parent, v2.version, v2.parent]).toEqual([1, null, 2, 1])
    expect(listVersions(dir, 'code_review_execution')).toEqual([1, 2])
    expect(readVersion(dir, 'code_review_execution', 1)).toEqual(v1)
    expect(latestVersion(dir, 'code_review_execution')).toEqual(v2)
  })

  test('two writers of the same task never overwrite each other: the one that loses the race writes the next version', () => {
    const dir = fresh()
    writeVersion(dir, 't', { writtenBy: 'first', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    rival.next = 'the other process\'s v0002\n'
    const mine = writeVersion(dir, 't', { writtenBy: 'mine', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null }, { from: 1 })
    // Its lessons came from v1, as the winner's did: the parent says so, not the winner's number.
    expect([mine.version, mine.parent]).toEqual([3, 1])
    expect(readFileSync(join(dir, 't', versionFile(2)), 'utf8')).toBe('the other process\'s v0002\n')
    expect(readVersion(dir, 't', 3)).toEqual(mine)
  })

  test('the parent is the version the lessons came from: a version learned against a real model from v1 names v1 though a simulated v2 is newer', () => {
    const dir = fresh()
    writeVersion(dir, 't', { writtenBy: 'real', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    writeVersion(dir, 't', { writtenBy: 'sim', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
    const fromDefaults = writeVersion(dir, 't', { writtenBy: 'fresh', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null }, { from: null })
    const fromReal = writeVersion(dir, 't', { writtenBy: 'real-2', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null }, { from: 1 })
    expect([fromDefaults.version, fromDefaults.parent, fromReal.version, fromReal.parent]).toEqual([3, null, 4, 1])
  })

  test('a version never holds the API key or a key-shaped string: lessons, provenance and drops are redacted as records are', () => {
    const dir = fresh()
    const canary = new Secret('canary-memory-5e4d3c2b1a').reveal()
    const shaped = 'sk-proj-AbCdEf1234567890XYZ'
    const quoted = `Use the credential ${canary} and ${shaped} when calling the scanner.`
    const written = writeVersion(dir, 't', {
      writtenBy: 'r1',
      lessons: [...defaultStoredLessons(), { ...learned, text: quoted, provenance: { ...learned.provenance, failureMode: `token ${canary} seen`, evidence: `key ${shaped}` } }],
      protocol: {},
      dropped: [{ what: `lesson "${quoted}" for nobody`, reason: 'no agent', iteration: 1, topology: 'single' }],
      evidence: null,
    })
    const text = readFileSync(join(dir, 't', versionFile(1)), 'utf8')
    for (const secret of [canary, shaped]) {
      expect(text).not.toContain(secret)
      expect(JSON.stringify(written)).not.toContain(secret)
    }
    expect(written.lessons.at(-1)!.text).toBe('Use the credential [redacted] and [redacted key] when calling the scanner.')
    expect(written.lessons.at(-1)!.provenance).toMatchObject({ failureMode: 'token [redacted] seen', evidence: 'key [redacted key]' })
  })

  test('a version written before versions were redacted reaches no prompt with its key: lessons are redacted as they are read', () => {
    const dir = fresh()
    const canary = new Secret('canary-old-memory-9f8e7d').reveal()
    mkdirSync(join(dir, 't'))
    const old = { ...learned, text: `Call the scanner with ${canary} or sk-proj-Old1234567890abc.` }
    writeFileSync(join(dir, 't', versionFile(1)), JSON.stringify({ task: 't', version: 1, parent: null, createdAt: 'x', writtenBy: 'r', lessons: [old] }))
    const memory = OrgMemory.load('persisted', dir, taskOf('t'), true)
    expect(memory.lessonsFor('single')).toEqual(['Call the scanner with [redacted] or [redacted key].'])
    expect(memory.storedVersion).toBe(1)
  })

  test('a malformed file is an error naming the file and the field', () => {
    const dir = fresh()
    mkdirSync(join(dir, 't'))
    writeFileSync(join(dir, 't', 'v0001.json'), JSON.stringify({ task: 't', version: 1, parent: null, createdAt: 'x', writtenBy: 'r', lessons: [{ id: 'Bad Id', text: 'x', audience: [] }] }))
    expect(() => readVersion(dir, 't', 1)).toThrow(`${join(dir, 't', 'v0001.json')}: field lessons.0.id: expected a lowercase lesson id`)
    expect(() => readVersion(dir, 't', 7)).toThrow('no memory version 7 of task t (versions: 1)')
  })

  test('a file whose task or version disagrees with its folder or name is refused: a record naming it would lead nowhere', () => {
    const dir = fresh()
    const file = join(dir, 'code_review_execution', 'v0001.json')
    const stored = (task: string, version: number) => {
      mkdirSync(join(dir, 'code_review_execution'), { recursive: true })
      writeFileSync(file, JSON.stringify({ task, version, parent: null, createdAt: 'x', writtenBy: 'r', lessons: defaultStoredLessons() }))
    }
    stored('contract_review_execution', 1)
    expect(() => latestVersion(dir, 'code_review_execution')).toThrow(`${file}: field task: expected "code_review_execution" (the folder), found "contract_review_execution"`)
    stored('code_review_execution', 7)
    expect(() => OrgMemory.load('persisted', dir, taskOf('code_review_execution'), true)).toThrow(`${file}: field version: expected 1 (the file name), found 7`)
    stored('code_review_execution', 1)
    expect(latestVersion(dir, 'code_review_execution')?.version).toBe(1)
  })

  test('a protocol entry that could not come from a retrospective is refused on read, naming the file and the field; it never reaches a run', () => {
    const dir = fresh()
    const stored = (protocol: Record<string, unknown>) => {
      mkdirSync(join(dir, 't'), { recursive: true })
      writeFileSync(join(dir, 't', 'v0001.json'), JSON.stringify({ task: 't', version: 1, parent: null, createdAt: 'x', writtenBy: 'r', lessons: defaultStoredLessons(), protocol }))
    }
    const file = join(dir, 't', 'v0001.json')
    stored({ self_refine: { budgetTokens: 1000, budgetSource: 'hand' } })
    expect(() => readVersion(dir, 't', 1)).toThrow(`${file}: field protocol.self_refine.budgetTokens: self_refine's budget is never learnable`)
    expect(() => OrgMemory.load('persisted', dir, taskOf('t'), true)).toThrow(`${file}: field protocol.self_refine.budgetTokens`)
    stored({ hrm: { bogus: 5 } })
    expect(() => readVersion(dir, 't', 1)).toThrow(`${file}: field protocol.hrm.bogus: hrm reads no knob "bogus"`)
    stored({ hrm: { haltThreshold: 1.5 } })
    expect(() => readVersion(dir, 't', 1)).toThrow(`${file}: field protocol.hrm.haltThreshold: `)
    stored({ hrm: { cycles: 3 } })
    expect(readVersion(dir, 't', 1).protocol).toEqual({ hrm: { cycles: 3 } })
  })

  test('a lesson addressed to no agent of the task is refused where the version is read for it, naming the file, the field and the roles expected; it never reaches a run', () => {
    const dir = fresh()
    const file = join(dir, 'code_review_execution', 'v0001.json')
    const lessons = defaultStoredLessons()
    lessons[1] = { ...lessons[1]!, audience: ['synthesiser'] }
    mkdirSync(join(dir, 'code_review_execution'))
    writeFileSync(file, JSON.stringify({ task: 'code_review_execution', version: 1, parent: null, createdAt: 'x', writtenBy: 'reset', lessons }))
    const task = taskOf('code_review_execution', ['security_reviewer', 'concurrency_reviewer'])
    const expected = `${file}: field lessons.1.audience: "synthesiser" is not a role of code_review_execution; did you mean "synthesizer"? (expected one of security_reviewer, concurrency_reviewer, single, synthesizer, coordinator, decomposer, specialists, or "all")`
    expect(() => readVersion(dir, 'code_review_execution', 1, { roles: task.roles })).toThrow(expected)
    expect(() => latestVersion(dir, 'code_review_execution', { roles: task.roles })).toThrow(expected)
    expect(() => OrgMemory.load('persisted', dir, task, true)).toThrow(expected)
    // Without the task's roles (export, diff of another task's folder) the file still reads: its schema is valid.
    expect(readVersion(dir, 'code_review_execution', 1).lessons[1]!.audience).toEqual(['synthesiser'])
  })

  test('ORGBENCH_MEMORY: persisted is the latest version (defaults while none), default the defaults, off nothing', () => {
    const dir = fresh()
    expect(OrgMemory.load('persisted', dir, taskOf('code_review_execution'), true).version).toBe('default')
    writeVersion(dir, 'code_review_execution', { writtenBy: 'r1', lessons: [...defaultStoredLessons(), learned], protocol: { hrm: { cycles: 3 } }, dropped: [], evidence: null })
    const persisted = OrgMemory.load('persisted', dir, taskOf('code_review_execution'), true)
    expect(persisted.version).toBe('code_review_execution@v1')
    expect(persisted.lessonsFor('single')).toContain(learned.text)
    expect(persisted.protocol).toEqual({ hrm: { cycles: 3 } })
    expect(OrgMemory.load('default', dir, taskOf('code_review_execution'), true).lessonsFor('single')).not.toContain(learned.text)
    expect(OrgMemory.load('off', dir, taskOf('code_review_execution'), true).toRecord()).toEqual({ mode: 'off', version: 'off', lessons: [] })
  })
})

describe('memory learned against the simulator never reaches a run against a real model', () => {
  const evidence = (simulated: boolean) => ({ runId: 'run-1', simulated, ...(simulated ? {} : { provider: 'openai', model: 'gpt' }), settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [] })

  test('a real run takes the latest version learned against a real model, a simulated run the latest of either', () => {
    const dir = fresh()
    writeVersion(dir, 'code_review_execution', { writtenBy: 'real', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: evidence(false) })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: evidence(true) })
    const real = OrgMemory.load('persisted', dir, taskOf('code_review_execution'), false)
    expect(real.version).toBe('code_review_execution@v1')
    expect(real.lessonsFor('single')).not.toContain(learned.text)
    expect(OrgMemory.load('persisted', dir, taskOf('code_review_execution'), true).version).toBe('code_review_execution@v2')
  })

  test('with only simulated versions, a real run gets the default lessons', () => {
    const dir = fresh()
    writeVersion(dir, 'code_review_execution', { writtenBy: 'sim', lessons: [...defaultStoredLessons(), learned], protocol: {}, dropped: [], evidence: evidence(true) })
    expect(OrgMemory.load('persisted', dir, taskOf('code_review_execution'), false).version).toBe('default')
  })
})
