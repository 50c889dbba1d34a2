import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { splitThreads, ThreadSampler } from '../../perf/threads.js'
import { writeFloorProject } from '../../perf/checks/startup-floor.js'
import { timedVitest } from '../../perf/support.js'
import { startSimulator } from '../../lib/sim/server.js'
import { childEnv } from '../../lib/run/vitest-process.js'
import { tempDir } from '../support/temp.js'

describe('thread CPU from /proc', () => {
  test('the split names the main thread by the pid and the busiest other thread apart from the rest', () => {
    expect(splitThreads(new Map([[10, 300], [11, 40], [12, 900], [13, 60]]), 10)).toEqual({ mainMs: 300, busiestMs: 900, othersMs: 100 })
    // The busiest thread may be seen first or last.
    expect(splitThreads(new Map([[12, 900], [11, 40], [10, 300]]), 10)).toEqual({ mainMs: 300, busiestMs: 900, othersMs: 40 })
    expect(splitThreads(new Map([[10, 5]]), 10)).toEqual({ mainMs: 5, busiestMs: 0, othersMs: 0 })
  })

  test.runIf(process.platform === 'linux')('a sampler keeps what a worker thread used after the thread has ended', async () => {
    // The worker spins until its own thread has used 300 ms of CPU, then idles for a second (time
    // for the sampler to see it however late its timer runs) and ends; the process outlives it.
    const script = `
      const { Worker } = require('node:worker_threads')
      new Worker(\`
        const { readFileSync } = require('node:fs')
        const cpu = () => { const f = readFileSync('/proc/thread-self/stat', 'utf8'); const r = f.slice(f.lastIndexOf(') ') + 2).split(' '); return (Number(r[11]) + Number(r[12])) * 10 }
        while (cpu() < 300) {}
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
      \`, { eval: true }).on('exit', () => setTimeout(() => {}, 300))`
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
    const sampler = new ThreadSampler(child.pid!)
    await new Promise((done) => child.on('exit', done))
    const split = sampler.stop()
    expect(split).not.toBeNull()
    expect(split!.busiestMs).toBeGreaterThanOrEqual(300)
    expect(split!.busiestMs).toBeGreaterThan(split!.mainMs)
  })

  test('a sampler of a process that cannot be read gives nothing', () => {
    expect(new ThreadSampler(-1).stop()).toBeNull()
  })

  test('a timed run reads its threads only when asked', { timeout: 60_000 }, async () => {
    const sim = await startSimulator()
    try {
      const dir = writeFloorProject(join(tempDir(), 'floor'))
      const env = childEnv({ FLOOR_BASE_URL: sim.url })
      const quiet = await timedVitest(dir, [], env)
      expect(quiet.code).toBe(0)
      expect(quiet.threads).toBeNull()
      const read = await timedVitest(dir, [], env, { threads: true })
      expect(read.code).toBe(0)
      if (process.platform !== 'linux') return expect(read.threads).toBeNull()
      // The one test runs in a worker thread of its own, beside Vitest's main thread.
      expect(read.threads!.mainMs).toBeGreaterThan(0)
      expect(read.threads!.busiestMs).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  })
})
