import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../../../lib/errors.js'
import { aggregateOutcomes } from '../../../lib/results/outcomes/aggregate.js'
import { configuredCostModel, loadCostModel, moneyFigures, parseCostModel, rateOutcomeIds } from '../../../lib/results/outcomes/cost-model.js'
import { summarizeRecord } from '../../../lib/results/summary.js'
import { tempDir } from '../../support/temp.js'
import { reviewCase } from './fixtures.js'

const FILE = 'costs.json'
const valid = {
  hourlyRateUsd: 120,
  outcomes: {
    'code_review.escaped_severe_bugs': { usd: 20000, assumption: 'hotfix, incident and customer credits' },
    'code_review.false_blocks': { hours: 1.5 },
  },
}

describe('cost model: validation', () => {
  test('dollars per event, or hours at the hourly rate; the assumption is kept in words', () => {
    const model = parseCostModel(valid, FILE)
    expect(model.file).toBe(FILE)
    expect([...model.prices.entries()]).toEqual([
      ['code_review.escaped_severe_bugs', { usdPerEvent: 20000, assumption: '$20,000 per event (escaped CRITICAL/HIGH bugs): hotfix, incident and customer credits' }],
      ['code_review.false_blocks', { usdPerEvent: 180, assumption: '1.5 h at $120/h = $180 per event (false blocks or change requests)' }],
    ])
  })

  test.each([
    [{ outcomes: { 'code_review.escaped_bugs': { usd: 1 } } }, /^cost model costs\.json: outcomes\.code_review\.escaped_bugs: expected the id of an outcome counted in events, one of: .*code_review\.escaped_severe_bugs/],
    [{ outcomes: { 'incident_response.right_root_cause': { usd: 1 } } }, /outcomes\.incident_response\.right_root_cause: expected the id of an outcome counted in events/],
    [{ outcomes: { 'code_review.false_blocks': { usd: 1, hours: 2 } } }, /outcomes\.code_review\.false_blocks: expected exactly one of "usd" \(dollars per event\) or "hours"/],
    [{ outcomes: { 'code_review.false_blocks': { hours: 2 } } }, /outcomes\.code_review\.false_blocks\.hours: expected "hourlyRateUsd" at the top level/],
    [{ outcomes: { 'code_review.false_blocks': { usd: -5 } } }, /outcomes\.code_review\.false_blocks\.usd: expected a positive number \(dollars per event\)/],
    [{ outcome: {} }, /^cost model costs\.json: outcomes: missing; /],
  ])('a bad file is a user error naming the file, the field and what was expected (%#)', (raw, message) => {
    expect(() => parseCostModel(raw, FILE)).toThrow(UserError)
    expect(() => parseCostModel(raw, FILE)).toThrow(message)
  })

  test('the example file of the docs prices every outcome counted in events', () => {
    const model = loadCostModel('docs/cost-model.example.json')
    expect([...model.prices.keys()].sort()).toEqual(rateOutcomeIds())
  })

  test('a file that is not JSON is named in the error', () => {
    const dir = tempDir('orgbench-costs-')
    const path = join(dir, 'costs.json')
    writeFileSync(path, '{ not json')
    expect(() => loadCostModel(path)).toThrow(new RegExp(`^cost model ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected a readable JSON file`))
    writeFileSync(path, JSON.stringify(valid))
    expect(loadCostModel(path).prices.size).toBe(2)
  })
})

describe('cost model: money per case', () => {
  const cases = [
    reviewCase({ topology: 'single', trial: 1, escaped: 2, caught: 1, usd: 0.01 }),
    reviewCase({ topology: 'single', trial: 2, escaped: 1, caught: 1, usd: 0.01 }),
    reviewCase({ topology: 'star', trial: 1, escaped: 0, caught: 2, usd: 0.04 }),
    reviewCase({ topology: 'star', trial: 2, escaped: 1, caught: 2, usd: 0.04 }),
  ].map(summarizeRecord)
  const report = aggregateOutcomes(cases)
  const star = report.groups.find((g) => g.topology === 'star')!

  test('events per case × price, and the saving against single with its interval scaled by the price', () => {
    const [escaped] = moneyFigures(star, cases, parseCostModel(valid, FILE)).filter((m) => m.outcome === 'code_review.escaped_severe_bugs')
    // star lets 0.5 severe bugs escape per review: $10,000; single 1.5: star saves 1 bug = $20,000 per case.
    expect(escaped!.lostPerCase.mean).toBe(10000)
    expect(escaped!.savedVsSingle!.mean).toBe(20000)
    // Two pairs are too few for an interval (a t interval on 1 df), as in the score tables.
    expect(escaped!.savedVsSingle).toMatchObject({ ci: null, note: 'too few trials (2) for an interval' })
    expect(escaped!.savedVsMatched).toBeNull()
    expect(escaped!.assumption).toContain('$20,000 per event')
  })

  test('with three trials the saving gets its interval, scaled by the price, ends in order', () => {
    const three = [...cases, ...[reviewCase({ topology: 'single', trial: 3, escaped: 2, caught: 1, usd: 0.01 }), reviewCase({ topology: 'star', trial: 3, escaped: 1, caught: 2, usd: 0.04 })].map(summarizeRecord)]
    const group = aggregateOutcomes(three).groups.find((g) => g.topology === 'star')!
    const [escaped] = moneyFigures(group, three, parseCostModel(valid, FILE)).filter((m) => m.outcome === 'code_review.escaped_severe_bugs')
    // The paired differences are -2, 0 and -1 bugs: -1 ± 4.3027 · 1/√3 → saved [−$29,683, +$69,683].
    expect(escaped!.savedVsSingle!.mean).toBe(20000)
    expect(escaped!.savedVsSingle!.ci!.lo).toBeCloseTo(-29683, 0)
    expect(escaped!.savedVsSingle!.ci!.hi).toBeCloseTo(69683, 0)
  })

  test('priced from the events of each case, not from the rounded rate: 1 event in 3 trials at $180 is $60.00, not 0.3333 × $180', () => {
    const third = [0, 0, 1].flatMap((escaped, i) => [reviewCase({ topology: 'single', trial: i + 1, escaped, caught: 1 }), reviewCase({ topology: 'star', trial: i + 1, escaped: 0, caught: 1 })]).map(summarizeRecord)
    const groups = aggregateOutcomes(third).groups
    const single = groups.find((g) => g.topology === 'single')!
    expect(single.outcomes.find((o) => o.outcome === 'code_review.escaped_severe_bugs')!.perCase!.value.mean).toBeCloseTo(1 / 3, 9)
    const model = parseCostModel({ hourlyRateUsd: 120, outcomes: { 'code_review.escaped_severe_bugs': { hours: 1.5 } } }, FILE)
    expect(moneyFigures(single, third, model)[0]!.lostPerCase.mean).toBe(60)
    expect(moneyFigures(groups.find((g) => g.topology === 'star')!, third, model)[0]!.savedVsSingle!.mean).toBe(60)
  })

  test('no cost model, no money figure; an unpriced outcome gets none either', () => {
    expect(moneyFigures(star, cases, null)).toEqual([])
    expect(moneyFigures(star, cases, parseCostModel({ outcomes: { 'support_triage.sla_wrong': { usd: 50 } } }, FILE))).toEqual([])
  })

  test('the cost model ORGBENCH_COST_MODEL names: none when unset, read relative to the root, a bad one named with the variable', () => {
    const dir = tempDir('orgbench-costs-')
    expect(configuredCostModel(null, dir)).toBeNull()
    writeFileSync(join(dir, 'costs.json'), JSON.stringify(valid))
    expect(configuredCostModel('costs.json', dir)?.prices.size).toBe(2)
    expect(() => configuredCostModel('missing.json', dir)).toThrow(new UserError(`ORGBENCH_COST_MODEL=missing.json: cost model ${join(dir, 'missing.json')}: expected a readable JSON file: ENOENT: no such file or directory, open '${join(dir, 'missing.json')}'`))
  })
})
