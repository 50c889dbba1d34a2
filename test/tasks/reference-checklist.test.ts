import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { unmetByStrongReference } from '../../lib/tasks/reference-checklist.js'
import type { ChecklistItem } from '../../lib/tasks/schema.js'
import { tempDir } from '../support/temp.js'

const STRONG = '# Plan\n\n## 1. Timeline\n\nSix weekends, one floor each.\n\n## 2. Budget\n\n180,000 EUR in all.\n'
const item = (id: string, patterns: string[], mustPass = false): ChecklistItem => ({ id, description: id, patterns, mustPass, refuseNegated: false })
const task = (checklist: ChecklistItem[]) => ({ id: 'pricing_review', deliverable: 'markdown' as const, brief: 'Plan the office move.', hardConstraints: [], roles: [], checklist })

function fixtures(strong: string | null): string {
  const dir = join(tempDir(), 'fixtures')
  mkdirSync(join(dir, 'calibration', 'pricing_review'), { recursive: true })
  if (strong !== null) writeFileSync(join(dir, 'calibration', 'pricing_review', 'strong.md'), strong)
  return dir
}
const shown = (dir: string) => (p: string) => p.slice(dir.length - 'fixtures'.length)

describe('unmetByStrongReference', () => {
  test("a checklist item the strong reference does not meet is a problem naming its patterns: they would miss every agent's answer too", () => {
    const dir = fixtures(STRONG)
    const checklist = [item('timeline', ['weekends?']), item('budget', ['zzqx never here'], true), item('owner', ['project owner'])]
    expect(unmetByStrongReference(task(checklist), dir, 'x', shown(dir))).toEqual([
      `x: field checklist.1.patterns: must-pass item "budget" is not met by fixtures/calibration/pricing_review/strong.md, the task's excellent answer; expected a pattern that matches how it meets the item (or a reference that meets it)`,
      `x: field checklist.2.patterns: item "owner" is not met by fixtures/calibration/pricing_review/strong.md, the task's excellent answer; expected a pattern that matches how it meets the item (or a reference that meets it)`,
    ])
    expect(unmetByStrongReference(task([item('timeline', ['weekends?']), item('budget', ['EUR'], true)]), dir, 'x', shown(dir))).toEqual([])
  })

  test('nothing for a task without a strong reference to read (readiness.ts names that) or of another kind', () => {
    expect(unmetByStrongReference(task([item('owner', ['project owner'])]), fixtures(null), 'x', (p) => p)).toEqual([])
    expect(unmetByStrongReference({ ...task([item('owner', ['project owner'])]), deliverable: 'code_review' }, fixtures(STRONG), 'x', (p) => p)).toEqual([])
  })
})
