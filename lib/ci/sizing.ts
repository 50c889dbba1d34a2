import { DEFAULT_MAX_CONCURRENCY } from '../config.js'

/*
 * How many shards a weekly run needs so that each shard job ends well inside GitHub's 6-hour job
 * limit. The workflow's default `shards` input and the README quote `shardArithmetic().lines`
 * verbatim (a test keeps them in step).
 */

/** The planning numbers, each with where it comes from. */
export interface SizingFacts {
  /** Model calls (agents and judge) of one model's weekly run: every track and the hard tier, 3 trials, measured on the simulator. */
  calls: number
  /** Benchmark files of that run (Vitest shards by file). */
  files: number
  /** Mean tokens per call (prompt + completion) in that run. */
  tokensPerCall: number
  /** Assumed wall time of one real call, queueing included (an 8,192-token output cap, prompts of ~28k tokens). */
  latencySeconds: number
  /** Calls in flight per shard: ORGBENCH_MAX_CONCURRENCY's default, which the workflow leaves as it is unless its variable is set. */
  inFlight: number
  /** Hours a shard may take: well inside the 6-hour job limit, leaving room for uneven files and retries. */
  targetHours: number
}

/**
 * Measured with `ORGBENCH_COMPUTE_MATCHED=on npx vitest run --project enterprise --project finance --project general --project hard`
 * (simulator, 3 trials; the weekly run sets ORGBENCH_COMPUTE_MATCHED=on, which about doubles the calls: 4770 with it off).
 */
export const WEEKLY_RUN: SizingFacts = { calls: 9114, files: 18, tokensPerCall: 32_173, latencySeconds: 30, inFlight: DEFAULT_MAX_CONCURRENCY, targetHours: 2.5 }

export interface Sizing {
  /** Hours the run takes on one machine. */
  serialHours: number
  shards: number
  hoursPerShard: number
  /** Requests and tokens per minute one model's shards send together. */
  rpm: number
  tpm: number
  /** The arithmetic as comment lines. */
  lines: string[]
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits))

/** The default number of shards and what it implies for time and rate limits. */
export function shardArithmetic(f: SizingFacts = WEEKLY_RUN): Sizing {
  const serialHours = (f.calls * f.latencySeconds) / f.inFlight / 3600
  const shards = Math.ceil(serialHours / f.targetHours)
  const hoursPerShard = serialHours / shards
  const rpm = (shards * f.inFlight * 60) / f.latencySeconds
  const tpm = rpm * f.tokensPerCall
  const lines = [
    `${f.calls} calls per model (${f.files} files, 3 trials) x ${f.latencySeconds} s per call / ${f.inFlight} in flight = ${round(serialHours)} h on one runner;`,
    `${shards} shards (${round(serialHours)} h / ${f.targetHours} h target, rounded up) take about ${round(hoursPerShard)} h each, well inside the 6 h job limit;`,
    `together they send about ${round(rpm, 0)} requests and ${round(tpm / 1000, 0)}k tokens per minute per model (ORGBENCH_RPM / ORGBENCH_TPM cap a model's shards together).`,
  ]
  return { serialHours, shards, hoursPerShard, rpm, tpm, lines }
}
