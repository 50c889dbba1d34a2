import { type IncidentResponseTruth, isMultiIncident, type MultiIncidentTruth } from './incident-response.js'
import type { TruthContext, TruthProblem } from './index.js'
import { duplicateIds } from './truth-context.js'

/** What incident ground truth points into: the events, actions and components its inputs define. */
interface Referenced {
  /** Event ids in the log, with their position (ids follow time order). */
  events: Map<string, number>
  /** The rest of each event's line after its id (time, component, level, message). */
  lines: Map<string, string>
  actions: Set<string>
  hasComponent(component: string): boolean
}

/** Ids defined on more than one line of a text: `field: <what> <id> is defined on lines a and b of <input>`, once per id. */
function definedTwice(text: string, pattern: RegExp, what: string, field: string, input: string): TruthProblem[] {
  const linesOf = new Map<string, number[]>()
  text.split(/\r?\n/).forEach((line, i) => {
    const id = pattern.exec(line)?.[1]
    if (id !== undefined) linesOf.set(id, [...(linesOf.get(id) ?? []), i + 1])
  })
  return [...linesOf].filter(([, lines]) => lines.length > 1).map(([id, lines]) => ({ field, message: `${what} ${id} is defined on lines ${lines.join(' and ')} of ${input}; expected each once` }))
}

function referenced(truth: IncidentResponseTruth | MultiIncidentTruth, inputs: TruthContext['inputs'], problems: TruthProblem[]): Referenced {
  const get = (key: keyof typeof truth.inputs) => {
    const text = inputs.get(truth.inputs[key])
    if (text === undefined) problems.push({ field: `inputs.${key}`, message: `expected the id of a task input, got "${truth.inputs[key]}"` })
    return text ?? ''
  }
  const log = get('events')
  const runbook = get('runbook')
  // An event is a log line that starts with its id; an action is defined where a line (a heading, a list item) starts with its id.
  problems.push(...definedTwice(log, /^(E-\d{4})\s/, 'event', 'inputs.events', truth.inputs.events))
  problems.push(...definedTwice(runbook, /^(?:#+\s+|[-*]\s+)?(?:\*\*)?(R\d{2})\b/, 'action', 'inputs.runbook', truth.inputs.runbook))
  const found = [...log.matchAll(/^(E-\d{4})\s+(.*)$/gm)]
  const events = new Map(found.map((m, i) => [m[1]!, i]))
  const lines = new Map(found.map((m) => [m[1]!, m[2]!]))
  const actions = new Set([...runbook.matchAll(/\b(R\d{2})\b/g)].map((m) => m[1]!))
  const system = get('system')
  return { events, lines, actions, hasComponent: (c) => new RegExp(`(^|[^a-z0-9-])${c}($|[^a-z0-9-])`, 'm').test(system) }
}

/** Cross-checks incident ground truth, of one incident or several, against the inputs it points into. */
export function checkIncidentTruth(truth: IncidentResponseTruth | MultiIncidentTruth, { inputs }: TruthContext): TruthProblem[] {
  const problems: TruthProblem[] = []
  const ref = referenced(truth, inputs, problems)
  const component = (field: string, c: string) => {
    if (!ref.hasComponent(c)) problems.push({ field, message: `component "${c}" is not described in ${truth.inputs.system}` })
  }
  const event = (field: string, id: string) => {
    if (!ref.events.has(id)) problems.push({ field, message: `event ${id} does not exist in ${truth.inputs.events}` })
  }
  const action = (field: string, id: string) => {
    if (!ref.actions.has(id)) problems.push({ field, message: `action ${id} does not exist in ${truth.inputs.runbook}` })
  }

  truth.components?.forEach((c, i) => component(`components.${i}`, c))
  const listed = new Set(truth.components ?? [])
  const named = [...(isMultiIncident(truth) ? truth.incidents.map((x) => x.rootCause.component) : [truth.rootCause.component]), ...truth.redHerrings.map((r) => r.component)]
  for (const c of new Set(named)) if (truth.components && !listed.has(c)) problems.push({ field: 'components', message: `expected every root-cause and red-herring component in the list, "${c}" is missing` })
  if (!isMultiIncident(truth)) {
    component('rootCause.component', truth.rootCause.component)
    event('firstBadEvent', truth.firstBadEvent)
    truth.requiredActions.forEach((a, i) => action(`requiredActions.${i}`, a))
    truth.harmfulActions.forEach((a, i) => action(`harmfulActions.${i}`, a))
    problems.push(...duplicateIds(truth.requiredActions.map((a, i) => ({ id: a, field: `requiredActions.${i}` })), 'required action'))
    problems.push(...duplicateIds(truth.harmfulActions.map((a, i) => ({ id: a, field: `harmfulActions.${i}` })), 'harmful action'))
    bothRequiredAndHarmful(truth.requiredActions, truth.harmfulActions, (i) => `harmfulActions.${i}`, problems)
  } else {
    checkIncidents(truth, ref, problems, component, event)
    const incidentIds = new Set(truth.incidents.map((x) => x.id))
    truth.requiredActions.forEach((a, i) => {
      action(`requiredActions.${i}.action`, a.action)
      if (!incidentIds.has(a.incident)) problems.push({ field: `requiredActions.${i}.incident`, message: `expected one of the incident ids (${[...incidentIds].join(', ')}), got "${a.incident}"` })
    })
    truth.harmfulActions.forEach((a, i) => action(`harmfulActions.${i}.action`, a.action))
    problems.push(...duplicateIds(truth.requiredActions.map((a, i) => ({ id: a.action, field: `requiredActions.${i}.action` })), 'required action'))
    problems.push(...duplicateIds(truth.harmfulActions.map((a, i) => ({ id: a.action, field: `harmfulActions.${i}.action` })), 'harmful action'))
    bothRequiredAndHarmful(
      truth.requiredActions.map((a) => a.action),
      truth.harmfulActions.map((a) => a.action),
      (i) => `harmfulActions.${i}.action`,
      problems,
    )
    checkPlan(truth, problems)
  }
  const owned = new Map(isMultiIncident(truth) ? truth.incidents.flatMap((x) => x.events.map((e) => [e, x.id] as const)) : [])
  truth.redHerrings.forEach((h, i) => {
    component(`redHerrings.${i}.component`, h.component)
    h.events.forEach((e, j) => {
      event(`redHerrings.${i}.events.${j}`, e)
      if (owned.has(e)) problems.push({ field: `redHerrings.${i}.events.${j}`, message: `event ${e} belongs to incident "${owned.get(e)}"; a red herring explains nothing` })
    })
  })
  return problems
}

/** An action both required and harmful: no deliverable could score full marks. */
function bothRequiredAndHarmful(required: readonly string[], harmful: readonly string[], field: (i: number) => string, problems: TruthProblem[]): void {
  harmful.forEach((a, i) => {
    const j = required.indexOf(a)
    if (j >= 0) problems.push({ field: field(i), message: `action ${a} is also required (requiredActions.${j}); an action is either required or harmful, or no response could score full marks` })
  })
}

function checkIncidents(
  truth: MultiIncidentTruth,
  ref: Referenced,
  problems: TruthProblem[],
  component: (field: string, c: string) => void,
  event: (field: string, id: string) => void,
): void {
  const ids = new Set<string>()
  const owner = new Map<string, string>()
  truth.incidents.forEach((x, i) => {
    const at = `incidents.${i}`
    if (ids.has(x.id)) problems.push({ field: `${at}.id`, message: `duplicate incident id "${x.id}"` })
    ids.add(x.id)
    component(`${at}.rootCause.component`, x.rootCause.component)
    event(`${at}.firstBadEvent`, x.firstBadEvent)
    const own = new Set(x.events)
    x.events.forEach((e, j) => {
      event(`${at}.events.${j}`, e)
      const other = owner.get(e)
      if (other !== undefined && other !== x.id) problems.push({ field: `${at}.events.${j}`, message: `event ${e} also belongs to incident "${other}"` })
      owner.set(e, x.id)
      if ((ref.events.get(e) ?? Infinity) < (ref.events.get(x.firstBadEvent) ?? -Infinity)) {
        problems.push({ field: `${at}.events.${j}`, message: `event ${e} comes before the first bad event ${x.firstBadEvent}` })
      }
    })
    const first = x.causalChain[0]!
    if (first.events.length !== 1 || first.events[0] !== x.firstBadEvent) {
      problems.push({ field: `${at}.causalChain.0.events`, message: `expected the first link to be the first bad event ${x.firstBadEvent} alone` })
    }
    x.causalChain.forEach((link, k) =>
      link.events.forEach((e, j) => {
        if (!own.has(e)) problems.push({ field: `${at}.causalChain.${k}.events.${j}`, message: `event ${e} is not among the incident's events` })
      }),
    )
    checkImpact(x, at, ref, problems)
  })
  const reporting = truth.incidents.filter((x) => x.impact !== undefined).length
  if (reporting > 0 && reporting < truth.incidents.length) {
    truth.incidents.forEach((x, i) => {
      if (x.impact === undefined) problems.push({ field: `incidents.${i}.impact`, message: 'expected an impact, as the other incidents have: an impact report covers every incident' })
    })
  }
}

/** The "HH:MM" of an event's line, or null. */
const minuteOf = (line: string | undefined) => /^(\d\d:\d\d)/.exec(line ?? '')?.[1] ?? null

/** An incident's impact: its start no earlier than its first bad event, its first alert a monitor event after it, each measure once. */
function checkImpact(x: MultiIncidentTruth['incidents'][number], at: string, ref: Referenced, problems: TruthProblem[]): void {
  if (!x.impact) return
  const { start, detectedBy, figures } = x.impact
  const began = minuteOf(ref.lines.get(x.firstBadEvent))
  if (began !== null && start < began) problems.push({ field: `${at}.impact.start`, message: `expected a minute at or after the first bad event's (${began}), got "${start}"` })
  const alert = ref.lines.get(detectedBy)
  if (alert === undefined) problems.push({ field: `${at}.impact.detectedBy`, message: `event ${detectedBy} does not exist in the log` })
  else if (!/^\S+ monitor /.test(alert)) problems.push({ field: `${at}.impact.detectedBy`, message: `expected a monitor event (an alert or page), got "${alert}"` })
  else if ((ref.events.get(detectedBy) ?? 0) < (ref.events.get(x.firstBadEvent) ?? 0)) problems.push({ field: `${at}.impact.detectedBy`, message: `event ${detectedBy} comes before the first bad event ${x.firstBadEvent}` })
  const seen = new Set<string>()
  figures.forEach((f, j) => {
    if (seen.has(f.measure)) problems.push({ field: `${at}.impact.figures.${j}.measure`, message: `measure "${f.measure}" is given twice` })
    seen.add(f.measure)
  })
}

/** The plan's order: every action an action must follow is itself required, and the order has no cycle; must-catch targets need targets. */
function checkPlan(truth: MultiIncidentTruth, problems: TruthProblem[]): void {
  const after = new Map(truth.requiredActions.map((a) => [a.action, a.after ?? []]))
  truth.requiredActions.forEach((a, i) => {
    if (a.mustCatchTargets && !a.targets) problems.push({ field: `requiredActions.${i}.mustCatchTargets`, message: 'expected targets for a must-catch on targets' })
    ;(a.after ?? []).forEach((b, j) => {
      if (!after.has(b)) problems.push({ field: `requiredActions.${i}.after.${j}`, message: `expected a required action, got "${b}"` })
    })
    // Depth-first from the action: reaching it again is a cycle.
    const stack = [...(a.after ?? [])]
    const visited = new Set<string>()
    while (stack.length > 0) {
      const b = stack.pop()!
      if (b === a.action) {
        problems.push({ field: `requiredActions.${i}.after`, message: `${a.action} must come after itself (a cycle)` })
        break
      }
      if (visited.has(b)) continue
      visited.add(b)
      stack.push(...(after.get(b) ?? []))
    }
  })
}
