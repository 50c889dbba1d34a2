import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { Track } from '../../lib/tasks/schema.js'
import { TRACK_NAMES } from '../../lib/tasks/track-names.js'

test("the tracks are the schema's, and each has its folder of definitions", () => {
  expect(Track.options).toEqual([...TRACK_NAMES])
  const folders = readdirSync(join(PROJECT_ROOT, 'lib', 'tasks', 'definitions'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  expect([...folders].sort()).toEqual([...TRACK_NAMES].sort())
})
