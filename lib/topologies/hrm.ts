import { type AgentReply, allAgents, askStructured, produceDeliverable } from './agent.js'
import { deliverableDistance } from './convergence.js'
import { haltDecision, needsAssessment } from './hrm_halting.js'
import { HrmOptions, parseOptions } from './options.js'
import { type Handoff, handoffBlock, roleIdentity, structuralIdentity } from './prompts.js'
import { HaltAssessment, HRM_HALT_SCHEMA, HRM_PLAN_SCHEMA, HrmPlan } from './schemas.js'
import type { Deliverable, Topology } from './types.js'

interface Held<T> {
  value: T
  /** The call that produced it; later calls that read it depend on this one. */
  callId: string
  label: string
}

const PASS =
  'You keep working notes on the task from your focus, in the deliverable\'s format. Update them now: follow the coordinator\'s current plan where it concerns you, check your notes against the task inputs, correct what is wrong and add what is missing. Hand in your complete updated notes.'
const OUTPUT =
  'Write the complete deliverable from your plan and your team\'s latest notes (above). It must stand on its own: every finding the notes support, with its concrete values, and nothing the task inputs contradict.'
const HALT =
  'Assess the deliverable quoted above against every requirement of the task and its inputs. Estimate the probability that it meets all of them, list what is still missing or doubtful, and give your reason.'

const planBlock = (plan: Held<HrmPlan> | null): string =>
  plan
    ? handoffBlock('The coordinator\'s current plan', [{ from: 'coordinator', title: plan.label, content: { kind: 'structured', schema: HRM_PLAN_SCHEMA, data: plan.value } }])
    : '## The coordinator\'s current plan\n\nThe coordinator has not written a plan yet: work on the whole task from your focus.'

/**
 * After Wang et al., "Hierarchical Reasoning Model" (arXiv:2506.21734), mapped onto agents.
 * Specialists (f_L) keep persistent working notes (z_L) and take T passes per cycle, each seeing the
 * raw task (input injection), their own notes and the current plan. The coordinator (f_H) updates its
 * plan (z_H) once per cycle from the specialists' latest notes only, never their transcripts. After N
 * cycles it writes a complete deliverable from its state (f_O: a segment). An outer loop of segments,
 * carrying notes and plan forward, stops by the halting rule of hrm_halting.ts: ACT mode (minimum and
 * maximum segments, convergence of the deliverable, or a self-assessed pass probability) or fixed mode.
 * Every plan and every halting decision is recorded in the trace.
 */
export const hrm: Topology = {
  id: 'hrm',
  description: 'specialists refine persistent notes under a coordinator\'s plan (N cycles × T passes); the coordinator writes a deliverable per segment until the halting rule stops',
  structuralRoles: ['coordinator'],
  estimate: {
    calls: (task, { hrm: { maxSegments, cycles, passes } }) => maxSegments * (cycles * (passes * task.roles.length + 1) + 2),
    chain: (_task, { hrm: { maxSegments, cycles, passes } }) => maxSegments * (cycles * (passes + 1) + 2),
  },
  options: HrmOptions,
  learnableKnobs: ['cycles', 'passes', 'minSegments', 'maxSegments', 'halting', 'haltThreshold', 'convergence'],
  async run(ctx) {
    const options = parseOptions('hrm', HrmOptions, ctx.options)
    const roles = ctx.task.roles
    const coordinator = structuralIdentity(
      'coordinator',
      'coordinator',
      'You keep the team\'s plan, update it from your specialists\' latest notes, and write the deliverable from it.',
      ctx.lessons('coordinator'),
    )
    const notes = new Map<string, Held<Deliverable>>()
    const latestNotes = (): Array<Handoff & { callId: string }> =>
      roles.flatMap((r) => {
        const n = notes.get(r.id)
        return n ? [{ from: r.name, title: n.label, content: n.value, callId: n.callId }] : []
      })
    let plan: Held<HrmPlan> | null = null
    let output: Held<Deliverable> | null = null

    for (let segment = 1; ; segment++) {
      for (let cycle = 1; cycle <= options.cycles; cycle++) {
        await allAgents(
          roles.map(async (role) => {
            for (let pass = 1; pass <= options.passes; pass++) {
              const own = notes.get(role.id)
              const reply = await produceDeliverable(ctx, {
                who: roleIdentity(role, ctx.lessons(role.id)),
                phase: 'specialist',
                context: [planBlock(plan), own ? handoffBlock('Your working notes so far', [{ from: role.name, title: own.label, content: own.value }]) : ''],
                assignment: PASS,
                dependsOn: [plan?.callId, own?.callId].filter((id): id is string => id !== undefined),
                labels: { segment, cycle, pass },
              })
              notes.set(role.id, { value: reply.value, callId: reply.lastCallId, label: `Notes of the ${role.name} (segment ${segment}, cycle ${cycle}, pass ${pass})` })
            }
          }),
        )
        const latest = latestNotes()
        const reply: AgentReply<HrmPlan> = await askStructured(
          ctx,
          {
            who: coordinator,
            phase: 'plan',
            context: [planBlock(plan), handoffBlock('Your specialists\' latest notes, in full', latest)],
            assignment: `Update your plan from your specialists' latest notes: assess what they establish and what is still weak, missing or contradictory, and give each specialist one concrete instruction for the next cycle. Specialists by role id: ${roles.map((r) => `${r.id} (${r.name})`).join(', ')}.`,
            dependsOn: [...latest.map((n) => n.callId), ...(plan ? [plan.callId] : [])],
            labels: { segment, cycle },
          },
          HRM_PLAN_SCHEMA,
          HrmPlan,
          `Reply with only a JSON object matching the schema "${HRM_PLAN_SCHEMA}".`,
        )
        plan = { value: reply.value, callId: reply.lastCallId, label: `Plan (segment ${segment}, cycle ${cycle})` }
        ctx.event({ type: 'hrm_plan', callIds: [reply.lastCallId], detail: { segment, cycle, plan: reply.value } })
      }

      const previous: Held<Deliverable> | null = output
      const latest = latestNotes()
      const current = await produceDeliverable(ctx, {
        who: coordinator,
        phase: 'output',
        context: [
          planBlock(plan),
          handoffBlock('Your specialists\' latest notes, in full', latest),
          previous ? handoffBlock('Your deliverable of the previous segment', [{ from: 'coordinator', title: previous.label, content: previous.value }]) : '',
        ],
        assignment: previous ? `${OUTPUT} Improve on your deliverable of the previous segment.` : OUTPUT,
        dependsOn: [plan!.callId, ...latest.map((n) => n.callId), ...(previous ? [previous.callId] : [])],
        labels: { segment },
      })
      output = { value: current.value, callId: current.lastCallId, label: `Deliverable of segment ${segment}` }

      const distance = previous ? deliverableDistance(previous.value, current.value) : null
      let assessment: { value: HaltAssessment; callId: string } | null = null
      if (needsAssessment(options, segment, distance)) {
        const reply = await askStructured(
          ctx,
          {
            who: coordinator,
            phase: 'halt',
            context: [handoffBlock('The deliverable to assess, in full', [{ from: 'coordinator', title: output.label, content: output.value }])],
            assignment: HALT,
            dependsOn: [current.lastCallId],
            labels: { segment },
          },
          HRM_HALT_SCHEMA,
          HaltAssessment,
          `Reply with only a JSON object matching the schema "${HRM_HALT_SCHEMA}".`,
        )
        assessment = { value: reply.value, callId: reply.lastCallId }
      }
      const decision = haltDecision(options, { segment, distance, passProbability: assessment?.value.passProbability ?? null })
      ctx.event({
        type: 'hrm_halting',
        callIds: [current.lastCallId, ...(assessment ? [assessment.callId] : [])],
        detail: {
          segment,
          mode: options.halting,
          distance,
          convergenceThreshold: options.convergence,
          passProbability: assessment?.value.passProbability ?? null,
          haltThreshold: options.haltThreshold,
          gaps: assessment?.value.gaps ?? null,
          halt: decision.halt,
          reason: decision.reason,
        },
      })
      if (decision.halt) return output.value
    }
  },
}
