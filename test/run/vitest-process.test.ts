import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { childEnv, VITEST_BIN } from '../../lib/run/vitest-process.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('VITEST_BIN', () => {
  test("is the project's own Vitest", () => {
    expect(VITEST_BIN).toBe(join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest'))
    expect(existsSync(VITEST_BIN)).toBe(true)
  })
})

describe('childEnv', () => {
  test("drops a parent Vitest's worker state, the caller's orgbench settings, NODE_OPTIONS and TEST; keeps the rest, without colour", () => {
    vi.stubEnv('VITEST_WORKER_ID', '3')
    vi.stubEnv('VITEST_POOL_ID', '1')
    vi.stubEnv('ORGBENCH_MODEL', 'gpt-x')
    vi.stubEnv('NODE_OPTIONS', '--inspect')
    vi.stubEnv('TEST', 'true')
    vi.stubEnv('ORGBENCH_TEST_KEEP', 'x')
    vi.stubEnv('MY_TOOL_HOME', '/opt/tool')
    const env = childEnv({})
    for (const gone of ['VITEST_WORKER_ID', 'VITEST_POOL_ID', 'ORGBENCH_MODEL', 'ORGBENCH_TEST_KEEP', 'NODE_OPTIONS', 'TEST']) expect(env, gone).not.toHaveProperty(gone)
    expect(env.MY_TOOL_HOME).toBe('/opt/tool')
    expect(env.PATH).toBe(process.env.PATH)
    expect(env.NO_COLOR).toBe('1')
  })

  test('what the caller gives is set last: its orgbench settings, and even NO_COLOR', () => {
    vi.stubEnv('ORGBENCH_MODEL', 'gpt-x')
    expect(childEnv({ ORGBENCH_MODEL: 'sim-weak', NO_COLOR: '0' })).toMatchObject({ ORGBENCH_MODEL: 'sim-weak', NO_COLOR: '0' })
  })
})
