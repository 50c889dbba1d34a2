import { describe, expect, test } from 'vitest'
import { addBusinessMinutes, isBusinessDay } from '../../../tools/fixtures/desk-queue/calendars.js'
import { instantAt, isoInZone, localTime } from '../../../tools/fixtures/desk-queue/time.js'

const at = (iso: string) => Date.parse(iso)
const utc = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/**
 * Every expected deadline below was worked out by hand from the policy's rules (08:00-18:00,
 * counting carried over to the next working day, holidays skipped, a target used up at 18:00 ends
 * at 18:00), with the UTC offsets written out, not with the code under test.
 */
describe('business-hour deadlines, computed by hand', () => {
  test('a Friday ticket in Dublin, across the October bank holiday and the end of summer time', () => {
    // Fri 23 Oct 16:30 IST (+01:00): 90 min on Friday, weekend, Mon 26 Oct holiday,
    // Tue 27 Oct in GMT (+00:00): 08:00 + 390 min = 14:30 GMT.
    expect(utc(addBusinessMinutes(at('2026-10-23T16:30:00+01:00'), 480, { zone: 'Europe/Dublin', calendar: 'IE' }))).toBe('2026-10-27T14:30:00Z')
  })

  test('a Friday evening ticket in Chicago, across the weekend of the US clock change', () => {
    // Fri 30 Oct 17:00 CDT (-05:00): 60 min; Mon 2 Nov (CST, -06:00) 600 min; Tue 3 Nov 08:00 + 300 = 13:00 CST.
    expect(utc(addBusinessMinutes(at('2026-10-30T17:00:00-05:00'), 960, { zone: 'America/Chicago', calendar: 'US' }))).toBe('2026-11-03T19:00:00Z')
  })

  test('Melbourne Cup Day is skipped in Victoria', () => {
    // Mon 2 Nov 16:00 AEDT (+11:00): 120 min; Tue 3 Nov holiday; Wed 4 Nov 08:00 + 120 = 10:00 AEDT.
    expect(utc(addBusinessMinutes(at('2026-11-02T16:00:00+11:00'), 240, { zone: 'Australia/Melbourne', calendar: 'AU-VIC' }))).toBe('2026-11-03T23:00:00Z')
  })

  test('a Sunday-to-Thursday working week', () => {
    // Thu 22 Oct 17:00 (+03:00): 60 min; Fri and Sat off; Sun 25 Oct 08:00 + 420 = 15:00 (+03:00).
    expect(utc(addBusinessMinutes(at('2026-10-22T17:00:00+03:00'), 480, { zone: 'Asia/Riyadh', calendar: 'SA' }))).toBe('2026-10-25T12:00:00Z')
  })

  test('a ticket received on a holiday starts counting at the next opening (half-hour offset)', () => {
    // Tue 20 Oct (Dussehra) 11:00 IST (+05:30); Wed 21 Oct 08:00 + 240 = 12:00 IST.
    expect(utc(addBusinessMinutes(at('2026-10-20T05:30:00Z'), 240, { zone: 'Asia/Kolkata', calendar: 'IN' }))).toBe('2026-10-21T06:30:00Z')
  })

  test('a target used up exactly at closing ends at 18:00; a ticket received at 18:00 waits for the next day', () => {
    expect(utc(addBusinessMinutes(at('2026-10-19T14:00:00+02:00'), 240, { zone: 'Europe/Berlin', calendar: 'DE' }))).toBe('2026-10-19T16:00:00Z')
    expect(utc(addBusinessMinutes(at('2026-10-19T18:00:00+02:00'), 60, { zone: 'Europe/Berlin', calendar: 'DE' }))).toBe('2026-10-20T07:00:00Z')
  })

  test('a UTC evening that is already a holiday Monday in Auckland', () => {
    // Sun 25 Oct 22:00Z = Mon 26 Oct 11:00 NZDT (+13:00), Labour Day; Tue 27 Oct 08:00 + 480 = 16:00 NZDT.
    expect(utc(addBusinessMinutes(at('2026-10-25T22:00:00Z'), 480, { zone: 'Pacific/Auckland', calendar: 'NZ' }))).toBe('2026-10-27T03:00:00Z')
  })

  test('forty business hours over five days and a clock change', () => {
    // Thu 29 Oct 10:00 CDT: 480; Fri 600; Mon 600; Tue 600 (total 2280); Wed 4 Nov 08:00 + 120 = 10:00 CST.
    expect(utc(addBusinessMinutes(at('2026-10-29T10:00:00-05:00'), 2400, { zone: 'America/Chicago', calendar: 'US' }))).toBe('2026-11-04T16:00:00Z')
  })
})

describe('wall-clock times', () => {
  test('zones without daylight saving keep their offset while their neighbours change', () => {
    expect(localTime(at('2026-11-02T15:00:00Z'), 'America/Phoenix')).toMatchObject({ date: '2026-11-02', hour: 8, offset: -420 })
    expect(localTime(at('2026-11-02T15:00:00Z'), 'America/Denver')).toMatchObject({ hour: 8, offset: -420 })
    expect(localTime(at('2026-10-30T15:00:00Z'), 'America/Denver')).toMatchObject({ hour: 9, offset: -360 })
    expect(localTime(at('2026-10-30T15:00:00Z'), 'Australia/Brisbane')).toMatchObject({ date: '2026-10-31', hour: 1, offset: 600, weekday: 6 })
  })

  test('instantAt and isoInZone are inverse across the European change', () => {
    expect(utc(instantAt('2026-10-24', 8, 0, 'Europe/Paris'))).toBe('2026-10-24T06:00:00Z')
    expect(utc(instantAt('2026-10-26', 8, 0, 'Europe/Paris'))).toBe('2026-10-26T07:00:00Z')
    expect(isoInZone(at('2026-10-27T14:30:00Z'), 'Europe/Dublin')).toBe('2026-10-27T14:30:00+00:00')
    expect(isoInZone(at('2026-10-20T06:30:00Z'), 'Asia/Kolkata')).toBe('2026-10-20T12:00:00+05:30')
    expect(isoInZone(at('2026-10-20T06:30:00Z'), 'UTC')).toBe('2026-10-20T06:30:00Z')
  })

  test('working days follow the calendar', () => {
    expect(isBusinessDay('2026-10-26', 'IE')).toBe(false)
    expect(isBusinessDay('2026-10-26', 'GB')).toBe(true)
    expect(isBusinessDay('2026-10-25', 'SA')).toBe(true)
    expect(isBusinessDay('2026-10-23', 'SA')).toBe(false)
    expect(() => isBusinessDay('2026-10-26', 'XX')).toThrow(/unknown holiday calendar "XX"/)
  })
})
