import { describe, expect, test } from 'vitest'
import { type CodeReviewTruth, issueCategories, issueLocations } from '../../../../lib/tasks/kinds/code-review.js'
import { checkSetup, countBy, inputText, newFileLines, inputsOf, promptText, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('code_review_execution')
const truth = task.truth!.data as CodeReviewTruth

describe('code_review_execution: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'engineering',
    tier: 'standard',
    kind: 'execution',
    deliverable: 'code_review',
    roles: ["security_reviewer", "concurrency_reviewer", "efficiency_reviewer", "reliability_reviewer", "maintainability_reviewer"],
    rubric: [["bug_detection", 20], ["false_positive_rate", 20], ["fix_quality", 20], ["severity_accuracy", 20], ["review_completeness", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["d01:diff", "d02:diff", "d03:diff", "d04:diff", "d05:diff", "d06:diff", "d07:diff", "d08:diff", "d09:diff", "d10:diff", "d11:diff", "d12:diff", "d13:diff", "d14:diff"])
  })
})

describe('code_review_execution: its ground truth', () => {
  const issues = truth.diffs.flatMap((d) => d.issues)

  test('14 diffs (10 defective, 2 clean, 2 decoy); 15 planted issues by severity, 4 decoy lines', () => {
    expect(countBy(truth.diffs, (d) => d.kind)).toEqual([["clean", 2], ["decoy", 2], ["defective", 10]])
    expect(countBy(issues, (i) => i.severity)).toEqual([["CRITICAL", 3], ["HIGH", 5], ["LOW", 1], ["MEDIUM", 6]])
    expect(truth.diffs.flatMap((d) => d.decoys)).toHaveLength(4)
  })

  test('a clean or decoy diff plants no issue; a defective one at least one', () => {
    for (const d of truth.diffs) expect(d.issues.length > 0, d.input).toBe(d.kind === 'defective')
  })

  test("every issue's places and every decoy's lines are lines its diff shows, in the file it names", () => {
    for (const d of truth.diffs) {
      const shown = newFileLines(inputText(task, d.input))
      const places = [...d.issues.flatMap((i) => issueLocations(i).map((l) => ({ ...l, what: i.id }))), ...d.decoys.map((x) => ({ file: x.file, lines: x.lines, what: `decoy in ${d.input}` }))]
      for (const p of places) for (let n = p.lines.start; n <= p.lines.end; n++) expect(shown.get(p.file)?.has(n), `${p.what}: ${p.file}:${n}`).toBe(true)
    }
  })

  test("every issue's categories are the task's", () => {
    const ids = task.categories.map((c) => c.id)
    for (const i of issues) for (const c of issueCategories(i)) expect(ids, i.id).toContain(c)
  })

  test('the prompt names no file with a planted issue', () => {
    const prompt = promptText(task)
    expect(issues.filter((i) => prompt.includes(i.file)).map((i) => i.id)).toEqual([])
  })
})
