import { z } from 'zod'

/*
 * The provenance check's answer schema, apart from the check itself so that the simulator can
 * answer it without loading the LLM client (and the openai SDK) into the process that serves it.
 */

export const PROVENANCE_SCHEMA_NAME = 'judge_provenance'
export const ProvenanceAnswer = z.object({
  reason: z.string().min(1),
  organisation: z.enum(['A', 'B']).describe('the candidate written by the organisation of several agents'),
})
export type ProvenanceAnswer = z.infer<typeof ProvenanceAnswer>
