import type { TaskDefinition } from './schema.js'

/*
 * What a brief must leave to the prompt: buildTaskBlock (lib/topologies/prompts.ts) opens with
 * "# Task: <title>" and prints the hard constraints after the brief, so a brief that has either
 * of its own makes every agent and the judge read it twice.
 */

/** A heading of any level whose words begin with "hard constraints" ("## Hard constraints (must all hold)", "### Hard Constraints:"). */
const HARD_CONSTRAINTS_HEADING = /^#{1,6}[ \t]+hard[ \t]+constraints\b/i

/** A line that opens with "hard constraints" in bold: the label, what follows the closing marks, and whether a colon ends the label. */
const BOLD_HARD_CONSTRAINTS = /^(\*\*|__)[ \t]*(hard[ \t]+constraints\b[^*_\n]*?)[ \t]*\1[ \t]*(:?)[ \t]*(.*)$/i

/**
 * The line that opens the brief's own hard-constraints section, as written, else null: a heading,
 * or a bold label alone on its line or ended by a colon ("**Hard constraints**", "**Hard constraints:** …").
 * A sentence that mentions the hard constraints, even one that starts in bold, opens no section.
 */
function hardConstraintsSection(brief: string): string | null {
  for (const line of brief.split('\n')) {
    const text = line.trim()
    if (HARD_CONSTRAINTS_HEADING.test(text)) return text
    const bold = BOLD_HARD_CONSTRAINTS.exec(text)
    if (bold && (bold[4] === '' || bold[2]!.endsWith(':') || bold[3] === ':')) return `${bold[1]}${bold[2]}${bold[1]}${bold[3]}`
  }
  return null
}

/** The brief's first line when it is a heading of any level or a line in bold: the line as written and its text without "Task:", else null. */
function leadingHeading(brief: string): { line: string; text: string } | null {
  const line = brief.trimStart().split('\n', 1)[0]!.trimEnd()
  const heading = /^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?$/.exec(line) ?? /^(?:\*\*|__)(.+?)(?:\*\*|__)$/.exec(line)
  return heading ? { line, text: heading[1]!.replace(/^task[ \t]*:[ \t]*/i, '') } : null
}

/** A title as read, whatever its case, spacing or closing period or colon. */
const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/[ .:]+$/, '').toLowerCase()

/** A brief's own hard-constraints section and a heading that repeats the title, each as a problem of field brief. */
export function briefLayoutProblems(def: Pick<TaskDefinition, 'brief' | 'title'>, where: string): string[] {
  const problems: string[] = []
  const section = hardConstraintsSection(def.brief)
  if (section !== null) {
    problems.push(`${where}: field brief: has its own "${section}" section; the hard constraints are rendered from hardConstraints after the brief; remove the brief's own section (and list every constraint under hardConstraints)`)
  }
  const heading = leadingHeading(def.brief)
  if (heading !== null && normalised(heading.text) === normalised(def.title)) {
    problems.push(`${where}: field brief: the brief repeats the title as its heading ("${heading.line}"); the prompt already opens with "# Task: <title>"; expected the brief without that heading`)
  }
  return problems
}
