import { join } from 'node:path'
import { type Config, loadConfig, publicConfig } from '../../config.js'
import { UserError } from '../../errors.js'
import { calibrateJudge, renderCalibration } from '../../eval/judge/calibrate.js'
import { checkProvenance, provenanceCandidates, provenancePairs } from '../../eval/judge/provenance.js'
import { judgeClient } from '../../llm/clients.js'
import { judgeAuditLines, renderProvenanceCheck } from '../../results/judge-audit.js'
import { readPointer, resultsFileArgument } from '../../results/pointer.js'
import { openRun } from '../../results/read.js'
import { judgeEndpointOf, simulatedSides, simulatorLabel } from '../../results/simulator-label.js'
import { SCHEMA_VERSION } from '../../results/schema.js'
import { rewriteRunFile } from '../../results/write.js'
import { currentRunId } from '../../run/run-id.js'
import { withEndpoint } from '../../run/endpoint.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import { type CommandModule, intOption } from '../program.js'

/**
 * The note above a calibration whose judge is the simulator's, naming the endpoint the judge's calls
 * went to; null for a real judge, whatever the agents' endpoint (calibrate calls the judge alone,
 * also under ORGBENCH_JUDGE=off).
 */
export function simulatedJudgeNote(config: Config): string | null {
  const settings = { ...publicConfig(config), judge: 'on' as const }
  if (!simulatedSides(settings).judge) return null
  return `SIMULATED judge (${simulatorLabel(judgeEndpointOf(settings))}): these numbers test the machinery and say nothing about a real model or about the topologies.\n`
}

/**
 * `orgbench calibrate`: the configured judge on each design task's strong, weak, canary and padded
 * reference deliverables; with --provenance, the blindness check on a results file instead.
 */
export const calibrateCommand: CommandModule = (parent, ctx) => {
  parent
    .command('calibrate')
    .description(
      "check the configured judge: does it order each design task's strong > weak reference deliverables, does an injected canary move it, does padding to twice the length lift it? With --provenance: can it tell an organisation's deliverable from a single agent's?",
    )
    .option('--provenance [file]', 'run the blindness check on a results file instead (default: the run ORGBENCH_RESULTS_DIR/LATEST points at) and add its result to the file; costs two judge calls per pair')
    .option('--wide', 'print tables in full instead of fitting them to 120 columns')
    .option('--pairs <n>', 'with --provenance: ask about at most n pairs (a seeded sample), to cap the cost', intOption(1, 1_000_000))
    .action(async (values: { provenance?: string | true; pairs?: number; wide?: boolean }) => {
      const config = loadConfig()
      if (values.pairs !== undefined && values.provenance === undefined) throw new UserError('--pairs: only meaningful with --provenance')
      if (values.provenance !== undefined) {
        const file = values.provenance === true ? readPointer(config.resultsDir).path : resultsFileArgument(values.provenance, config.resultsDir)
        const handle = openRun(file)
        // The check is added to the run file as it is written now: an older file's records would no longer match their run file's version.
        if (handle.version !== SCHEMA_VERSION) {
          throw new UserError(`${file}: a version-${handle.version} results file; re-score it first (orgbench rescore ${file}) to get a version-${SCHEMA_VERSION} run the check can be added to`)
        }
        const registry = await loadRegistry()
        const pairs = provenancePairs(await provenanceCandidates(handle.records(), registry), registry, { limit: values.pairs ?? null, seed: config.seed })
        const run = handle.run
        if (pairs.length === 0) {
          throw new UserError(`${file}: no task and trial with both a single-agent (single or self_refine) and an organisation deliverable; the provenance check needs both`)
        }
        ctx.io.out(`provenance check on ${file}: ${pairs.length} balanced pairs, ${2 * pairs.length} calls to the judge ${config.judgeModel}`)
        const check = await withEndpoint(config, (baseURL) =>
          checkProvenance({ llm: judgeClient(config, { baseURL, gateway: null, runId: currentRunId(config.simulated), resumable: false }), judgeModel: config.judgeModel, pairs, seed: config.seed, maxTokens: config.maxOutputTokens, createdAt: new Date().toISOString() }),
        )
        const note = simulatedJudgeNote(config)
        if (note !== null) ctx.io.out(note)
        for (const line of [...renderProvenanceCheck(check), ...judgeAuditLines(run.cases, undefined)]) ctx.io.out(line)
        // A check without a single answer measured nothing: it is an error, never a blind judge, and it does not replace what the file holds.
        if (check.answers === 0) {
          ctx.io.out(`nothing was added to ${file}`)
          ctx.io.out('ERROR')
          ctx.exitCode = 2
          return
        }
        rewriteRunFile(file, { ...run, provenance: check })
        ctx.io.out(`added to ${file} as "provenance"; the report shows it`)
        ctx.io.out(check.ci === null ? 'INCONCLUSIVE (too few answered pairs for an interval)' : check.aboveChance ? 'WARN' : 'PASS')
        return
      }
      const registry = await loadRegistry()
      const report = await withEndpoint(config, (baseURL) =>
        calibrateJudge({
          llm: judgeClient(config, { baseURL, gateway: null, runId: currentRunId(config.simulated), resumable: false }),
          judgeModel: config.judgeModel,
          agentModel: config.model,
          registry,
          calibrationDir: join(PROJECT_ROOT, 'fixtures', 'calibration'),
          repeats: config.judgeRepeats,
          seed: config.seed,
          maxTokens: config.maxOutputTokens,
        }),
      )
      const note = simulatedJudgeNote(config)
      if (note !== null) ctx.io.out(note)
      ctx.io.out(renderCalibration(report, { wide: values.wide }))
      ctx.io.out('blindness: `orgbench calibrate --provenance [results file]` checks whether this judge can tell an organisation from a single agent')
      // A calibration whose judgements failed checked nothing: it is an error, not a judge that failed the check.
      ctx.exitCode = report.verdict === 'ERROR' ? 2 : report.verdict === 'FAIL' ? 1 : 0
    })
}
