import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { resolutionReporter } from '../support/module-hook.js'
import type { ReconciliationTruth } from '../../lib/tasks/kinds/reconciliation.js'
import { CODE_CATEGORIES } from '../../lib/tasks/kinds/code-review.js'
import { STRUCTURED_KINDS, type TruthContext, type TruthProblem } from '../../lib/tasks/kinds/index.js'
import { TICKET_CATEGORIES } from '../../lib/tasks/kinds/support-triage.js'
import type { SupportTriageTruth } from '../../lib/tasks/kinds/support-triage.js'

/** A truth-checking context from [id, content, format] inputs and the task's category ids. */
function context(inputs: Array<[string, string, string]>, categories: string[] = []): TruthContext {
  return { inputs: new Map(inputs.map(([id, text]) => [id, text])), formats: new Map(inputs.map(([id, , format]) => [id, format])), categories: new Set(categories) }
}

describe('support triage ground truth is checked against the ticket batch', () => {
  const ticket = (id: string) => ({
    id,
    receivedAt: '2026-11-02T09:00:00Z',
    client: { name: 'Acme', tier: 'Enterprise', arrEur: 120000, plan: 'Scale' },
    channel: 'email',
    subject: 'Export fails',
    body: 'Our export has failed since this morning.',
  })
  const label = (id: string) => ({ id, priority: 'P1', routing: 'L2', category: 'defect', slaDeadline: '2026-11-02T13:00:00Z' }) as const
  const batch = JSON.stringify({ tickets: [ticket('T-0001'), ticket('T-0002')] })
  // The support-triage check answers at once (only a kind with heavy checks answers later).
  const check = (truth: SupportTriageTruth, text = batch) => STRUCTURED_KINDS.support_triage.check(truth, context([['tickets', text, 'json']], TICKET_CATEGORIES.map((c) => c.id))) as TruthProblem[]

  test('a label for every ticket and no other passes', () => {
    expect(check({ input: 'tickets', tickets: [label('T-0001'), label('T-0002')] })).toEqual([])
  })

  test('a label for a ticket not in the batch, and a ticket without a label, are named', () => {
    expect(check({ input: 'tickets', tickets: [label('T-0001'), label('T-0009')] })).toEqual([
      { field: 'tickets.1.id', message: 'ticket T-0009 is not in tickets' },
      { field: 'tickets', message: 'expected a label for ticket T-0002' },
    ])
  })

  test('a ticket labelled twice is named at its second label, and a ticket id twice in the batch against the batch', () => {
    expect(check({ input: 'tickets', tickets: [label('T-0001'), label('T-0002'), { ...label('T-0001'), priority: 'P0' }] })).toEqual([
      { field: 'tickets.2.id', message: 'ticket T-0001 is labelled twice (also tickets.0)' },
    ])
    const twice = JSON.stringify({ tickets: [ticket('T-0001'), ticket('T-0002'), ticket('T-0001')] })
    expect(check({ input: 'tickets', tickets: [label('T-0001'), label('T-0002')] }, twice)).toEqual([
      { field: 'tickets.2.id', message: 'duplicate ticket id "T-0001" (also tickets.0.id)', input: 'tickets' },
    ])
  })

  test('every mistake in the batch is one problem against the batch, with its field, what was expected and what it got', () => {
    const premium = { ...ticket('T-0002'), client: { ...ticket('T-0002').client, tier: 'Premium' }, language: 'en' }
    const accountTicket = { id: 'T-0003', receivedAt: '2026-11-02T09:00:00Z', account: 'ACME', requester: 'Ana', channel: 'fax', subject: 's', body: 'b' }
    const text = JSON.stringify({ tickets: [ticket('T-0001'), premium, accountTicket] })
    expect(check({ input: 'tickets', tickets: [label('T-0001')] }, text)).toEqual([
      { input: 'tickets', field: 'tickets.1.client.tier', message: 'Invalid option: expected one of "Enterprise"|"Growth"|"Starter", got "Premium"' },
      { input: 'tickets', field: 'tickets.1', message: 'Unrecognized key: "language"' },
      { input: 'tickets', field: 'tickets.2.account', message: 'expected an account id like "A-1234", got "ACME"' },
      { input: 'tickets', field: 'tickets.2.channel', message: 'Invalid option: expected one of "email"|"portal"|"phone"|"chat"|"api", got "fax"' },
    ])
  })

  test('an input that is not a ticket batch, or not an input at all', () => {
    expect(check({ input: 'tickets', tickets: [label('T-0001')] }, '{"tickets": []}')).toEqual([{ input: 'tickets', field: 'tickets', message: 'expected at least one ticket' }])
    expect(check({ input: 'tickets', tickets: [label('T-0001')] }, '{"tickets": [')).toEqual([{ input: 'tickets', field: '(root)', message: expect.stringMatching(/^expected valid JSON: /) }])
    expect(check({ input: 'nope', tickets: [label('T-0001')] })).toEqual([{ field: 'input', message: 'expected the id of a task input, got "nope"' }])
  })
})

describe('deliverable schemas', () => {
  test('each kind names its structured-output schema "<kind>_deliverable"', () => {
    expect(Object.entries(STRUCTURED_KINDS).map(([kind, spec]) => [kind, spec.schemaName])).toEqual([
      ['code_review', 'code_review_deliverable'],
      ['contract_review', 'contract_review_deliverable'],
      ['support_triage', 'support_triage_deliverable'],
      ['incident_response', 'incident_response_deliverable'],
      ['reconciliation', 'reconciliation_deliverable'],
    ])
  })

  test('a finding may use the category "other" for a real defect outside the list', () => {
    const schema = STRUCTURED_KINDS.code_review.deliverable(CODE_CATEGORIES.map((c) => c.id))
    const review = { reviews: [{ diff: 'd01', verdict: 'REQUEST_CHANGES', summary: 's', findings: [{ file: 'a', line: 1, category: 'other', severity: 'LOW', explanation: 'e', fix: 'f' }] }] }
    expect(schema.safeParse(review).success).toBe(true)
    const bad = structuredClone(review)
    bad.reviews[0]!.findings[0]!.category = 'typo'
    expect(schema.safeParse(bad).success).toBe(false)
  })

  test("a task's own categories are part of its deliverable schema, and only of its own", () => {
    const ids = [...CODE_CATEGORIES.map((c) => c.id), 'timing_attack']
    const finding = { file: 'a', line: 1, category: 'timing_attack', severity: 'HIGH', explanation: 'e', fix: 'f' }
    const review = { reviews: [{ diff: 'd01', verdict: 'BLOCK', summary: 's', findings: [finding] }] }
    expect(STRUCTURED_KINDS.code_review.deliverable(ids).safeParse(review).success).toBe(true)
    expect(STRUCTURED_KINDS.code_review.deliverable(CODE_CATEGORIES.map((c) => c.id)).safeParse(review).success).toBe(false)
  })
})

describe('code review ground truth', () => {
  const diff = (path: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,2 +1,3 @@\n line one\n+line two\n line three\n`
  const ids = CODE_CATEGORIES.map((c) => c.id)
  const issue = (category: string) => ({ id: 'd01-1', category, severity: 'HIGH' as const, file: 'a.py', lines: { start: 2, end: 2 }, summary: 'A real defect on the added line.' })
  const check = (truth: unknown, categories = ids) =>
    STRUCTURED_KINDS.code_review.check(STRUCTURED_KINDS.code_review.truth.parse(truth), context([['d01', diff('a.py'), 'diff'], ['d02', diff('b.py'), 'diff'], ['notes', 'context', 'markdown']], categories)) as TruthProblem[]

  test('every diff input must be covered; a clean one says so explicitly', () => {
    const only = { diffs: [{ input: 'd01', kind: 'defective', verdict: 'BLOCK', issues: [issue('injection')] }] }
    expect(check(only)).toEqual([{ field: 'diffs', message: 'expected an entry for diff input "d02" (a clean diff is listed with kind "clean" and no issues)' }])
    const both = { diffs: [...only.diffs, { input: 'd02', kind: 'clean', verdict: 'APPROVE', issues: [] }] }
    expect(check(both)).toEqual([])
  })

  test('issue ids are unique across every diff, the second place naming the first', () => {
    const second = { ...issue('injection'), lines: { start: 1, end: 1 } }
    const truth = { diffs: [{ input: 'd01', kind: 'defective', verdict: 'BLOCK', issues: [issue('injection'), second] }, { input: 'd02', kind: 'defective', verdict: 'BLOCK', issues: [{ ...issue('injection'), file: 'b.py' }] }] }
    expect(check(truth)).toEqual([
      { field: 'diffs.0.issues.1.id', message: 'duplicate issue id "d01-1" (also diffs.0.issues.0.id)' },
      { field: 'diffs.1.issues.0.id', message: 'duplicate issue id "d01-1" (also diffs.0.issues.0.id)' },
    ])
  })

  test('the verdict must agree with the diff: APPROVE when clean, BLOCK with a CRITICAL issue, never APPROVE when defective', () => {
    const clean = { input: 'd02', kind: 'clean', verdict: 'APPROVE', issues: [] }
    const defective = (severity: string, verdict: string) => ({ input: 'd01', kind: 'defective', verdict, issues: [{ ...issue('injection'), severity }] })
    expect(check({ diffs: [defective('HIGH', 'REQUEST_CHANGES'), { ...clean, verdict: 'BLOCK' }] })).toEqual([{ field: 'diffs.1.verdict', message: 'expected APPROVE for a clean diff (it has no issues), got BLOCK' }])
    expect(check({ diffs: [defective('CRITICAL', 'APPROVE'), clean] })).toEqual([{ field: 'diffs.0.verdict', message: 'expected BLOCK for a diff with a CRITICAL issue (diffs.0.issues.0), got APPROVE' }])
    expect(check({ diffs: [defective('LOW', 'APPROVE'), clean] })).toEqual([{ field: 'diffs.0.verdict', message: 'expected REQUEST_CHANGES or BLOCK for a defective diff, got APPROVE' }])
    expect(check({ diffs: [defective('MEDIUM', 'BLOCK'), clean] })).toEqual([])
  })

  test("an issue's category must be one of the task's categories, which the task may extend", () => {
    const truth = { diffs: [{ input: 'd01', kind: 'defective', verdict: 'BLOCK', issues: [issue('timing_attack')] }, { input: 'd02', kind: 'clean', verdict: 'APPROVE', issues: [] }] }
    expect(check(truth)[0]).toMatchObject({ field: 'diffs.0.issues.0.category', message: expect.stringContaining('got "timing_attack"; a task adds its own categories under "categories"') })
    expect(check(truth, [...ids, 'timing_attack'])).toEqual([])
  })
})

describe('the reconciliation check', () => {
  test('loads the CSV parser only when a reconciliation task is loaded: a worker of other tasks never imports it', () => {
    // A child process whose module resolution reports csv-parse; it loads two other tasks, says so, then a reconciliation task.
    const hook = resolutionReporter("s.includes('csv-parse')", 'csv-parse resolved')
    const code = `const { loadTask } = await import(${JSON.stringify(join(PROJECT_ROOT, 'lib/tasks/registry.ts'))}); for (const id of process.argv.slice(1)) { const t = await loadTask(id); console.log(id, 'problems' in t ? 'broken' : 'loaded') }`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', hook, '--input-type=module', '-e', code, 'code_review_execution', 'support_triage_execution', 'cash_reconciliation_execution'], { encoding: 'utf8', cwd: PROJECT_ROOT })
    expect(out.trim().split('\n')).toEqual(['code_review_execution loaded', 'support_triage_execution loaded', 'csv-parse resolved', 'cash_reconciliation_execution loaded'])
  })

  test('answers through the kind, later, what the check of the figures finds', async () => {
    const { checkReconciliationTruth } = await import('../../lib/tasks/kinds/reconciliation-check.js')
    const task = (await loadRegistry()).get('cash_reconciliation_execution')
    const truth = task.truth!.data as ReconciliationTruth
    const categories = new Set(task.categories.map((c) => c.id))
    const own = { inputs: new Map(task.resolvedInputs.map((i) => [i.id, i.content])), formats: new Map(task.resolvedInputs.map((i) => [i.id, i.format])), categories }
    // Against its own fixtures the truth holds; against none, every figure it points into is missing.
    for (const ctx of [own, { ...own, inputs: new Map<string, string>() }]) {
      const answer = STRUCTURED_KINDS.reconciliation.check(truth, ctx)
      expect(answer).toBeInstanceOf(Promise)
      expect(await answer).toEqual(checkReconciliationTruth(truth, ctx.inputs, ctx.categories))
    }
    expect(await STRUCTURED_KINDS.reconciliation.check(truth, own)).toEqual([])
    expect((await STRUCTURED_KINDS.reconciliation.check(truth, { ...own, inputs: new Map() })).length).toBeGreaterThan(0)
  })
})
