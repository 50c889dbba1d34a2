import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tieringArgv, tieringFlag } from '../../lib/run/v8-tiering.js'

describe('tieringFlag', () => {
  it('raises the interrupt budget on V8 11 (Node 20)', () => {
    expect(tieringFlag('11.3.244.8-node.33')).toBe('--interrupt-budget=270336')
  })

  it('raises the call count for TurboFan on V8 12 and 13 (Node 22, 24)', () => {
    expect(tieringFlag('12.4.254.21-node.33')).toBe('--invocation-count-for-turbofan=12000')
    expect(tieringFlag('13.6.233.10-node.18')).toBe('--invocation-count-for-turbofan=12000')
  })

  it('leaves an unknown or unreadable version alone', () => {
    expect(tieringFlag('14.0.1')).toBeNull()
    expect(tieringFlag('10.2.154.26')).toBeNull()
    expect(tieringFlag('')).toBeNull()
  })

  it("names a flag this process's V8 accepts", () => {
    const flag = tieringFlag(process.versions.v8)
    expect(flag).not.toBeNull()
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(flag)}); process.stdout.write('set')`
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    expect(child.stdout).toBe('set')
    // V8 reports a flag it does not know on stderr ("unrecognized flag") and goes on.
    expect(child.stderr).toBe('')
  })

  it('as arguments, a forked process starts with it (and with nothing for an unknown version)', () => {
    expect(tieringArgv('14.0.1')).toEqual([])
    expect(tieringArgv()).toEqual([tieringFlag(process.versions.v8)])
    const script = 'process.stdout.write(JSON.stringify(process.execArgv))'
    const child = spawnSync(process.execPath, [...tieringArgv(), '-e', script], { encoding: 'utf8' })
    expect(JSON.parse(child.stdout)).toEqual([...tieringArgv(), '-e', script])
    expect(child.stderr).toBe('')
  })
})
