import { describe, expect, test } from 'vitest'
import { jsonBlocks, objectsWith, SEVERITY_STEPS, SimContext, type SimItem, slip } from '../../lib/sim/context.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

const task = (await loadRegistry()).get('code_review_execution')
const roleOf = (id: string) => task.roles.find((r) => r.id === id)!
const context = (profile: string, key: string, role: string | null = null) => new SimContext(task, SIM_PROFILES[profile]!, role ? roleOf(role) : null, [], '', key)
const item = (difficulty: SimItem['difficulty'], focusWords: string[] = []): SimItem => ({ id: `item-${difficulty}`, difficulty, focusWords })
const keys = Array.from({ length: 400 }, (_, i) => `call-${i}`)
const shareFound = (profile: string, it: SimItem, role: string | null = null, seen = false) => keys.filter((k) => context(profile, k, role).decide(it, seen).found).length / keys.length

describe('SimContext.decide', () => {
  test('sim-strong always finds CRITICAL and HIGH items and never mislabels them', () => {
    for (const difficulty of ['CRITICAL', 'HIGH'] as const) {
      for (const k of keys) expect(context('sim-strong', k).decide(item(difficulty), false)).toMatchObject({ found: true, confused: false })
    }
  })

  test('sim-weak misses severe items much more often', () => {
    expect(shareFound('sim-weak', item('CRITICAL'))).toBeLessThan(0.6)
    expect(shareFound('sim-weak', item('CRITICAL'))).toBeGreaterThan(0.3)
  })

  test('is deterministic in the call key and the item', () => {
    const a = context('sim-medium', 'k1').decide(item('LOW'), false)
    expect(context('sim-medium', 'k1').decide(item('LOW'), false)).toEqual(a)
  })

  test('an item shown in earlier work is usually kept', () => {
    expect(shareFound('sim-weak', item('MEDIUM'), null, true)).toBeGreaterThan(shareFound('sim-weak', item('MEDIUM'), null, false) + 0.3)
  })

  test('a role finds minor items in its focus more often than outside it', () => {
    // The efficiency reviewer's focus mentions "loop"; the security reviewer's does not.
    const minor = item('MEDIUM', ['loop iteration'])
    expect(roleOf('efficiency_reviewer').focus.toLowerCase()).toContain('loop iteration')
    expect(roleOf('security_reviewer').focus.toLowerCase()).not.toContain('loop iteration')
    expect(shareFound('sim-strong', minor, 'efficiency_reviewer')).toBeGreaterThan(shareFound('sim-strong', minor, 'security_reviewer') + 0.2)
  })
})

describe('SimContext.focusFactor', () => {
  test('generalists and severe items are unaffected; roles scale minor items in and out of focus', () => {
    const p = SIM_PROFILES['sim-strong']!
    expect(context('sim-strong', 'k').focusFactor(item('LOW', ['anything']))).toBe(1)
    expect(context('sim-strong', 'k', 'security_reviewer').focusFactor(item('HIGH', ['nothing-matches']))).toBe(1)
    expect(context('sim-strong', 'k', 'security_reviewer').focusFactor(item('LOW', ['untrusted']))).toBe(p.inFocus)
    expect(context('sim-strong', 'k', 'security_reviewer').focusFactor(item('LOW', ['clock']))).toBe(p.outOfFocus)
    expect(context('sim-strong', 'k', 'security_reviewer').focusFactor({ ...item('LOW', ['untrusted']), focusRoles: ['efficiency_reviewer'] })).toBe(p.outOfFocus)
  })
})

describe('jsonBlocks', () => {
  test('parses every ```json block, including longer fences, and skips broken ones', () => {
    const prompt = ['text', '```json\n{"a":1}\n```', '````json\n{"b":"```"}\n````', '```json\n{broken\n```', '```\n{"plain":true}\n```'].join('\n\n')
    expect(jsonBlocks(prompt)).toEqual([{ a: 1 }, { b: '```' }])
  })
})

describe('objectsWith', () => {
  test('finds nested objects that have all the keys', () => {
    const values = [{ reviews: [{ findings: [{ file: 'a', line: 1, category: 'x' }, { file: 'b' }] }] }, { file: 'c', line: 2, category: 'y', extra: true }]
    expect(objectsWith(values, ['file', 'line', 'category'])).toEqual([
      { file: 'a', line: 1, category: 'x' },
      { file: 'c', line: 2, category: 'y', extra: true },
    ])
  })
})

describe('slip', () => {
  test('moves a severity one step: the first level down, every other up', () => {
    expect(SEVERITY_STEPS.map((s) => slip(s, SEVERITY_STEPS))).toEqual(['HIGH', 'CRITICAL', 'HIGH', 'MEDIUM'])
  })
})
