import { join } from 'node:path'
import { afterAll, beforeAll, onTestFinished } from 'vitest'
import { useCalibrationFixtures } from '../../lib/sim/calibration.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

/** Where the simulator reads calibrations from unless a test says otherwise (lib/sim/calibration.ts). */
const PROJECT_CALIBRATIONS = join(PROJECT_ROOT, 'fixtures')

/**
 * For the tests of the file (or of the describe block) that calls it: the simulator follows the
 * calibrations under `dir`, or none (null: every item keeps its difficulty's typical chances), and
 * the project's again once they are done. Set in hooks, not when the file is collected: a file
 * sharing its worker must not change what the files collected beside it see.
 */
export function calibrationsFor(dir: string | null): void {
  beforeAll(() => useCalibrationFixtures(dir))
  afterAll(() => useCalibrationFixtures(PROJECT_CALIBRATIONS))
}

/** For the running test only: the simulator follows the calibrations under `dir`, and the project's again when the test ends. */
export function calibrationsForThisTest(dir: string | null): void {
  useCalibrationFixtures(dir)
  onTestFinished(() => useCalibrationFixtures(PROJECT_CALIBRATIONS))
}
