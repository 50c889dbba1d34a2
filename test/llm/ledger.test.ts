import { describe, expect, test } from 'vitest'
import { currentLedger, Ledger, withLedger } from '../../lib/llm/ledger.js'
import { callRecord } from '../support/calls.js'

describe('Ledger', () => {
  test('hands out call ids c001, c002, ... per ledger', () => {
    const a = new Ledger()
    const b = new Ledger()
    expect([a.newCallId(), a.newCallId(), b.newCallId()]).toEqual(['c001', 'c002', 'c001'])
  })

  test('keeps each warning once', () => {
    const ledger = new Ledger()
    ledger.warn('no price for x')
    ledger.warn('no price for x')
    ledger.warn('other')
    expect([...ledger.warnings]).toEqual(['no price for x', 'other'])
  })

  test('resume() continues after stored calls, with copies of them', () => {
    const stored = [callRecord({ id: 'c001' }), callRecord({ id: 'c002' })]
    const ledger = Ledger.resume(stored)
    expect(ledger.calls).toEqual(stored)
    expect(ledger.calls[0]).not.toBe(stored[0])
    expect(ledger.newCallId()).toBe('c003')
  })

  test('now() counts milliseconds from the opening of the ledger', async () => {
    const ledger = new Ledger()
    const t0 = ledger.now()
    await new Promise((r) => setTimeout(r, 20))
    expect(t0).toBeLessThan(20)
    expect(ledger.now() - t0).toBeGreaterThanOrEqual(19)
  })
})

describe('withLedger / currentLedger', () => {
  test('concurrent tests each see their own ledger, across awaits', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((name) => {
        const ledger = new Ledger()
        ledger.warn(name)
        return withLedger(ledger, async () => {
          await new Promise((r) => setTimeout(r, 5))
          return [...currentLedger().warnings][0]
        })
      }),
    )
    expect(seen).toEqual(['a', 'b', 'c'])
  })

  test('outside a ledger there is none, and asking for one says how to fix it', () => {
    expect(() => currentLedger()).toThrow('model call outside a ledger: wrap the work in withLedger() so its cost is recorded')
  })
})
