import type { SimulatedSides } from './schema.js'

/** What of a simulated run the simulator played, in words (both sides when not known). */
export function simulatedSidesText(sides: SimulatedSides = { agents: true, judge: true }): string {
  if (sides.agents && !sides.judge) return 'the deliverables are simulated, the judge is a real model'
  if (sides.judge && !sides.agents) return "the judge is simulated, the deliverables are a real model's"
  return 'the deliverables and the judge are simulated'
}
