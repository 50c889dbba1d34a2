import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { detectability, profileFor, REFERENCE_PROFILE, SIM_PROFILES, type SimProfile, typicalDetectability } from '../../lib/sim/profiles.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

const DIFFICULTIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const

describe('SIM_PROFILES', () => {
  test('each profile is served under its own id', () => {
    for (const [name, p] of Object.entries(SIM_PROFILES)) expect(p.id, name).toBe(name)
    expect(Object.keys(SIM_PROFILES)).toEqual(expect.arrayContaining(['sim-strong', 'sim-medium', 'sim-weak', 'sim-correlated', 'sim-judge', 'sim-biased-judge', 'sim-gullible-judge']))
  })

  test('every chance is between 0 and 1', () => {
    for (const p of Object.values(SIM_PROFILES)) {
      for (const d of DIFFICULTIES) for (const key of ['detect', 'confuse', 'retain'] as const) expect(p[key][d], `${p.id}.${key}.${d}`).toSatisfy((x: number) => x >= 0 && x <= 1)
      for (const key of ['severitySlip', 'falseAlarm', 'roleVariation', 'callVariation', 'keepFalseAlarm', 'handoffLoss', 'handoffLossMax', 'mergeConflict', 'positionBias'] as const) expect(p[key], `${p.id}.${key}`).toSatisfy((x: number) => x >= 0 && x <= 1)
    }
  })

  test('stronger profiles see at least as much at every difficulty and err less', () => {
    const [strong, medium, weak] = (['sim-strong', 'sim-medium', 'sim-weak'] as const).map((id) => SIM_PROFILES[id]!)
    for (const d of DIFFICULTIES) {
      expect(strong!.detect[d]).toBeGreaterThanOrEqual(medium!.detect[d])
      expect(medium!.detect[d]).toBeGreaterThanOrEqual(weak!.detect[d])
      expect(strong!.confuse[d]).toBeLessThanOrEqual(medium!.confuse[d])
      expect(medium!.confuse[d]).toBeLessThanOrEqual(weak!.confuse[d])
    }
    expect([strong!.falseAlarm, medium!.falseAlarm, weak!.falseAlarm]).toEqual([0.12, 0.2, 0.4])
    expect([strong!.contextWindow, medium!.contextWindow, weak!.contextWindow]).toEqual([100_000, 32_000, 20_000])
  })

  test('the judges share sim-strong\'s parameters, apart from the bias each is named for', () => {
    const { id: _s, description: _sd, ...strong } = SIM_PROFILES['sim-strong']!
    const rest = (p: SimProfile) => {
      const { id: _i, description: _d, ...others } = p
      return others
    }
    expect(rest(SIM_PROFILES['sim-judge']!)).toEqual(strong)
    expect(rest(SIM_PROFILES['sim-biased-judge']!)).toEqual({ ...strong, positionBias: 1 })
    expect(rest(SIM_PROFILES['sim-gullible-judge']!)).toEqual({ ...strong, gullible: true })
  })
})

describe('lib/sim/README.md documents the parameters of each profile as the code sets them', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'lib', 'sim', 'README.md'), 'utf8')
  const header = '| Parameter | Meaning | sim-strong | sim-medium | sim-weak | sim-correlated |'
  const rows = readme.slice(readme.indexOf(header)).split('\n').slice(2).filter((l) => l.startsWith('| `'))
  const columns = ['sim-strong', 'sim-medium', 'sim-weak', 'sim-correlated'] as const
  /** A table cell as a number, a list of four, a boolean or unlimited; "as sim-strong" is sim-strong's cell. */
  const read = (cell: string): unknown => {
    if (cell === 'no' || cell === 'yes') return cell === 'yes'
    if (cell === 'unlimited') return Number.POSITIVE_INFINITY
    if (cell.includes(' / ')) return cell.split(' / ').map((x) => Number(x.replace(/,/g, '')))
    return Number(cell.replace(/,/g, ''))
  }
  const value = (p: SimProfile, key: string): unknown => {
    const v = (p as unknown as Record<string, unknown>)[key]
    return typeof v === 'object' && v !== null ? DIFFICULTIES.map((d) => (v as Record<string, number>)[d]) : v
  }

  test('the table has a row for every numeric and boolean parameter', () => {
    const documented = rows.flatMap((r) => [...r.split('|')[1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!))
    const { id: _i, description: _d, ...parameters } = SIM_PROFILES['sim-strong']!
    expect(documented.sort()).toEqual(Object.keys(parameters).sort())
  })

  test.each(columns)('%s', (id) => {
    const at = columns.indexOf(id)
    for (const r of rows) {
      const cells = r.split('|').slice(1, -1).map((c) => c.trim())
      const keys = [...cells[0]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!)
      let cell = cells[2 + at]!
      if (cell === 'as sim-strong') cell = cells[2]!
      // "a / b" under two parameters (inFocus / outOfFocus) is one value each.
      const documented = keys.length > 1 ? cell.split(' / ').map(read) : [read(cell)]
      const actual = keys.map((k) => value(SIM_PROFILES[id]!, k))
      // One number under a per-difficulty parameter ("0") is every difficulty's.
      const expanded = documented.map((d, i) => (Array.isArray(actual[i]) && typeof d === 'number' ? DIFFICULTIES.map(() => d) : d))
      expect(expanded, `${id}: ${keys.join(', ')}`).toEqual(actual)
    }
  })
})

describe('profileFor', () => {
  test('the profile of a simulated model name; none for another name', () => {
    expect(profileFor('sim-weak')).toBe(SIM_PROFILES['sim-weak'])
    expect(profileFor('gpt-4o')).toBeUndefined()
  })

  test('a property every object inherits is no model', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) expect(profileFor(name), name).toBeUndefined()
  })
})

describe('detectability', () => {
  test("without a calibration: the profile's typical chance at the difficulty, sim-strong's being the typical one", () => {
    expect(REFERENCE_PROFILE).toBe('sim-strong')
    expect(typicalDetectability('MEDIUM')).toBe(0.65)
    expect(detectability(SIM_PROFILES['sim-weak']!, 'MEDIUM')).toBe(0.2)
  })

  test("a calibrated chance (sim-strong's) is scaled by the profile's competence relative to sim-strong's, at most 1", () => {
    expect(detectability(SIM_PROFILES['sim-strong']!, 'MEDIUM', 0.3)).toBeCloseTo(0.3, 12)
    expect(detectability(SIM_PROFILES['sim-medium']!, 'MEDIUM', 0.65)).toBeCloseTo(0.5, 12)
    expect(detectability(SIM_PROFILES['sim-weak']!, 'HIGH', 0.5)).toBeCloseTo(0.175, 12)
    expect(detectability({ ...SIM_PROFILES['sim-strong']!, detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1 } }, 'LOW', 0.9)).toBe(1)
  })
})
