import type { Scenario } from '../support.js'
import { budget } from './budget.js'
import { canary } from './canary.js'
import { crash } from './crash.js'
import { faults } from './faults.js'
import { plan } from './plan.js'
import { replay } from './replay.js'
import { rpm } from './rpm.js'

/**
 * Every reliability scenario, in the order the table lists them. A new scenario is one module in
 * this folder exporting a Scenario, added here.
 */
export const SCENARIOS: readonly Scenario[] = [replay, crash, budget, rpm, faults, canary, plan]
