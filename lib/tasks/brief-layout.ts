import type { TaskDefinition } from './schema.js'

/*
 * What a brief must leave to the prompt: buildTaskBlock (lib/topologies/prompts.ts) opens with
 * "# Task: <title>" and prints the hard constraints after the brief, so a brief that has either
 * of its own makes every agent and the judge read it twice.
 */

/** A heading of any level whose words are "hard constraints" (any case, with or without a colon). */
const HARD_CONSTRAINTS_HEADING = /^#{1,6}[ \t]+hard constraints[ \t]*:?[ \t]*$/im

/** The brief's first line when it is a top-level heading, its text as written, else null. */
function leadingHeading(brief: string): string | null {
  const first = brief.trimStart().split('\n', 1)[0]!
  const heading = /^#[ \t]+(.+?)[ \t]*#*[ \t]*$/.exec(first)
  return heading ? heading[1]! : null
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

/** A brief's own hard-constraints section and a heading that repeats the title, each as a problem of field brief. */
export function briefLayoutProblems(def: Pick<TaskDefinition, 'brief' | 'title'>, where: string): string[] {
  const problems: string[] = []
  const section = HARD_CONSTRAINTS_HEADING.exec(def.brief)
  if (section) {
    problems.push(`${where}: field brief: has its own "${section[0].trim()}" section; the hard constraints are rendered from hardConstraints after the brief; remove the brief's own section (and list every constraint under hardConstraints)`)
  }
  const heading = leadingHeading(def.brief)
  if (heading !== null && normalised(heading) === normalised(def.title)) {
    problems.push(`${where}: field brief: the brief repeats the title as its heading ("# ${heading}"); the prompt already opens with "# Task: <title>"; expected the brief without that heading`)
  }
  return problems
}
