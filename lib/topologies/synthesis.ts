import { type AgentReply, produceDeliverable } from './agent.js'
import { structuralIdentity } from './prompts.js'
import type { Deliverable, RunContext } from './types.js'

export interface SynthesisInput {
  /** Prompt sections holding the work to merge, quoted in full (see handoffBlock). */
  context: string[]
  /** Calls whose output the synthesis consumes. */
  dependsOn: string[]
  /** What the work is, for the assignment ("the specialists' work", "the drafts and critiques"). */
  what: string
}

/** The synthesizer merges earlier work, seen in full, into the one deliverable (star, peer_review, self_decompose). */
export function synthesize(ctx: RunContext, input: SynthesisInput): Promise<AgentReply<Deliverable>> {
  return produceDeliverable(ctx, {
    who: structuralIdentity('synthesizer', 'synthesizer', 'You merge your colleagues\' work into one deliverable.', ctx.lessons('synthesizer')),
    phase: 'synthesis',
    context: input.context,
    assignment: `Merge ${input.what} into the single complete deliverable. Keep every concrete value and every well-founded finding; remove duplicates; drop claims the task inputs contradict; where colleagues disagree, decide on the evidence.`,
    dependsOn: input.dependsOn,
  })
}
