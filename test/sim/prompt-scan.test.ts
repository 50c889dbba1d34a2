import { describe, expect, test } from 'vitest'
import { rubricPrompt } from '../../lib/eval/judge/prompt.js'
import { jsonBlocks } from '../../lib/sim/context.js'
import { candidates } from '../../lib/sim/judge.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { lessonThemes } from '../../lib/sim/lessons.js'
import { quotedWork } from '../../lib/sim/org.js'
import { blockScanCount } from '../../lib/sim/prompt-scan.js'
import { PromptText, wholeTexts } from '../../lib/sim/prompt-text.js'
import { handoffBlock, taskBlock } from '../../lib/topologies/prompts.js'

const knowledge = await SimKnowledge.load()

/** Every reader of a prompt in parts, as it reads the parts and as it reads the whole text. */
const readers: Array<[string, (p: string | PromptText) => unknown]> = [
  ['candidates', candidates],
  ['jsonBlocks', jsonBlocks],
  ['quotedWork', quotedWork],
  ['lessonThemes', (p) => [...lessonThemes(p)]],
]

function expectSameReading(before: string, block: string, after: string): void {
  const whole = before + block + after
  for (const [name, read] of readers) expect(read(new PromptText(before, block, after)), `${name} of ${JSON.stringify(whole)}`).toEqual(read(whole))
}

/** A small deterministic generator (the cases must not change between runs). */
function generator(seed: number) {
  let s = seed >>> 0
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! }
}

/** Pieces of every delimited thing the readers look for, to be cut and put together at random. */
const PIECES = [
  '```json\n', '````json\n', '```markdown\n', '\n```', '\n````', '```', '{"a": 1}', '[2]', 'not json', '\n', '\n\n', 'x', ' ',
  '<<<CANDIDATE 1f>>>\n', '<<<CANDIDATE A 2e>>>\n', '<<<CANDIDATE B 2e>>>\n', '\n<<<END CANDIDATE 1f>>>', '\n<<<END CANDIDATE A 2e>>>', '\n<<<END CANDIDATE B 2e>>>', '<<<END CANDIDATE 1f>>>',
  '### Draft (from Agent 1)\n', '### Notes of A (from B)\n', '### ', ' (from ', ')\n', '#',
  'Lessons from earlier runs of this organisation:\n', '- watch for high items\n', '- Watch for injection items', '- ', 'watch for low items', '-',
]

describe('a prompt in parts reads as its whole text', () => {
  test('on random texts made of the delimiters every reader looks for, cut anywhere', () => {
    const g = generator(7)
    let fromParts = 0
    for (let i = 0; i < 20_000; i++) {
      const all = Array.from({ length: 2 + (i % 20) }, () => g.pick(PIECES)).join('')
      const a = Math.floor(g.next() * (all.length + 1))
      const b = a + 1 + Math.floor(g.next() * (all.length - a))
      const built = wholeTexts()
      expectSameReading(all.slice(0, a), all.slice(a, b), all.slice(b))
      // A reader that reads the whole text instead of the parts builds it.
      fromParts += readers.length - (wholeTexts() - built)
    }
    // Both ways are taken: the parts where no match can cross the block's edges, the whole text elsewhere.
    expect(fromParts).toBeGreaterThan(20_000)
    expect(fromParts).toBeLessThan(60_000)
  })

  test('where a fence, a candidate, quoted work or a lesson list starts before the block and ends in or after it', () => {
    const block = '# Task: T\n\nBrief.\n\n### Input a: diff\n```json\n{"in": "block"}\n```\n\ntail of the block'
    const cases: Array<[string, string]> = [
      ['```json\n{"open": true}', '\n```'],
      ['```json\n', ''],
      ['<<<CANDIDATE 1f>>>\nstarts before', '\n<<<END CANDIDATE 1f>>>'],
      ['<<<CANDIDATE 1f>>>\n', 'after\n<<<END CANDIDATE 1f>>>\n<<<CANDIDATE 2e>>>\nx\n<<<END CANDIDATE 2e>>>'],
      ['### Draft (from Agent 1)\n```json\n[1]', '\n```'],
      ['### Draft (from Agent 1)\n```markdown\n', '\n```\n'],
      ['### Draft (from Agent 1)\n```json\n[1]\n```', '\n'],
      ['Lessons from earlier runs of this organisation:\n- watch for high items\n', ''],
      ['Lessons from earlier runs of this organisation:\n- watch for high items', ''],
      ['Lessons from earlier runs of this organisation:\n-', ''],
      ['Lessons from earlier runs of this organisation:', ''],
      ['``', ''],
      ['<<<CANDIDATE', ''],
      ['### Draft (from', ''],
    ]
    for (const [before, after] of cases) {
      expectSameReading(before, block, after)
      expectSameReading(`${before}\n\n`, block, `\n\n${after}`)
    }
  })

  test('where one starts in the block and ends after it, or starts across its edges', () => {
    const opens = ['```json\n', '<<<CANDIDATE 1f>>>\n', '### Draft (from Agent 1)\n```json\n', 'Lessons from earlier runs of this organisation:\n- watch for low items']
    const closes = ['\n```', '\n<<<END CANDIDATE 1f>>>', '\n```\n', '\n- watch for high items\n']
    for (const open of opens) {
      for (const close of closes) {
        expectSameReading('', `# Task: T\n\n${open}{"x": 1}`, `${close}\nafter`)
        expectSameReading('before\n', `# Task: T\n\n${open}`, `[1]${close}`)
        for (let cut = 1; cut < open.length; cut++) {
          expectSameReading(`before ${open.slice(0, cut)}`, `${open.slice(cut)}[1]${close} block`, ' after')
          expectSameReading('before', `block ${open.slice(0, cut)}`, `${open.slice(cut)}[1]${close}`)
        }
      }
    }
  })

  test("on the benchmark's own prompts: judge requests and handoffs around every task's block", () => {
    const before = wholeTexts()
    for (const task of knowledge.registry.tasks) {
      const block = taskBlock(task)
      const work = handoffBlock('Earlier work', [
        { from: 'Agent 1', title: 'Draft 1', content: { kind: 'structured', schema: 'x', data: { findings: [{ id: 1 }] } } },
        { from: 'Agent 2', title: 'Notes of B', content: { kind: 'markdown', text: '# Notes\n\n```json\n{"in": "markdown"}\n```' } },
      ])
      const system = 'You are the editor.\n\nLessons from earlier runs of this organisation:\n- Watch for high items: earlier reviews missed some.'
      expectSameReading(`${system}\n\n`, block, `\n\n${work}\n\n## Format\nJSON.`)
      const judge = rubricPrompt(task, 'The candidate.\n```json\n{"a": 1}\n```', 'ab12')
      const at = judge.indexOf(block)
      if (at !== -1) expectSameReading(judge.slice(0, at), block, judge.slice(at + block.length))
    }
    // Read from the parts: the whole texts were built only by the comparison's other side.
    expect(wholeTexts()).toBe(before)
  })

  test('scans a block once per reader, however many prompts quote it', () => {
    const block = `# Task: once\n\n${'```json\n{"n": 1}\n```\n'.repeat(3)}`
    jsonBlocks(new PromptText('a', block, 'b'))
    const scanned = blockScanCount()
    for (let i = 0; i < 5; i++) expect(jsonBlocks(new PromptText(`head ${i}\n`, block, `\n\`\`\`json\n{"tail": ${i}}\n\`\`\``))).toHaveLength(4)
    expect(blockScanCount()).toBe(scanned)
  })
})
