import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { assertValid, checkTaskFile, isBroken, loadRegistry, loadTask, PROJECT_ROOT, type RegistryOptions, reloadRegistry, TaskRegistryError, UnknownTaskError } from '../../lib/tasks/registry.js'
import { useDefinitionImport } from '../../lib/tasks/definition-import.js'
import { loadTasks } from '../../lib/tasks/selection.js'
import { CODE_CATEGORIES } from '../../lib/tasks/kinds/code-review.js'
import { type TaskDefinitionInput, Track } from '../../lib/tasks/schema.js'
import { tempDir } from '../support/temp.js'

describe('the real registry', () => {
  test('loads every definition under lib/tasks/definitions/<track>/, sorted by id, none broken', async () => {
    const registry = await loadRegistry()
    const definitions = Track.options.flatMap((track) => {
      const dir = join(PROJECT_ROOT, 'lib', 'tasks', 'definitions', track)
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `lib/tasks/definitions/${track}/${f}`) : []
    })
    expect(registry.broken).toEqual([])
    expect(registry.tasks.map((t) => t.file).sort()).toEqual(definitions.sort())
    expect(registry.tasks.map((t) => t.id)).toEqual(registry.tasks.map((t) => t.id).sort())
    for (const t of registry.tasks) expect(t.file, t.id).toBe(`lib/tasks/definitions/${t.track}/${t.id}.ts`)
  })

  test('byTrack partitions the tasks by their track', async () => {
    const registry = await loadRegistry()
    const byTrack = Track.options.flatMap((track) => registry.byTrack(track).map((t) => [t.id, track]))
    expect(Object.fromEntries(byTrack)).toEqual(Object.fromEntries(registry.tasks.map((t) => [t.id, t.track])))
    expect(registry.byTrack('finance').map((t) => t.id)).toContain('defi_strategy_design')
  })

  test('execution tasks carry their ground truth; design tasks have none', async () => {
    const registry = await loadRegistry()
    const kinds = Object.fromEntries(registry.tasks.map((t) => [t.id, t.truth?.kind ?? null]))
    expect(kinds).toMatchObject({
      code_review_execution: 'code_review',
      contract_review_execution: 'contract_review',
      support_triage_execution: 'support_triage',
      incident_response_execution: 'incident_response',
      cash_reconciliation_execution: 'reconciliation',
      software_architecture: null,
    })
    for (const t of registry.tasks) expect(t.truth === null, t.id).toBe(t.kind === 'design')
  })

  test('inputs are the fixtures verbatim, with a relative definition path', async () => {
    const task = (await loadRegistry()).get('code_review_execution')
    expect(task.file).toBe('lib/tasks/definitions/enterprise/code_review_execution.ts')
    expect(task.resolvedInputs).toHaveLength(14)
    for (const input of task.resolvedInputs) {
      expect(input.content).toBe(readFileSync(join(PROJECT_ROOT, 'fixtures', input.path), 'utf8'))
      expect(input.tokens).toBe(Math.ceil(input.rendered.length / 4))
    }
  })

  test('get() of an unknown id lists the known ones', async () => {
    const registry = await loadRegistry()
    expect(() => registry.get('no_such_task')).toThrow(/^unknown task "no_such_task"; known tasks: ai_incident_response, cash_reconciliation_execution, code_review_execution/)
  })

  test('is loaded once per process and set of folders', async () => {
    expect(await loadRegistry()).toBe(await loadRegistry())
  })
})

// --- Broken tasks: a small valid task, then one defect at a time. ---

const DIFF = `--- a/svc/lookup.py
+++ b/svc/lookup.py
@@ -10,2 +10,3 @@
 def find(name):
+    sql = "SELECT * FROM users WHERE name = '%s'" % name
     return db.execute(sql)
`

const AGREEMENT = `# Agreement

## 1. TERMS

1.1 The Customer pays the fees.

1.2 The Vendor provides the service.
`

const BRIEF = 'Review the change below as a senior engineer would before it ships. '.repeat(4)

function reviewTask(): TaskDefinitionInput {
  return {
    id: 'alpha',
    track: 'enterprise',
    costCenter: 'engineering',
    title: 'Review one change',
    kind: 'execution',
    brief: BRIEF,
    inputs: [{ id: 'p1', path: 'review/p1.diff', label: 'Change p1', format: 'diff' }],
    roles: ['first', 'second', 'third'].map((id) => ({ id, name: `Reviewer ${id}`, focus: 'How values travel from the request into the code.', memoryKey: id })),
    rubric: [
      { key: 'accuracy', description: 'Findings are real defects.', weight: 60 },
      { key: 'clarity', description: 'Findings are explained well.', weight: 40 },
    ],
    checklist: [{ id: 'names_line', description: 'Names the line', patterns: ['line \\d+'] }],
    deliverable: 'code_review',
    groundTruth: 'review/truth.json',
    composite: { groundTruth: 0.7, checklist: 0.1, judge: 0.2 },
  }
}

function reviewTruth() {
  return {
    diffs: [
      {
        input: 'p1',
        kind: 'defective',
        verdict: 'BLOCK',
        issues: [{ id: 'p1-1', category: 'injection', severity: 'CRITICAL', file: 'svc/lookup.py', lines: { start: 11, end: 11 }, summary: 'The name is formatted into the SQL text.' }],
        decoys: [],
      },
    ],
  }
}

/** alpha as a task of another kind, with one input and its ground truth in the input's folder. */
function otherKind(id: string, costCenter: TaskDefinitionInput['costCenter'], title: string, input: NonNullable<TaskDefinitionInput['inputs']>[number], deliverable: TaskDefinitionInput['deliverable']): TaskDefinitionInput {
  return { ...reviewTask(), id, costCenter, title, inputs: [input], deliverable, groundTruth: `${dirname(input.path)}/truth.json` }
}

/** A design task (no inputs, no ground truth) whose first role has `focus`. */
function designTask(change: { rubric: TaskDefinitionInput['rubric']; focus: string }): TaskDefinitionInput {
  const task: TaskDefinitionInput = { ...reviewTask(), id: 'delta', kind: 'design', deliverable: 'markdown', inputs: [], rubric: change.rubric, composite: { groundTruth: 0, checklist: 0.5, judge: 0.5 } }
  delete task.groundTruth
  task.roles = task.roles.map((r, i) => (i === 0 ? { ...r, focus: change.focus } : r))
  return task
}

const contractTask = () => otherKind('gamma', 'legal', 'Review one agreement', { id: 'agreement', path: 'contract/agreement.md', label: 'Agreement', format: 'markdown' }, 'contract_review')

function contractTruth() {
  return { input: 'agreement', risks: [{ id: 'r1', clause: '1.1', category: 'liability_cap', severity: 'HIGH', summary: 'The fees clause hides an uncapped liability.' }] }
}

const triageTask = () => otherKind('delta', 'support', 'Triage two tickets', { id: 'tickets', path: 'queue/batch.json', label: 'Tickets', format: 'json' }, 'support_triage')

const ticket = (id: string) => ({ id, receivedAt: '2026-11-02T09:00:00Z', client: { name: 'Acme', tier: 'Growth', arrEur: 50000, plan: 'Team' }, channel: 'email', subject: 'Export', body: 'The export stopped.' })
const ticketLabel = (id: string) => ({ id, priority: 'P2', routing: 'L1', category: 'defect', slaDeadline: '2026-11-03T09:00:00Z' })

/** A valid layout plus a triage task, whose batch is changed by `change`. */
function withTriage(change: (batch: { tickets: Array<Record<string, unknown>> }) => void): Layout {
  const layout = validLayout()
  const batch = { tickets: [ticket('T-0001'), ticket('T-0002')] }
  change(batch)
  layout.definitions['enterprise/delta.ts'] = triageTask()
  layout.fixtures['queue/batch.json'] = batch
  layout.fixtures['queue/truth.json'] = { input: 'tickets', tickets: [ticketLabel('T-0001'), ticketLabel('T-0002')] }
  return layout
}

interface Layout {
  /** Definition files by path under defs/. */
  definitions: Record<string, unknown>
  /** Fixture files by path under fixtures/ (objects are written as JSON). */
  fixtures: Record<string, unknown>
}

function validLayout(): Layout {
  return {
    definitions: { 'enterprise/alpha.ts': reviewTask(), 'enterprise/gamma.ts': contractTask() },
    fixtures: { 'review/p1.diff': DIFF, 'review/truth.json': reviewTruth(), 'contract/agreement.md': AGREEMENT, 'contract/truth.json': contractTruth() },
  }
}

function write(root: string, layout: Layout): void {
  const put = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  for (const [file, def] of Object.entries(layout.definitions)) {
    put(join(root, 'defs', file), typeof def === 'string' ? def : `export default ${JSON.stringify(def, null, 2)}\n`)
  }
  for (const [file, content] of Object.entries(layout.fixtures)) {
    put(join(root, 'fixtures', file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
}

const load = (root: string) => loadRegistry({ root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') })

async function problemsOf(layout: Layout): Promise<string[]> {
  const root = tempDir('orgbench-registry-')
  write(root, layout)
  const error = await load(root).then(
    (registry) => {
      try {
        assertValid(registry)
        return null
      } catch (e) {
        return e
      }
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(TaskRegistryError)
  return (error as TaskRegistryError).problems
}

/** A valid layout with one change applied. */
function broken(change: (layout: Layout) => void): Layout {
  const layout = validLayout()
  change(layout)
  return layout
}
const alpha = (l: Layout) => l.definitions['enterprise/alpha.ts'] as TaskDefinitionInput
/** The valid layout with alpha's one diff under another name. */
const renamedInput = (name: string) =>
  broken((l) => {
    l.fixtures[`review/${name}`] = l.fixtures['review/p1.diff']
    alpha(l).inputs![0]!.path = `review/${name}`
  })
const alphaTruth = (l: Layout) => l.fixtures['review/truth.json'] as ReturnType<typeof reviewTruth>

describe('a broken task or fixture is an error naming the file and the field', () => {
  test('the valid layout used below loads', async () => {
    const root = tempDir('orgbench-registry-')
    write(root, validLayout())
    const registry = await load(root)
    expect(registry.tasks.map((t) => t.id)).toEqual(['alpha', 'gamma'])
    expect(registry.get('alpha').file).toBe('defs/enterprise/alpha.ts')
    expect(registry.get('alpha').truth?.kind).toBe('code_review')
  })

  test('a byte-order mark at the start of a fixture or a ground-truth file is no part of it', async () => {
    const layout = validLayout()
    layout.fixtures['review/p1.diff'] = `\uFEFF${DIFF}`
    layout.fixtures['review/truth.json'] = `\uFEFF${JSON.stringify(reviewTruth())}`
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    const registry = await load(root)
    expect(registry.broken).toEqual([])
    expect(registry.get('alpha').resolvedInputs[0]!.content).toBe(DIFF)
  })

  test('the valid layout with the triage task used below loads', async () => {
    const root = tempDir('orgbench-registry-')
    write(root, withTriage(() => {}))
    expect((await load(root)).broken).toEqual([])
  })

  test.each<[string, Layout, string | RegExp]>([
    [
      'missing field',
      broken((l) => delete (alpha(l) as Partial<TaskDefinitionInput>).title),
      /^defs\/enterprise\/alpha\.ts: field title: missing; /,
    ],
    [
      'missing enum field: said to be missing, not only which values are allowed',
      broken((l) => delete (alpha(l) as Partial<TaskDefinitionInput>).deliverable),
      /^defs\/enterprise\/alpha\.ts: field deliverable: missing; Invalid option: expected one of /,
    ],
    [
      'unknown cost center',
      broken((l) => ((alpha(l) as { costCenter: string }).costCenter = 'marketing')),
      /^defs\/enterprise\/alpha\.ts: field costCenter: Invalid option: expected one of "engineering"\|/,
    ],
    [
      'line reference outside the diff',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]!.lines = { start: 40, end: 41 })),
      'fixtures/review/truth.json: field diffs.0.issues.0.lines: line 40 does not exist on the new side of svc/lookup.py in p1',
    ],
    [
      'file that the diff does not change',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]!.file = 'svc/other.py')),
      'fixtures/review/truth.json: field diffs.0.issues.0.file: expected a file changed in p1 (svc/lookup.py), got "svc/other.py"',
    ],
    [
      'unknown category in the ground truth',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]!.category = 'sql_injection')),
      /^fixtures\/review\/truth\.json: field diffs\.0\.issues\.0\.category: expected one of the task's categories \(injection, .*\), got "sql_injection"; a task adds its own categories under "categories"$/,
    ],
    [
      'ground truth naming an input the task does not have',
      broken((l) => (alphaTruth(l).diffs[0]!.input = 'p7')),
      'fixtures/review/truth.json: field diffs.0.input: expected the id of a task input, got "p7"',
    ],
    [
      'duplicate task id',
      broken((l) => (l.definitions['enterprise/beta.ts'] = reviewTask())),
      'defs/enterprise/beta.ts: field id: duplicate task id "alpha" (also defined in defs/enterprise/alpha.ts)',
    ],
    [
      'ticket id twice in the batch, reported against the batch',
      withTriage((b) => b.tickets.push(ticket('T-0001'))),
      'fixtures/queue/batch.json: field tickets.2.id: duplicate ticket id "T-0001" (also tickets.0.id)',
    ],
    [
      'ticket batch with a field out of its enum, reported against the batch',
      withTriage((b) => ((b.tickets[1]!.client as Record<string, unknown>).tier = 'Premium')),
      'fixtures/queue/batch.json: field tickets.1.client.tier: Invalid option: expected one of "Enterprise"|"Growth"|"Starter", got "Premium"',
    ],
    [
      'account table with a row short of a field, reported against the table by its line',
      broken((l) => {
        const task = triageTask() as TaskDefinitionInput
        l.definitions['enterprise/delta.ts'] = { ...task, inputs: [...task.inputs!, { id: 'accounts', path: 'queue/accounts.csv', label: 'Accounts', format: 'csv' }] }
        const accountTicket = (id: string) => ({ id, receivedAt: '2026-11-02T09:00:00Z', account: 'A-1000', requester: 'Ana Silva', channel: 'email', subject: 'Export', body: 'The export stopped.' })
        l.fixtures['queue/batch.json'] = { tickets: [accountTicket('T-0001'), accountTicket('T-0002')] }
        l.fixtures['queue/accounts.csv'] = 'account,name\nA-1000,Acme\nA-2000\n'
        l.fixtures['queue/truth.json'] = { input: 'tickets', accounts: 'accounts', tickets: [ticketLabel('T-0001'), ticketLabel('T-0002')] }
      }),
      'fixtures/queue/accounts.csv: line 3: expected 2 fields as in the header, got 1',
    ],
    [
      'missing fixture',
      broken((l) => (alpha(l).inputs![0]!.path = 'review/p9.diff')),
      'defs/enterprise/alpha.ts: field inputs.0.path: fixture fixtures/review/p9.diff does not exist',
    ],
    [
      'empty fixture',
      broken((l) => (l.fixtures['review/p1.diff'] = '')),
      'defs/enterprise/alpha.ts: field inputs.0.path: fixture fixtures/review/p1.diff is empty; expected a non-empty file',
    ],
    [
      'fixture of whitespace only (a byte-order mark and blank lines)',
      broken((l) => (l.fixtures['review/p1.diff'] = '\uFEFF\n  \n\t\n')),
      'defs/enterprise/alpha.ts: field inputs.0.path: fixture fixtures/review/p1.diff is empty (whitespace only); expected a non-empty file',
    ],
    [
      'fixture that is a folder',
      broken((l) => {
        l.fixtures['review/folder.diff/inside.txt'] = 'x'
        alpha(l).inputs![0]!.path = 'review/folder.diff'
      }),
      'defs/enterprise/alpha.ts: field inputs.0.path: fixture fixtures/review/folder.diff is a folder; expected a file',
    ],
    [
      'ground-truth file that is a folder',
      broken((l) => {
        l.fixtures['review/truth-folder.json/inside.txt'] = 'x'
        alpha(l).groundTruth = 'review/truth-folder.json'
      }),
      'defs/enterprise/alpha.ts: field groundTruth: file fixtures/review/truth-folder.json is a folder; expected a file',
    ],
    [
      'missing ground-truth file',
      broken((l) => (alpha(l).groundTruth = 'review/nothing.json')),
      'defs/enterprise/alpha.ts: field groundTruth: file fixtures/review/nothing.json does not exist',
    ],
    [
      'ground truth that is not JSON',
      broken((l) => (l.fixtures['review/truth.json'] = '{ "diffs": [')),
      /^fixtures\/review\/truth\.json: expected valid JSON: /,
    ],
    [
      'design task with a structured deliverable',
      broken((l) => (alpha(l).kind = 'design')),
      'defs/enterprise/alpha.ts: field deliverable: expected "markdown" for a design task, got "code_review" (a structured deliverable scored against ground truth is kind "execution")',
    ],
    [
      'execution task with a markdown deliverable',
      broken((l) => {
        alpha(l).deliverable = 'markdown'
        delete alpha(l).groundTruth
        alpha(l).composite = { groundTruth: 0, checklist: 0.5, judge: 0.5 }
      }),
      'defs/enterprise/alpha.ts: field deliverable: expected a structured deliverable for an execution task',
    ],
    [
      'rubric weights that do not sum to 100',
      broken((l) => (alpha(l).rubric[1]!.weight = 30)),
      'defs/enterprise/alpha.ts: field rubric: expected rubric weights to sum to 100, got 90',
    ],
    [
      'composite weights that do not sum to 1',
      broken((l) => (alpha(l).composite = { groundTruth: 0.7, checklist: 0.1, judge: 0.3 })),
      'defs/enterprise/alpha.ts: field composite: expected groundTruth + checklist + judge to sum to 1, got 1.1',
    ],
    [
      'bad regular expression in the checklist',
      broken((l) => (alpha(l).checklist![0]!.patterns = ['line (\\d+'])),
      /^defs\/enterprise\/alpha\.ts: field checklist\.0\.patterns\.0: expected a valid regular expression: /,
    ],
    [
      'track that does not match its folder',
      broken((l) => {
        l.definitions['finance/alpha.ts'] = l.definitions['enterprise/alpha.ts']
        delete l.definitions['enterprise/alpha.ts']
      }),
      'defs/finance/alpha.ts: field track: expected "finance" (the folder it lives in), got "enterprise"',
    ],
    [
      'ground-truth clause that does not exist in the agreement',
      broken((l) => ((l.fixtures['contract/truth.json'] as ReturnType<typeof contractTruth>).risks[0]!.clause = '9.9')),
      'fixtures/contract/truth.json: field risks.0.clause: clause 9.9 does not exist in agreement',
    ],
    [
      'fixture name that reveals the ground truth',
      renamedInput('injection-case.diff'),
      'defs/enterprise/alpha.ts: field inputs.0.path: reveals the ground truth: "injection" (category injection); expected neutral wording',
    ],
    [
      'role focus that reveals the ground truth',
      broken((l) => (alpha(l).roles[0]!.focus = 'Look for SQL injection in every query the change builds.')),
      'defs/enterprise/alpha.ts: field roles.0.focus: reveals the ground truth: "injection" (category injection), "sql injection" (a synonym of category injection); expected neutral wording',
    ],
    [
      'role focus that echoes a planted item\'s wording',
      broken((l) => (alpha(l).roles[0]!.focus = 'Where a value gets formatted into the text of a query.')),
      'defs/enterprise/alpha.ts: field roles.0.focus: echoes the ground truth: "formatted" and "text" (from the text of p1-1); expected the area of the work it covers (which part of the material, which subject), not what makes an item a finding',
    ],
    [
      'brief with its own hard-constraints section',
      broken((l) => (alpha(l).brief = `${BRIEF}\n\n## Hard constraints\n- Review every line.`)),
      'defs/enterprise/alpha.ts: field brief: has its own "## Hard constraints" section; the hard constraints are rendered from hardConstraints after the brief; remove the brief\'s own section (and list every constraint under hardConstraints)',
    ],
    [
      'brief whose heading repeats the title',
      broken((l) => (alpha(l).brief = `# Review one change\n\n${BRIEF}`)),
      'defs/enterprise/alpha.ts: field brief: the brief repeats the title as its heading ("# Review one change"); the prompt already opens with "# Task: <title>"; expected the brief without that heading',
    ],
    [
      'design task whose role focus echoes what a rubric dimension rewards',
      broken((l) => {
        l.definitions['enterprise/delta.ts'] = designTask({ rubric: [{ key: 'binding_limits', description: 'For each position the limit that binds is identified.', weight: 100 }], focus: 'The allocation, and which limits bind on each position.' })
      }),
      'defs/enterprise/delta.ts: field roles.0.focus: echoes what the judge rewards: "bind" and "limits" and "position" (from the text of rubric dimension binding_limits); expected the area of the work it covers (which part of the material, which subject), not what to conclude',
    ],
    [
      'file path inside a diff that reveals the ground truth',
      broken((l) => {
        l.fixtures['review/p1.diff'] = DIFF.replaceAll('svc/lookup.py', 'svc/injection.py')
        alphaTruth(l).diffs[0]!.issues[0]!.file = 'svc/injection.py'
      }),
      // Named where it has to change: the diff's fixture, not the definition.
      'fixtures/review/p1.diff: file path "svc/injection.py" of input p1 (rename it in the diff and in the ground truth): reveals the ground truth: "injection" (category injection); expected neutral wording',
    ],
    [
      'fixture name with an abbreviation of the category',
      renamedInput('sqli.diff'),
      'defs/enterprise/alpha.ts: field inputs.0.path: reveals the ground truth: "sqli" (a synonym of category injection); expected neutral wording',
    ],
    [
      'fixture name that states the verdict',
      renamedInput('p1-block.diff'),
      'defs/enterprise/alpha.ts: field inputs.0.path: reveals the ground truth: "block" (a verdict of the review); expected neutral wording',
    ],
    [
      'fixture name numbered after its category',
      renamedInput('sqli01.diff'),
      'defs/enterprise/alpha.ts: field inputs.0.path: reveals the ground truth: "sqli" (a synonym of category injection); expected neutral wording',
    ],
    [
      'fixture name with a synonym the task adds',
      broken((l) => {
        alpha(l).synonyms = { injection: ['unparameterised'] }
        l.fixtures['review/unparameterised.diff'] = l.fixtures['review/p1.diff']
        alpha(l).inputs![0]!.path = 'review/unparameterised.diff'
      }),
      'defs/enterprise/alpha.ts: field inputs.0.path: reveals the ground truth: "unparameterised" (a synonym of category injection (from the task)); expected neutral wording',
    ],
    [
      'synonyms for a category the task does not have',
      broken((l) => (alpha(l).synonyms = { nosql: ['mongo'] })),
      'defs/enterprise/alpha.ts: field synonyms.nosql: expected one of the task\'s categories, got "nosql"',
    ],
    [
      'input path that escapes fixtures/',
      broken((l) => (alpha(l).inputs![0]!.path = '../outside.diff')),
      'defs/enterprise/alpha.ts: field inputs.0.path: expected a path inside fixtures/, got "../outside.diff"',
    ],
    [
      'task category that redefines one of the kind',
      broken((l) => (alpha(l).categories = [{ id: 'injection', description: 'a second definition of injection' }])),
      'defs/enterprise/alpha.ts: field categories.0.id: "injection" is already a code_review category; add only new ones',
    ],
    [
      'diff input without ground truth',
      broken((l) => {
        alpha(l).inputs!.push({ id: 'p2', path: 'review/p1.diff', label: 'Change p2', format: 'diff' })
      }),
      'fixtures/review/truth.json: field diffs: expected an entry for diff input "p2" (a clean diff is listed with kind "clean" and no issues)',
    ],
    [
      'diff input that is no diff',
      broken((l) => (l.fixtures['review/p1.diff'] = 'not a diff at all\n')),
      'fixtures/review/p1.diff: expected a unified diff, found no "+++ b/<path>" file header (in p1)',
    ],
    [
      'hunk header that disagrees with its body',
      broken((l) => (l.fixtures['review/p1.diff'] = DIFF.replace('@@ -10,2 +10,3 @@', '@@ -10,2 +10,4 @@'))),
      'fixtures/review/p1.diff: hunk 1 of svc/lookup.py in p1 (@@ -10,2 +10,4 @@): header says +10,4 but the body has 3 new lines',
    ],
    [
      'further location on a line the diff does not show',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]! as Record<string, unknown>).locations = [{ file: 'svc/lookup.py', lines: { start: 12, end: 30 } }]),
      'fixtures/review/truth.json: field diffs.0.issues.0.locations.0.lines: line 13 does not exist on the new side of svc/lookup.py in p1',
    ],
    [
      'further location in a file the diff does not change',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]! as Record<string, unknown>).locations = [{ file: 'svc/caller.py', lines: { start: 11, end: 11 } }]),
      'fixtures/review/truth.json: field diffs.0.issues.0.locations.0.file: expected a file changed in p1 (svc/lookup.py), got "svc/caller.py"',
    ],
    [
      'further location without lines',
      broken((l) => (alphaTruth(l).diffs[0]!.issues[0]! as Record<string, unknown>).locations = [{ file: 'svc/lookup.py' }]),
      /^fixtures\/review\/truth\.json: field diffs\.0\.issues\.0\.locations\.0\.lines: /,
    ],
    [
      'further category the task does not have',
      broken((l) => ((alphaTruth(l).diffs[0]!.issues[0]! as Record<string, unknown>).alsoCategories = ['timing_attack'])),
      /^fixtures\/review\/truth\.json: field diffs\.0\.issues\.0\.alsoCategories\.0: expected one of the task's categories \(injection, .*\), got "timing_attack"/,
    ],
    [
      "further category that repeats the issue's own",
      broken((l) => ((alphaTruth(l).diffs[0]!.issues[0]! as Record<string, unknown>).alsoCategories = ['injection'])),
      'fixtures/review/truth.json: field diffs.0.issues.0.alsoCategories.0: expected a category other than the issue\'s own ("injection")',
    ],
    [
      'definition in a folder that is not a track (the tier is a field)',
      broken((l) => {
        l.definitions['hard/alpha.ts'] = { ...alpha(l), tier: 'hard' }
        delete l.definitions['enterprise/alpha.ts']
      }),
      "defs/hard/alpha.ts: defs/hard/ is not a track folder; a task definition lives in defs/<enterprise|finance|general>/<id>.ts, in the folder of its track, and a hard-tier task sets tier: 'hard' (its benchmark file goes in benchmarks/hard/)",
    ],
    [
      'definition outside any track folder',
      broken((l) => (l.definitions['alpha.ts'] = l.definitions['enterprise/alpha.ts'])),
      'defs/alpha.ts: a task definition lives in defs/<enterprise|finance|general>/<id>.ts, in the folder of its track',
    ],
    [
      'definition importing defineTask from where it sat before (as an example copied from docs/examples/ does)',
      broken((l) => (l.definitions['enterprise/alpha.ts'] = `import { defineTask } from '../../../../lib/tasks/schema.js'\n\nexport default defineTask(${JSON.stringify(alpha(l))})\n`)),
      /^defs\/enterprise\/alpha\.ts: could not be loaded: Cannot find module .*schema\.js.*; expected import \{ defineTask \} from '\.\.\/\.\.\/schema\.js' \(lib\/tasks\/schema\.js, seen from lib\/tasks\/definitions\/<track>\/\)$/,
    ],
    [
      'definition without a default export',
      broken((l) => (l.definitions['enterprise/alpha.ts'] = 'export const task = {}\n')),
      'defs/enterprise/alpha.ts: expected a default export made with defineTask({...})',
    ],
  ])('%s', async (_name, layout, expected) => {
    const problems = await problemsOf(layout)
    if (typeof expected === 'string') expect(problems).toContain(expected)
    else expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]))
  })

  test('every problem is reported at once, in a message that counts them', async () => {
    const layout = broken((l) => {
      alpha(l).rubric[1]!.weight = 30
      ;(l.fixtures['contract/truth.json'] as ReturnType<typeof contractTruth>).risks[0]!.clause = '9.9'
    })
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    const registry = await load(root)
    expect(() => assertValid(registry)).toThrow(/^Task registry is invalid \(2 problems\):\n {2}- /)
  })

  test('a broken task is set aside with its problems; the other tasks load and run', async () => {
    const layout = broken((l) => (alpha(l).rubric[1]!.weight = 30))
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    const registry = await load(root)
    expect(registry.tasks.map((t) => t.id)).toEqual(['gamma'])
    expect(registry.broken).toEqual([{ id: 'alpha', file: 'defs/enterprise/alpha.ts', problems: ['defs/enterprise/alpha.ts: field rubric: expected rubric weights to sum to 100, got 90'] }])
    expect(() => registry.get('alpha')).toThrow(TaskRegistryError)
    expect(() => registry.get('alpha')).toThrow('field rubric: expected rubric weights to sum to 100, got 90')
  })

  test('without the checks that only decide whether a task may run (the simulator\'s load) a leaking name or focus, or a ground truth at odds with its fixture, does not set a task aside; every other problem still does', async () => {
    const leaking = broken((l) => {
      l.fixtures['review/injection-case.diff'] = l.fixtures['review/p1.diff']
      alpha(l).inputs![0]!.path = 'review/injection-case.diff'
      alpha(l).roles[0]!.focus = 'Look for SQL injection in every query the change builds.'
    })
    const root = tempDir('orgbench-registry-')
    write(root, leaking)
    const paths = { root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') }
    expect((await loadRegistry(paths)).broken.map((b) => b.id)).toEqual(['alpha'])
    const readOnly = await loadRegistry({ ...paths, verify: false })
    expect(readOnly.tasks.map((t) => t.id)).toEqual(['alpha', 'gamma'])
    expect(readOnly.get('alpha').resolvedInputs[0]!.path).toBe('review/injection-case.diff')

    const rootAtOdds = tempDir('orgbench-registry-')
    write(rootAtOdds, broken((l) => (alphaTruth(l).diffs[0]!.issues[0]!.lines = { start: 40, end: 41 })))
    const atOdds = { root: rootAtOdds, definitionsDir: join(rootAtOdds, 'defs'), fixturesDir: join(rootAtOdds, 'fixtures') }
    expect((await loadRegistry(atOdds)).broken.map((b) => b.id)).toEqual(['alpha'])
    const unchecked = await loadRegistry({ ...atOdds, verify: false })
    expect(unchecked.tasks.map((t) => t.id)).toEqual(['alpha', 'gamma'])
    expect(unchecked.get('alpha').truth?.kind).toBe('code_review')

    const root2 = tempDir('orgbench-registry-')
    write(root2, broken((l) => (alpha(l).rubric[1]!.weight = 30)))
    const stillBroken = await loadRegistry({ root: root2, definitionsDir: join(root2, 'defs'), fixturesDir: join(root2, 'fixtures'), verify: false })
    expect(stillBroken.broken.map((b) => b.problems)).toEqual([['defs/enterprise/alpha.ts: field rubric: expected rubric weights to sum to 100, got 90']])
  })

  test('a task id defined in two tracks is broken in both, so neither runs in place of the other', async () => {
    const layout = validLayout()
    layout.definitions['finance/alpha.ts'] = { ...alpha(layout), track: 'finance', costCenter: 'finance' }
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    const registry = await load(root)
    expect(registry.tasks.map((t) => t.id)).toEqual(['gamma'])
    expect(registry.broken).toEqual([
      { id: 'alpha', file: 'defs/enterprise/alpha.ts', problems: ['defs/enterprise/alpha.ts: field id: duplicate task id "alpha" (also defined in defs/finance/alpha.ts)'] },
      { id: 'alpha', file: 'defs/finance/alpha.ts', problems: ['defs/finance/alpha.ts: field id: duplicate task id "alpha" (also defined in defs/enterprise/alpha.ts)'] },
    ])
    expect(() => registry.get('alpha')).toThrow(TaskRegistryError)
  })

  test('an unknown id is refused with the closest known one', async () => {
    const root = tempDir('orgbench-registry-')
    write(root, validLayout())
    const registry = await load(root)
    expect(() => registry.get('alhpa')).toThrow(UnknownTaskError)
    expect(() => registry.get('alhpa')).toThrow('unknown task "alhpa" (did you mean alpha?); known tasks: alpha, gamma')
    expect(() => registry.get('zzzzzzzz')).toThrow(/^unknown task "zzzzzzzz"; known tasks/)
  })
})

describe("a task's own categories", () => {
  test('extend the kind\'s defaults: ground truth may use them and the task carries all of them', async () => {
    const layout = validLayout()
    alpha(layout).categories = [{ id: 'timing_attack', description: 'a comparison whose time depends on a secret', synonyms: ['timing'] }]
    alphaTruth(layout).diffs[0]!.issues[0]!.category = 'timing_attack'
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    const task = (await load(root)).get('alpha')
    expect(task.categories.map((c) => c.id)).toEqual([...CODE_CATEGORIES.map((c) => c.id), 'timing_attack'])
    expect(task.truth?.kind === 'code_review' && task.truth.data.diffs[0]!.issues[0]!.category).toBe('timing_attack')
  })
})

describe('one task on its own (what a benchmark worker and a filtered run load)', () => {
  const options = (root: string): RegistryOptions => ({ root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') })
  const laidOut = (layout: Layout) => {
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    return options(root)
  }

  test('loadTask gives the task the whole registry gives', async () => {
    const where = laidOut(validLayout())
    expect(await loadTask('alpha', where)).toEqual((await loadRegistry(where)).get('alpha'))
  })

  test('a broken task comes back with the problems the registry finds', async () => {
    const where = laidOut(broken((l) => (alpha(l).rubric[1]!.weight = 30)))
    const alone = await loadTask('alpha', where)
    expect(isBroken(alone)).toBe(true)
    expect(alone).toEqual((await loadRegistry(where)).broken[0])
  })

  test('a task defined in a file not named after it is found through the whole registry', async () => {
    const layout = validLayout()
    layout.definitions['enterprise/renamed.ts'] = layout.definitions['enterprise/gamma.ts']!
    delete layout.definitions['enterprise/gamma.ts']
    const where = laidOut(layout)
    expect(await loadTask('gamma', where)).toMatchObject({ id: 'gamma', file: 'defs/enterprise/renamed.ts' })
  })

  test('a task id defined in two tracks comes back broken, as the filtered run and each of its benchmark files load it', async () => {
    const layout = validLayout()
    layout.definitions['finance/alpha.ts'] = { ...alpha(layout), track: 'finance', costCenter: 'finance' }
    const where = laidOut(layout)
    const alone = await loadTask('alpha', where)
    expect(isBroken(alone) && alone.problems).toEqual([expect.stringContaining('field id: duplicate task id "alpha"')])
    expect((await loadTasks(['alpha'], where)).broken.map((b) => b.id)).toEqual(['alpha'])
  })

  test('an unknown id is refused with the closest known one', async () => {
    await expect(loadTask('alhpa', laidOut(validLayout()))).rejects.toThrow('unknown task "alhpa" (did you mean alpha?)')
  })

  test('a definition in a folder that is not a track is its id\'s broken task, not an unknown id', async () => {
    const layout = validLayout()
    layout.definitions['hard/alpha.ts'] = layout.definitions['enterprise/alpha.ts']!
    delete layout.definitions['enterprise/alpha.ts']
    const alone = await loadTask('alpha', laidOut(layout))
    expect(isBroken(alone) && alone.problems).toEqual([expect.stringMatching(/^defs\/hard\/alpha\.ts: defs\/hard\/ is not a track folder; /)])
  })

  test('loadTasks with ids reads only those tasks: a broken task it was not asked for stays unread', async () => {
    const where = laidOut(broken((l) => (alpha(l).rubric[1]!.weight = 30)))
    const chosen = await loadTasks(['gamma'], where)
    expect(chosen.ids).toEqual(['gamma'])
    expect(chosen.broken).toEqual([])
    expect((await loadTasks(null, where)).broken.map((b) => b.id)).toEqual(['alpha'])
    expect((await loadTasks(['alpha', 'gamma'], where)).broken.map((b) => b.id)).toEqual(['alpha'])
  })

  test('loadTasks with an unknown id gives the whole registry, so that preflight can name the known ids', async () => {
    const where = laidOut(validLayout())
    const chosen = await loadTasks(['alhpa'], where)
    expect(chosen.ids).toEqual(['alpha', 'gamma'])
  })
})

describe('reloadRegistry: the registry of a process that outlives edits (a watch session\'s simulator)', () => {
  test('a definition edited since it was loaded is read as it is now, by reloadRegistry and by loadRegistry after it', async () => {
    const root = tempDir('orgbench-registry-')
    const layout = validLayout()
    write(root, layout)
    const options = { root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') }
    expect((await loadRegistry(options)).get('alpha').brief).toBe(BRIEF)
    // Edited, in TypeScript (which the import must still read as such).
    writeFileSync(join(root, 'defs', 'enterprise', 'alpha.ts'), `export default ${JSON.stringify({ ...alpha(layout), brief: `${BRIEF} Edited.` })} as const\n`)
    expect((await loadRegistry(options)).get('alpha').brief).toBe(BRIEF)
    expect((await reloadRegistry(options)).get('alpha').brief).toBe(`${BRIEF} Edited.`)
    expect((await loadRegistry(options)).get('alpha').brief).toBe(`${BRIEF} Edited.`)
  })
})

describe('checkTaskFile: one definition file, checked as the registry checks it', () => {
  const laidOut = (layout = validLayout()) => {
    const root = tempDir('orgbench-registry-')
    write(root, layout)
    mkdirSync(join(root, 'benchmarks', 'enterprise'), { recursive: true })
    writeFileSync(join(root, 'benchmarks', 'enterprise', 'alpha.test.ts'), "import { benchTask } from '../../lib/run/bench.js'\n\nawait benchTask('alpha')\n")
    return { root, options: { root, definitionsDir: join(root, 'defs'), fixturesDir: join(root, 'fixtures') } }
  }

  test('a valid definition in the folder of its track, with its benchmark file, has no problem', async () => {
    const { root, options } = laidOut()
    expect(await checkTaskFile(join(root, 'defs', 'enterprise', 'alpha.ts'), options)).toEqual({ id: 'alpha', problems: [] })
  })

  test('an empty input fixture is refused, as the registry refuses it', async () => {
    const layout = validLayout()
    layout.fixtures['review/p1.diff'] = '\n'
    const { root, options } = laidOut(layout)
    expect(await checkTaskFile(join(root, 'defs', 'enterprise', 'alpha.ts'), options)).toEqual({
      id: 'alpha',
      problems: ['defs/enterprise/alpha.ts: field inputs.0.path: fixture fixtures/review/p1.diff is empty (whitespace only); expected a non-empty file'],
    })
  })

  test('beside the definition\'s own problems, what a run needs: the benchmark file, and a design task\'s reference deliverables', async () => {
    const layout = validLayout()
    const design: TaskDefinitionInput = { ...reviewTask(), id: 'delta', kind: 'design', deliverable: 'markdown', inputs: [], groundTruth: undefined, composite: { groundTruth: 0, checklist: 0.5, judge: 0.5 } }
    layout.definitions['enterprise/delta.ts'] = JSON.parse(JSON.stringify(design)) as unknown
    const { root, options } = laidOut(layout)
    expect((await checkTaskFile(join(root, 'defs', 'enterprise', 'delta.ts'), options)).problems).toEqual([
      expect.stringMatching(/^defs\/enterprise\/delta\.ts: no benchmark file benchmarks\/enterprise\/delta\.test\.ts: /),
      expect.stringMatching(/^defs\/enterprise\/delta\.ts: a design task needs its reference deliverables fixtures\/calibration\/delta\/strong\.md and fixtures\/calibration\/delta\/weak\.md \(missing: strong\.md, weak\.md\)/),
    ])
  })

  test('a calibration file that cannot be read is refused with its field: the simulator would refuse every request about the task', async () => {
    const { root, options } = laidOut()
    const file = join(root, 'fixtures', 'calibration', 'alpha', 'single-agent.json')
    mkdirSync(join(root, 'fixtures', 'calibration', 'alpha'), { recursive: true })
    writeFileSync(file, JSON.stringify({ task: 'alpha', runs: [] }))
    expect(await checkTaskFile(join(root, 'defs', 'enterprise', 'alpha.ts'), options)).toEqual({ id: 'alpha', problems: [`${file}: field runs: Too small: expected array to have >=1 items`] })
    writeFileSync(file, '{"task": "alpha", "ru')
    expect((await checkTaskFile(join(root, 'defs', 'enterprise', 'alpha.ts'), options)).problems).toEqual([expect.stringContaining(`${file}: not valid JSON (`)])
  })

  test('definitions are imported with the import given to useDefinitionImport (the bundled workers pass Vitest\'s)', async () => {
    const { root, options } = laidOut()
    const imported: string[] = []
    useDefinitionImport((url) => (imported.push(url), import(/* @vite-ignore */ url)))
    try {
      expect(await checkTaskFile(join(root, 'defs', 'enterprise', 'alpha.ts'), options)).toEqual({ id: 'alpha', problems: [] })
    } finally {
      useDefinitionImport((url) => import(/* @vite-ignore */ url))
    }
    expect(imported).toContain(pathToFileURL(join(root, 'defs', 'enterprise', 'alpha.ts')).href)
  })

  test('a file outside the track folders is not loaded: the one problem says where definitions live', async () => {
    const { options } = laidOut()
    const elsewhere = join(tempDir(), 'alpha.ts')
    writeFileSync(elsewhere, `export default ${JSON.stringify(reviewTask())}\n`)
    expect(await checkTaskFile(elsewhere, options)).toEqual({ id: null, problems: [`${elsewhere}: a task definition lives in defs/<enterprise|finance|general>/<id>.ts, in the folder of its track`] })
  })
})
