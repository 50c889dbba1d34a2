import { type PerfCheck, processCpuMs, startSimProcess, timedBench } from '../support.js'

/**
 * Harness overhead per model call: the enterprise suite against the simulator in its own process
 * at 0 ms latency, (wall − startup) / calls and (CPU − startup CPU) / calls, where startup is the
 * one-case run of the startup check. The simulator's own CPU is reported apart: it stands for the
 * endpoint and is not the harness's.
 */
export const overhead: PerfCheck = {
  id: 'overhead',
  async run(ctx) {
    const sim = await startSimProcess(0)
    try {
      ctx.log('enterprise suite at 0 ms latency…')
      const simCpu0 = processCpuMs(sim.pid)
      const r = await timedBench(sim.url, {})
      const simCpu = simCpu0 === null ? null : processCpuMs(sim.pid)! - simCpu0
      const calls = r.run?.totals.calls ?? 0
      if (r.code !== 0 || calls === 0) throw new Error(`the suite failed (exit ${r.code}): ${r.output.slice(-500)}`)
      const startupWall = ctx.measures.get('startup.wallMs') ?? 0
      const startupCpu = ctx.measures.get('startup.cpuMs') ?? 0
      const startupCalls = ctx.measures.get('startup.calls') ?? 0
      const perCallWall = (r.wallMs - startupWall) / (calls - startupCalls)
      const perCallCpu = r.cpuMs === null ? null : (r.cpuMs - startupCpu) / (calls - startupCalls)
      const how = `enterprise suite, ${calls} calls, 0 ms latency, simulator in its own process${simCpu === null ? '' : ` (which used ${(simCpu / calls).toFixed(2)} ms CPU per call)`}; wall ${(r.wallMs / 1000).toFixed(1)} s, startup ${(startupWall / 1000).toFixed(2)} s subtracted`
      return [
        { figure: 'harness overhead per call, wall', measured: `${perCallWall.toFixed(2)} ms`, target: '≤ 1 ms', met: perCallWall <= 1, how },
        {
          figure: 'harness overhead per call, CPU',
          measured: perCallCpu === null ? 'n/a (no /proc)' : `${perCallCpu.toFixed(2)} ms`,
          target: '≤ 1.5 ms',
          met: perCallCpu === null ? null : perCallCpu <= 1.5,
          how: `Vitest main process and workers, from /proc; ${r.cpuMs === null ? '' : `${(r.cpuMs / 1000).toFixed(1)} s in all`}`,
        },
      ]
    } finally {
      await sim.stop()
    }
  },
}
