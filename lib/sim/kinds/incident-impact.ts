import type { ImpactReportDeliverable, IncidentImpact, IncidentTruth, MultiIncidentTruth } from '../../tasks/kinds/incident-response.js'
import type { Task } from '../../tasks/registry.js'
import { itemChances } from '../calibration.js'
import type { SimContext, SimItem } from '../context.js'
import type { Difficulty } from '../profiles.js'
import { INCIDENT_IDS } from './incident-outcomes.js'

const FOCUS = {
  figure: ['count', 'capacity', 'queue', 'backlog', 'processes', 'minute by minute'],
  timeline: ['onset', 'alert', 'timing', 'minute'],
  plan: ['side effect', 'order', 'revers', 'time it needs', 'approval'],
}

function item(task: Task, id: string, difficulty: Difficulty, focusWords: readonly string[], theme: string): SimItem {
  return { id, difficulty, ...itemChances(task, id, difficulty), focusWords, themes: [theme] }
}

/**
 * The items of an impact report, and how hard each is: an exact figure is a count over the whole
 * hour (LOW: a strong model in one pass gets few of them exactly), CRITICAL when it is must-catch;
 * the first minute of harm, the first alert and each step of the plan's order are LOW; naming every
 * target of an action is LOW, CRITICAL when it is must-catch.
 */
export const IMPACT = {
  start: (task: Task, t: IncidentTruth) => item(task, INCIDENT_IDS.start(t.id), 'LOW', FOCUS.timeline, 'timeline'),
  detected: (task: Task, t: IncidentTruth) => item(task, INCIDENT_IDS.detected(t.id), 'LOW', FOCUS.timeline, 'timeline'),
  figure: (task: Task, t: IncidentTruth, f: IncidentImpact['figures'][number]) => item(task, INCIDENT_IDS.figure(t.id, f.measure), f.mustCatch ? 'CRITICAL' : 'LOW', FOCUS.figure, 'figure'),
  targets: (task: Task, a: MultiIncidentTruth['requiredActions'][number]) => item(task, INCIDENT_IDS.targets(a.action), a.mustCatchTargets ? 'CRITICAL' : 'LOW', FOCUS.plan, 'targets'),
  after: (task: Task, a: MultiIncidentTruth['requiredActions'][number]) => item(task, INCIDENT_IDS.after(a.action), 'LOW', FOCUS.plan, 'order'),
}

type ReportedImpact = ImpactReportDeliverable['incidents'][number]['impact']
type ReportedAction = ImpactReportDeliverable['actions'][number]

/** An estimate instead of a count: off by 6 to 20 %, the same way in every call of the trial. */
function estimate(ctx: SimContext, exact: number, ...parts: string[]): number {
  const off = ctx.pick([0.06, 0.09, 0.13, 0.2], ...parts, 'off') * ctx.pick([-1, 1], ...parts, 'sign')
  return Math.max(0, Math.round(exact * (1 + off)))
}

/** "13:08" moved by `minutes`. */
const shift = (minute: string, minutes: number) => {
  const [h, m] = minute.split(':').map(Number) as [number, number]
  const total = h * 60 + m + minutes
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/**
 * A reported incident's impact, for the true incident `t` it stands for (or none, for a spurious
 * one): the exact values the call sees, estimates of the figures it does not, and a minute or an
 * alert that is off for the timeline it misses. `carried` says whether earlier work reports a value.
 */
export function reportImpact(ctx: SimContext, measures: readonly string[], t: IncidentTruth | null, carried: (key: string, value: unknown) => boolean): ReportedImpact {
  const figures: Record<string, number | null> = Object.fromEntries(measures.map((m) => [m, null]))
  if (!t?.impact) return { start: '13:30', detectedBy: t?.firstBadEvent ?? 'E-0001', figures }
  const { start, detectedBy } = t.impact
  for (const f of t.impact.figures) {
    const right = ctx.decide(IMPACT.figure(ctx.task, t, f), carried(f.measure, f.value)).found
    figures[f.measure] = right ? f.value : estimate(ctx, f.value, t.id, f.measure)
  }
  const late = t.causalChain.at(-1)?.events[0] ?? t.firstBadEvent
  return {
    start: ctx.decide(IMPACT.start(ctx.task, t), carried('start', start)).found ? start : shift(start, ctx.pick([-2, -1, 1, 3], t.id, 'start-off')),
    detectedBy: ctx.decide(IMPACT.detected(ctx.task, t), carried('detectedBy', detectedBy)).found ? detectedBy : late,
    figures,
  }
}

/**
 * The targets and order of each action of a plan: right when the call sees them (or earlier work
 * reports them), otherwise only the first, most obvious target and no order.
 */
export function planActions(ctx: SimContext, truth: MultiIncidentTruth, actions: ReadonlyArray<{ action: string; rationale: string }>, carried: (action: string, key: 'targets' | 'after', value: readonly string[]) => boolean): ReportedAction[] {
  const required = new Map(truth.requiredActions.map((a) => [a.action, a]))
  return actions.map((a) => {
    const want = required.get(a.action)
    const targets = want?.targets
      ? ctx.decide(IMPACT.targets(ctx.task, want), carried(a.action, 'targets', want.targets)).found
        ? [...want.targets]
        : want.targets.slice(0, want.targets.length > 1 ? 1 : 0)
      : []
    const after = want?.after && ctx.decide(IMPACT.after(ctx.task, want), carried(a.action, 'after', want.after)).found ? want.after.filter((b) => actions.some((x) => x.action === b)) : []
    return { action: a.action, targets, after, rationale: a.rationale }
  })
}

/** What a judge believes an incident's impact to be: the values it sees itself, the candidate's where it cannot tell. */
export function believeImpact(judge: SimContext, t: IncidentTruth, theirs: ReportedImpact | null): IncidentImpact | undefined {
  if (!t.impact) return undefined
  const given = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0
  return {
    start: judge.sees(IMPACT.start(judge.task, t)) || !theirs ? t.impact.start : theirs.start,
    detectedBy: judge.sees(IMPACT.detected(judge.task, t)) || !theirs || !/^E-\d{4}$/.test(theirs.detectedBy) ? t.impact.detectedBy : theirs.detectedBy,
    figures: t.impact.figures.map((f) => {
      const reported = theirs?.figures[f.measure]
      return judge.sees(IMPACT.figure(judge.task, t, f)) || !given(reported) ? f : { ...f, value: reported }
    }),
  }
}

/** What a judge believes the plan's targets and order to be: the ones it sees itself, the candidate's where it cannot tell. */
export function believePlan(judge: SimContext, truth: MultiIncidentTruth, candidate: readonly ReportedAction[]): MultiIncidentTruth['requiredActions'] {
  return truth.requiredActions.map((a) => {
    const theirs = candidate.filter((x) => x.action === a.action)
    const targets = a.targets && !judge.sees(IMPACT.targets(judge.task, a)) && theirs.some((x) => x.targets.length > 0) ? theirs.flatMap((x) => x.targets) : a.targets
    const after = a.after && !judge.sees(IMPACT.after(judge.task, a)) && theirs.some((x) => x.after.length > 0) ? theirs.flatMap((x) => x.after).filter((b) => /^R\d{2}$/.test(b)) : a.after
    return { ...a, ...(targets ? { targets } : {}), ...(after && after.length > 0 ? { after } : {}) }
  })
}
