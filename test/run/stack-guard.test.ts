import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { childEnv, runVitest } from '../../lib/run/vitest-process.js'
import { type Formatter, guardStackFormatting, plainStack } from '../../lib/run/stack-guard.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { tempDir } from '../support/temp.js'


let original: PropertyDescriptor | undefined
beforeEach(() => {
  original = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')
})
afterEach(() => {
  if (original) Object.defineProperty(Error, 'prepareStackTrace', original)
  else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace
})

const install = (f: Formatter | undefined) => ((Error as { prepareStackTrace?: Formatter }).prepareStackTrace = f)

describe('guardStackFormatting', () => {
  test('a formatter installed later that throws gives way to the plain format: the error is still itself', () => {
    guardStackFormatting()
    install(() => {
      throw new TypeError('code.charCodeAt is not a function')
    })
    const stack = new Error('boom from the setup').stack!
    expect(stack.split('\n')[0]).toBe('Error: boom from the setup')
    expect(stack).toContain('    at ')
    expect(stack).not.toContain('charCodeAt')
  })

  test('a formatter that works is used as it is', () => {
    guardStackFormatting()
    install((error, frames) => `formatted ${error.message} over ${frames.length > 0 ? 'frames' : 'nothing'}`)
    expect(new Error('x').stack).toBe('formatted x over frames')
  })

  test('a formatter installed before the guard is kept and guarded too', () => {
    install(() => {
      throw new Error('broken')
    })
    guardStackFormatting()
    expect(new Error('kept').stack!.split('\n')[0]).toBe('Error: kept')
  })

  test('with no formatter, V8 formats stacks itself', () => {
    install(undefined)
    guardStackFormatting()
    expect(Error.prepareStackTrace).toBeUndefined()
    expect(new Error('native').stack!.split('\n')[0]).toBe('Error: native')
  })
})

describe('plainStack', () => {
  test("is the error's line and a line per frame; an error that cannot be printed is 'Error'", () => {
    const frames = [{ toString: () => 'f (file.ts:1:2)' }, { toString: () => 'g (file.ts:3:4)' }] as unknown as NodeJS.CallSite[]
    expect(plainStack(new RangeError('bad'), frames)).toBe('RangeError: bad\n    at f (file.ts:1:2)\n    at g (file.ts:3:4)')
    const unprintable = {
      toString() {
        throw new Error('no')
      },
    }
    expect(plainStack(unprintable, [])).toBe('Error')
  })
})

describe('in a Vitest run with the module cache on', () => {
  /** Runs the fixture suite whose global setup throws; the output says what was reported. */
  const run = async (guard: 'on' | 'off') => {
    const dir = tempDir('orgbench-stack-guard-')
    const { code, output } = await runVitest(join(PROJECT_ROOT, 'test', 'fixtures', 'stack-guard'), ['run'], childEnv({ STACK_GUARD: guard, FIXTURE_CACHE_DIR: join(dir, 'vite'), FIXTURE_MODULE_CACHE: join(dir, 'modules') }))
    return { code, output }
  }

  test("an error thrown by the global setup is reported as itself, not as Vitest's TypeError", async () => {
    const guarded = await run('on')
    expect(guarded.code).not.toBe(0)
    expect(guarded.output).toContain('Error: boom from the global setup')
    expect(guarded.output).not.toContain('charCodeAt')
  })

  test('without the guard, Vitest 4.1 reports its own TypeError instead (when this fails, Vitest is fixed and the guard can go)', async () => {
    const bare = await run('off')
    expect(bare.code).not.toBe(0)
    expect(bare.output).toContain('code.charCodeAt is not a function')
    expect(bare.output).not.toContain('boom from the global setup')
  })
})
