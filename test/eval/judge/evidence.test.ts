import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type JudgeMessage, judgeCalls, judgeMessages, promptSha256 } from '../../../lib/eval/judge/evidence.js'
import { JUDGE_SYSTEM, judgeHead } from '../../../lib/eval/judge/prompt.js'
import { checklistPrompt } from '../../../lib/eval/checklist-judge/prompt.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { messageParts } from '../../../lib/llm/parts-message.js'
import { contentReads } from '../../support/content-reads.js'
import { hashedWhile } from '../../support/hashing.js'

const registry = await loadRegistry()
const task = registry.get('contract_review_execution')

/** The definition the records state: SHA-256 of the messages as JSON {role, content}, in order. */
const definition = (messages: JudgeMessage[]) => createHash('sha256').update(JSON.stringify(messages.map((m) => ({ role: m.role, content: m.content })))).digest('hex')

describe('promptSha256', () => {
  const calls = judgeCalls({ task, deliverable: { kind: 'markdown', text: 'Clause 14.3 caps liability — "far" below fees.\n' }, proposedRoles: [], baseline: { kind: 'markdown', text: 'All fine.\n' }, seed: 3, repeats: 2 })
  const checklist: JudgeMessage[] = [
    { role: 'system', content: JUDGE_SYSTEM },
    { role: 'user', content: checklistPrompt(task, 'a candidate', 'n0nce') },
  ]

  it('is the digest of the messages as JSON for every kind of judge prompt', () => {
    expect(calls.map((c) => c.kind)).toEqual(['rubric', 'rubric', 'pairwise', 'pairwise'])
    for (const messages of [...calls.map((c) => c.messages), checklist]) expect(promptSha256(messages)).toBe(definition(messages))
  })

  it('comes with every planned judge call, hashed on from the opening kept per task: the digest of its messages', () => {
    for (const c of calls) expect(c.promptSha256).toBe(definition(c.messages))
  })

  it('of judgeMessages is the digest of the messages it builds: the judge system message, then the head and the tail', async () => {
    // Copies: the hash states are kept per task object, and another file in this worker may have used the registry's.
    const other = { ...registry.get('support_triage_execution') }
    const contract = { ...task }
    let openingsHashed = 0
    for (const t of [other, contract, other, contract])
      for (const candidates of ['one', 'both'] as const)
        for (const tail of ['', 'a tail with "quotes", a pair 😀, a lone \udc00 and a backslash \\\n', checklist[1]!.content.slice(judgeHead(task, 'one').length)]) {
          const { result: built, updates } = hashedWhile(() => judgeMessages(t, candidates, tail))
          openingsHashed += updates.filter((u) => u.startsWith('[{"role":"system"')).length
          expect(built.messages).toEqual([
            { role: 'system', content: JUDGE_SYSTEM },
            { role: 'user', content: judgeHead(t, candidates) + tail },
          ])
          expect(built.promptSha256).toBe(definition(built.messages))
        }
    // Each task's two openings were hashed once, however many calls used them.
    expect(openingsHashed).toBe(4)
  })

  it('judgeMessages keeps head and tail apart in the user message: the client sends it without joining them', () => {
    const tail = '# Rubric\nthe tail'
    const counter = contentReads()
    const built = judgeMessages(task, 'both', tail)
    counter.watch(built.messages)
    expect(counter.watched).toBe(1)
    expect(messageParts(built.messages[1])).toEqual({ opening: judgeHead(task, 'both'), rest: tail })
    expect(messageParts(built.messages[1])!.opening).toBe(judgeHead(task, 'both'))
    expect(counter.reads).toBe(0)
    expect(Object.keys(built.messages[1]!)).toEqual(['role', 'content'])
  })
})
