/** What ground-truth checks share: the context they check against and the problems they report. */

/** A problem found while checking ground truth against its fixtures: where, and what was expected. */
export interface TruthProblem {
  field: string
  message: string
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

/** An id that is not one of the task's inputs. */
export const unknownInput = (field: string, id: string): TruthProblem => ({ field, message: `expected the id of a task input, got "${id}"` })
