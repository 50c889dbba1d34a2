import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { seededUniform } from '../eval/stats.js'

/**
 * Vitest starts the files of a project longest first, by the durations it kept from an earlier run
 * (node_modules/.vite); with none, as on a fresh clone and in CI, it starts the largest files
 * first, and a short file that runs for a minute may start last and hold up the run alone. This
 * sequencer starts `longFiles` (paths from the root) first, in their order, within their project
 * and group; every other file keeps the place Vitest gives it. With --sequence.shuffle the files
 * come in a random order drawn from the run's seed, as Vitest's own sequencer would give them
 * (Vitest uses a custom sequencer in its place).
 */
export function longFirstSequencer(longFiles: readonly string[]): typeof BaseSequencer {
  const rank = new Map(longFiles.map((file, i) => [file, i]))
  return class LongFirstSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const { shuffle, seed } = this.ctx.config.sequence
      if (shuffle) {
        const draw = seededUniform(seed)
        return files.map((spec) => ({ spec, key: draw() })).sort((a, b) => a.key - b.key).map(({ spec }) => spec)
      }
      const sorted = await super.sort(files)
      const root = this.ctx.config.root
      const place = new Map(sorted.map((spec, i) => [spec, i]))
      // Vitest's order keeps each group and project together: a file moves only within its own.
      const segment = (spec: TestSpecification) => `${spec.project.config.sequence.groupOrder}\u0000${spec.project.name}`
      const firstOf = new Map<string, number>()
      for (const [spec, i] of place) if (!firstOf.has(segment(spec))) firstOf.set(segment(spec), i)
      const key = (spec: TestSpecification): [number, number, number] => [firstOf.get(segment(spec))!, rank.get(relative(root, spec.moduleId)) ?? longFiles.length, place.get(spec)!]
      return [...sorted].sort((a, b) => {
        const [x, y] = [key(a), key(b)]
        return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
      })
    }
  }
}
