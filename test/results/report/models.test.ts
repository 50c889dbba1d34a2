import { describe, expect, test } from 'vitest'
import { renderReportHtml } from '../../../lib/results/report/html.js'
import { renderTopSummary } from '../../../lib/results/report/markdown.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { compareModels, modelNote, modelTable } from '../../../lib/results/report/models.js'
import { tQuantile } from '../../../lib/eval/distributions.js'
import { makeRun, trials } from '../fixtures.js'

/** Three tasks; organisation (star) adds `gain` points per task over single (whose scores are `base`). */
function runOf(model: string, base: number, gains: [number, number, number], createdAt = '2026-01-05T08:00:00.000Z', simulated = false) {
  const records = ['t1', 't2', 't3'].flatMap((task, i) => [
    ...trials([base, base + 2, base + 4], { task, model, simulated }),
    ...trials([base + gains[i]!, base + 2 + gains[i]!, base + 4 + gains[i]!], { task, topology: 'star', model, simulated }),
  ])
  return makeRun(records, { runId: `${model}-${createdAt.slice(0, 10)}`, model, createdAt, simulated })
}

describe('comparing models', () => {
  const strong = runOf('strong', 80, [2, 3, 4])
  const weak = runOf('weak', 50, [10, 12, 14])
  test("each topology's difference against each model's own single agent, strongest model first", () => {
    const cmp = compareModels([weak, strong], false)!
    expect(cmp.models.map((m) => [m.model, m.singleScore])).toEqual([['strong', 82], ['weak', 52]])
    expect(cmp.rows.map((r) => r.topology)).toEqual(['star'])
    expect(cmp.rows[0]!.vsSingle.map((d) => d?.mean)).toEqual([3, 12])
  })
  test('the contrast with the strongest model is the per-task difference of differences with a t interval over tasks, simultaneous over the table', () => {
    const cmp = compareModels([weak, strong], false)!
    const c = cmp.rows[0]!.contrast
    expect(c[0]).toBeNull()
    // The table shows 3 differences: star vs single for each model, and the contrast. Per task: 10-2, 12-3, 14-4 = 8, 9,
    // 10 → mean 9, SE 1/√3, Bonferroni over 3: 9 ± t(1 − 0.05/6, 2)/√3 = 9 ± 4.42 (the plain 95 % one was ± 2.48).
    expect(c[1]).toMatchObject({ against: 'strong', tasks: 3, mean: 9, adjusted: { family: 3, survives: true } })
    expect(c[1]!.ci!.lo).toBeCloseTo(9 - tQuantile(1 - 0.05 / 6, 2) / Math.sqrt(3), 3)
    expect(c[1]!.ci!.hi).toBeCloseTo(9 + tQuantile(1 - 0.05 / 6, 2) / Math.sqrt(3), 3)
    expect(modelTable(cmp).rows[0]![3]).toBe('+9.0 [+4.6, +13.4]* (3 tasks)')
  })
  test("each model's Δ vs single is adjusted in the same family of 3: strong's +3, SE 1/√3", () => {
    const d = compareModels([weak, strong], false)!.rows[0]!.vsSingle[0]!
    expect(d.adjusted!.family).toBe(3)
    expect(d.adjusted!.ci.lo).toBeCloseTo(3 - tQuantile(1 - 0.05 / 6, 2) / Math.sqrt(3), 3)
  })
  test('the note says how many differences were adjusted together, and how', () => {
    expect(modelNote(compareModels([weak, strong], false)!)).toContain('adjusted for the 3 of them with an interval (Holm p, Bonferroni at 1 − 0.05/3): * survives Holm')
  })
  test('over fewer than 3 tasks the contrast has no interval, as every other difference on the page', () => {
    const two = (r: ReturnType<typeof runOf>) => ({ ...r, cases: r.cases.filter((c) => c.task !== 't3') })
    const cmp = compareModels([two(weak), two(strong)], false)!
    expect(cmp.rows[0]!.contrast[1]).toMatchObject({ tasks: 2, mean: 8.5, ci: null })
    expect(modelTable(cmp).rows[0]![3]).toBe('+8.5 (too few tasks (2) for an interval)')
  })
  test('the newest run of a model counts; simulated and real runs never mix; one model is no comparison', () => {
    const newer = runOf('weak', 50, [0, 0, 0], '2026-01-12T08:00:00.000Z')
    expect(compareModels([weak, newer, strong], false)!.rows[0]!.vsSingle[1]!.mean).toBe(0)
    expect(compareModels([weak, strong], true)).toBeNull()
    expect(compareModels([strong, runOf('sim', 60, [1, 1, 1], undefined, true)], false)).toBeNull()
  })
  test('the report shows the comparison when it is given runs of several models', () => {
    const model = buildReportModel([strong, weak])
    expect(model.models).not.toBeNull()
    const html = renderReportHtml(model)
    expect(html).toContain('<section id="models">')
    expect(html).toContain('weak − strong [95% CI]')
    expect(renderTopSummary(model)).toContain('## Per model')
    expect(renderReportHtml(buildReportModel([strong]))).not.toContain('<section id="models">')
  })
})
