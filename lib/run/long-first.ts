import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { seededUniform } from '../eval/seeded-uniform.js'

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
      // Vitest's order keeps each group and project together: a file moves only within its own,
      // which starts where Vitest put its first file.
      const startOf = new Map<string, number>()
      const keyed = sorted.map((spec, place) => {
        const segment = `${spec.project.config.sequence.groupOrder}\u0000${spec.project.name}`
        if (!startOf.has(segment)) startOf.set(segment, place)
        return { spec, start: startOf.get(segment)!, rank: rank.get(relative(root, spec.moduleId)) ?? longFiles.length, place }
      })
      return keyed.sort((a, b) => a.start - b.start || a.rank - b.rank || a.place - b.place).map(({ spec }) => spec)
    }
  }
}
