import type { Config } from '../config.js'
import type { Estimate, LearningEvidence } from '../memory/evidence.js'
import { StoredLesson } from '../memory/lessons.js'
import { type MemoryFile, versionName, writeVersion } from '../memory/store.js'
import { curvePoints, differenceOfImprovements, heldOutEstimate, improvement, type Improvement } from './curve.js'
import type { ArmState } from './loop.js'
import { updateLessons } from './update.js'
import { sumCostParts } from '../results/cost.js'
import type { LearningSplit } from '../results/learning-settings.js'
import type { LearnedTask } from '../results/learning.js'
import { isSingleAgent } from '../results/matched-baseline.js'
import type { CostPart } from '../results/record.js'

/** What an arm's retrospectives cost, summed over its iterations, and how many failed. */
function retrospectiveCost(arm: ArmState): { cost: CostPart; errors: number } {
  const retros = arm.iterations.flatMap((s) => (s.retrospective ? [s.retrospective] : []))
  return { cost: sumCostParts(retros.map((r) => r.cost)), errors: retros.filter((r) => r.error).length }
}

const fromImprovement = (i: Improvement): Estimate => ({ mean: i.mean, lo: i.ci?.lo ?? null, hi: i.ci?.hi ?? null, n: i.n })

/** What a learning run measured, for the memory version it writes and for the report. */
export function learningEvidence(arms: readonly ArmState[], ctx: { runId: string; config: Pick<Config, 'learn' | 'simulated' | 'provider' | 'model'>; split?: LearningSplit }): LearningEvidence {
  const orgs = arms.filter((a) => !isSingleAgent(a.topology))
  const singles = arms.filter((a) => isSingleAgent(a.topology))
  return {
    runId: ctx.runId,
    simulated: ctx.config.simulated,
    provider: ctx.config.provider,
    model: ctx.config.model,
    settings: { ...ctx.config.learn },
    arms: arms.map((a) => {
      const off = a.ablation ? heldOutEstimate([...a.ablation.values()].filter((v): v is number => v !== null)) : null
      return {
        topology: a.topology,
        curve: curvePoints(a.heldOut).map((p, i) => ({ iteration: p.iteration, mean: p.heldOut.mean, lo: p.heldOut.ci?.lo ?? null, hi: p.heldOut.ci?.hi ?? null, n: p.heldOut.n, errors: p.errors, memoryVersion: a.iterations[i]?.memoryVersion ?? '' })),
        improvement: fromImprovement(improvement(a.heldOut)),
        memoryOff: off && { mean: off.mean, lo: off.ci?.lo ?? null, hi: off.ci?.hi ?? null, n: off.n },
        stop: a.stop?.reason ?? 'not finished',
        retrospective: retrospectiveCost(a),
      }
    }),
    ...(ctx.split ? { split: ctx.split } : {}),
    differences: orgs.flatMap((o) => singles.map((s) => ({ org: o.topology, single: s.topology, ...fromImprovement(differenceOfImprovements(o.heldOut, s.heldOut)) }))),
  }
}

/**
 * The memory a complete learning run leaves: the base lessons plus every arm's learned lessons
 * (deduplicated, bounded per reading role again), and each arm's protocol fixes under its topology.
 */
export function finalMemory(arms: readonly ArmState[], budgetTokens: number): Pick<MemoryFile, 'lessons' | 'protocol' | 'dropped'> {
  const base = arms[0]?.base.lessons.map((l) => StoredLesson.parse(l)) ?? []
  const learned = arms.flatMap((a) => a.lessons.filter((l) => l.provenance !== null).map((l) => ({ text: l.text, audience: l.audience, provenance: l.provenance! })))
  const readers = [...new Set(arms.flatMap((a) => a.readers))].sort()
  const merged = updateLessons(base, learned, readers, budgetTokens)
  const protocol = Object.fromEntries(arms.filter((a) => Object.keys(a.protocol).length > 0).map((a) => [a.topology, a.protocol]))
  return { lessons: merged.lessons, protocol, dropped: [...arms.flatMap((a) => a.dropped), ...merged.dropped.filter((d) => !d.reason.startsWith('duplicate'))] }
}

/** Writes the next memory version of the task from a complete learning run; its parent is the version the arms started from. */
export function persistLearning(dir: string, task: string, arms: readonly ArmState[], ctx: { runId: string; config: Pick<Config, 'learn' | 'simulated' | 'provider' | 'model'>; split?: LearningSplit }): MemoryFile {
  const from = arms[0]?.base.storedVersion ?? null
  return writeVersion(dir, task, { ...finalMemory(arms, ctx.config.learn.budgetTokens), writtenBy: ctx.runId, evidence: learningEvidence(arms, ctx) }, { from })
}

/**
 * What the run learned for the task, for its run file: the version it wrote (its evidence and
 * learned lessons), or why it wrote none with what the arms that ran measured and learned.
 */
export function learnedTask(task: string, arms: readonly ArmState[], ctx: Parameters<typeof learningEvidence>[1], outcome: { written: MemoryFile } | { notWritten: string }): LearnedTask {
  const learned = (lessons: readonly StoredLesson[]) => lessons.filter((l) => l.provenance !== null)
  if ('written' in outcome) {
    const file = outcome.written
    return { task, version: versionName(task, file.version), notWritten: null, evidence: file.evidence, lessons: learned(file.lessons) }
  }
  if (arms.length === 0) return { task, version: null, notWritten: outcome.notWritten, evidence: null, lessons: [] }
  return { task, version: null, notWritten: outcome.notWritten, evidence: learningEvidence(arms, ctx), lessons: learned(finalMemory(arms, ctx.config.learn.budgetTokens).lessons) }
}
