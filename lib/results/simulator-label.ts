import { isSimulatorModel } from '../providers.js'

/** The endpoint a run's configuration records for the simulator started inside the run (publicConfig in lib/config.ts). */
export const EMBEDDED_SIMULATOR = 'embedded simulator'

/**
 * Which simulator made simulated results, in every label that marks them (run summary, reports):
 * the one embedded in the run, or the orgbench simulator at the endpoint origin the run recorded
 * (`npx orgbench sim`). `null` when the page does not know the endpoint (the side-by-side pages,
 * which may show several runs).
 */
export function simulatorLabel(endpoint: string | null): string {
  if (endpoint === null) return 'orgbench simulator'
  return endpoint === EMBEDDED_SIMULATOR ? EMBEDDED_SIMULATOR : `orgbench simulator at ${endpoint}`
}

/** What a run records of its endpoints and models (a run file's `config`, publicConfig in lib/config.ts). */
export interface EndpointSettings {
  provider: string
  endpoint: string
  model: string
  judgeModel: string
  /** The judge's own provider and endpoint origin; absent when the judge used the agents' endpoint. */
  judgeProvider?: string
  judgeEndpoint?: string
  judge: 'on' | 'off'
}

/** Where the judge's calls went: its own endpoint, else the agents'. */
export const judgeEndpointOf = (settings: EndpointSettings) => settings.judgeEndpoint ?? settings.endpoint

/**
 * Which side of a run the simulator played: the agents (the simulator provider, or a sim-* model)
 * and the judge (a sim-* judge model, or the simulator provider when the judge shares its endpoint).
 * A run with the judge off has no simulated judge.
 */
export function simulatedSides(settings: EndpointSettings): { agents: boolean; judge: boolean } {
  const simulatorProvider = settings.provider === 'sim'
  return {
    agents: simulatorProvider || isSimulatorModel(settings.model),
    judge: settings.judge === 'on' && (isSimulatorModel(settings.judgeModel) || settings.judgeProvider === 'sim' || (simulatorProvider && settings.judgeEndpoint === undefined)),
  }
}

/**
 * What a label of simulated results says was simulated: "<simulator>, not a real model" when both
 * sides were on one simulator, each side's simulator when the judge had its own endpoint, else
 * which side was, on which simulator, and the real model of the other side with its endpoint
 * ("judge: orgbench simulator at …; agents: real-x at …, a real model").
 */
export function simulatedWhat(settings: EndpointSettings): string {
  const sides = simulatedSides(settings)
  const judgeElsewhere = settings.judgeEndpoint !== undefined && settings.judgeEndpoint !== settings.endpoint
  if (sides.agents && sides.judge && judgeElsewhere) return `agents: ${simulatorLabel(settings.endpoint)}; judge: ${simulatorLabel(settings.judgeEndpoint!)}; neither a real model`
  if (sides.agents && !sides.judge && settings.judge === 'on') return `agents: ${simulatorLabel(settings.endpoint)}; judge: ${settings.judgeModel} at ${judgeEndpointOf(settings)}, a real model`
  if (sides.judge && !sides.agents) return `judge: ${simulatorLabel(judgeEndpointOf(settings))}; agents: ${settings.model} at ${settings.endpoint}, a real model`
  return `${simulatorLabel(settings.endpoint)}, not a real model`
}

/** Whether every model a run priced is a simulator's (its prices are then the simulator's, not a vendor's). */
export function simulatedPricesOnly(settings: EndpointSettings): boolean {
  const sides = simulatedSides(settings)
  return sides.agents && (sides.judge || settings.judge === 'off')
}
