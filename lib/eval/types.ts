/** A must-catch item: a planted defect, a high-risk clause, a P0 ticket, a root cause. Each is its own assertion. */
export interface MustCatch {
  id: string
  description: string
  caught: boolean
}

/** What a ground-truth scorer returns. `score` is the 0-100 ground-truth component of the headline. */
export interface GroundTruthScore {
  score: number
  /** Named metrics in [0, 1] (recall, precision, F1, accuracies); null when undefined (e.g. precision of no findings). */
  metrics: Record<string, number | null>
  /** Counts behind the metrics, e.g. recall per severity. */
  counts: Record<string, { hit: number; total: number }>
  mustCatch: MustCatch[]
  /**
   * What the scorer could not read, e.g. a deliverable none of whose ids is in the task: the score
   * stands (it is the deliverable's fault), and the case's record carries the reason among its warnings.
   */
  warnings?: string[]
  /** Outcome counts of the task's kind (lib/tasks/kinds/outcomes.ts), by outcome id; added by scoreGroundTruth. */
  outcomes?: Record<string, { count: number; of: number }>
}

export const ratio = (hit: number, total: number): number | null => (total === 0 ? null : hit / total)
export const f1 = (precision: number | null, recall: number | null): number | null =>
  precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4
export const round4OrNull = (x: number | null): number | null => (x === null ? null : round4(x))
