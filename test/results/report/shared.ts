import { makeRun, trials } from '../fixtures.js'

/** Two tracks, two cost centers, single and star: star beats single by +5.67 on e1 and +10 on f1. */
export const twoTrackRun = makeRun(
  [
    ...trials([70, 80, 90], { task: 'e1' }),
    ...trials([75, 90, 92], { task: 'e1', topology: 'star' }),
    ...trials([60, 62, 64], { task: 'f1', track: 'finance', costCenter: 'treasury' }),
    ...trials([70, 72, 74], { task: 'f1', track: 'finance', costCenter: 'treasury', topology: 'star' }),
  ],
  { runId: 'sim-report' },
)
