import { UserError } from '../../errors.js'
import { closestMatch } from '../../text.js'

/**
 * The `--input name=value` flags of `ci local` as the inputs of a run by hand, checked against the
 * inputs the workflow declares (`declared`, from `workflow`, which names it in every message): a
 * flag without "=" or with a name the workflow does not declare would otherwise start the whole
 * default run, and a boolean input takes only true or false.
 */
export function inputsFromFlags(flags: readonly string[], declared: Readonly<Record<string, { type?: string }>>, workflow: string): Record<string, string> {
  const names = Object.keys(declared)
  const inputs: Record<string, string> = {}
  for (const flag of flags) {
    const at = flag.indexOf('=')
    if (at <= 0) throw new UserError(`--input ${JSON.stringify(flag)}: expected name=value, e.g. --input trials=1 (the inputs of ${workflow}: ${names.join(', ')})`)
    const name = flag.slice(0, at)
    const value = flag.slice(at + 1)
    const input = declared[name]
    if (input === undefined) {
      const hint = closestMatch(name, names, Math.min(3, Math.floor(name.length / 2)))
      throw new UserError(`--input ${name}: ${workflow} has no input ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; its inputs: ${names.join(', ')}`)
    }
    if (input.type === 'boolean' && value !== 'true' && value !== 'false') throw new UserError(`--input ${name}: expected true or false (a boolean input of ${workflow}), got ${JSON.stringify(value)}`)
    inputs[name] = value
  }
  return inputs
}
