import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { Ledger } from '../../lib/llm/ledger.js'
import { calibrationsFor } from '../support/calibrations.js'
import { runCase } from '../../lib/run/runner.js'
import { expectedCalls, expectedChain, ownCalls, ownChain } from '../../lib/run/schedule.js'
import { chainOfCase } from '../../lib/run/throughput.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { TOPOLOGIES } from '../../lib/topologies/index.js'
import { useSimulator } from '../topologies/harness.js'
import { callRecord } from '../support/calls.js'
import { tempDir } from '../support/temp.js'

const sim = useSimulator()
// The hint is an upper bound for hrm (its segments until it halts). On a calibrated, saturated task
// the simulated hrm halts after fewer segments, so the hint is checked on the simulator's own difficulties.
calibrationsFor(null)
const registry = await loadRegistry()

describe('the scheduling hint', () => {
  test.each(Object.keys(TOPOLOGIES))('%s: the estimate of its own calls is within a third of what a case makes (judge on)', async (topology) => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const task = registry.get('code_review_execution')
    const record = await runCase({ config, task, topology, trial: 1, baseURL: sim().url, peers: { scheduled: () => false, record: async () => null } })
    expect(record.status).toBe('ok')
    const estimate = ownCalls(topology, task, config, false)
    expect(Math.abs(estimate - record.calls.length) / record.calls.length).toBeLessThanOrEqual(1 / 3)
  })

  test.each(Object.keys(TOPOLOGIES))('%s: the estimate of its chain is at least the chain a case makes, and within twice it', async (topology) => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const task = registry.get('code_review_execution')
    const record = await runCase({ config, task, topology, trial: 1, baseURL: sim().url, peers: { scheduled: () => false, record: async () => null } })
    const chain = chainOfCase(record.calls)
    expect(ownChain(topology, task, config)).toBeGreaterThanOrEqual(chain)
    expect(ownChain(topology, task, config)).toBeLessThanOrEqual(2 * chain)
  })

  test('a chain that waits on a case counts for it: self_refine on star\'s record, every judgement on single\'s', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const task = registry.get('code_review_execution')
    const standard = (t: string) => !t.includes('@')
    expect(expectedChain('star', task, config, standard)).toBe(ownChain('star', task, config) + ownChain('self_refine', task, config))
    expect(expectedChain('star', task, config, (t) => t !== 'self_refine')).toBe(ownChain('star', task, config))
    expect(expectedChain('pipeline', task, config, standard)).toBe(ownChain('pipeline', task, config))
    expect(expectedChain('pipeline', task, config, () => true)).toBe(ownChain('pipeline', task, config) + ownChain('self_refine@pipeline', task, config))
    // single's record gates star's judgement, which gates self_refine: the longest path runs through single.
    expect(expectedChain('single', task, config, standard)).toBe(ownChain('single', task, config) + 1 + ownChain('self_refine', task, config))
    expect(expectedChain('single', task, config, (t) => t === 'single')).toBe(ownChain('single', task, config))
  })

  test('work that waits on a case counts for it: self_refine waits on star, every judged topology on single', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const task = registry.get('code_review_execution')
    const all = () => true
    expect(expectedCalls('star', task, config, all)).toBe(ownCalls('star', task, config) + ownCalls('self_refine', task, config))
    expect(expectedCalls('star', task, config, (t) => t !== 'self_refine')).toBe(ownCalls('star', task, config))
    expect(expectedCalls('single', task, config, all)).toBe(ownCalls('single', task, config) + ownCalls('hrm', task, config))
    expect(expectedCalls('single', task, { ...config, judge: 'off' }, all)).toBe(1)
  })

  test('self_refine@<peer> is estimated at its peer\'s calls, and the peer carries its work when it is scheduled', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const task = registry.get('code_review_execution')
    expect(ownCalls('self_refine@hrm', task, config)).toBe(ownCalls('hrm', task, config))
    expect(expectedCalls('hrm', task, config, (t) => t === 'self_refine@hrm')).toBe(2 * ownCalls('hrm', task, config, false))
    expect(expectedCalls('hrm', task, config, () => false)).toBe(ownCalls('hrm', task, config, false))
    expect(expectedCalls('single', task, config, (t) => t === 'single' || t === 'self_refine@hrm')).toBe(ownCalls('single', task, config) + ownCalls('hrm', task, config))
  })

  test('a test with a longer chain left goes first, whatever its calls; then the one with more calls left', () => {
    const chain = new Ledger()
    chain.expectedCalls = 8
    chain.expectedChain = 8
    const fanOut = new Ledger()
    fanOut.expectedCalls = 30
    fanOut.expectedChain = 3
    expect(chain.priority()).toBeLessThan(fanOut.priority())
    // Halfway through its calls, half its chain is left: 4 calls deep still beats 3.
    for (let i = 1; i <= 4; i++) chain.record(callRecord({ id: `c00${i}` }))
    expect(chain.priority()).toBeLessThan(fanOut.priority())
    const noChain = new Ledger()
    noChain.expectedCalls = 30
    expect(fanOut.priority()).toBeLessThan(noChain.priority())
  })

  test('a test with more calls left goes first; then the oldest', () => {
    const long = new Ledger()
    long.expectedCalls = 40
    const short = new Ledger()
    short.expectedCalls = 2
    expect(long.priority()).toBeLessThan(short.priority())
    const unknown = new Ledger()
    expect(unknown.priority()).toBe(unknown.began)
  })

  test('under a dollar cap the test furthest along goes first, so the money finishes cases', () => {
    const started = new Ledger()
    started.finishFirst = true
    started.expectedCalls = 40
    started.record(callRecord({ id: 'c001' }))
    const fresh = new Ledger()
    fresh.finishFirst = true
    fresh.expectedCalls = 2
    expect(started.priority()).toBeLessThan(fresh.priority())
  })
})
