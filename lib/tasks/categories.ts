import { z } from 'zod'

/**
 * A category an execution task's findings are filed under (a bug class, a contract risk, a ticket
 * type). A kind supplies defaults; a task may add its own. The description is what the brief shows
 * agents; the synonyms are the words and abbreviations that would give the category away if they
 * appeared in a fixture name or a role's focus.
 */
/** A category id as ground truth and task definitions write it. */
export const CategoryId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case category id like "timing_attack"')

export const CategorySpec = z.strictObject({
  id: CategoryId,
  description: z.string().min(10, 'expected a description of at least 10 characters that the brief can show'),
  synonyms: z.array(z.string().min(2)).default([]),
})
export type CategorySpec = z.infer<typeof CategorySpec>
export type CategorySpecInput = z.input<typeof CategorySpec>

/** The category a finding may use when none of the task's categories fits; never used by ground truth. */
export const OTHER_CATEGORY = 'other'

/** Defines a kind's default categories: [id, description, synonyms?] rows, validated once. */
export function categories(rows: ReadonlyArray<readonly [string, string] | readonly [string, string, readonly string[]]>): readonly CategorySpec[] {
  return rows.map(([id, description, synonyms]) => CategorySpec.parse({ id, description, synonyms: [...(synonyms ?? [])] }))
}

/** A kind's defaults followed by a task's own categories (a task may not redefine a default). */
export function mergeCategories(defaults: readonly CategorySpec[], own: readonly CategorySpec[]): CategorySpec[] {
  const ids = new Set(defaults.map((c) => c.id))
  return [...defaults, ...own.filter((c) => !ids.has(c.id))]
}

/** The categories as the brief shows them: one "- `id`: description" line each. */
export function renderCategories(list: readonly CategorySpec[]): string {
  return list.map((c) => `- \`${c.id}\`: ${c.description}`).join('\n')
}

/** A zod enum of the category ids, plus "other" when findings may use it. */
export function categoryEnum(ids: readonly string[], withOther: boolean): z.ZodType<string> {
  const values = withOther ? [...ids, OTHER_CATEGORY] : [...ids]
  if (values.length === 0) throw new Error('a category list needs at least one category')
  return z.enum(values as [string, ...string[]])
}
