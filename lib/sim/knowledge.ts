import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { referenceProblems } from '../tasks/reference-sections.js'
import { loadRegistry, PROJECT_ROOT, reloadRegistry, type Registry, type Task } from '../tasks/registry.js'
import type { Role } from '../tasks/schema.js'
import { splitInputs } from '../tasks/split.js'
import { roleLine, taskBlock } from '../topologies/prompts.js'
import type { ReferenceDeliverables } from './kinds/markdown.js'
import type { KnownSource } from './request-body.js'
import { PromptText } from './prompt-text.js'

/** The simulator reads tasks and never decides which may run: the run's registry makes the checks that do (RegistryOptions.verify). */
const READ_ONLY = { verify: false } as const

/**
 * What the simulator knows: the task registry with fixtures and ground truth, and the reference
 * deliverables of the design tasks. It recognises a task by its brief appearing verbatim in a prompt.
 */
export class SimKnowledge {
  private readonly references = new Map<string, ReferenceDeliverables | null>()
  /** Every brief a prompt may quote with its task, longest first: sorted once, not per request. */
  private byBrief: Array<{ brief: string; task: Task }> | null = null

  constructor(
    readonly registry: Registry,
    private readonly calibrationDir: string,
  ) {}

  static async load(root = PROJECT_ROOT): Promise<SimKnowledge> {
    return new SimKnowledge(await loadRegistry(root === PROJECT_ROOT ? READ_ONLY : { root, ...READ_ONLY }), join(root, 'fixtures', 'calibration'))
  }

  /** What the simulator knows as the files are now: tasks and fixtures edited since load() (a watch session) are read again. */
  static async reload(root = PROJECT_ROOT): Promise<SimKnowledge> {
    return new SimKnowledge(await reloadRegistry(root === PROJECT_ROOT ? READ_ONLY : { root, ...READ_ONLY }), join(root, 'fixtures', 'calibration'))
  }

  /**
   * The task whose brief the text quotes, longest brief first so that no task shadows another. A
   * learning case's brief speaks of its side of the split alone (lib/tasks/scope.ts), so each side's
   * brief leads to the task too.
   */
  findTask(text: string | PromptText): Task | undefined {
    this.byBrief ??= this.registry.tasks
      .flatMap((task) => {
        const split = splitInputs(task)
        return [...new Set([task.brief, split.train.brief, split.heldOut.brief])].map((brief) => ({ brief, task }))
      })
      .sort((a, b) => b.brief.length - a.brief.length)
    const prompt = typeof text === 'string' ? new PromptText(text) : text
    return this.byBrief.find((b) => prompt.includes(b.brief))?.task
  }

  /**
   * Every task's block (what each prompt about the task quotes whole) as a text the request reader
   * knows, by how the block opens: its title line and the start of the brief.
   */
  blockSources(): KnownSource[] {
    return this.registry.tasks.map((task) => ({ opening: `# Task: ${task.title}\n\n${task.brief.trim().slice(0, 256)}`, text: () => taskBlock(task) }))
  }

  /** The team role a system prompt assigns (its line "Your role: <name>"), or null for a generalist. */
  findRole(task: Task, system: string): Role | null {
    // A whole line, so that no role's name is taken for another's that begins with it.
    const lines = new Set(system.split('\n'))
    return task.roles.find((r) => lines.has(roleLine(r.name))) ?? null
  }

  /**
   * Why the simulator cannot write a deliverable for a design task, or null when it can: its
   * reference deliverables are missing, or not in the "## " sections it writes from.
   */
  unusableReference(task: Pick<Task, 'id' | 'title'>): string | null {
    const dir = `fixtures/calibration/${task.id}`
    const cannot = `the orgbench simulator cannot write a deliverable for design task ${task.id} ("${task.title}"): it writes design deliverables from the reference deliverables ${dir}/strong.md and ${dir}/weak.md`
    const fix = '(see "Design tasks" in docs/writing-a-task.md; npx orgbench tasks --check names what is wrong) or run against a model endpoint'
    const refs = this.reference(task.id)
    if (!refs) return `${cannot}, which do not exist; add them ${fix}`
    const problems = referenceProblems(refs, `${dir}/strong.md`, `${dir}/weak.md`)
    return problems.length === 0 ? null : `${cannot}, which it cannot read: ${problems.join('; ')}; fix them ${fix}`
  }

  reference(taskId: string): ReferenceDeliverables | null {
    if (!this.references.has(taskId)) {
      const dir = join(this.calibrationDir, taskId)
      const strong = join(dir, 'strong.md')
      const weak = join(dir, 'weak.md')
      this.references.set(taskId, existsSync(strong) && existsSync(weak) ? { strong: readFileSync(strong, 'utf8'), weak: readFileSync(weak, 'utf8') } : null)
    }
    return this.references.get(taskId) ?? null
  }
}
