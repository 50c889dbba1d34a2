import { describe, expect, test } from 'vitest'
import { currentRunId, newRunId, setRunId } from '../../lib/run/run-id.js'

describe('run ids', () => {
  test('a fresh id sorts by time and says whether the run is simulated', () => {
    const at = new Date('2026-11-27T12:25:35.123Z')
    expect(newRunId(true, at)).toMatch(/^sim-20261127T122535Z-[0-9a-f]{6}$/)
    expect(newRunId(false, at)).toMatch(/^20261127T122535Z-[0-9a-f]{6}$/)
  })

  test('the id set for this process (the globalSetup\'s, or a resumed run\'s) is the one used', () => {
    setRunId('sim-20260101T000000Z-abcdef')
    expect(currentRunId(true)).toBe('sim-20260101T000000Z-abcdef')
  })
})
