import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { benchWorkers } from '../../lib/run/bench-workers.js'

const root = mkdtempSync(join(tmpdir(), 'orgbench-workers-'))
const withDotEnv = mkdtempSync(join(tmpdir(), 'orgbench-workers-env-'))
writeFileSync(join(withDotEnv, '.env'), 'ORGBENCH_BASE_URL=http://localhost:8000/v1\n')
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(withDotEnv, { recursive: true, force: true })
})

describe('benchmark workers', () => {
  test('against the embedded simulator answering at once: one per two cores, from one to four', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => benchWorkers(root, cores, {}))).toEqual([1, 1, 1, 2, 4, 4])
  })

  test('when the calls wait on the network (an endpoint, a preset, the simulator with a latency): at least two', () => {
    for (const env of [{ ORGBENCH_BASE_URL: 'http://127.0.0.1:9/v1' }, { ORGBENCH_PROVIDER: 'openai' }, { ORGBENCH_SIM_LATENCY_MS: '200,20' }, { ORGBENCH_SIM_LATENCY_MS: '0,400' }]) {
      expect([1, 2, 4, 8, 16].map((cores) => benchWorkers(root, cores, env)), JSON.stringify(env)).toEqual([2, 2, 2, 4, 4])
    }
    expect(benchWorkers(root, 2, { ORGBENCH_PROVIDER: 'sim', ORGBENCH_SIM_LATENCY_MS: '0,0' })).toBe(1)
    expect(benchWorkers(root, 2, { ORGBENCH_PROVIDER: 'sim', ORGBENCH_SIM_LATENCY_MS: '0' })).toBe(1)
  })

  test('an endpoint set in .env counts as one set in the environment', () => {
    expect(benchWorkers(withDotEnv, 2, {})).toBe(2)
  })

  test('ORGBENCH_WORKERS decides when it is a whole number from 1 to 16; otherwise the default stands (the configuration check names the bad value)', () => {
    expect(benchWorkers(root, 2, { ORGBENCH_WORKERS: '3' })).toBe(3)
    expect(benchWorkers(root, 2, { ORGBENCH_WORKERS: '1', ORGBENCH_BASE_URL: 'http://127.0.0.1:9/v1' })).toBe(1)
    for (const bad of ['0', '17', '1.5', 'two']) expect(benchWorkers(root, 2, { ORGBENCH_WORKERS: bad })).toBe(1)
  })
})
