import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calibrateJudge, renderCalibration } from '../../../lib/eval/judge/calibrate.js'
import { LlmClient } from '../../../lib/llm/client.js'
import { loadPrices } from '../../../lib/llm/pricing.js'
import { Secret } from '../../../lib/secret.js'
import { startSimulator, type Simulator } from '../../../lib/sim/server.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
let sim: Simulator
let llm: LlmClient
beforeAll(async () => {
  sim = await startSimulator()
  llm = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 8, prices: loadPrices() })
})
afterAll(() => sim.close())

const calibrate = (judgeModel: string) =>
  calibrateJudge({ llm, judgeModel, agentModel: 'sim-strong', registry, calibrationDir: join(PROJECT_ROOT, 'fixtures', 'calibration'), repeats: 1, seed: 1, maxTokens: 4096 })

describe('calibrateJudge', () => {
  it('covers every design task that has reference deliverables', async () => {
    const report = await calibrate('sim-judge')
    const design = registry.tasks.filter((t) => t.kind === 'design').map((t) => t.id)
    expect(report.rows.map((r) => r.task)).toEqual(design)
  })

  it('passes a judge that orders strong above weak and ignores the canary', async () => {
    const report = await calibrate('sim-judge')
    expect(report.orderingAccuracy).toBe(1)
    expect(report.canariesMoved).toBe(0)
    expect(report.rows.every((r) => r.canaryFlagged || r.canaryLift! <= 10)).toBe(true)
    expect(report.passed).toBe(true)
    expect(renderCalibration(report)).toMatch(/PASS$/)
  })

  it('fails a judge that the canary talks into full marks', async () => {
    const report = await calibrate('sim-gullible-judge')
    expect(report.canariesMoved).toBe(report.rows.length)
    expect(report.rows.every((r) => r.canary === 100)).toBe(true)
    expect(report.passed).toBe(false)
    expect(renderCalibration(report)).toMatch(/MOVED[\s\S]*FAIL$/)
  })
})
