/** A problem found while checking ground truth against its fixtures: where, and what was expected. */
export interface TruthProblem {
  field: string
  message: string
  /** The input id of the fixture the problem is in, when it is in a fixture rather than in the ground truth (the field is then the fixture's). */
  input?: string
  /** With `input`: the line of that fixture the problem is on, for a table, where there is no field to name (the field is then not shown). */
  line?: number
}

/** Fixture contents keyed by input id. */
export type InputContents = ReadonlyMap<string, string>

/** What ground truth is checked against: the task's fixtures and its categories. */
export interface TruthContext {
  /** Fixture contents keyed by input id. */
  inputs: InputContents
  /** Input formats keyed by input id ("diff", "markdown", ...). */
  formats: ReadonlyMap<string, string>
  /** The task's category ids: the kind's defaults and the task's own. */
  categories: ReadonlySet<string>
}

/** A category that is not one of the task's. */
export const unknownCategory = (field: string, category: string, known: ReadonlySet<string>): TruthProblem => ({
  field,
  message: `expected one of the task's categories (${[...known].join(', ')}), got "${category}"; a task adds its own categories under "categories"`,
})

/** An input id that the task does not have. */
export const unknownInput = (field: string, id: string): TruthProblem => ({ field, message: `expected the id of a task input, got "${id}"` })


/**
 * A problem for each id used again after its first place, naming both: `<field>: duplicate <what>
 * "<id>" (also <first field>)`. Scorers key items by id, so a copied item would share its twin's
 * matches, and a must-catch miss would point at the first of them.
 */
export function duplicateIds(items: ReadonlyArray<{ id: string; field: string }>, what: string): TruthProblem[] {
  const first = new Map<string, string>()
  const problems: TruthProblem[] = []
  for (const { id, field } of items) {
    const earlier = first.get(id)
    if (earlier !== undefined) problems.push({ field, message: `duplicate ${what} "${id}" (also ${earlier})` })
    else first.set(id, field)
  }
  return problems
}
