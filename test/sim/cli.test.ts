import { EventEmitter } from 'node:events'
import { describe, expect, test } from 'vitest'
import { listenProblem, runSimCli, SimCliError, simInstructions, simOptions, type SignalSource } from '../../lib/sim/cli.js'

describe('simOptions', () => {
  test('defaults: a free port on 127.0.0.1, no latency', () => {
    expect(simOptions({})).toEqual({ host: '127.0.0.1', port: 0, latency: { fixedMs: 0, jitterMs: 0 } })
  })

  test('reads --port, --host and --latency', () => {
    expect(simOptions({ port: '8787', latency: '200,50', host: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 8787, latency: { fixedMs: 200, jitterMs: 50 } })
    expect(simOptions({ latency: '30' }).latency).toEqual({ fixedMs: 30, jitterMs: 0 })
  })

  test.each([
    [{ port: 'abc' }, '--port "abc": expected an integer from 0 to 65535'],
    [{ port: '70000' }, '--port "70000": expected an integer from 0 to 65535'],
    [{ latency: 'slow' }, '--latency "slow": expected "<fixed>" or "<fixed>,<jitter>" in milliseconds'],
    [{ latency: '10,' }, '--latency "10,": expected'],
  ])('rejects %j naming the flag, the value and what is expected', (values, message) => {
    expect(() => simOptions(values)).toThrow(SimCliError)
    expect(() => simOptions(values)).toThrow(message)
  })
})

describe('simInstructions', () => {
  test('prints the URL and the command that points the benchmark at it', () => {
    const text = simInstructions('http://127.0.0.1:4010/v1')
    expect(text.split('\n')[0]).toBe('orgbench simulator listening on http://127.0.0.1:4010/v1')
    expect(text).toContain('ORGBENCH_BASE_URL=http://127.0.0.1:4010/v1 ORGBENCH_MODEL=sim-strong ORGBENCH_JUDGE_MODEL=sim-judge npx vitest run benchmarks/enterprise/')
    expect(text).toMatch(/Simulated models: .*sim-strong.*sim-weak/)
  })
})

describe('runSimCli', () => {
  const signals = () => new EventEmitter() as EventEmitter & SignalSource

  test.each(['SIGINT', 'SIGTERM'] as const)('serves until %s, then stops listening', async (signal) => {
    const logged: string[] = []
    const emitter = signals()
    const { simulator, stopped } = await runSimCli(simOptions({ latency: '0' }), { log: (t) => logged.push(t), signals: emitter })
    expect(logged).toEqual([simInstructions(simulator.url)])
    const models = await fetch(`${simulator.url}/models`)
    expect(models.status).toBe(200)

    emitter.emit(signal)
    await expect(stopped).resolves.toBe(signal)
    await expect(fetch(`${simulator.url}/models`)).rejects.toThrow()
    expect(emitter.listenerCount('SIGINT') + emitter.listenerCount('SIGTERM')).toBe(0)
  })

  test('listens on the port it was given', async () => {
    const emitter = signals()
    const probe = await runSimCli(simOptions({}), { log: () => {}, signals: emitter })
    const port = Number(new URL(probe.simulator.url).port)
    emitter.emit('SIGTERM')
    await probe.stopped
    const { simulator, stopped } = await runSimCli(simOptions({ port: String(port) }), { log: () => {}, signals: emitter })
    expect(simulator.url).toBe(`http://127.0.0.1:${port}/v1`)
    emitter.emit('SIGINT')
    await stopped
  })

  test('an address error is named with its flag; any other error is not one of these', () => {
    const error = (code: string) => Object.assign(new Error(code), { code })
    const options = { host: '127.0.0.1', port: 80 }
    expect(listenProblem(error('EACCES'), options)?.message).toBe('--port 80: not allowed to listen on this port (ports below 1024 need privileges; pick another, or leave --port out for a free one)')
    expect(listenProblem(error('EADDRNOTAVAIL'), options)?.message).toBe('--host "127.0.0.1": not an address of this machine (use 127.0.0.1, or 0.0.0.0 for every interface)')
    expect(listenProblem(error('EMFILE'), options)).toBeNull()
  })

  test('bad arguments fail before anything listens', async () => {
    expect(() => simOptions({ port: '-1' })).toThrow(SimCliError)
  })
})
