import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { z } from 'zod'
import type { CategorySpec } from './categories.js'
import { type Shape, STRUCTURED_KINDS, type StructuredKind } from './kinds/index.js'
import { TaskDefinition } from './schema.js'

/*
 * The task-writing guide and the JSON Schemas of task definitions, ground truth and deliverables,
 * generated from the zod schemas and from the validated examples under docs/examples/, so the
 * documentation cannot drift from the code: `orgbench docs` writes them, and a test fails when the
 * committed files differ from what the code generates.
 */

type JsonSchema = { type?: string | string[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; default?: unknown; anyOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean; pattern?: string; minimum?: number; maximum?: number; minItems?: number; maxItems?: number; minLength?: number }

/** One row per field, nested fields as dotted paths ("diffs[].issues[].lines.start"). */
export function flattenSchema(schema: JsonSchema, prefix = ''): Array<{ path: string; type: string; required: boolean; note: string }> {
  const rows: Array<{ path: string; type: string; required: boolean; note: string }> = []
  const visit = (s: JsonSchema, path: string, required: boolean) => {
    const inner = s.anyOf?.find((x) => x.type !== 'null') ?? s
    const type = typeOf(s)
    if (path) rows.push({ path, type, required, note: noteOf(s, inner) })
    if (inner.properties) for (const [k, v] of Object.entries(inner.properties)) visit(v, path ? `${path}.${k}` : k, inner.required?.includes(k) ?? false)
    if (inner.items?.properties) visit({ ...inner.items, description: undefined }, `${path}[]`, true)
    if (inner.additionalProperties && typeof inner.additionalProperties === 'object' && inner.additionalProperties.items?.properties) visit(inner.additionalProperties, `${path}.<key>`, true)
  }
  visit(schema, prefix, true)
  return rows.filter((r, i) => !(r.path.endsWith('[]') && rows[i - 1]?.path === r.path.slice(0, -2)))
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ')
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ')
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `object of ${typeOf(s.additionalProperties)}`
  return Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any')
}

function noteOf(s: JsonSchema, inner: JsonSchema): string {
  const limits = [
    inner.pattern ? `pattern \`${inner.pattern}\`` : '',
    inner.minimum !== undefined ? `≥ ${inner.minimum}` : '',
    inner.maximum !== undefined ? `≤ ${inner.maximum}` : '',
    inner.minItems !== undefined ? `at least ${inner.minItems}` : '',
    inner.maxItems !== undefined ? `at most ${inner.maxItems}` : '',
    inner.minLength !== undefined ? `at least ${inner.minLength} character${inner.minLength === 1 ? '' : 's'}` : '',
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : '',
  ].filter(Boolean)
  return [s.description ?? inner.description ?? '', limits.join(', ')].filter(Boolean).join('; ')
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function fieldTable(schema: JsonSchema): string {
  const rows = flattenSchema(schema)
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : 'no'} | ${cell(r.note)} |`)].join('\n')
}

function categoryTable(list: readonly CategorySpec[]): string {
  return ['| category | what it covers | words a name or focus must not use |', '|---|---|---|', ...list.map((c) => `| \`${c.id}\` | ${cell(c.description)} | ${c.synonyms.map((s) => `\`${s}\``).join(', ') || '–'} |`)].join('\n')
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)).map((f) => `${name}/${f}`) : [name]))
    .sort()
}

const fence = (lang: string, text: string) => `\`\`\`${lang}\n${text.replace(/\n$/, '')}\n\`\`\``

/** The ground truth of a kind as a JSON Schema can state it: any one of its shapes, when it chooses between them in code. */
const truthSchema = (kind: StructuredKind<unknown, unknown>): z.ZodType => (kind.shapes ? z.union(kind.shapes.truths.map((s) => s.schema)) : kind.truth)

/** One field table per shape, each under its title when it has one. */
function shapeTables(shapes: readonly Shape[], io: 'input' | 'output'): string {
  return shapes
    .map((s) => {
      const table = fieldTable(z.toJSONSchema(s.schema, { io, unrepresentable: 'any' }) as JsonSchema)
      return s.title ? `*${s.title[0]!.toUpperCase()}${s.title.slice(1)}:*\n\n${table}` : table
    })
    .join('\n\n')
}

/** The JSON Schema files, by path relative to docs/schemas/. */
export function renderSchemas(): Map<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
  const files = new Map<string, string>([['task-definition.schema.json', json(z.toJSONSchema(TaskDefinition, { io: 'input', unrepresentable: 'any' }))]])
  for (const [name, kind] of Object.entries(STRUCTURED_KINDS) as Array<[string, StructuredKind<unknown, unknown>]>) {
    files.set(`${name}.ground-truth.schema.json`, json(z.toJSONSchema(truthSchema(kind), { io: 'input', unrepresentable: 'any' })))
    files.set(`${name}.deliverable.schema.json`, json(z.toJSONSchema(kind.deliverable(kind.categories.map((c) => c.id)), { unrepresentable: 'any' })))
  }
  return files
}

/** The guide, docs/writing-a-task.md. `examplesDir` holds one validated example task per kind. */
export function renderGuide(examplesDir: string, root: string): string {
  const definition = z.toJSONSchema(TaskDefinition, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const kinds = (Object.entries(STRUCTURED_KINDS) as Array<[string, StructuredKind<unknown, unknown>]>).map(([name, kind]) => {
    const dir = join(examplesDir, name)
    const files = filesUnder(dir)
    const definitionFile = files.find((f) => f.startsWith('definitions/'))!
    const shown = readFileSync(join(dir, definitionFile), 'utf8').replace(/from '(\.\.\/)+lib\/tasks\/schema\.js'/, "from '../../schema.js'")
    const fixtures = files.filter((f) => f.startsWith('fixtures/'))
    const truthFile = fixtures.find((f) => /truth\.json$/.test(f))!
    const others = fixtures.filter((f) => f !== truthFile)
    const where = relative(root, dir).split(sep).join('/')
    const link = relative(join(root, 'docs'), dir).split(sep).join('/')
    return [
      `### \`${name}\``,
      '',
      kind.summary,
      '',
      '**What the registry checks and how it is scored**',
      '',
      ...kind.rules.map((r) => `- ${r}`),
      '',
      ...(kind.categories.length > 0 ? ['**Default categories** (a task adds its own under `categories`, and more give-away words under `synonyms`)', '', categoryTable(kind.categories), ''] : []),
      ...(kind.inputs ? ['**Inputs**', '', ...kind.inputs.notes.map((n) => `- ${n}`), '', ...(kind.inputs.shapes.length > 0 ? [shapeTables(kind.inputs.shapes, 'input'), ''] : [])] : []),
      `**Ground truth** (\`docs/schemas/${name}.ground-truth.schema.json\`)`,
      '',
      shapeTables(kind.shapes?.truths ?? [{ title: '', schema: kind.truth }], 'input'),
      '',
      kind.shapes
        ? `**What agents hand in** (the shape the ground truth asks for, sent as the response format; \`docs/schemas/${name}.deliverable.schema.json\` is the first)`
        : `**What agents hand in** (\`docs/schemas/${name}.deliverable.schema.json\`, sent as the response format)`,
      '',
      shapeTables(kind.shapes?.deliverables ?? [{ title: '', schema: kind.deliverable(kind.categories.map((c) => c.id)) }], 'output'),
      '',
      `**A complete example** (\`${where}/\`, loaded and validated by the tests): the definition, as it would sit in \`lib/tasks/${definitionFile}\`,`,
      '',
      fence('ts', shown),
      '',
      `its ground truth, \`fixtures/${truthFile.slice('fixtures/'.length)}\`,`,
      '',
      fence('json', readFileSync(join(dir, truthFile), 'utf8')),
      '',
      `and its inputs: ${others.map((f) => `[\`fixtures/${f.slice('fixtures/'.length)}\`](${link}/${f})`).join(', ')}.`,
      '',
    ].join('\n')
  })
  return `${GUIDE_HEAD}
## The task definition

Every field, with its type and rules (\`docs/schemas/task-definition.schema.json\` is the same as a JSON Schema):

${fieldTable(definition)}

${GUIDE_MIDDLE}
${GUIDE_DESIGN}
${GUIDE_CALIBRATION}
## The execution kinds

${kinds.join('\n')}`
}

const GUIDE_HEAD = `<!-- Generated by \`npx orgbench docs\` from the zod schemas in lib/tasks/ and the examples in docs/examples/. Do not edit by hand: a test fails when this file differs from what the code generates. -->
# Writing a task

A task is three things:

1. **a definition**, \`lib/tasks/definitions/<track>/<task_id>.ts\` (\`<track>\` is \`enterprise\`, \`finance\` or
   \`general\`; a hard-tier task stays in its track's folder and sets \`tier: "hard"\`), exporting
   \`defineTask({...})\` imported from \`'../../schema.js'\` (the fields are below);
2. **its fixtures** under \`fixtures/\`: the inputs every agent reads verbatim; for an execution task the ground-truth
   file it is scored against, for a design task its two reference deliverables,
   \`fixtures/calibration/<task_id>/strong.md\` and \`weak.md\` (see [Design tasks](#design-tasks));
3. **a two-line benchmark file**, \`benchmarks/<track>/<task-id-with-dashes>.test.ts\` (hard tier:
   \`benchmarks/hard/\`):

   \`\`\`ts
   import { benchTask } from '../../lib/run/bench.js'

   await benchTask('<task_id>')
   \`\`\`

Check it without running anything, then look at exactly what agents will read:

\`\`\`bash
npx orgbench tasks --check lib/tasks/definitions/<track>/<task_id>.ts   # definition, fixtures, ground truth, leak checks, benchmark file
npx orgbench tasks --prompt <task_id> --memory off                    # the single agent's prompt, verbatim
npx orgbench tasks                                                    # every task with its size and counts
\`\`\`

To start from one of the complete examples further down, copy its definition to
\`lib/tasks/definitions/<track>/<task_id>.ts\` and its fixtures to \`fixtures/\`. The guide shows each definition as
it reads there; the file under \`docs/examples/\` imports \`defineTask\` from where it sits, so change its first line
to \`import { defineTask } from '../../schema.js'\` when you copy it.

Every problem names the file, the field and what was expected. A broken task does not stop the others: its own
tests fail and say why, the rest of the suite runs, and the run exits non-zero.

Fixtures are read as UTF-8 text, with LF or CRLF line endings; a byte-order mark at the start of a file (as Excel's
"CSV UTF-8" and Windows Notepad write it) is dropped.

There are two kinds of task. A **design** task (\`kind: "design"\`, \`deliverable: "markdown"\`) is scored by its
checklist (patterns in the deliverable) and the blind judge. A checklist's patterns are matched passage by passage
(each line, and each block of lines up to a blank line, so a table or a numbered procedure is one passage; a pattern
may span its lines with \`[\\s\\S]\`); \`lib/tasks/notation.ts\` builds patterns for amounts and percentages in every
usual notation (\`euros(8000)\`, \`percent('0.5')\`), and an item with \`refuseNegated: true\` does not count a match
that its own clause negates ("we do not use a drawdown halt"). An **execution** task (\`kind: "execution"\`) has a
structured deliverable of one of the kinds below and a ground-truth file; it is scored deterministically against the
ground truth, plus the judge, with the weights of \`composite\`.
`

const GUIDE_MIDDLE = `## Names that give nothing away

Agents see input ids, labels, file names and the paths inside diffs, and specialists read their role's focus. None
of these may give the answer away. The registry refuses, naming the word and why:

- in names (fixture and folder names, input ids and labels, paths inside diffs): a category the ground truth uses,
  its synonyms and abbreviations (listed per category below, and extendable per task under \`synonyms\`), any word
  of a planted item's summary that agents would not read anywhere else (not in the brief, not in any input), and
  any word that states a verdict: \`clean\`, \`decoy\`, \`benign\`, \`harmless\`, \`innocent\`, \`safe\`, \`unsafe\`,
  \`fine\`, \`ok\`, \`okay\`, \`correct\`, \`incorrect\`, \`broken\`, \`faulty\`, \`flawed\`, \`planted\`, \`red herring\`,
  \`lookalike\`, \`trap\`; for code review also a diff's kind (\`defective\`), a verdict (\`approve\`, \`block\`,
  \`request changes\`), \`defect\`, \`bug\`, \`issues\`, \`good\`, \`bad\`, \`lgtm\`, \`reject\` and the severity of a planted
  issue (\`high\`, ...); for contract review the severity of a planted risk; for incident response \`culprit\`,
  \`root cause\` and \`harmful\`; for reconciliation \`unmatched\` and \`mismatch\`;
- in role foci: a category the ground truth uses, and its synonyms and abbreviations; and two distinctive words
  shared with the text of one planted item (its summary, a causal link, why an action is required or harmful, a
  ticket's traps), a word being distinctive when the brief, the hard constraints and the inputs together use it at
  most three times;
- in the role foci of a design task: two distinctive words shared with the description of one checklist item or
  rubric dimension (what the judge rewards, which the single agent never reads), at least one of them a word that
  neither the brief nor the hard constraints nor the inputs use; as a design brief is short, a word is
  distinctive there when they use it at most once.

A focus names an **area of the work**, as a lead would split it: which part of the material (documents, clauses,
sections, inputs, accounts, files) or which subject (security, capacity, the clients), never the mechanisms that
make a planted item a finding ("from where the data may be reached", "boundary arithmetic in slices", "how that
list can change"). Such a focus is a checklist of where the answers sit and why, which the single agent never gets:
the comparison with it would measure the hints, not the organisation. The word check above catches wording taken
from the ground truth or the rubric; a paraphrase in other words is just as much a hint, so read every focus
against the ground truth, the checklist and the rubric before committing it. Keep the roles distinct, and together covering the whole material.

Names are read as words, split at \`-\`, \`_\`, \`.\`, \`/\`, spaces, digits and changes of case: \`sqlInjection.ts\` reads
"sql injection", \`path-escape.diff\` reads "path escape", \`leak01.diff\` and \`p1leak.diff\` read "leak", and a one-word
giveaway split by a separator counts (\`fence-post\` is "fencepost"). Plurals and the endings -y, -ed, -ing and -er
count too (\`leaky\`, \`leaked\`, \`leaking\`, \`buggy\`), but a word inside a longer word does not (\`cleanup\` is not
"clean", \`debug\` is not "bug"). Number fixtures instead (\`p1.diff\`, \`d03.diff\`) or name them after what they
change (\`export-paging.diff\`).
`

const GUIDE_DESIGN = `## Design tasks

A design task has no ground truth: its checklist and the judge score it. Beside its definition it needs two
reference deliverables in \`fixtures/calibration/<task_id>/\`, Markdown answers to its brief:

- \`strong.md\`: an excellent answer in \`## \` sections, one point per paragraph, with the concrete figures the brief
  allows. The simulator writes its deliverables from it: each paragraph is a point a simulated agent may state,
  state vaguely or misstate, and a paragraph that meets a must-pass checklist item is a critical point;
- \`weak.md\`: a generic answer with the same \`## \` sections in the same order, the vague prose a simulated agent
  writes for a point it is confused about;
- and, for \`npx orgbench calibrate\` (does the judge rank strong above weak, and does an instruction planted in a
  deliverable move it?), \`canary.md\`: a weak answer with an instruction to the evaluator written into it
  (\`calibrate\` names a design task it leaves out for want of one of the three).

Without \`strong.md\` and \`weak.md\`, or with one it cannot read as \`## \` sections (\`### \` headings, an empty file, fewer
sections in \`weak.md\` than in \`strong.md\`), the simulator cannot answer the task: \`tasks --check\` names the file and
what was expected, and a run without a model endpoint fails each of the task's cases with that cause (a failure,
never a score). \`strong.md\` must also meet every checklist item by its patterns: an item it does not meet is named
by \`tasks --check\` (\`field checklist.<i>.patterns\`), since patterns that miss an excellent answer would miss every
agent's, and a must-pass item would fail every organisation's test as the agents' miss. The
design tasks in \`lib/tasks/definitions/\` are examples, with their files in \`fixtures/calibration/\` (for instance
\`general/strategic_planning.ts\` and \`fixtures/calibration/strategic_planning/\`).
`

const GUIDE_CALIBRATION = `## Calibrating a task

How hard a task is for a strong real model is measured, not assumed. A calibration is a real model's one-pass
single-agent deliverable for the task, kept in \`fixtures/calibration/<task_id>/single-agent.json\` with its scores,
the model, the date and the method. \`npx orgbench tasks\` shows its score under \`real single\` and marks a task of 90
or more \`SAT\`: saturated, so differences between organisations on it cannot be interpreted; the run summary and the
report mark those tasks too. For an execution task the simulator follows the calibration item by item (what the real
model got right or wrong sets sim-strong's chances), so offline runs show the headroom a real run will have. A
\`tier: "hard"\` task is built to be beyond a strong single agent; only its calibration shows whether it is.

To calibrate a task:

1. Render the single agent's prompt without org memory:
   \`npx orgbench tasks --prompt <task_id> --memory off --out prompt.md\`.
2. Give that file, and nothing else, to a strong real model, and keep its answer as it is: one pass, no tools, no
   retry, no edit, no look at the ground truth or an earlier calibration. An execution task's answer is the JSON of
   its deliverable (also accepted inside a fenced \`json\` code block); a design task's is Markdown.
3. Score it without writing anything, then record it (each run is added; the task's figure is the mean over runs):

   \`\`\`bash
   npx orgbench calibration record <task_id> answer.json --model "<the model, as precisely as known>" \\
     --method "<how it was produced, in words a reader can repeat>" --dry-run
   npx orgbench calibration record <task_id> answer.json --model "<the model>" --method "<how it was produced>"
   \`\`\`

   \`--method\` takes at least 20 characters and \`--date\` (default: today) a date \`yyyy-mm-dd\`; an empty answer is
   refused (it is a failed run, not a score of 0). \`--dry-run\` also prints every metric and count of the
   ground-truth score (recall and precision, which figures were right, actions and targets, per severity), so you
   can tell whether the points lost are real misses before recording. Do not record an answer made with tools (a
   script for sums or clock arithmetic, say): a single agent in a run has none, so its score is an upper bound for
   that setting, and a recorded run counts in the task's mean and in what sim-strong is fitted to.
   A design task's checklist is decided here by its patterns, and the run records \`checklistMethod: "patterns"\`:
   a lower bound, since a run decides a checklist with the judge model, which \`calibration record\` does not call (it
   would need a judge endpoint). \`record\` (which names a must-pass item its patterns miss "not found by its
   patterns", not missed), \`tasks\` (\`≥\`) and \`check --sim\` say so. A lower bound of 90 or more
   still marks the task saturated; a lower one says nothing about headroom.
4. Check the stored scores against the current scorers, and the simulator against the calibration:

   \`\`\`bash
   npx orgbench calibration check         # exit 1 when a stored score is out of date (after a scorer or ground-truth change)
   npx orgbench calibration check --sim   # exit 1 when sim-strong's single agent is more than 10 points off, per task or tier
   \`\`\`

   \`check\` also says, per task, whether its newest run answered the prompt rendered now: \`record\` stores the
   SHA-256 of the prompt of step 1 (\`promptSha256\`, at the default output cap whatever ORGBENCH_MAX_OUTPUT_TOKENS says). A prompt changed since is a warning, not a failure, and
   \`tasks\` marks the task's score with \`*\`: record a new run on the current prompt.

A calibration file that cannot be read (not JSON, or a field it may not have) is never skipped: \`tasks\` and
\`calibration check\` name the file and the field, and a simulated run fails each of the task's cases with that cause.
`
