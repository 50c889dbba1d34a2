import { describe, expect, test } from 'vitest'
import { simOptions } from '../../../lib/sim/cli.js'
import { startSimulator } from '../../../lib/sim/server.js'
import { cli } from '../../support/cli.js'

// What runs until Ctrl-C (serving, stopping on a signal) is lib/sim/cli.ts's and tested there (test/sim/cli.test.ts).
describe('orgbench sim', () => {
  test('--help names the three options and the defaults the simulator gets', async () => {
    const r = await cli('sim', '--help')
    expect(r.code).toBe(0)
    const options = r.out.split('\n').filter((l) => /^ {2}--/.test(l)).map((l) => l.trim().replace(/\s{2,}/, ' | '))
    expect(options).toEqual([
      '--port <n> | TCP port to listen on (default: a free port)',
      '--host <address> | address to bind (default: "127.0.0.1")',
      '--latency <fixed[,jitter]> | simulated response time in milliseconds, e.g. 200,100 (default: "0,0")',
    ])
  })

  test("the defaults the command declares are the simulator's own: a free port on 127.0.0.1, no latency", async () => {
    const help = (await cli('sim', '--help')).out
    const declared = (flag: string) => new RegExp(`^ {2}--${flag} .*\\(default: "([^"]*)"\\)$`, 'm').exec(help)?.[1]
    expect([declared('host'), declared('latency')]).toEqual([expect.any(String), expect.any(String)])
    expect(simOptions({ host: declared('host'), latency: declared('latency') })).toEqual({ host: '127.0.0.1', port: 0, latency: { fixedMs: 0, jitterMs: 0 } })
    expect(simOptions({})).toEqual(simOptions({ host: declared('host'), latency: declared('latency') }))
  })

  test.each([
    [['--port', 'abc'], '--port "abc": expected an integer from 0 to 65535'],
    [['--port', '65536'], '--port "65536": expected an integer from 0 to 65535'],
    [['--latency', '200,x'], '--latency "200,x": expected "<fixed>" or "<fixed>,<jitter>" in milliseconds, e.g. "200,100"'],
    [['--host', ''], '--host "": expected an address such as 127.0.0.1'],
  ])('%j is refused in one line naming the flag, the value and what it expects, exit 2, before anything listens', async (args, message) => {
    expect(await cli('sim', ...args)).toEqual({ code: 2, out: '', err: `orgbench sim: ${message}` })
  })

  test('takes no arguments and wants a value after --port', async () => {
    const extra = await cli('sim', '8080')
    expect([extra.code, extra.err.split('\n')[0]]).toEqual([2, "orgbench sim: too many arguments for 'sim'. Expected 0 arguments but got 1."])
    const missing = await cli('sim', '--port')
    expect([missing.code, missing.err.split('\n')[0]]).toEqual([2, "orgbench sim: option '--port <n>' argument missing"])
  })

  test('a port in use or a host it cannot bind is one line naming the flag, exit 2, no stack trace', async () => {
    const taken = await startSimulator()
    try {
      const port = new URL(taken.url).port
      const inUse = await cli('sim', '--port', port)
      expect([inUse.code, inUse.err]).toEqual([2, `orgbench sim: --port ${port}: address already in use on 127.0.0.1 (pick another port, or leave --port out for a free one)`])
    } finally {
      await taken.close()
    }
    const unknown = await cli('sim', '--host', 'no-such-host.invalid')
    expect([unknown.code, unknown.err]).toEqual([2, 'orgbench sim: --host "no-such-host.invalid": no such host (use an address such as 127.0.0.1)'])
  })
})
