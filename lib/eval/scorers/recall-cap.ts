/**
 * The weighted recall below which a deliverable has not done the list its other parts hang on
 * (exceptions of a reconciliation, risks of a contract review that also prices them).
 */
export const RECALL_FLOOR = 0.5

/**
 * A score (0–1) capped at weightedRecall / RECALL_FLOOR: below the floor, figures, balances or
 * schedules that are right cannot make a deliverable that missed most of what it was asked to
 * find look acceptable (0 when it finds nothing, one half when it finds a quarter). Null recall
 * (nothing to find) caps nothing.
 */
export const cappedByRecall = (score: number, weightedRecall: number | null) => Math.min(score, Math.min(1, (weightedRecall ?? 1) / RECALL_FLOOR))
