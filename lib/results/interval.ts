import { z } from 'zod'

/** A confidence interval and how it was computed (see lib/eval/stats.ts for when each method is used). */
export const Interval = z.object({
  lo: z.number(),
  hi: z.number(),
  level: z.number(),
  method: z.enum(['t', 'bootstrap', 'wilson', 'exact', 'fisher-z']),
})
export type Interval = z.infer<typeof Interval>
