import { describe, expect, test } from 'vitest'
import { hasImpact, impactMeasures, IncidentKindTruth, isMultiIncident, type MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()
const single = registry.get('incident_response_execution').truth!.data
const multi = registry.get('incident_response_overlap').truth!.data as MultiIncidentTruth

describe('isMultiIncident', () => {
  test('tells a truth of several incidents from the original single-incident one', () => {
    expect(isMultiIncident(multi)).toBe(true)
    expect(isMultiIncident(single as never)).toBe(false)
  })
})

describe('hasImpact and impactMeasures', () => {
  test("the overlap task's incidents have impact reports; their measures in order of first appearance, once each", () => {
    expect(hasImpact(multi)).toBe(true)
    const measures = impactMeasures(multi)
    expect(measures[0]).toBe(multi.incidents[0]!.impact!.figures[0]!.measure)
    expect(new Set(measures).size).toBe(measures.length)
    expect(measures.sort()).toEqual([...new Set(multi.incidents.flatMap((i) => i.impact!.figures.map((f) => f.measure)))].sort())
  })

  test('without impact reports: no measure', () => {
    const none = { ...multi, incidents: multi.incidents.map(({ impact: _impact, ...rest }) => rest) } as MultiIncidentTruth
    expect(hasImpact(none)).toBe(false)
    expect(impactMeasures(none)).toEqual([])
  })
})

describe('IncidentKindTruth', () => {
  test('reads either shape', () => {
    expect(IncidentKindTruth.parse(single)).toEqual(single)
    expect(IncidentKindTruth.parse(multi)).toEqual(multi)
  })

  test('a mistake is reported against the shape the file means: one with "incidents" as several incidents', () => {
    const broken = { ...multi, incidents: [{ ...multi.incidents[0]!, firstBadEvent: 42 }, ...multi.incidents.slice(1)] }
    const paths = IncidentKindTruth.safeParse(broken).error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(['incidents.0.firstBadEvent'])
    const noRoot = { ...(single as object), rootCause: undefined }
    expect(IncidentKindTruth.safeParse(noRoot).error!.issues.map((i) => i.path.join('.'))).toContain('rootCause')
  })
})
