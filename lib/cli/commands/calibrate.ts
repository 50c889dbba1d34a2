import { join } from 'node:path'
import { loadConfig } from '../../config.js'
import { calibrateJudge, renderCalibration } from '../../eval/judge/calibrate.js'
import { sharedClient } from '../../llm/clients.js'
import { currentRunId } from '../../run/run-id.js'
import { withEndpoint } from '../../run/endpoint.js'
import { loadRegistry, PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** `orgbench calibrate`: the configured judge on each design task's strong, weak and canary reference deliverables. */
export const calibrateCommand: CommandModule = (parent, ctx) => {
  parent
    .command('calibrate')
    .description("check the configured judge: does it order each design task's strong > weak reference deliverables, and does an injected canary move it?")
    .action(async () => {
      const config = loadConfig()
      const registry = await loadRegistry()
      const report = await withEndpoint(config, (baseURL) =>
        calibrateJudge({
          llm: sharedClient(config, { baseURL, gateway: null, runId: currentRunId(config.simulated), resumable: false }),
          judgeModel: config.judgeModel,
          agentModel: config.model,
          registry,
          calibrationDir: join(PROJECT_ROOT, 'fixtures', 'calibration'),
          repeats: config.judgeRepeats,
          seed: config.seed,
          maxTokens: config.maxOutputTokens,
        }),
      )
      if (config.simulated) ctx.io.out('SIMULATED judge (embedded simulator): these numbers test the machinery and say nothing about a real model.\n')
      ctx.io.out(renderCalibration(report))
      ctx.exitCode = report.passed ? 0 : 1
    })
}
