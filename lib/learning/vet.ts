import { addresses } from '../memory/memory.js'
import type { Dropped } from '../memory/store.js'
import { describeLessonLeaks, type LessonLeak } from './lesson-leaks.js'
import { applyFix } from './protocol.js'
import type { Retrospective } from './retrospective.js'
import type { NewLesson } from './update.js'

export interface Vetted {
  lessons: NewLesson[]
  /** The topology's learned options after the accepted fixes. */
  protocol: Record<string, unknown>
  rejected: Dropped[]
}

/** Audiences that name a group of agents rather than one (lib/memory/lessons.ts Audience). */
const GROUPS = new Set(['all', 'specialists'])

/** Shortest lesson kept: anything shorter says nothing an agent can act on. */
const MIN_LESSON_CHARS = 20

/**
 * Checks a retrospective against what can take effect: a lesson keeps only the addressees that
 * read memory in this topology (`readers`; a group, "all" or "specialists", becomes the readers
 * in it), and is rejected when none is left; a lesson that gives the task's answers away (`leaks`,
 * see lib/learning/lesson-leaks.ts) is rejected, since lessons persist into benchmark runs that show
 * the same inputs; a protocol fix is applied only to a knob the topology reads. Every rejection is
 * recorded with its reason.
 */
export function vetRetrospective(
  retro: Retrospective,
  ctx: { readers: readonly string[]; topology: string; iteration: number; runId: string; protocol: Readonly<Record<string, unknown>>; leaks: (lesson: string) => LessonLeak[] },
): Vetted {
  const rejected: Dropped[] = []
  const reject = (what: string, reason: string) => rejected.push({ what, reason, iteration: ctx.iteration, topology: ctx.topology })
  const modes = new Map(retro.failureModes.map((f) => [f.id, f]))
  const lessons: NewLesson[] = []
  for (const l of retro.lessons) {
    const text = l.text.trim()
    // A group ("all", "specialists") stands for the readers it addresses; any other id must be a reader.
    const reached = (a: string) => ctx.readers.filter((r) => addresses([a], r))
    for (const a of l.audience.filter((x) => reached(x).length === 0)) {
      const why = GROUPS.has(a) ? `no agent of the group "${a}" reads memory in ${ctx.topology}` : `no agent "${a}" reads memory in ${ctx.topology}`
      reject(`lesson "${text.slice(0, 80)}" for ${a}`, `${why} (readers: ${ctx.readers.join(', ')})`)
    }
    const audience = [...new Set(l.audience.flatMap(reached))]
    if (audience.length === 0) continue
    if (text.length < MIN_LESSON_CHARS) {
      reject(`lesson "${text}"`, `shorter than ${MIN_LESSON_CHARS} characters`)
      continue
    }
    const leaks = ctx.leaks(text)
    if (leaks.length > 0) {
      reject(`lesson "${text.slice(0, 80)}"`, `names this task's answers: ${describeLessonLeaks(leaks)}; expected how to work, in words that fit any case of the task`)
      continue
    }
    const mode = modes.get(l.failureMode)
    lessons.push({
      text,
      audience,
      provenance: { runId: ctx.runId, topology: ctx.topology, iteration: ctx.iteration, failureMode: mode?.description ?? l.failureMode, evidence: mode?.evidence ?? '' },
    })
  }
  let protocol: Record<string, unknown> = { ...ctx.protocol }
  for (const fix of retro.protocolFixes) {
    const outcome = applyFix(ctx.topology, protocol, fix.knob, fix.value)
    if (outcome.ok) protocol = outcome.options
    else reject(`protocol fix ${fix.knob}=${fix.value}`, outcome.reason)
  }
  return { lessons, protocol, rejected }
}
