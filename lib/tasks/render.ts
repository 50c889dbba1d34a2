import { renderDiffWithGutter } from './diff.js'
import type { TaskInput } from './schema.js'

/** What agents see of a fixture: the content verbatim; diffs get a gutter of new-file line numbers. */
export function renderInput(format: TaskInput['format'], content: string): string {
  return format === 'diff' ? renderDiffWithGutter(content) : content.replace(/\n$/, '')
}
