import { type ReferenceSection as Section, referenceSections as sections } from '../../tasks/reference-sections.js'
import type { Task } from '../../tasks/registry.js'
import { readableItem, type SimContext, type SimItem } from '../context.js'
import { typicalDetectability } from '../profiles.js'

export interface ReferenceDeliverables {
  strong: string
  weak: string
}

const STOP = new Set('about after also and any are as at be but by can each for from has how in into is it its not of on or so that the their them this to under what when which who with within without'.split(' '))
const words = (text: string) => new Set(text.toLowerCase().match(/[a-z][a-z-]{3,}/g)?.filter((w) => !STOP.has(w)) ?? [])

interface Plan {
  strong: Section[]
  /** Generic prose per strong section (the weak reference's section of the same place), and a pool for the rest. */
  vague: string[][]
  filler: string[]
  /** Per section and paragraph: the item a model may see, and the paragraph with one value misstated. */
  items: SimItem[][]
  misstated: Array<Array<string | null>>
  /** How a critic quotes each paragraph when it names it as missing. */
  quoted: string[][]
}

/**
 * The simulator's item for a passage of the strong reference: CRITICAL when it meets a must-pass
 * checklist item, MEDIUM otherwise (LOW on the hard tier, whose passages are computed results), in
 * focus for the role that owns its section. The one place where a passage's detectability is set
 * (a calibration file can set it per passage).
 */
function passageItem(id: string, mustPass: boolean, owner: string | null, hard: boolean): SimItem {
  const difficulty = mustPass ? 'CRITICAL' : hard ? 'LOW' : 'MEDIUM'
  return { id, difficulty, detectability: typicalDetectability(difficulty), focusWords: [], focusRoles: owner ? [owner] : [] }
}

const plans = new WeakMap<Task, Plan>()
/** What the simulator makes of a design task's references, computed once per task. */
function planFor(task: Task, refs: ReferenceDeliverables): Plan {
  let plan = plans.get(task)
  if (plan) return plan
  const strong = sections(refs.strong)
  const weak = sections(refs.weak)
  const focus = task.roles.map((r) => ({ id: r.id, words: words(r.focus) }))
  // A section is in focus for the role whose focus shares most words with it, if one clearly does.
  const owners = strong.map((s) => {
    const text = words(`${s.heading} ${s.paragraphs.join(' ')}`)
    const scored = focus.map((f) => ({ id: f.id, n: [...f.words].filter((w) => text.has(w)).length })).sort((a, b) => b.n - a.n)
    return scored[0] && scored[0].n >= 2 && scored[0].n > (scored[1]?.n ?? 0) ? scored[0].id : null
  })
  const mustPass = task.checklist.filter((c) => c.mustPass).map((c) => c.patterns.map((p) => new RegExp(p, 'i')))
  plan = {
    strong,
    vague: strong.map((_, j) => weak[j]?.paragraphs ?? []),
    filler: weak.flatMap((s) => s.paragraphs),
    items: strong.map((s, j) =>
      s.paragraphs.map((paragraph, k) => passageItem(`s${j}p${k}`, mustPass.some((patterns) => patterns.some((re) => re.test(paragraph))), owners[j] ?? null, task.tier === 'hard')),
    ),
    misstated: strong.map((s) => s.paragraphs.map(misstate)),
    quoted: strong.map((s) => s.paragraphs.map((p) => readableItem(p.replace(/\s+/g, ' ').toLowerCase()).slice(0, 100))),
  }
  plans.set(task, plan)
  return plan
}

/**
 * A paragraph with one concrete value misstated: its first standalone number from 1 to 999 (not a
 * time, version, date or identifier) moves by a fifth, or by one when small. Null when it has none.
 */
export function misstate(paragraph: string): string | null {
  const m = /(?<![\w.:/-])(\d{1,3})(?![\w.:/-]|\.\d)/.exec(paragraph)
  if (!m) return null
  const n = Number(m[1])
  if (n === 0) return null
  const wrong = n >= 10 ? n - Math.round(n / 5) : n + 1
  return `${paragraph.slice(0, m.index)}${wrong}${paragraph.slice(m.index + m[1]!.length)}`
}

/**
 * Simulated design deliverable. The strong reference stands for the task's solution space: each of
 * its paragraphs is an item that a model may see (per the profile, with the model's blind spots),
 * write concretely, write vaguely (the weak reference's generic prose for that section), or
 * misstate (one value off). Must-pass material is a severe item. A section is in focus for the
 * role whose focus matches it in words, if one does. Earlier work in the prompt is carried over per
 * the profile; a merge that sees two versions of one passage may keep both, contradicting itself.
 */
export function simulateMarkdown(ctx: SimContext, refs: ReferenceDeliverables): string {
  const plan = planFor(ctx.task, refs)
  const out: string[] = [`# ${ctx.task.title}`]
  plan.strong.forEach((section, j) => {
    const written: string[] = []
    section.paragraphs.forEach((paragraph, k) => {
      const wrong = plan.misstated[j]![k]!
      const shown = [paragraph, wrong].filter((v): v is string => v !== null && ctx.includes(v))
      const d = ctx.decide(plan.items[j]![k]!, shown.length > 0 || ctx.hinted(plan.quoted[j]![k]!))
      if (!d.found) return
      if (d.confused) {
        const vague = plan.vague[j]!
        if (vague.length > 0) written.push(ctx.pick(vague, j, k, 'vague'))
        return
      }
      const mine = d.slipped && wrong !== null ? wrong : paragraph
      written.push(mine)
      const other = shown.find((v) => v !== mine)
      if (other && ctx.chance(ctx.profile.mergeConflict, j, k, 'conflict')) written.push(other)
    })
    out.push(`## ${section.heading}`)
    const unique = [...new Set(written)]
    if (unique.length > 0) out.push(...unique)
    else if (plan.filler.length > 0) out.push(ctx.pick(plan.vague[j]!.length > 0 ? plan.vague[j]! : plan.filler, j, 'filler'))
  })
  return out.join('\n\n') + '\n'
}

/** The reference passages this call would state, as it would state them: what a judge compares a candidate with. */
export function knownPassages(ctx: SimContext, refs: ReferenceDeliverables): Array<{ text: string; misstated: string | null }> {
  const plan = planFor(ctx.task, refs)
  return plan.strong.flatMap((section, j) =>
    section.paragraphs.flatMap((paragraph, k) => {
      const d = ctx.decide(plan.items[j]![k]!, false)
      if (!d.found || d.confused) return []
      const wrong = plan.misstated[j]![k]!
      return [d.slipped && wrong !== null ? { text: wrong, misstated: paragraph } : { text: paragraph, misstated: wrong }]
    }),
  )
}
