import { defineTask } from '../../../../../lib/tasks/schema.js'

export default defineTask({
  id: 'quote_review',
  track: 'enterprise',
  costCenter: 'engineering',
  title: 'Review two changes to the quoting service',
  kind: 'execution',
  brief: `You review two pull requests, q01 and q02, of a small quoting service before they ship. Each is shown as a unified diff with the new line numbers in a gutter. For each pull request, hand in a verdict (APPROVE, REQUEST_CHANGES or BLOCK) and one finding per real defect with its file, line, category, severity (CRITICAL, HIGH, MEDIUM or LOW), an explanation and a concrete fix. Block a pull request with a CRITICAL finding; approve one in which you find no real defect. Findings on correct code count against the review.`,
  inputs: [
    { id: 'q01', path: 'quotes/q01.diff', label: 'Pull request q01', format: 'diff' },
    { id: 'q02', path: 'quotes/q02.diff', label: 'Pull request q02', format: 'diff' },
  ],
  roles: [
    { id: 'first_reader', name: 'First reader', focus: 'Pull request q01 in full, with the code it touches.', memoryKey: 'first_reader' },
    { id: 'second_reader', name: 'Second reader', focus: 'Pull request q02 in full, with the code it touches.', memoryKey: 'second_reader' },
    { id: 'third_reader', name: 'Third reader', focus: 'Both pull requests as a whole: how each fits the code around it.', memoryKey: 'third_reader' },
  ],
  rubric: [
    { key: 'accuracy', description: 'Findings are real defects, placed on the right file and line.', weight: 60 },
    { key: 'actionability', description: 'Each fix could be applied as written and removes the defect.', weight: 40 },
  ],
  hardConstraints: ['One review per pull request, each with a verdict.'],
  deliverable: 'code_review',
  groundTruth: 'quotes/truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
