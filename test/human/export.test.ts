import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { buildExport, shortfallNote } from '../../lib/human/export.js'
import { GraderPacket, type SimulatedSides } from '../../lib/human/schema.js'
import { agreementTitle } from '../../lib/human/render.js'
import type { AgreementReport } from '../../lib/human/validation.js'
import type { TestRecord } from '../../lib/results/record.js'
import { CELL_LIMIT } from '../../lib/human/spreadsheet.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { splitInputs } from '../../lib/tasks/split.js'
import { taskBlock } from '../../lib/topologies/prompts.js'
import { makeRecord } from '../results/fixtures.js'

const registry = await loadRegistry()
const TASKS = ['code_review_protocol', 'strategic_planning', 'contract_review']
const TOPOLOGIES = ['single', 'star', 'hrm']

function records(): TestRecord[] {
  return TASKS.flatMap((task) =>
    TOPOLOGIES.flatMap((topology) =>
      [1, 2, 3].map((trial) => {
        const r = makeRecord({ task, topology, trial, pairwise: topology === 'single' ? undefined : trial === 1 ? 'win' : trial === 2 ? 'loss' : 'tie' })
        return { ...r, deliverable: { kind: 'markdown' as const, text: `# Deliverable for ${task}, trial ${trial}\n\nThe plan has ${TOPOLOGIES.indexOf(topology) + 3} steps.\n</script><script>alert(1)</script>` } }
      }),
    ),
  )
}

const input = { runId: 'sim-run', simulated: true, judgeModel: 'sim-judge', records: records(), registry, pairs: 12, seed: 3 }

describe("buildExport blinds self_decompose's proposed role names", () => {
  test('graders never see them', () => {
    const events = [{ type: 'roles_proposed', callIds: ['c1'], detail: { roles: [{ id: 'proposed_load_auditor', name: 'Load Auditor', focus: 'the load at peak hours' }] } }]
    const pair = [
      { ...makeRecord({ task: 'strategic_planning', topology: 'single', trial: 1 }), deliverable: { kind: 'markdown' as const, text: '# Plan\n\nGrow 10 %.\n' } },
      { ...makeRecord({ task: 'strategic_planning', topology: 'self_decompose', trial: 1, pairwise: 'win' }), events, deliverable: { kind: 'markdown' as const, text: '# Plan\n\n## Findings of the Load Auditor\n\nGrow 12 %.\n' } },
    ]
    const built = buildExport({ ...input, records: pair, pairs: 1 })
    const items = built.graderFiles.get('items.json')!
    expect(items).toContain('Grow 12 %.')
    expect(items).not.toContain('Load Auditor')
  })
})

describe('buildExport', () => {
  const built = buildExport(input)

  test('stratifies: every task and every organisation appears before any pair repeats a cell', () => {
    const cells = built.key.items.map((i) => `${i.task}/${i.a.topology === 'single' ? i.b.topology : i.a.topology}`)
    expect(new Set(cells.slice(0, 6)).size).toBe(6)
    expect(new Set(built.key.items.map((i) => i.task))).toEqual(new Set(TASKS))
    for (const i of built.key.items) expect([i.a.topology, i.b.topology]).toContain('single')
  })

  test('shows each deliverable text in one item only, so that a recurring text cannot reveal its side', () => {
    const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))
    const texts = packet.items.flatMap((it) => [...new Set([it.a, it.b])])
    expect(new Set(texts).size).toBe(texts.length)
    expect(new Set(built.key.items.map((i) => `${i.task}#${i.trial}`)).size).toBe(built.key.items.length)
  })

  test("the key translates the judge's verdict to A/B, whichever side the organisation is on", () => {
    for (const item of built.key.items) {
      const candidateIsA = item.a.topology !== 'single'
      const outcome = item.trial === 1 ? 'win' : item.trial === 2 ? 'loss' : 'tie'
      const expected = outcome === 'tie' ? 'tie' : (outcome === 'win') === candidateIsA ? 'A' : 'B'
      expect(item.judgePreference).toBe(expected)
    }
    const sides = built.key.items.map((i) => (i.a.topology === 'single' ? 'B' : 'A'))
    expect(sides).toContain('A')
    expect(sides).toContain('B')
  })

  test('grader files say nothing about topologies, models or the judge', () => {
    const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))
    expect(packet.items).toHaveLength(9)
    for (const [name, content] of built.graderFiles) {
      for (const word of ['hrm', 'sim-judge', 'sim-strong', 'judgePreference', 'topology']) expect(content, `${name} mentions ${word}`).not.toContain(word)
    }
  })

  test('deliverables keep their substance, markup included', () => {
    const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))
    expect(packet.items[0]!.a).toContain('</script><script>alert(1)</script>')
  })

  test('the page embeds the data so that no deliverable can close its script element', () => {
    const html = built.graderFiles.get('index.html')!
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    expect(html).not.toContain('alert(1)</script>')
  })

  test('the grades template lists one preference row and a score row per dimension and side for every item', () => {
    const rows = parse(built.graderFiles.get('grades-template.csv')!, { bom: true }) as string[][]
    expect(rows[0]).toEqual(['export', 'grader', 'item', 'target', 'dimension', 'value'])
    const expected = built.key.items.reduce((n, i) => n + 1 + 2 * built.key.rubric[i.task]!.length, 0)
    expect(rows).toHaveLength(expected + 1)
    expect(rows[1]).toEqual([built.exportId, '', 'h001', 'pair', 'preference', ''])
  })

  test('the spreadsheet files hold every text whole: one too long for a cell is in its own file, named in the cell; each CSV opens as UTF-8', () => {
    const long = `${'A finding with its line. '.repeat(1400)}The last finding.`
    const withLong = input.records.map((r) => (r.topology === 'single' ? r : { ...r, deliverable: { kind: 'markdown' as const, text: `${(r.deliverable as { text: string }).text}\n${long}` } }))
    const files = buildExport({ ...input, records: withLong }).graderFiles
    const csvs = ['items.csv', 'tasks.csv', 'grades-template.csv'].map((name) => files.get(name)!)
    for (const text of csvs) expect(text.startsWith('\uFEFF')).toBe(true)
    const cells = csvs.flatMap((text) => (parse(text, { bom: true }) as string[][]).flat())
    expect(Math.max(...cells.map((c) => c.length))).toBeLessThanOrEqual(CELL_LIMIT)
    const tasks = parse(files.get('tasks.csv')!, { bom: true, columns: true }) as Array<{ task: string; prompt: string }>
    const contract = registry.get('contract_review')
    expect(taskBlock(contract).length).toBeGreaterThan(CELL_LIMIT)
    expect(tasks.find((t) => t.task === 'contract_review')!.prompt).toMatch(/^Too long for a spreadsheet cell \([\d,]+ characters\): the whole text is in tasks\/contract_review\.txt, next to this file\.$/)
    expect(files.get('tasks/contract_review.txt')).toBe(taskBlock(contract))
    const items = parse(files.get('items.csv')!, { bom: true, columns: true }) as Array<{ item: string; deliverable_A: string; deliverable_B: string }>
    const packet = GraderPacket.parse(JSON.parse(files.get('items.json')!))
    for (const it of items) {
      for (const side of ['A', 'B'] as const) {
        const whole = packet.items.find((p) => p.id === it.item)![side === 'A' ? 'a' : 'b']
        const cell = it[`deliverable_${side}`]
        expect(cell === whole || files.get(`items/${it.item}-${side}.txt`) === whole).toBe(true)
      }
    }
    expect([...files.keys()].filter((f) => f.startsWith('items/'))).toHaveLength(built.key.items.length)
  })

  test('is reproducible for a seed, and another seed gives another choice and order', () => {
    expect(buildExport(input).key).toEqual(built.key)
    expect(buildExport({ ...input, seed: 4 }).key.items).not.toEqual(built.key.items)
  })
})

describe('an export with fewer pairs than asked says how many trials were left out, and why', () => {
  // Three tasks of three trials: on trial 1 both organisations wrote what the single agent wrote (but for whitespace).
  const echoed = records().map((r) => {
    const single = records().find((s) => s.task === r.task && s.trial === r.trial && s.topology === 'single')!
    return r.trial === 1 && r.topology !== 'single' ? { ...r, deliverable: { kind: 'markdown' as const, text: `${(single.deliverable as { text: string }).text}\n\n` } } : r
  })
  const built = buildExport({ ...input, records: echoed, pairs: 30 })

  test('no item shows a text beside one that reads the same', () => {
    const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))
    expect(packet.items).toHaveLength(6)
    for (const item of packet.items) expect(item.a.trim()).not.toBe(item.b.trim())
    expect(built.key.items.map((i) => i.trial)).not.toContain(1)
  })

  test('the note counts the trials and names each reason for leaving one out', () => {
    expect(built.leftOut).toEqual(TASKS.map((task) => ({ task, trial: 1, reason: 'identical' })).sort((x, y) => x.task.localeCompare(y.task)))
    expect(shortfallNote(30, built)).toBe(
      "(30 asked: the run gives 6 from its 9 trials, at most one per task and trial: a single-agent deliverable shown in two items would be recognised by its repetition; left out: 3 trials: every organisation's text is the same as the single agent's (graders could only answer tie); run more trials for more pairs)",
    )
    expect(shortfallNote(6, built)).toBeNull()
  })

  test('a trial whose single agent wrote a text already shown is counted apart', () => {
    const repeated = records().map((r) => (r.topology === 'single' && r.task === 'strategic_planning' ? { ...r, deliverable: { kind: 'markdown' as const, text: 'The same plan every time.' } } : r))
    const note = shortfallNote(30, buildExport({ ...input, records: repeated, pairs: 30 }))
    expect(note).toContain('the run gives 7 from its 9 trials')
    expect(note).toContain('left out: 2 trials: its texts are already in another item (a text shown twice gives its side away);')
  })
})

describe('buildExport of a learning run shows each item under the task as its cases saw it', () => {
  const task = registry.get('code_review_execution')
  const split = splitInputs(task)
  if (split.mode !== 'inputs') throw new Error('code_review_execution splits its diffs')
  // Training cases (iteration 1, seed 1) and held-out cases (iteration 1, seed 4), each a single agent and star.
  const learned = (['train', 'heldout'] as const).flatMap((side) =>
    ['single', 'star'].map((topology) => {
      const trial = side === 'train' ? 1001 : 1004
      const r = makeRecord({ task: task.id, topology, trial, pairwise: topology === 'single' ? undefined : 'win' })
      return { ...r, learning: { iteration: 1, split: side, seedTrial: trial - 1000 }, deliverable: { kind: 'markdown' as const, text: `# Review (${side}, ${topology})\n\nNo defects found.\n` } }
    }),
  )
  const built = buildExport({ ...input, records: learned, pairs: 2 })
  const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))

  test("a training pair's task shows the training diffs only, a held-out pair's the held-out ones", () => {
    const byId = new Map(packet.tasks.map((t) => [t.id, t]))
    expect([...byId.keys()].sort()).toEqual([`${task.id}-heldout`, `${task.id}-train`])
    expect(byId.get(`${task.id}-train`)!.prompt).toBe(taskBlock(split.train))
    expect(byId.get(`${task.id}-heldout`)!.prompt).toBe(taskBlock(split.heldOut))
    expect(byId.get(`${task.id}-heldout`)!.prompt).not.toContain(`### Input ${split.trainIds[0]}:`)
    expect(byId.get(`${task.id}-heldout`)!.title).toBe(`${task.title} (held-out inputs)`)
    for (const item of packet.items) expect(item.a).toContain(item.task.endsWith('-train') ? '(train,' : '(heldout,')
  })

  test('the key and the grades template keep the task id, whose rubric the grades use', () => {
    expect(built.key.items.map((i) => i.task)).toEqual([task.id, task.id])
    expect(Object.keys(built.key.rubric)).toEqual([task.id])
    const template = parse(built.graderFiles.get('grades-template.csv')!, { bom: true }) as string[][]
    expect(template.filter((row) => row[3] === 'A').length).toBe(2 * task.rubric.length)
  })
})

describe('a simulated export says which side the simulator played', () => {
  test('graders see it: the packet, the page and the README say the run was simulated; a real run says nothing of it', () => {
    const built = buildExport({ ...input, simulatedSides: { agents: true, judge: true }, pairs: 1 })
    expect(GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!)).simulated).toEqual({ agents: true, judge: true })
    expect(built.graderFiles.get('index.html')).toContain('data-testid="simulated">SIMULATED run: the deliverables and the judge are simulated</strong>')
    expect(built.graderFiles.get('README.txt')!.split('\n').slice(0, 3)).toEqual([`Blind grading packet ${built.exportId}`, '', 'SIMULATED run: the deliverables and the judge are simulated.'])
    const real = buildExport({ ...input, simulated: false, pairs: 1 }).graderFiles
    expect(GraderPacket.parse(JSON.parse(real.get('items.json')!))).not.toHaveProperty('simulated')
    for (const name of ['index.html', 'README.txt']) expect(real.get(name)).not.toContain('SIMULATED')
  })

  test('each item names its trial, which tells items of one task apart', () => {
    const built = buildExport({ ...input, pairs: 3 })
    const packet = GraderPacket.parse(JSON.parse(built.graderFiles.get('items.json')!))
    expect(packet.items.map((i) => i.trial)).toEqual(built.key.items.map((i) => i.trial))
  })

  test('the key records it, and the agreement heading names the simulated side only (both for a key written before)', () => {
    const built = buildExport({ ...input, simulatedSides: { agents: false, judge: true }, pairs: 1 })
    expect(built.key.simulatedSides).toEqual({ agents: false, judge: true })
    expect(buildExport({ ...input, simulated: false, simulatedSides: { agents: false, judge: false }, pairs: 1 }).key).not.toHaveProperty('simulatedSides')
    const title = (simulatedSides?: SimulatedSides) => agreementTitle({ judgeModel: 'sim-judge', exportId: 'x', simulated: true, ...(simulatedSides ? { simulatedSides } : {}) } as AgreementReport)
    expect(title({ agents: false, judge: true })).toBe("judge vs people — sim-judge on export x (SIMULATED run: the judge is simulated, the deliverables are a real model's)")
    expect(title({ agents: true, judge: false })).toBe('judge vs people — sim-judge on export x (SIMULATED run: the deliverables are simulated, the judge is a real model)')
    expect(title()).toBe('judge vs people — sim-judge on export x (SIMULATED run: the deliverables and the judge are simulated)')
  })
})
