import { availableParallelism } from 'node:os'
import { type CallTotal, furtherCallsMs, median, type PerfCheck, processCpuMs, startSimProcess, type TimedRun, timedBench, wallFloorMs } from '../support.js'
import type { ThreadSplit } from '../threads.js'

const REPEATS = 3
/** The suite's trials: a run's default. */
const TRIALS = 3
/** The trials of the larger run of each pair that gives the cost of a further call. */
const LARGER_TRIALS = 6

/**
 * Harness overhead per model call: the enterprise suite against the simulator in its own process
 * at 0 ms latency, (wall − startup) / calls and (CPU − startup CPU) / calls, where startup is the
 * one-case run of the startup check. The best of three runs is taken (other processes on the
 * machine only ever add time), the median is shown beside it. The simulator's own CPU is reported
 * apart: it stands for the endpoint and is not the harness's.
 *
 * Three pairs follow, each a run of the suite and one of twice the trials back to back: the median
 * of the pairs' differences is the cost of a further call (see furtherCallMs), what a longer run
 * pays per call once its code is warm. It is shown for information beside the figure the targets
 * apply to. The pairs come after the runs above, not in their place, so that the targeted figure is
 * measured as it was before (a run right after a larger one was often slower here); and each pair
 * is back to back because this machine's speed moves within minutes, more than a further call's
 * share of a run (docs/performance.md).
 */
export const overhead: PerfCheck = {
  id: 'overhead',
  // Without the one-case run's figures the startup would be counted as per-call overhead.
  needs: ['startup'],
  async run(ctx) {
    const sim = await startSimProcess(0)
    try {
      const runs: TimedRun[] = []
      const pairs: Array<readonly [TimedRun, TimedRun]> = []
      const suite = async (trials: number, threads = false) => {
        // One worker, as for any endpoint that answers at once: a second only overlaps waits on the network, of which there are none here.
        const r = await timedBench(sim.url, { ORGBENCH_WORKERS: '1', ORGBENCH_TRIALS: String(trials) }, undefined, { threads })
        if (r.code !== 0 || !r.run) throw new Error(`the suite at ${trials} trials failed (exit ${r.code}): ${r.output.slice(-500)}`)
        return r
      }
      const simCpu0 = processCpuMs(sim.pid)
      for (let i = 0; i < REPEATS; i++) {
        ctx.log(`enterprise suite at 0 ms latency, ${i + 1}/${REPEATS}…`)
        runs.push(await suite(TRIALS))
      }
      const simCpu1 = processCpuMs(sim.pid)
      for (let i = 0; i < REPEATS; i++) {
        ctx.log(`enterprise suite at 0 ms latency, then at ${LARGER_TRIALS} trials, pair ${i + 1}/${REPEATS}…`)
        // Each thread's CPU is read only in the pairs, so that nothing else reads while the targeted runs above are timed.
        pairs.push([await suite(TRIALS, true), await suite(LARGER_TRIALS, true)])
      }
      // Each run has a seed of its own (timedBench), and with it a few calls more or fewer than the others.
      const callsOf = (r: TimedRun) => r.run!.totals.calls
      const calls = median(runs.map(callsOf))
      const simCpuPerCall = simCpu0 === null || simCpu1 === null ? null : (simCpu1 - simCpu0) / runs.reduce((n, r) => n + callsOf(r), 0)
      const startupWall = ctx.measures.get('startup.wallMs') ?? 0
      const startupCpu = ctx.measures.get('startup.cpuMs') ?? 0
      const perCall = (r: TimedRun, total: number, startup: number) => (total - startup) / (callsOf(r) - (ctx.measures.get('startup.calls') ?? 0))
      const walls = runs.map((r) => perCall(r, r.wallMs, startupWall))
      const cpus = runs.every((r) => r.cpuMs !== null) ? runs.map((r) => perCall(r, r.cpuMs!, startupCpu)) : null
      const wall = Math.min(...walls)
      const cpu = cpus ? Math.min(...cpus) : null
      const leanest = cpus ? runs[cpus.indexOf(cpu!)]! : null
      const kernel =
        leanest && leanest.kernelMs !== null && leanest.faults !== null
          ? `; that run spent ${Math.round((100 * leanest.kernelMs) / leanest.cpuMs!)} % of its CPU in the kernel, and took ${perCall(leanest, leanest.faults, ctx.measures.get('startup.faults') ?? 0).toFixed(0)} page faults per call beyond the one-case run's (first touches of memory: see the floor check)`
          : ''
      const how = `enterprise suite, ${calls} calls (median of the runs, each with a seed of its own), 0 ms latency, one worker (ORGBENCH_WORKERS=1), simulator in its own process${simCpuPerCall === null ? '' : ` (which used ${simCpuPerCall.toFixed(2)} ms CPU per call)`}; best of ${REPEATS} (median ${median(walls).toFixed(2)} ms), startup ${(startupWall / 1000).toFixed(2)} s subtracted`
      const cores = availableParallelism()
      const floor = cpu === null || simCpuPerCall === null ? null : wallFloorMs(cpu, simCpuPerCall, cores)
      const largerCalls = median(pairs.map(([, larger]) => callsOf(larger)))
      const callTotal = (r: TimedRun, totalMs: number | null): CallTotal | null => (totalMs === null ? null : { totalMs, calls: callsOf(r) })
      // The median of the pairs, not a difference of the best runs: that would add up the luck of two.
      const furtherWall = furtherCallsMs(pairs.map(([a, b]) => [callTotal(a, a.wallMs), callTotal(b, b.wallMs)]))!
      const furtherCpu = furtherCallsMs(pairs.map(([a, b]) => [callTotal(a, a.cpuMs), callTotal(b, b.cpuMs)]))
      const spread = (xs: readonly number[]) => `${median(xs).toFixed(2)} ms (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`
      const furtherThread = (part: keyof ThreadSplit) => furtherCallsMs(pairs.map(([a, b]) => [callTotal(a, a.threads?.[part] ?? null), callTotal(b, b.threads?.[part] ?? null)]))
      const byThread = [furtherThread('busiestMs'), furtherThread('mainMs'), furtherThread('othersMs')] as const
      return [
        { figure: 'harness overhead per call, wall', measured: `${wall.toFixed(2)} ms`, target: '≤ 1 ms', met: wall <= 1, how },
        {
          figure: 'harness overhead per call, CPU',
          measured: cpu === null ? 'n/a (no /proc)' : `${cpu.toFixed(2)} ms`,
          target: '≤ 1.5 ms',
          met: cpu === null ? null : cpu <= 1.5,
          how: `Vitest main process and its workers, from /proc; best of ${REPEATS}${cpus ? ` (median ${median(cpus).toFixed(2)} ms)` : ''}${kernel}`,
        },
        {
          figure: 'least wall per call this CPU allows',
          measured: floor === null ? 'n/a (no /proc)' : `${floor.toFixed(2)} ms`,
          target: '–',
          met: null,
          how: `(harness CPU + simulator CPU) per call ÷ ${cores} cores: the wall per call with every core busy all the time; a wall target below it needs less CPU, not better overlap`,
        },
        {
          figure: 'harness cost of a further call, once warm (wall / CPU)',
          measured: `${spread(furtherWall)} / ${furtherCpu === null ? 'n/a (no /proc)' : spread(furtherCpu)}`,
          target: '–',
          met: null,
          how: `${REPEATS} pairs made after the runs above, each the suite and then the suite at ${LARGER_TRIALS} trials (about ${largerCalls} calls): the larger run less the smaller, over the calls it adds; the median of the pairs (range). The overhead per call above less this is what does not grow with the calls: code warming up (a ${TRIALS}-trial suite runs much of its code only a few hundred times, before V8 has optimised it), the files' setup and the run's end`,
        },
        {
          figure: 'CPU of a further call by thread (worker / main / others)',
          measured: byThread.includes(null) ? 'n/a (no /proc)' : byThread.map((xs) => `${median(xs!).toFixed(2)} ms`).join(' / '),
          target: '–',
          met: null,
          how: `the same pairs, each thread of the Vitest process read from /proc while it ran (perf/threads.ts): the worker's thread, which runs every step of every call (with one worker, the least wall a call can take), Vitest's main thread (the reporters, the run coordinator), and the other threads (V8's, which collect garbage and optimise, and libuv's); medians of the pairs`,
        },
      ]
    } finally {
      await sim.stop()
    }
  },
}
