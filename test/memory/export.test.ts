import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { exportMemory, refusal, secretRefusal } from '../../lib/memory/export.js'
import type { LearningEvidence } from '../../lib/memory/evidence.js'
import { defaultStoredLessons, versionFile, writeVersion } from '../../lib/memory/store.js'
import { tempDir } from '../support/temp.js'

const evidence = (over: Partial<LearningEvidence> = {}): LearningEvidence => ({ runId: 'run-7', simulated: false, provider: 'openrouter', model: 'm', settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, arms: [], differences: [], ...over })
const version = (over: Partial<LearningEvidence> | null) => ({ task: 'code_review_execution', version: 3, writtenBy: 'run-7', evidence: over === null ? null : evidence(over) })

describe('refusal', () => {
  test('a version a learning run wrote against a real provider and model may be committed', () => {
    expect(refusal(version({}))).toBeNull()
  })

  test('is refused: one not written by a learning run, one learned against the simulator, one without a real provider and model', () => {
    expect(refusal({ ...version(null), writtenBy: 'reset' })).toBe('code_review_execution@v3 was written by reset, not by a learning run')
    expect(refusal(version({ simulated: true }))).toBe('code_review_execution@v3 was learned against the simulator (run run-7)')
    const unrecorded = 'code_review_execution@v3 does not record the real provider and model it was learned against'
    expect(refusal(version({ provider: 'sim' }))).toBe(unrecorded)
    expect(refusal(version({ provider: undefined }))).toBe(unrecorded)
    expect(refusal(version({ model: undefined }))).toBe(unrecorded)
  })
})

describe('secretRefusal', () => {
  test('refuses a text holding a key-shaped string, naming the version file to clean; passes one without', () => {
    expect(secretRefusal({ task: 't', version: 12 }, '{"text":"use sk-proj-AbCdEf1234567890XYZ"}')).toBe('t@v12 holds an API key or a key-shaped string (written before memory versions were redacted); remove it from v0012.json to commit the version')
    expect(secretRefusal({ task: 't', version: 12 }, '{"text":"check the keys of the map"}')).toBeNull()
  })
})

describe('exportMemory', () => {
  test('copies the committable versions byte for byte in the same layout, task by task in name order, and lists the rest with their reasons', () => {
    const dir = tempDir()
    const out = join(tempDir(), 'memory')
    const lessons = defaultStoredLessons()
    writeVersion(dir, 'support_triage_execution', { writtenBy: 'run-7', lessons, protocol: {}, dropped: [], evidence: evidence() })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'run-6', lessons, protocol: {}, dropped: [], evidence: evidence({ simulated: true, runId: 'run-6' }) })
    writeVersion(dir, 'code_review_execution', { writtenBy: 'run-7', lessons, protocol: {}, dropped: [], evidence: evidence() })
    expect(exportMemory(dir, out)).toEqual({
      copied: ['code_review_execution/v0002.json', 'support_triage_execution/v0001.json'],
      refused: ['code_review_execution@v1 was learned against the simulator (run run-6)'],
    })
    expect(readdirSync(join(out, 'code_review_execution'))).toEqual([versionFile(2)])
    expect(readFileSync(join(out, 'support_triage_execution', 'v0001.json'), 'utf8')).toBe(readFileSync(join(dir, 'support_triage_execution', 'v0001.json'), 'utf8'))
  })

  test('an empty or missing memory folder exports nothing', () => {
    expect(exportMemory(join(tempDir(), 'none'), join(tempDir(), 'out'))).toEqual({ copied: [], refused: [] })
  })
})
