import { describe, expect, test } from 'vitest'
import { latexEscape, renderLatexTable } from '../../../lib/results/report/latex.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { twoTrackRun } from './shared.js'

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
})

describe('latexEscape', () => {
  test('escapes every special character', () => {
    expect(latexEscape('self_refine 5% & $x #1 {a} ~^\\')).toBe('self\\_refine 5\\% \\& \\$x \\#1 \\{a\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}')
  })
})
