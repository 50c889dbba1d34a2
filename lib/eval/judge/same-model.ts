/**
 * The warning printed and recorded when the judge is the agents' own model. A module of its own:
 * the run's global setup prints it in Vitest's main process, which does not load the openai SDK
 * (loading it there failed on Node 20: lib/run/stack-guard.ts; test/run/global-setup.test.ts).
 */
export function sameModelWarning(model: string): string {
  return `the judge model equals the agent model (${model}): self-preference is possible; set ORGBENCH_JUDGE_MODEL to a model from another family`
}
