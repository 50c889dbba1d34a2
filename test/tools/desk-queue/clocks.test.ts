import { describe, expect, test } from 'vitest'
import { addBusinessMinutes, addElapsedMinutes, addFollowTheSunMinutes, isBusinessDay } from '../../../tools/fixtures/desk-queue/calendars.js'
import { blockedMinutes, windowsOf } from '../../../tools/fixtures/desk-queue/maintenance.js'
import { FOLLOW_THE_SUN } from '../../../tools/fixtures/desk-queue/policy.js'

const at = (iso: string) => Date.parse(iso)
const utc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/**
 * Maintenance windows, the hub's holidays on a client's clock, and the follow-the-sun clock. Every
 * expected time was worked out by hand from the policy (appendix C, section 7), with the UTC
 * offsets of each zone written out, not with the code under test.
 */
describe('maintenance windows', () => {
  test('a pod has its region weekly window and its own migration windows, and no other pod\'s', () => {
    const eu1 = windowsOf('EU1').map((w) => `${utc(w.from)}/${utc(w.to)}`)
    expect(eu1).toContain('2026-10-18T03:00:00Z/2026-10-18T07:00:00Z') // Sunday, every EMEA pod
    expect(eu1).toContain('2026-10-29T06:30:00Z/2026-10-29T08:00:00Z') // EU1's own
    expect(eu1).not.toContain('2026-10-20T11:00:00Z/2026-10-20T12:30:00Z') // EU2's
    expect(blockedMinutes(at('2026-10-20T10:00:00Z'), at('2026-10-20T12:00:00Z'), windowsOf('EU2'))).toBe(60)
  })

  test('a 24/7 clock stops during a window; a ticket received in one waits for its end', () => {
    // Policy example: Sunday 18 Oct 02:50Z, 10 min to 03:00, window to 07:00, 20 min more.
    expect(utc(addElapsedMinutes(at('2026-10-18T02:50:00Z'), 30, windowsOf('EU1')))).toBe('2026-10-18T07:20:00Z')
    expect(utc(addElapsedMinutes(at('2026-10-18T04:00:00Z'), 60, windowsOf('EU2')))).toBe('2026-10-18T08:00:00Z')
    // used up exactly at the start of the window: that moment
    expect(utc(addElapsedMinutes(at('2026-10-18T02:30:00Z'), 30, windowsOf('EU1')))).toBe('2026-10-18T03:00:00Z')
    // the AMER window is on Saturday, so an EMEA-free AMER clock runs through Sunday morning
    expect(utc(addElapsedMinutes(at('2026-10-18T02:50:00Z'), 30, windowsOf('US1')))).toBe('2026-10-18T03:20:00Z')
  })

  test('business hours inside a window do not count', () => {
    // Policy example: Wed 28 Oct 16:00 CET (+01:00): 120 min; Thu 29 Oct opens 08:00 CET = 07:00Z,
    // EU1 window until 08:00Z; 09:00 CET + 360 min = 15:00 CET = 14:00Z.
    expect(utc(addBusinessMinutes(at('2026-10-28T16:00:00+01:00'), 480, { zone: 'Europe/Berlin', calendar: 'DE' }, windowsOf('EU1')))).toBe('2026-10-29T14:00:00Z')
    // Sunday is a working day in Riyadh: 07:30 (+03:00) Sun 18 Oct; opening 08:00 = 05:00Z is inside
    // the weekly EMEA window until 07:00Z = 10:00; 10:00 + 480 min = 18:00 = 15:00Z.
    expect(utc(addBusinessMinutes(at('2026-10-18T07:30:00+03:00'), 480, { zone: 'Asia/Riyadh', calendar: 'SA' }, windowsOf('EU2')))).toBe('2026-10-18T15:00:00Z')
  })
})

describe("a client's clock closes on its hub's public holidays", () => {
  test('Berlin business hours skip the Dublin bank holiday', () => {
    expect(isBusinessDay('2026-10-26', 'DE')).toBe(true)
    expect(isBusinessDay('2026-10-26', 'DE', 'IE')).toBe(false)
    // Fri 23 Oct 16:00 CEST (+02:00): 120 min; Mon 26 Oct closed (IE holiday); Tue 27 Oct 08:00 CET + 360 = 14:00 CET = 13:00Z.
    expect(utc(addBusinessMinutes(at('2026-10-23T16:00:00+02:00'), 480, { zone: 'Europe/Berlin', calendar: 'DE', alsoClosed: 'IE' }))).toBe('2026-10-27T13:00:00Z')
  })
})

describe('the follow-the-sun clock: at least one of Dublin, Chicago and Singapore open', () => {
  test('policy example: Friday evening UTC to Monday morning in Singapore', () => {
    // Fri 16 Oct 20:00Z: Chicago (CDT, 13:00-23:00Z) 180 min; Sat and Sun closed; Mon 19 Oct Singapore opens 00:00Z; + 300 = 05:00Z.
    expect(utc(addFollowTheSunMinutes(at('2026-10-16T20:00:00Z'), 480, FOLLOW_THE_SUN))).toBe('2026-10-19T05:00:00Z')
  })

  test('the Dublin bank holiday leaves a gap between Singapore and Chicago', () => {
    // Mon 26 Oct 09:00Z: Singapore until 10:00Z (60 min); Dublin closed; Chicago (CDT) from 13:00Z; + 180 = 16:00Z.
    expect(utc(addFollowTheSunMinutes(at('2026-10-26T09:00:00Z'), 240, FOLLOW_THE_SUN))).toBe('2026-10-26T16:00:00Z')
  })

  test('after the US clock change Chicago closes at midnight UTC and the day has no gap', () => {
    // Tue 3 Nov 23:30Z: Chicago (CST, 14:00-24:00Z) 30 min; Singapore from 00:00Z Wed 4 Nov; + 450 = 07:30Z.
    expect(utc(addFollowTheSunMinutes(at('2026-11-03T23:30:00Z'), 480, FOLLOW_THE_SUN))).toBe('2026-11-04T07:30:00Z')
  })

  test('Veterans Day closes Chicago; maintenance windows still stop the clock', () => {
    // Wed 11 Nov 17:00Z: Dublin (GMT) until 18:00Z, 60 min; Chicago closed; Singapore from 00:00Z Thu 12 Nov; + 180 = 03:00Z.
    expect(utc(addFollowTheSunMinutes(at('2026-11-11T17:00:00Z'), 240, FOLLOW_THE_SUN))).toBe('2026-11-12T03:00:00Z')
    // Tue 10 Nov 00:30Z on AP2 (window 01:00-02:00Z): 30 min, then from 02:00Z; + 210 = 05:30Z.
    expect(utc(addFollowTheSunMinutes(at('2026-11-10T00:30:00Z'), 240, FOLLOW_THE_SUN, windowsOf('AP2')))).toBe('2026-11-10T05:30:00Z')
  })
})
