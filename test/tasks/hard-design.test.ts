import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scoreChecklist } from '../../lib/eval/checklist.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

/*
 * The hard design tasks: their checklist items are results computed from the brief's facts, so the
 * brief itself meets none of them, while the reference answer meets all. The numbers the items name
 * are recomputed here from the facts, by hand, so that a wrong item cannot hide behind its pattern.
 */

const registry = await loadRegistry()
const reference = (id: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', id, 'strong.md'), 'utf8')

describe.each(['support_staffing_plan', 'treasury_yield_sizing'])('%s', (id) => {
  const task = registry.get(id)

  test('is a hard-tier design task with must-pass items', () => {
    expect(task.tier).toBe('hard')
    expect(task.deliverable).toBe('markdown')
    expect(task.checklist.filter((c) => c.mustPass).length).toBeGreaterThanOrEqual(2)
  })

  test('restating the brief meets no item; the reference answer meets every one', () => {
    expect(scoreChecklist(task.checklist, `${task.brief}\n${task.hardConstraints.join('\n')}`).covered).toEqual([])
    expect(scoreChecklist(task.checklist, reference(id)).missing).toEqual([])
  })
})

describe('the numbers support_staffing_plan items name, recomputed from its facts', () => {
  const minutesPerTicket = 0.04 * 90 + 0.16 * 45 + 0.5 * 20 + 0.3 * 10
  const tickets = 18_000 * 1.4
  const hours = (tickets * minutesPerTicket) / 60
  const eu = Math.ceil((0.55 * hours) / (6 * 21))
  const us = Math.ceil((0.45 * hours) / (6 * 21))

  test('workload, headcount per region, P1 volume, cost and overrun', () => {
    expect(hours).toBeCloseTo(9996, 6)
    expect([eu, us]).toEqual([44, 36])
    expect((tickets * 0.04) / 30).toBeCloseTo(33.6, 6)
    expect(eu * 52_000 + us * 61_000).toBe(4_484_000)
    expect(eu * 52_000 + us * 61_000 - 4_400_000).toBe(84_000)
  })

  test('the permitted windows leave New York 19:00-24:00 (Berlin 01:00-06:00) without P1 cover', () => {
    // Hours of the New York day covered: EU 06:00-22:00 Berlin is 00:00-16:00 New York; US 07:00-19:00.
    const covered = new Set<number>()
    for (let h = 6; h < 22; h++) covered.add((h - 6 + 24) % 24)
    for (let h = 7; h < 19; h++) covered.add(h)
    expect(Array.from({ length: 24 }, (_, h) => h).filter((h) => !covered.has(h))).toEqual([19, 20, 21, 22, 23])
  })
})

describe('the numbers treasury_yield_sizing items name, recomputed from its facts', () => {
  const capital = 80_000
  const s1 = 0.25 * capital
  const s1Net = 0.0078 - (3 * 12) / s1
  const jupLoss = 1 - Math.sqrt(1 - 1.5 * 0.3)
  const s4 = Math.min(0.02 * 400_000, 0.25 * capital)
  const remaining = 0.1 * capital - 0.22 * s1 - jupLoss * s4
  const s2 = remaining / 0.3
  const s3 = 0.25 * capital
  const weekly = s1 * s1Net + s4 * 0.0045 + s2 * 0.0014 + s3 * 0.001

  test('S1 net yield, the S4 stress loss and its binding pool cap', () => {
    expect(s1Net).toBeCloseTo(0.006, 9)
    expect(jupLoss).toBeCloseTo(0.2584, 4)
    expect(s4).toBe(8000)
    expect((0.1 * capital - 0.22 * s1) / jupLoss).toBeCloseTo(13_933, 0)
  })

  test('JitoSOL from the remaining stress budget, idle USDC, and the best weekly yield below the 0.5 % target', () => {
    expect(remaining).toBeCloseTo(1533, 0)
    expect(s2).toBeCloseTo(5110, 0)
    expect(capital - s1 - s4 - s2 - s3).toBeCloseTo(26_890, 0)
    expect(weekly).toBeCloseTo(183.15, 1)
    expect(weekly / capital).toBeLessThan(0.005)
  })
})
