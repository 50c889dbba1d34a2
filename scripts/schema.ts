/**
 * npm run schema — writes results/schema.json, the JSON Schema of the results file, from its zod
 * schema. `npm run schema -- --check` only reports whether the committed file is up to date.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runFileJsonSchema } from '../lib/results/schema.js'
import { stableJson, writeAtomic } from '../lib/results/write.js'

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } })
const file = join(import.meta.dirname, '..', 'results', 'schema.json')
const content = stableJson(runFileJsonSchema())
if (values.check) {
  let current = ''
  try {
    current = readFileSync(file, 'utf8')
  } catch {
    // a missing file is out of date
  }
  if (current !== content) {
    console.error(`${file} is out of date: run npm run schema`)
    process.exit(1)
  }
  console.log(`${file} is up to date`)
} else {
  writeAtomic(file, content)
  console.log(`wrote ${file}`)
}
