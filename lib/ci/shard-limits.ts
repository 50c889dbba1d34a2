import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MIN_RPM, MIN_TPM, parseSetting } from '../config.js'
import { UserError } from '../errors.js'
import { type CapSpend, round8 } from '../results/cost.js'
import { journalCapSpend } from '../results/journal.js'

/*
 * The run gateway's limits for one shard job of the weekly workflow. The repository variables
 * ORGBENCH_MAX_USD, ORGBENCH_RPM and ORGBENCH_TPM bound one model's whole weekly run, but every
 * shard job starts a run coordinator of its own, so each shard gets its part:
 * - the dollar cap: an equal share per shard (the shares add up to the cap). A re-run restores the
 *   shard's journal and resumes its run, whose coordinator counts what the earlier attempts spent
 *   against the cap (lib/run/resume.ts spentBefore), so the share is not reduced here as well;
 * - RPM and TPM: the rate divided by the number of the model's shards that can run at once (the
 *   shard count, at most ORGBENCH_MAX_PARALLEL), so the shards running together never pass it.
 * The learning job runs the first model beside its shards, against the same account: it takes a
 * share as one more shard, and as it is not a matrix job, ORGBENCH_MAX_PARALLEL never holds it back.
 * ORGBENCH_MAX_CONCURRENCY and ORGBENCH_CACHE are per shard and pass through as they are.
 */

/** The variables as the workflow has them ("" when unset). */
export interface LimitVariables {
  maxUsd: string
  rpm: string
  tpm: string
}

export interface ShardLimitsInput {
  variables: LimitVariables
  /** The model's learning job runs beside its shards and takes a share as one more (see the module comment). */
  learning?: boolean
  /** Shards of this model. */
  shards: number
  /** ORGBENCH_MAX_PARALLEL: shard jobs of the whole matrix at once. */
  maxParallel: number
  /** What this shard's earlier attempts spent against the cap (journalSpent), for the log: the resumed run counts it itself. */
  spent: CapSpend
}

export interface ShardLimits {
  /** The variables to set for the shard's run; a limit whose variable is unset is absent. */
  env: Record<string, string>
  /** What was shared and how, for the log. */
  lines: string[]
}

/** Dollars as the configuration reads them, rounded down to a millionth so that shares never add up to more than the cap. */
function dollarsText(usd: number): string {
  return (Math.floor(usd * 1e6) / 1e6).toFixed(6).replace(/\.?0+$/, '')
}

/** The limits of one shard (see the module comment). */
export function shardLimits(input: ShardLimitsInput): ShardLimits {
  const { shards, maxParallel, spent } = input
  if (!Number.isInteger(shards) || shards < 1) throw new UserError(`shards: expected a whole number from 1, got ${shards}`)
  if (!Number.isInteger(maxParallel) || maxParallel < 1) throw new UserError(`variable ORGBENCH_MAX_PARALLEL: expected a whole number from 1, got ${maxParallel}`)
  // Read as a run reads them, so a value the run would refuse is refused here, in the same words.
  const maxUsd = parseSetting('ORGBENCH_MAX_USD', input.variables.maxUsd)
  const rpm = parseSetting('ORGBENCH_RPM', input.variables.rpm)
  const tpm = parseSetting('ORGBENCH_TPM', input.variables.tpm)
  const atOnce = Math.min(shards, maxParallel)
  const env: Record<string, string> = {}
  const lines: string[] = []
  // The learning job takes one more share, and runs beside the shards that run at once.
  const learning = input.learning ? 1 : 0
  const running = atOnce + learning
  // How the log names what shares the limits: the shards, or the shards and the learning job.
  const parts = learning ? { who: "this job's", of: ` (${shards} shard(s) and the learning job)`, jobs: 'job(s)', each: 'job', together: "shards and its learning job" } : { who: "this shard's", of: '', jobs: 'shard(s)', each: 'shard', together: 'shards' }

  if (maxUsd !== null) {
    env.ORGBENCH_MAX_USD = dollarsText(maxUsd / (shards + learning))
    const worst = spent.atWorstCase > 0 ? ` (${spent.atWorstCase} call(s) without usage counted at their worst case)` : ''
    const earlier = spent.usd > 0 ? `; its earlier attempts spent $${spent.usd.toFixed(4)}${worst} (journal), which the resumed run counts against it` : ''
    lines.push(`ORGBENCH_MAX_USD=${input.variables.maxUsd} bounds the model's weekly run: ${parts.who} share is 1/${shards + learning}${parts.of}, $${env.ORGBENCH_MAX_USD}${earlier}`)
  }
  const perShard = (name: string, total: number, min: number): string => {
    const each = Math.floor(total / running)
    if (each < min) throw new UserError(`variable ${name}=${total} cannot be shared among ${running} ${parts.jobs} running at once (each needs at least ${min}): raise it, or lower ORGBENCH_MAX_PARALLEL or the shards`)
    lines.push(`${name}=${total} bounds the model's ${parts.together} together: ${each} per ${parts.each} (${running} can run at once: ${shards} shard(s), ORGBENCH_MAX_PARALLEL ${maxParallel}${learning ? ', and the learning job beside them' : ''})`)
    return String(each)
  }
  if (rpm !== null) env.ORGBENCH_RPM = perShard('ORGBENCH_RPM', rpm, MIN_RPM)
  if (tpm !== null) env.ORGBENCH_TPM = perShard('ORGBENCH_TPM', tpm, MIN_TPM)
  if (lines.length === 0) lines.push('no ORGBENCH_MAX_USD, ORGBENCH_RPM or ORGBENCH_TPM variable set: the shard runs without them')
  return { env, lines }
}

/**
 * What the journaled records under `journalRoot` (one folder per run) count against the dollar
 * cap, over every session: what the shard's resumed run starts from (lib/run/resume.ts spentBefore).
 */
export function journalSpent(journalRoot: string, warn: (message: string) => void = () => {}): CapSpend {
  const spent: CapSpend = { usd: 0, atWorstCase: 0 }
  if (!existsSync(journalRoot)) return spent
  for (const name of readdirSync(journalRoot).sort()) {
    const dir = join(journalRoot, name)
    if (!statSync(dir).isDirectory()) continue
    const run = journalCapSpend(dir, { warn })
    spent.usd = round8(spent.usd + run.usd)
    spent.atWorstCase += run.atWorstCase
  }
  return spent
}
