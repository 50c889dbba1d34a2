import { describe, expect, test } from 'vitest'
import { budgetLine, renderRunSummary, repetitionText, resumeErrorsLine, spendLine } from '../../lib/results/render.js'
import { LEARNING_RUN_NOTE, type LearningSection } from '../../lib/results/learning.js'
import { judgedRecord, makeRecord, makeRun, provenanceCheck, trials } from './fixtures.js'

/** The summary with wrapped prose lines joined again (continuations are indented by four spaces). */
const unwrap = (text: string) => text.replace(/\n {4}/g, ' ')

describe('renderRunSummary', () => {
  const run = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' }), ...trials([60, 60, 60], { task: 'task_b' }), ...trials([70, 70, 70], { task: 'task_b', topology: 'star' })])
  const text = unwrap(renderRunSummary(run, 'results/runs/x.json'))
  const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix))!

  test('shows each cell mean with its 95 % interval and the paired difference against single', () => {
    // star − single on task_a: +5, +10, +2 → +5.7, t interval with 2 df
    expect(line('task_a  star')).toMatch(/85\.7\s+\[\d+\.\d, \d+\.\d\]\s+\+5\.7 \[-4\.4, \+15\.7\]/)
    // Clipped to the scale: the t interval of 70, 80, 90 would pass 100.
    expect(line('task_a  single')).toMatch(/80\.0\s+\[55\.2, 100\.0\]\s+–/)
  })
  test('a topology whose score rests on one task of 2 trials has no score interval, as its difference has none', () => {
    const capped = makeRun([...trials([70, 80]), ...trials([85, 86], { topology: 'star' }), ...trials([60, 60], { task: 'task_b' }), ...trials([null, null], { task: 'task_b', topology: 'star' })])
    const row = unwrap(renderRunSummary(capped, 'results/runs/x.json'))
      .split('\n')
      .find((l) => /^star\s+2\s/.test(l))!
    expect(row).toMatch(/^star\s+2\s+2\/4\s+85\.5 \(1 of 2 tasks\)\s+–\s+\+10\.5 \(too few trials \(2\) for an interval\)/)
  })
  test('summarises each topology over all tasks with its clustered difference and MDE', () => {
    // task means 85.67 and 70 → 77.8; differences +5.67 and +10 → +7.8
    // Two tasks are too few for an interval clustered by task: said instead of printing ±t(0.975, 1) SE.
    expect(line('star ')).toMatch(/^star\s+2\s+6\/6\s+77\.8\s+.*\+7\.8 \(too few tasks \(2\) for an interval\)/)
    expect(text).toContain('MDE: the smallest true difference against single')
    expect(text).toContain('Δ intervals are adjusted for the differences shown together.')
    // Two tasks of one star cell each: each task's family is its 1 Δ vs single; the table's Δ have too few tasks.
    expect(text).toContain("each task's Δ vs single in the per-task table (m = 1; no per-task table shows a Δ vs matched, so none is counted)")
    expect(text).toContain('* survives Holm correction over the differences shown together')
  })
  test('a difference without spread reads as the gate shows it: no interval, no MDE', () => {
    const same = unwrap(renderRunSummary(makeRun([...trials([70, 80, 90]), ...trials([70, 80, 90], { topology: 'star' })]), 'x.json'))
    const at = (prefix: string) => same.split('\n').find((l) => l.startsWith(prefix))!
    // The cell's Δ, then its recall; the topology's Δ, then its MDE.
    for (const l of [at('task_a  star'), at('star ')]) expect(l).toMatch(/\s0\.0 –\s+–\s/)
    expect(same).not.toContain('[0.0, 0.0]')
  })
  test('a "Δ vs matched" against a self_refine whose budget was an estimate is marked, with a note naming the tasks; one matched to star is not', () => {
    const budget = (source: string) => (r: ReturnType<typeof makeRecord>) => ({ ...r, events: [{ type: 'self_refine_budget', callIds: [], detail: { source, targetTokens: 1000 } }] })
    const withRefine = (source: string) =>
      unwrap(renderRunSummary(makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' }), ...trials([72, 82, 91], { topology: 'self_refine' }).map(budget(source))]), 'x.json'))
    const estimated = withRefine('estimate')
    expect(estimated.split('\n').find((l) => l.startsWith('star '))).toMatch(/\+\d\.\d \[-?\d+\.\d, \+\d+\.\d\] †/)
    expect(estimated).toContain('† vs an estimated budget: self_refine had no star spend to match on task_a (star not in the run, or none of its trials finished)')
    const learningRun = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' }), ...trials([72, 82, 91], { topology: 'self_refine' }).map(budget('estimate'))])
    const learned = unwrap(renderRunSummary({ ...learningRun, learning: { splits: [], retrospectives: [], cost: learningRun.totals.spend } }, 'x.json'))
    expect(learned).toContain("† vs an estimated budget: in a learning run self_refine's arm is never matched to star's spend (the loop runs its arms one after another, single, self_refine, star), so on task_a its budget was estimated")
    expect(learned).not.toContain('star not in the run')
    const matched = withRefine('star-median')
    expect(matched).not.toContain('†')
    expect(matched).not.toContain('estimated budget')
  })
  test('says how org $/case and pts/$ are formed', () => {
    expect(text).toContain('pts/$: score ÷ org $/case')
    // score 77.8 over 2 tasks at $0.01 per case (task_a 85.67, task_b 70).
    const wide = renderRunSummary(run, 'results/runs/x.json', { wide: true }).split('\n')
    expect(wide.find((l) => l.startsWith('star '))).toMatch(/\$0\.0100\s+7783$/)
  })
  test('a cost that is partly unknown shows n/a with how many trials are unknown, in the cell and the topology row', () => {
    const unknown = makeRun([...trials([70, 80]), ...trials([75, 90], { topology: 'star', usd: null })])
    const out = renderRunSummary(unknown, 'results/runs/x.json', { wide: true })
    expect(out.split('\n').find((l) => l.startsWith('task_a  star'))).toContain('n/a (2 unknown)')
    expect(out.split('\n').find((l) => l.startsWith('star '))).toMatch(/n\/a \(2 unknown\)\s+–$/)
  })
  test('labels a simulated run, says in words what its numbers test, and ends with the results file', () => {
    expect(text).toContain('SIMULATED (embedded simulator, not a real model): these numbers test the machinery, not the topologies')
    expect(text).toContain("Simulated: these numbers test the machinery, not the topologies; the simulator's parameters decide which topology wins")
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^results: results\/runs\/x.json \(records: .*\.records\.jsonl\.gz\)$/)
  })
  test('without self_refine@<topology> cases (ORGBENCH_COMPUTE_MATCHED=off) it adds no "organisation or compute?" lines', () => {
    expect(text).not.toContain('organisation or compute?')
  })
  test('with them, one line per organisation against its own matched single agent, within 120 columns, saying it is simulated', () => {
    const matched = makeRun(
      ['task_a', 'task_b', 'task_c'].flatMap((task, i) => [
        ...trials([70, 70, 70], { task }),
        ...trials([76, 76, 76], { task, topology: 'self_refine' }),
        ...trials([80 + i, 81 + i, 82 + i], { task, topology: 'hrm' }),
        ...trials([78, 78, 78], { task, topology: 'self_refine@hrm' }),
      ]),
    )
    const out = renderRunSummary(matched, 'results/runs/m.json')
    const lines = out.split('\n')
    const at = lines.findIndex((l) => l.startsWith('organisation or compute? each organisation against its compute-matched single agent'))
    expect(at).toBeGreaterThan(0)
    // hrm − self_refine@hrm: +3, +4, +5 (means of each task) → +4.0; every fixture record spends the same tokens.
    expect(lines[at + 2]).toMatch(/^ {2}hrm − self_refine@hrm: \+4\.0 \[[-+]\d\.\d, \+\d\.\d\]\* · tokens 1\.00× · frontier [-+]\d\.\d \[/)
    expect(unwrap(out)).toContain('(simulated: these numbers test the machinery, not the topologies)')
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120)
  })
  test('says how far the judge can be trusted: agreement, length and blindness', () => {
    const records = [1, 2, 3, 4, 5].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('star', trial, 60 + trial, 2000, 52 + trial)])
    const unchecked = unwrap(renderRunSummary(makeRun(records), 'x.json'))
    expect(unchecked).toMatch(/judge vs ground truth\/checklist within task: r /)
    expect(unchecked).toMatch(/judge score, organisation − single: \+10\.0 .* at equal length/)
    expect(unchecked).toContain('blindness: not checked')
    const checked = unwrap(renderRunSummary({ ...makeRun(records), provenance: provenanceCheck() }, 'x.json'))
    expect(checked).toMatch(/provenance check .* 72 % \[63 %, 80 %\] .* ABOVE CHANCE/)
    expect(checked).not.toContain('blindness: not checked')
  })
  test("says what blinding left of the organisations' role names, checked or not", () => {
    const left = (r: ReturnType<typeof judgedRecord>, n: number) => ({ ...r, scores: { ...r.scores, judge: { ...r.scores.judge!, roleNamesLeft: n } } })
    const records = [1, 2, 3, 4, 5].flatMap((trial) => [left(judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), 0), left(judgedRecord('star', trial, 60 + trial, 2000, 52 + trial), trial === 1 ? 3 : 0)])
    for (const run of [makeRun(records), { ...makeRun(records), provenance: provenanceCheck() }]) {
      const text = unwrap(renderRunSummary(run, 'x.json'))
      expect(text).toContain('blindness: after blinding, 1 of 5 judged organisation deliverable(s) still name a role of their organisation (3 mention(s) in all); on the 1 task(s) where one does, 1 of 5 organisation deliverable(s) name one')
      expect(text).toContain('and 0 of 5 single-agent deliverable(s) (0 mention(s))')
      expect(text).toContain('it is on a task whose single-agent deliverables name none')
    }
  })
  test('a run without an organisation beside a single agent: no length note for a line it lacks, no blindness check it cannot run', () => {
    const records = [1, 2, 3, 4, 5].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('self_refine', trial, 55 + trial, 1500, 52 + trial)])
    const out = unwrap(renderRunSummary(makeRun(records), 'x.json'))
    expect(out).toMatch(/judge vs ground truth\/checklist within task: r /)
    expect(out).not.toContain('judge score, organisation − single')
    expect(out).not.toContain('(length: ')
    expect(out).not.toContain('blindness')
  })
  test('fits 120 columns: long tables split into column groups, prose wrapped; wide prints the full table', () => {
    const long = makeRun([...trials([70, 80, 90], { task: 'incident_response_execution' }), ...trials([75, 90, 92], { task: 'incident_response_execution', topology: 'self_decompose' })])
    const fitted = renderRunSummary(long, 'results/runs/x.json')
    expect(Math.max(...fitted.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120)
    expect(fitted).toContain('(split to fit 120 columns; ORGBENCH_WIDE=on, or --wide for a command, prints one table)')
    const wide = renderRunSummary(long, 'results/runs/x.json', { wide: true })
    expect(wide.split('\n').find((l) => l.startsWith('incident_response_execution  self_decompose'))!.length).toBeGreaterThan(120)
  })

  describe('the header says what each case repeats', () => {
    const split = { task: 'task_a', mode: 'seeds' as const, unit: null, fraction: null, reason: 'one agreement', train: null, heldOut: null, trainSeeds: [1, 2], heldOutSeeds: [3, 4, 5, 6] }
    const noCost = { usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } }
    const learning: LearningSection = { settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, splits: [split], retrospectives: [], cost: noCost }
    const learned = { ...makeRun(trials([70, 80, 90])), learning }

    test('a benchmark run: its trials', () => {
      expect(line('judge ')).toMatch(/^judge \S+ · 3 trial\(s\) · seed \d+ · memory \w+$/)
    })
    test('a run with the judge off says "judge off", not the judge model it never called', () => {
      const off = makeRun(trials([70, 80, 90]))
      const header = renderRunSummary({ ...off, config: { ...off.config, judge: 'off' } }, 'x.json').split('\n').find((l) => l.startsWith('judge '))
      expect(header).toMatch(/^judge off · 3 trial\(s\)/)
    })
    test('a learning run: its learning settings, not ORGBENCH_TRIALS, which its cases do not follow', () => {
      const header = unwrap(renderRunSummary(learned, 'x.json')).split('\n').find((l) => l.startsWith('judge '))!
      expect(header).toMatch(/^judge \S+ · learning: up to 3 iteration\(s\) per arm, 2 training \+ 4 held-out seed\(s\) each, lessons ≤ 400 tokens per agent · seed \d+ · memory \w+$/)
      expect(header).not.toContain('trial(s)')
    })
    test('a learning run is labelled so that its tables are not read as a benchmark result', () => {
      const text = unwrap(renderRunSummary(learned, 'x.json'))
      expect(text).toContain(`\nLearning run: ${LEARNING_RUN_NOTE}; \`orgbench report\` shows its learning curves.\n`)
      expect(unwrap(renderRunSummary(makeRun(trials([70, 80, 90])), 'x.json'))).not.toContain('Learning run')
    })
    test('a run file written before the settings were recorded: the seeds of its splits', () => {
      expect(repetitionText({ ...learned, learning: { ...learning, settings: undefined } })).toBe('learning: 2 training + 4 held-out seed(s) per iteration')
    })
    test('a run with benchmark cases of other tasks too: both', () => {
      const mixed = { ...makeRun([...trials([70, 80, 90]), ...trials([60, 60, 60], { task: 'task_b' })]), learning }
      expect(repetitionText(mixed)).toBe('3 trial(s) per benchmark case · learning: up to 3 iteration(s) per arm, 2 training + 4 held-out seed(s) each, lessons ≤ 400 tokens per agent')
    })
  })
})

describe('the spend and budget lines', () => {
  const run = makeRun(trials([70, 80, 90]))
  const spend = { ...run.totals.spend, usd: 2.7042, knownUsd: 2.7042, paidUsd: 2.7042 }
  const capped = (budget: NonNullable<typeof run.totals.budget>, sessions = 1) => budgetLine({ runId: 'r-1', sessions, totals: { spend, budget } })

  test('the budget line states what the cap counted, over every session, and how to run the cases it stopped', () => {
    expect(capped({ capUsd: 5, casesNotRun: 0, countedUsd: 2.7042, atWorstCase: 0 })).toBe('budget: cap $5.00 (ORGBENCH_MAX_USD), spent $2.7042, no case stopped by the cap')
    expect(capped({ capUsd: 10, casesNotRun: 1, countedUsd: 6.5753, atWorstCase: 0 }, 2)).toBe(
      'budget: cap $10.00 (ORGBENCH_MAX_USD), spent $6.5753 over 2 sessions, 1 case(s) stopped by the cap, not run or not finished (recorded as budget errors, never scored; to run them, raise ORGBENCH_MAX_USD and resume with ORGBENCH_RESUME=r-1)',
    )
  })

  test('stopped cases that an earlier session ran and the last one did not: the budget line says a resume must include them', () => {
    expect(capped({ capUsd: 20, casesNotRun: 3, countedUsd: 0.8778, atWorstCase: 0, notRunBySession: 3 }, 2)).toBe(
      'budget: cap $20.00 (ORGBENCH_MAX_USD), spent $0.8778 over 2 sessions, 3 case(s) stopped by the cap, not run or not finished (recorded as budget errors, never scored; to run them, raise ORGBENCH_MAX_USD and resume with ORGBENCH_RESUME=r-1, with filters that include the 3 of them that an earlier session ran and this one did not)',
    )
  })
  test('a merged run: each shard\'s own cap, and the shards to resume (each with its --shard), never the merged id', () => {
    const shards = [
      { runId: 'sim-a', shard: '1/3', capUsd: 2, casesNotRun: 0 },
      { runId: 'sim-b', shard: '2/3', capUsd: 2, casesNotRun: 40 },
      { runId: 'sim-c', shard: '3/3', capUsd: null, casesNotRun: 0 },
    ]
    const line = capped({ capUsd: 4, casesNotRun: 40, countedUsd: 5.9638, atWorstCase: 0, shards })
    expect(line).toBe(
      "budget: caps per shard (ORGBENCH_MAX_USD): shard 1/3 $2.00, shard 2/3 $2.00, shard 3/3 none; spent $5.9638 over all shards, 40 case(s) stopped by their shard's cap, not run or not finished (recorded as budget errors, never scored; to run them, raise ORGBENCH_MAX_USD, resume each such shard with --reporter=blob, then merge again: shard 2/3 (40): ORGBENCH_RESUME=sim-b --shard=2/3)",
    )
    expect(line).not.toContain('r-1')
    expect(capped({ capUsd: 4, casesNotRun: 0, countedUsd: 1, atWorstCase: 0, shards: shards.map((s) => ({ ...s, casesNotRun: 0 })) })).toMatch(/over all shards, no case stopped by a cap$/)
  })

  test('errored cases, besides those the cap stopped, are named with the resume that runs only them; none for a merged, re-scored or learning run', () => {
    const cap = { capUsd: 5, casesNotRun: 2, countedUsd: 4.9, atWorstCase: 0 }
    expect(resumeErrorsLine({ runId: 'r-1', totals: { errors: 2, budget: null } })).toEqual([
      "2 errored case(s): fix the cause (each case's error is above), then resume with ORGBENCH_RESUME=r-1 to run only them; cases with a successful record are kept",
    ])
    expect(resumeErrorsLine({ runId: 'r-1', totals: { errors: 5, budget: cap } })).toEqual([
      "3 errored case(s) besides those the cap stopped: fix the cause (each case's error is above), then resume with ORGBENCH_RESUME=r-1 to run only them; cases with a successful record are kept",
    ])
    expect(resumeErrorsLine({ runId: 'r-1', totals: { errors: 2, budget: cap } })).toEqual([])
    // A run given another results folder: the command to paste names it, as the interrupt message does.
    expect(resumeErrorsLine({ runId: 'r-1', totals: { errors: 2, budget: null } }, '/tmp/runs')[0]).toContain('resume with ORGBENCH_RESULTS_DIR=/tmp/runs ORGBENCH_RESUME=r-1 to run only them')
    expect(budgetLine({ runId: 'r-1', sessions: 1, totals: { spend: { usd: 4.9, knownUsd: 4.9, unpriced: 0, paidUsd: 4.9, cachedCalls: 0, calls: 1, tokens: { prompt: 1, completion: 1, cached: 0, reasoning: 0 } }, budget: cap } }, '/tmp/runs')).toContain('resume with ORGBENCH_RESULTS_DIR=/tmp/runs ORGBENCH_RESUME=r-1')
    expect(resumeErrorsLine({ runId: 'r-1', totals: { errors: 0, budget: null } })).toEqual([])
    expect(resumeErrorsLine({ runId: 'r-m', mergedFrom: ['a', 'b'], totals: { errors: 2, budget: null } })).toEqual([])
    expect(resumeErrorsLine({ runId: 'r-r', rescoredFrom: 'r-1', totals: { errors: 2, budget: null } })).toEqual([])
    // A resumed learning run runs every iteration again: "only them" would be untrue.
    const learning: LearningSection = { settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }, splits: [], retrospectives: [], cost: { usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } } }
    expect(resumeErrorsLine({ runId: 'r-l', learning, totals: { errors: 2, budget: null } })).toEqual([])
  })

  test('calls without usage are in the budget line at the worst case the cap counted them at, never as "≥ $0"', () => {
    const line = budgetLine({ runId: 'r-1', sessions: 1, totals: { spend: { ...spend, usd: null, knownUsd: 0, paidUsd: null, unpriced: 3, usageUnknown: 3 }, budget: { capUsd: 5, casesNotRun: 1, countedUsd: 4.5809, atWorstCase: 3 } } })
    expect(line).toMatch(/^budget: cap \$5\.00 \(ORGBENCH_MAX_USD\), spent at most \$4\.5809 \(3 call\(s\) without usage counted at their worst case\), 1 case\(s\) stopped by the cap, not run or not finished/)
  })

  test('a run file written before the cap\'s count was kept shows what its records say was paid', () => {
    expect(capped({ capUsd: 5, casesNotRun: 1 })).toMatch(/^budget: cap \$5\.00 \(ORGBENCH_MAX_USD\), spent \$2\.7042, 1 case\(s\) stopped by the cap, not run or not finished/)
  })

  test('the spend line counts the calls made and says which costs are unknown for want of usage', () => {
    const unknown = { ...run, totals: { ...run.totals, calls: 3, spend: { ...run.totals.spend, usd: null, knownUsd: 0, paidUsd: null, unpriced: 3, usageUnknown: 3 } } }
    expect(spendLine(unknown)).toBe('total spend: ≥ $0 (3 calls without usage) over 3 calls (simulated prices) · 0 errored trial(s)')
  })
})

describe("the run summary's Δ vs matched", () => {
  test("an organisation other than star compared with self_refine is marked, and the note says self_refine spent star's budget", () => {
    const run = makeRun(['a', 'b'].flatMap((task) => [...trials([60, 62, 61], { task }), ...trials([70, 71, 69], { task, topology: 'star' }), ...trials([64, 63, 65], { task, topology: 'self_refine' }), ...trials([72, 70, 74], { task, topology: 'hrm' })]))
    const text = unwrap(renderRunSummary(run, 'x.json', { wide: true }))
    expect(text).toMatch(/\nhrm +2 .* ‡ /)
    expect(text).not.toMatch(/\nstar +2 .*‡/)
    expect(text).toContain("‡ vs self_refine matched to star's spend, not the row's own (hrm): not a compute-matched comparison for these")
  })
})

