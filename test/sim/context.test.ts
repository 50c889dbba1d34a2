import { describe, expect, test } from 'vitest'
import { jsonBlocks, majorityRight, objectsWith, readableItem, SEVERITY_STEPS, SimContext, type SimItem, slip } from '../../lib/sim/context.js'
import { detectability, SIM_PROFILES, type SimProfile, typicalDetectability } from '../../lib/sim/profiles.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { taskBlock } from '../../lib/topologies/prompts.js'

const task = (await loadRegistry()).get('code_review_execution')
const roleOf = (id: string) => task.roles.find((r) => r.id === id)!
interface Call {
  profile?: string
  /** Parameters that differ from the named profile's. */
  tweak?: Partial<SimProfile>
  trial?: string
  call?: string
  role?: string | null
  prompt?: string
  prior?: unknown[]
}
const context = ({ profile = 'sim-strong', tweak = {}, trial = 't', call = 'c', role = null, prompt = '', prior = [] }: Call = {}) =>
  new SimContext({ task, profile: { ...SIM_PROFILES[profile]!, ...tweak }, role: role ? roleOf(role) : null, prior, prompt, callKey: `${trial}|${call}`, trialKey: trial })
const item = (difficulty: SimItem['difficulty'], focusWords: string[] = []): SimItem => ({ id: `item-${difficulty}`, difficulty, detectability: typicalDetectability(difficulty), focusWords })
const trials = Array.from({ length: 400 }, (_, i) => `trial-${i}`)
const share = (pred: (trial: string) => boolean) => trials.filter(pred).length / trials.length

describe('SimContext.decide', () => {
  test('sim-strong always finds CRITICAL and HIGH items and never mislabels them, however long the prompt', () => {
    const long = `${taskBlock(task)}\n${'earlier work '.repeat(20_000)}`
    for (const difficulty of ['CRITICAL', 'HIGH'] as const) {
      for (const trial of trials) expect(context({ trial, prompt: long }).decide(item(difficulty), false)).toMatchObject({ found: true, confused: false })
    }
  })

  test('one call finds an item with exactly the profile chance; sim-weak misses severe items often', () => {
    expect(share((trial) => context({ trial }).decide(item('MEDIUM'), false).found)).toBeCloseTo(0.65, 1)
    expect(share((trial) => context({ profile: 'sim-weak', trial }).decide(item('CRITICAL'), false).found)).toBeCloseTo(0.45, 1)
  })

  test('is deterministic in the keys and the item', () => {
    expect(context({ profile: 'sim-medium', trial: 'k1' }).decide(item('LOW'), false)).toEqual(context({ profile: 'sim-medium', trial: 'k1' }).decide(item('LOW'), false))
  })

  test('blind spots are the model\'s, per trial: asking again agrees with the first answer far more often than chance', () => {
    const p = SIM_PROFILES['sim-strong']!
    const again = share((trial) => context({ trial, call: 'a' }).sees(item('MEDIUM')) === context({ trial, call: 'b' }).sees(item('MEDIUM')))
    const independent = 0.65 ** 2 + 0.35 ** 2
    // Two calls disagree only where one of them took a fresh look (callVariation each).
    expect(again).toBeGreaterThan(1 - 2 * p.callVariation)
    expect(again).toBeGreaterThan(independent + 0.3)
  })

  test('five roles of one model do not give five independent chances', () => {
    const roles = task.roles.map((r) => r.id)
    const union = share((trial) => roles.some((role, i) => context({ trial, call: `call-${i}`, role }).sees(item('MEDIUM'))))
    // Five independent calls at 0.65 would find it 99.5 % of the time.
    expect(union).toBeLessThan(0.85)
    expect(union).toBeGreaterThan(0.65)
  })

  test('under sim-correlated a call accepts from earlier work only what it can see itself', () => {
    for (const trial of trials.slice(0, 100)) {
      const ctx = context({ profile: 'sim-correlated', trial })
      expect(ctx.decide(item('MEDIUM'), true)).toEqual(ctx.decide(item('MEDIUM'), false))
    }
  })

  test('an item shown in earlier work is usually kept by a call that cannot see it itself', () => {
    const kept = trials.filter((trial) => !context({ profile: 'sim-weak', trial }).sees(item('MEDIUM')))
    const rate = kept.filter((trial) => context({ profile: 'sim-weak', trial }).decide(item('MEDIUM'), true).found).length / kept.length
    expect(rate).toBeGreaterThan(0.6)
  })

  test('with the shipped profiles a role sees what the single agent sees in the same call: no view of its own, no focus', () => {
    // An organisation's roles and a budget-matched single agent's calls are looks alike: five roles find
    // an item exactly as often as five calls of the single agent. A role's own view or a focus boost
    // would be an advantage only organisations get (lib/sim/README.md, "Where the topologies stand").
    const minor = item('MEDIUM', ['costs to run'])
    expect(roleOf('efficiency_reviewer').focus.toLowerCase()).toContain('costs to run')
    for (const profile of ['sim-strong', 'sim-medium', 'sim-weak']) {
      for (const trial of trials) {
        for (const role of task.roles.map((r) => r.id)) {
          expect(context({ profile, trial, call: role, role }).sees(minor), `${profile} ${trial} ${role}`).toBe(context({ profile, trial, call: role }).sees(minor))
        }
      }
    }
  })

  test('a profile with focus makes a role find minor items in its focus more often than outside it', () => {
    // The efficiency reviewer's focus mentions what code "costs to run"; the security reviewer's does not.
    const minor = item('MEDIUM', ['costs to run'])
    expect(roleOf('security_reviewer').focus.toLowerCase()).not.toContain('costs to run')
    const tweak = { inFocus: 1.05, outOfFocus: 0.95 }
    const found = (role: string) => share((trial) => context({ trial, role, tweak }).sees(minor))
    expect(found('efficiency_reviewer')).toBeGreaterThan(found('security_reviewer') + 0.04)
  })

  test('a critique that names an item as missing counts as earlier work', () => {
    const prior = [{ reviews: [{ problems: [{ kind: 'missing', detail: 'Not in this draft: reviews.findings category=injection, file=a.py, severity=HIGH' }, { kind: 'unsupported', detail: 'file=b.py' }] }] }]
    const ctx = context({ prior })
    expect(ctx.hinted('category=injection', 'file=a.py')).toBe(true)
    expect(ctx.hinted('category=injection', 'file=b.py')).toBe(false)
    expect(ctx.hinted('file=b.py')).toBe(false)
  })
})

describe('reading long prompts', () => {
  const base = taskBlock(task).length + 2000
  const withWork = (tokens: number, profile = 'sim-strong') => context({ profile, prompt: 'x'.repeat(base + tokens * 4) })

  test('handoffs lose more carried items the longer the quoted work, up to the cap', () => {
    const p = SIM_PROFILES['sim-strong']!
    expect(withWork(0).handoffSurvival()).toBeCloseTo(1, 1)
    expect(withWork(10_000).handoffSurvival()).toBeCloseTo(1 - p.handoffLoss * 10, 2)
    expect(withWork(1_000_000).handoffSurvival()).toBeCloseTo(1 - p.handoffLossMax, 5)
  })

  test('own recall falls with the work read alongside, as p^(1/attention); certain items stay certain', () => {
    const ctx = withWork(10_000)
    expect(ctx.attention()).toBeLessThan(1)
    expect(ctx.seeChance(item('MEDIUM'))).toBeCloseTo(0.65 ** (1 / (ctx.attention() * ctx.contextFactor())), 6)
    expect(ctx.seeChance(item('CRITICAL'))).toBe(1)
  })

  test('a prompt beyond the profile\'s context window scales recall by window ÷ tokens', () => {
    const window = SIM_PROFILES['sim-medium']!.contextWindow
    expect(context({ profile: 'sim-medium', prompt: 'x'.repeat(4 * window) }).contextFactor()).toBe(1)
    expect(context({ profile: 'sim-medium', prompt: 'x'.repeat(8 * window) }).contextFactor()).toBeCloseTo(0.5, 6)
  })
})

describe('detectability', () => {
  test("is the profile's typical chance for an uncalibrated item, and a calibrated item's chance scaled by the profile's competence", () => {
    expect(detectability(SIM_PROFILES['sim-medium']!, 'MEDIUM')).toBe(0.5)
    // sim-strong is the reference: a calibrated item has its calibrated chance.
    expect(detectability(SIM_PROFILES['sim-strong']!, 'MEDIUM', 0.3)).toBe(0.3)
    // sim-medium finds MEDIUM items 0.5 / 0.65 as often as sim-strong.
    expect(detectability(SIM_PROFILES['sim-medium']!, 'MEDIUM', 0.3)).toBeCloseTo((0.3 * 0.5) / 0.65, 10)
    expect(detectability(SIM_PROFILES['sim-weak']!, 'CRITICAL', 0.8)).toBeCloseTo(0.8 * 0.45, 10)
  })

  test("an item's typical detectability (what every kind sets until a calibration does) gives every profile its own typical chance", () => {
    expect(typicalDetectability('MEDIUM')).toBe(0.65)
    expect(typicalDetectability('LOW')).toBe(0.45)
    for (const id of ['sim-strong', 'sim-medium', 'sim-weak']) {
      const profile = SIM_PROFILES[id]!
      for (const d of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const) expect(detectability(profile, d, typicalDetectability(d)), `${id} ${d}`).toBeCloseTo(profile.detect[d], 12)
    }
  })

  test('a calibrated item is found as often as its detectability says', () => {
    const hard: SimItem = { ...item('CRITICAL'), detectability: 0.4 }
    expect(share((trial) => context({ trial }).decide(hard, false).found)).toBeCloseTo(0.4, 1)
  })
})

describe('SimContext.focusFactor', () => {
  test('generalists and severe items are unaffected; roles scale minor items in and out of focus by the profile\'s factors', () => {
    const tweak = { inFocus: 1.05, outOfFocus: 0.95 }
    expect(context({ tweak }).focusFactor(item('LOW', ['anything']))).toBe(1)
    expect(context({ tweak, role: 'security_reviewer' }).focusFactor(item('HIGH', ['nothing-matches']))).toBe(1)
    expect(context({ tweak, role: 'security_reviewer' }).focusFactor(item('LOW', ['security']))).toBe(1.05)
    expect(context({ tweak, role: 'security_reviewer' }).focusFactor(item('LOW', ['clock']))).toBe(0.95)
    expect(context({ tweak, role: 'security_reviewer' }).focusFactor({ ...item('LOW', ['security']), focusRoles: ['efficiency_reviewer'] })).toBe(0.95)
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

describe('majorityRight', () => {
  test('takes the right value from earlier answers only when most of them give it', () => {
    expect(majorityRight(['P1', 'P1', 'P2'], 'P1')).toBe(true)
    expect(majorityRight(['P1', 'P2'], 'P1')).toBe(false)
    expect(majorityRight([], 'P1')).toBe(false)
  })
})

describe('readableItem', () => {
  test('quotes an item key the way a critic writes it', () => {
    expect(readableItem('$.reviews[].findings[]{category=injection,file=a.py}')).toBe('reviews.findings category=injection, file=a.py')
    expect(readableItem('x'.repeat(200))).toHaveLength(160)
  })
})

describe('slip', () => {
  test('moves a severity one step: the first level down, every other up', () => {
    expect(SEVERITY_STEPS.map((s) => slip(s, SEVERITY_STEPS))).toEqual(['HIGH', 'CRITICAL', 'HIGH', 'MEDIUM'])
  })
})
