/**
 * The tracks a task definition can belong to, one folder each under lib/tasks/definitions/. Apart
 * from the schema (lib/tasks/schema.ts) so that vitest.config.ts, through the run bundle's list of
 * definition files, can name them without loading zod before Vitest starts.
 */
export const TRACK_NAMES = ['enterprise', 'finance', 'general'] as const
