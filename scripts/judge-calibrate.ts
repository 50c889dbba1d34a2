// npm run judge:calibrate — runs the configured judge on each design task's strong, weak and
// canary reference deliverables and reports ordering accuracy and whether the canary moved it.
import { join } from 'node:path'
import { loadConfig } from '../lib/config.js'
import { withEndpoint } from '../lib/run/endpoint.js'
import { calibrateJudge, renderCalibration } from '../lib/eval/judge/calibrate.js'
import { sharedClient } from '../lib/llm/clients.js'
import { loadRegistry, PROJECT_ROOT } from '../lib/tasks/registry.js'

const config = loadConfig()
const registry = await loadRegistry()
const report = await withEndpoint(config, (baseURL) =>
  calibrateJudge({
    llm: sharedClient(config, baseURL),
    judgeModel: config.judgeModel,
    agentModel: config.model,
    registry,
    calibrationDir: join(PROJECT_ROOT, 'fixtures', 'calibration'),
    repeats: config.judgeRepeats,
    seed: config.seed,
    maxTokens: config.maxOutputTokens,
  }),
)
if (config.simulated) console.log('SIMULATED judge (embedded simulator): these numbers say nothing about a real model.\n')
console.log(renderCalibration(report))
process.exitCode = report.passed ? 0 : 1
