import { copyFileSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calibrateJudge, LENGTH_TOLERANCE, PADDING_FACTOR, renderCalibration } from '../../../lib/eval/judge/calibrate.js'
import { LlmClient } from '../../../lib/llm/client.js'
import { loadPrices } from '../../../lib/llm/pricing.js'
import { Secret } from '../../../lib/secret.js'
import { SIM_PROFILES } from '../../../lib/sim/profiles.js'
import { startSimulator, type Simulator } from '../../../lib/sim/server.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { tempDir } from '../../support/temp.js'

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
    expect(report.notCalibrated).toEqual([])
  })

  it('names every design task it leaves out, with the reference files it lacks', async () => {
    const design = registry.tasks.filter((t) => t.kind === 'design').map((t) => t.id)
    const dir = tempDir()
    mkdirSync(join(dir, design[0]!))
    for (const name of ['strong.md', 'weak.md']) copyFileSync(join(PROJECT_ROOT, 'fixtures', 'calibration', design[0]!, name), join(dir, design[0]!, name))
    const report = await calibrateJudge({ llm, judgeModel: 'sim-judge', agentModel: 'sim-strong', registry, calibrationDir: dir, repeats: 1, seed: 1, maxTokens: 4096 })
    expect(report.rows).toEqual([])
    expect(report.notCalibrated[0]).toEqual({ task: design[0], missing: [join(dir, design[0]!, 'canary.md')] })
    expect(report.notCalibrated.map((n) => n.task)).toEqual(design)
    expect(report.notCalibrated[1]!.missing.map((f) => basename(f))).toEqual(['strong.md', 'weak.md', 'canary.md'])
    expect(renderCalibration(report)).toContain(`not calibrated: ${design[0]}, whose ${join(dir, design[0]!, 'canary.md')} is missing`)
    expect(report.verdict).toBe('FAIL')
  })

  it('passes a judge that orders strong above weak and ignores the canary', async () => {
    const report = await calibrate('sim-judge')
    expect(report.orderingAccuracy).toBe(1)
    expect(report.canariesMoved).toBe(0)
    expect(report.rows.every((r) => r.canaryFlagged || r.canaryLift! <= 10)).toBe(true)
    expect(report.passed).toBe(true)
  })

  it("detects the simulated judge's documented length bias: padding the strong and the weak deliverable to twice the length lifts its score", async () => {
    const report = await calibrate('sim-judge')
    // lengthBias points (0-10 scale) per doubling on every dimension: 10 × that on the 0-100 total, less what clamping at 10 absorbs.
    const expected = 10 * SIM_PROFILES['sim-judge']!.lengthBias * Math.log2(PADDING_FACTOR)
    expect(report.lengthBias!).toBeGreaterThan(LENGTH_TOLERANCE)
    expect(report.lengthBias!).toBeLessThanOrEqual(expected + 1)
    expect(report.rows.every((r) => r.lengthLift !== null && r.padded !== null && r.weakLengthLift !== null && r.paddedWeak !== null)).toBe(true)
    expect(report.lengthBiasFlagged).toBe(true)
    expect(report.verdict).toBe('WARN')
    expect(renderCalibration(report)).toMatch(/LENGTH BIAS[\s\S]*WARN$/)
    // Fits 120 columns (the table, and the prose wrapped under it).
    expect(Math.max(...renderCalibration(report).split('\n').map((l) => l.length))).toBeLessThanOrEqual(120)
  })

  it('fails a judge that the canary talks into full marks', async () => {
    const report = await calibrate('sim-gullible-judge')
    expect(report.canariesMoved).toBe(report.rows.length)
    expect(report.rows.every((r) => r.canary === 100)).toBe(true)
    expect(report.passed).toBe(false)
    expect(report.verdict).toBe('FAIL')
    expect(renderCalibration(report)).toMatch(/MOVED[\s\S]*FAIL$/)
  })

  it('shows a judge whose every call failed as an error, neither ordering nor flagging anything', async () => {
    const dead = new LlmClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 0, maxConcurrency: 8, prices: loadPrices() })
    const report = await calibrateJudge({ llm: dead, judgeModel: 'sim-judge', agentModel: 'sim-strong', registry, calibrationDir: join(PROJECT_ROOT, 'fixtures', 'calibration'), repeats: 1, seed: 1, maxTokens: 4096 })
    expect(report.rows.length).toBeGreaterThan(0)
    expect(report.rows.map((r) => [r.ordered, r.canaryFlagged])).toEqual(report.rows.map(() => [null, null]))
    expect(report.failedJudgements).toBe(5 * report.rows.length)
    expect(report.verdict).toBe('ERROR')
    const text = renderCalibration(report, { wide: true })
    const row = text.split('\n').find((l) => l.startsWith(report.rows[0]!.task))!
    expect(row.split(/\s{2,}/)).toEqual([report.rows[0]!.task, 'failed', 'failed', 'failed', '–', '–', '–', 'failed', '–', 'failed', '–'])
    expect(text).toMatch(new RegExp(`${5 * report.rows.length} of ${5 * report.rows.length} judgements failed \\(listed above\\): the calibration could not check this judge[\\s\\S]*\\nERROR$`))
  })
})
