import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { stableJson } from '../../lib/results/write.js'
import { calibrationPromptStatus, groundTruthDetail, parseCalibrationDeliverable, SATURATED_AT, scoreCalibration, summarizeCalibration } from '../../lib/tasks/calibration.js'
import { type CalibrationFile, CalibrationRun, readCalibration } from '../../lib/tasks/calibration-file.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const FIXTURES = join(PROJECT_ROOT, 'fixtures')

describe('stored calibrations', () => {
  test('every calibration file is valid, and its stored scores are what the current scorers give', () => {
    for (const task of registry.tasks) {
      const file = readCalibration(FIXTURES, task.id)
      if (!file) continue
      expect(file.task).toBe(task.id)
      for (const run of file.runs) expect(stableJson(scoreCalibration(task, run.deliverable)), `${task.id} / ${run.model} / ${run.date}`).toBe(stableJson(run.scores))
    }
  })
})

describe('parseCalibrationDeliverable', () => {
  const task = registry.get('code_review_execution')

  test("accepts the task's deliverable as JSON, fenced or not", () => {
    const review = { reviews: [{ diff: 'd01', verdict: 'APPROVE', summary: 'fine', findings: [] }] }
    expect(parseCalibrationDeliverable(task, JSON.stringify(review), 'x.json')).toEqual({ kind: 'structured', schema: 'code_review', data: review })
    expect(parseCalibrationDeliverable(task, `\`\`\`json\n${JSON.stringify(review)}\n\`\`\``, 'x.json').kind).toBe('structured')
    // Read as a run reads a reply: a fence in any case with sentences around it, as a chat answer pasted to a file has it.
    expect(parseCalibrationDeliverable(task, `Here is the review:\n\n\`\`\`JSON\n${JSON.stringify(review)}\n\`\`\`\n\nThat is all.`, 'x.md')).toEqual({ kind: 'structured', schema: 'code_review', data: review })
  })

  test('refuses what does not match the schema, naming the file and the field', () => {
    expect(() => parseCalibrationDeliverable(task, '{"reviews": [{"diff": "d01"}]}', 'x.json')).toThrow(/^x\.json: field reviews\.0\.verdict: /)
    expect(() => parseCalibrationDeliverable(task, 'not json', 'x.json')).toThrow(/^x\.json: expected a JSON deliverable for code_review_execution/)
  })

  test('refuses an empty deliverable, markdown or JSON: an empty reply is a failed run, never a score of 0', () => {
    const design = registry.get('strategic_planning')
    expect(() => parseCalibrationDeliverable(design, '', 'empty.md')).toThrow(/^empty\.md: empty deliverable: /)
    expect(() => parseCalibrationDeliverable(design, ' \n\t\n', 'blank.md')).toThrow(/^blank\.md: empty deliverable: /)
    expect(() => parseCalibrationDeliverable(task, '\n', 'empty.json')).toThrow(/^empty\.json: empty deliverable: /)
    expect(parseCalibrationDeliverable(design, '# Plan\n', 'plan.md')).toEqual({ kind: 'markdown', text: '# Plan\n' })
  })
})

describe('groundTruthDetail', () => {
  test('prints every metric and every count of the ground-truth score, a metric without a value as –', () => {
    const task = registry.get('code_review_execution')
    const lines = groundTruthDetail(task, { kind: 'structured', schema: 'code_review', data: { reviews: [] } })
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('  metrics: recall 0 · weighted_recall 0 · precision – · f1 0 · verdict_accuracy 0 · severity_accuracy –')
    expect(lines[1]).toMatch(/^ {2}counts: recall_critical 0\/\d+ · recall_high 0\/\d+ · /)
  })

  test('a design task has no ground truth and no detail', () => {
    expect(groundTruthDetail(registry.get('strategic_planning'), { kind: 'markdown', text: '# Plan\n' })).toEqual([])
  })
})

describe('scoreCalibration and summarizeCalibration', () => {
  test("scores with the project's scorers: an empty review catches nothing", () => {
    const task = registry.get('code_review_execution')
    const scores = scoreCalibration(task, { kind: 'structured', schema: 'code_review', data: { reviews: [] } })
    expect(scores.mustCatch.caught).toBe(0)
    expect(scores.mustCatch.missed).toHaveLength(scores.mustCatch.total)
    expect(scores.checklist).toBeNull()
  })

  test('tells what the scorer could not read: a review filed under no diff of the task', () => {
    const task = registry.get('code_review_execution')
    const warnings: string[] = []
    scoreCalibration(task, { kind: 'structured', schema: 'code_review', data: { reviews: [{ diff: 'pr-1', verdict: 'APPROVE', summary: 's', findings: [] }] } }, (w) => warnings.push(w))
    expect(warnings).toEqual(['none of the deliverable\'s 1 diff id(s) (e.g. "pr-1") names a diff of the task (e.g. "d01"): every diff scores as left out'])
  })

  test('the calibrated score is the mean over runs; 90 or more is saturated', () => {
    const run = (groundTruth: number, caught: number) => ({ model: 'm', date: '2026-11-30', method: 'one pass of the single prompt', topology: 'single' as const, memory: 'off' as const, deliverable: { kind: 'markdown' as const, text: '' }, scores: { groundTruth, checklist: null, metrics: {}, mustCatch: { caught, total: 4, missed: [] } } })
    const file: CalibrationFile = { task: 't', runs: [run(96, 4), run(88, 3)] }
    expect(summarizeCalibration(file)).toEqual({ runs: 2, earlierPromptRuns: 0, models: ['m'], score: 92, headroom: 8, lowerBound: false, mustCatchRecall: 7 / 8, saturated: true, prompt: null })
    expect(summarizeCalibration({ task: 't', runs: [run(SATURATED_AT - 0.1, 4)] })!.saturated).toBe(false)
    expect(summarizeCalibration(null)).toBeNull()
  })

  test('only the runs that answered the newest run\'s prompt are averaged: a run on an earlier prompt describes that prompt', () => {
    const run = (groundTruth: number, promptSha256: string) => ({ model: 'm', date: '2026-11-30', method: 'one pass of the single prompt', topology: 'single' as const, memory: 'off' as const, promptSha256, deliverable: { kind: 'markdown' as const, text: '' }, scores: { groundTruth, checklist: null, metrics: {}, mustCatch: { caught: 4, total: 4, missed: [] } } })
    const file: CalibrationFile = { task: 't', runs: [run(100, 'a'.repeat(64)), run(96, 'b'.repeat(64)), run(84, 'b'.repeat(64))] }
    expect(summarizeCalibration(file)).toMatchObject({ runs: 2, earlierPromptRuns: 1, score: 90, saturated: true })
    expect(summarizeCalibration({ task: 't', runs: [run(100, 'a'.repeat(64)), run(85.7, 'b'.repeat(64))] })).toMatchObject({ runs: 1, earlierPromptRuns: 1, score: 85.7, saturated: false })
  })

  test("a design task's checklist is decided by its patterns and recorded as such: a lower bound, so no headroom is claimed", () => {
    const task = registry.get('defi_strategy_design')
    const scores = scoreCalibration(task, { kind: 'markdown', text: '# Plan\n\nCapital: EUR 50,000.' })
    expect(scores).toMatchObject({ groundTruth: null, checklistMethod: 'patterns' })
    const run = { model: 'm', date: '2026-11-30', method: 'one pass of the single prompt', topology: 'single' as const, memory: 'off' as const, deliverable: { kind: 'markdown' as const, text: '' } }
    const below = summarizeCalibration({ task: task.id, runs: [{ ...run, scores }] })!
    expect(below).toMatchObject({ score: 7.1, headroom: null, lowerBound: true, saturated: false })
    const above = summarizeCalibration({ task: task.id, runs: [{ ...run, scores: { ...scores, checklist: 95 } }] })!
    expect(above).toMatchObject({ score: 95, headroom: null, lowerBound: true, saturated: true })
    expect(scoreCalibration(registry.get('code_review_execution'), { kind: 'structured', schema: 'code_review', data: { reviews: [] } })).not.toHaveProperty('checklistMethod')
  })
})

describe('the prompt a calibration run answered', () => {
  const PROMPT_A = 'a'.repeat(64)
  const PROMPT_B = 'b'.repeat(64)
  const run = (promptSha256?: string) => ({
    model: 'm',
    date: '2026-11-30',
    method: 'one pass of the single prompt',
    topology: 'single' as const,
    memory: 'off' as const,
    ...(promptSha256 === undefined ? {} : { promptSha256 }),
    deliverable: { kind: 'markdown' as const, text: '' },
    scores: { groundTruth: 90, checklist: null, metrics: {}, mustCatch: { caught: 1, total: 1, missed: [] } },
  })

  test("a run stores its prompt's SHA-256 as 64 hex digits; a run recorded before it was kept, without one, still reads", () => {
    expect(CalibrationRun.parse(run(PROMPT_A)).promptSha256).toBe(PROMPT_A)
    expect(CalibrationRun.parse(run())).not.toHaveProperty('promptSha256')
    const bad = CalibrationRun.safeParse(run('ABC'))
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]).toMatchObject({ path: ['promptSha256'], message: 'expected the 64 hex digits of a SHA-256' })
  })

  test("the newest run says whether the task's prompt is the one it answered, changed since, or not recorded", () => {
    expect(calibrationPromptStatus({ task: 't', runs: [run(PROMPT_B), run(PROMPT_A)] }, PROMPT_A)).toBe('same')
    expect(calibrationPromptStatus({ task: 't', runs: [run(PROMPT_A), run(PROMPT_B)] }, PROMPT_A)).toBe('changed')
    expect(calibrationPromptStatus({ task: 't', runs: [run(PROMPT_A), run()] }, PROMPT_A)).toBe('not-recorded')
    expect(summarizeCalibration({ task: 't', runs: [run(PROMPT_B)] }, PROMPT_A)!.prompt).toBe('changed')
  })
})
