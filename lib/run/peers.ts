import type { TestRecord } from '../results/record.js'

/**
 * Results of the other tests of the same task in this run. A topology or the judge may wait for
 * them (star's spend sets self_refine's budget; single's deliverable is the pairwise baseline).
 */
export interface PeerResults {
  /** Whether a topology runs in this run; only then may one wait for it. */
  scheduled(topology: string): boolean
  /** The record of another topology's trial of this task; null when that test failed to produce one. */
  record(topology: string, trial: number): Promise<TestRecord | null>
}
