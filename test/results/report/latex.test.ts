import { describe, expect, test } from 'vitest'
import { latexEscape, renderLatexTable } from '../../../lib/results/report/latex.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { twoTrackRun } from './shared.js'
import { makeRun, trials } from '../fixtures.js'

describe('renderLatexTable', () => {
  test('has a row per topology with escaped names and the clustered difference; over two tasks the score has no interval', () => {
    const tex = renderLatexTable(buildReportModel([twoTrackRun]))
    expect(tex).toContain('\\begin{tabular}{lrrrrrrr}')
    expect(tex).toMatch(/\\texttt\{star\} & [\d.]+ \{\\small --\} & \+7\.8/)
    expect(tex.match(/\\texttt\{/g)).toHaveLength(2)
    expect(tex).toContain('simulated results')
  })

  test('a difference without spread has a dash for its interval and its MDE, as the run summary prints it', () => {
    const model = buildReportModel([twoTrackRun])
    const star = model.groups.find((g) => g.by === 'all' && g.topology === 'star')!
    const flat = { ...star.vsSingle!, sd: 0, se: 0, ci: { ...star.vsSingle!.ci!, lo: 7.8, hi: 7.8 }, adjusted: undefined, note: undefined, mde: 0 }
    const tex = renderLatexTable({ ...model, groups: model.groups.map((g) => (g === star ? { ...g, vsSingle: flat } : g)) })
    expect(tex).toMatch(/\\texttt\{star\} & [\d.]+ \{\\small --\} & \+7\.8 \{\\small --\} & -- &/)
  })
  test('a difference that rounds to zero prints 0.0 as the HTML report and summary.md do, never $-$0.0', () => {
    const model = buildReportModel([twoTrackRun])
    const star = model.groups.find((g) => g.by === 'all' && g.topology === 'star')!
    const adjusted = { family: 2, p: 0.9, pHolm: 0.9, ci: { lo: -6.41, hi: 6.33, level: 0.975, method: 't' as const }, survives: false }
    const nearZero = { ...star.vsSingle!, mean: -0.04, note: undefined, adjusted }
    const tex = renderLatexTable({ ...model, groups: model.groups.map((g) => (g === star ? { ...g, vsSingle: nearZero } : g)) })
    expect(tex).toContain('& 0.0 {\\small [$-$6.4, +6.3]}')
    expect(tex).not.toContain('$-$0.0')
  })
  test("a Δ vs matched against self_refine in another organisation's row is marked, and the caption says it spent star's budget", () => {
    const run = makeRun(['e1', 'e2'].flatMap((task) => [...trials([60, 62, 61], { task }), ...trials([70, 71, 69], { task, topology: 'star' }), ...trials([64, 63, 65], { task, topology: 'self_refine' }), ...trials([72, 70, 74], { task, topology: 'hrm' })]), { runId: 'sim-matched' })
    const tex = renderLatexTable(buildReportModel([run]))
    expect(tex).toMatch(/\\texttt\{hrm\}( &[^&]*){3} & [^&]*\$\^\{\\ddagger\}\$ &/)
    expect(tex).not.toMatch(/\\texttt\{star\}[^\n]*ddagger/)
    expect(tex).toContain("$^{\\ddagger}$ vs self\\_refine matched to star's spend, not the row's own (hrm): not a compute-matched comparison for these.")
  })
})

describe('renderLatexTable caption', () => {
  test("states the size of the table's family of differences", () => {
    const model = buildReportModel([twoTrackRun])
    const star = model.groups.find((g) => g.by === 'all' && g.topology === 'star')!
    const adjusted = { family: 2, p: 0.01, pHolm: 0.02, ci: { lo: 1, hi: 9, level: 0.975, method: 't' as const }, survives: true }
    const tex = renderLatexTable({ ...model, groups: model.groups.map((g) => (g === star ? { ...g, vsSingle: { ...g.vsSingle!, note: undefined, adjusted } } : g)) })
    expect(tex).toContain('simultaneous over the 2 differences in the table (Bonferroni); $^{*}$ survives Holm correction over the same.')
  })
})

describe('latexEscape', () => {
  test('escapes every special character', () => {
    expect(latexEscape('self_refine 5% & $x #1 {a} ~^\\')).toBe('self\\_refine 5\\% \\& \\$x \\#1 \\{a\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}')
  })
})
