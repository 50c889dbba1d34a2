/*
 * GitHub Actions expressions (`${{ ... }}`), enough of them to run this project's workflows
 * locally (lib/ci/local/run.ts): literals, context access (a.b, a['b']), ! == != < <= > >= && ||,
 * parentheses, and the functions always, success, failure, cancelled, fromJSON, toJSON, contains,
 * startsWith, endsWith, format. Semantics follow GitHub's documentation: && and || return an
 * operand, == compares strings case-insensitively and coerces mixed types to numbers, and the
 * falsy values are false, 0, '', null.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value }

/** What an expression can read, and the status functions' answers. */
export interface ExprContext {
  contexts: Record<string, Value>
  status?: { success: boolean; cancelled: boolean }
}

export class ExpressionError extends Error {
  override name = 'ExpressionError'
}

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string }

function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === "'") {
      let s = ''
      i++
      for (;;) {
        if (i >= src.length) throw new ExpressionError(`unterminated string in: ${src}`)
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'"
          i += 2
        } else if (src[i] === "'") {
          i++
          break
        } else s += src[i++]
      }
      out.push({ t: 'str', v: s })
      continue
    }
    const two = src.slice(i, i + 2)
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if ('!<>()[].,'.includes(c)) {
      out.push({ t: 'op', v: c })
      i++
      continue
    }
    const num = /^-?(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(src.slice(i))
    if (num && (c === '-' || /\d/.test(c))) {
      out.push({ t: 'num', v: Number(num[0]) })
      i += num[0].length
      continue
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))
    if (id) {
      out.push({ t: 'id', v: id[0] })
      i += id[0].length
      continue
    }
    throw new ExpressionError(`unexpected "${c}" in: ${src}`)
  }
  return out
}

/** Truthiness as GitHub defines it. */
export function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)))
}

function toNumber(v: Value): number {
  if (v === null) return 0
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number') return v
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v)
  return Number.NaN
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (typeof a === typeof b && typeof a !== 'object') return a === b
  if (a === null && b === null) return true
  if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return a === b
  return toNumber(a) === toNumber(b)
}

/** How a value reads inside a string (`${{ }}` in a script or env). */
export function stringify(v: Value): string {
  if (v === null) return ''
  if (typeof v === 'object') return JSON.stringify(v, null, 2)
  return String(v)
}

/** Evaluates one expression (without the `${{ }}`). */
export function evaluate(src: string, ctx: ExprContext): Value {
  const tokens = tokenize(src)
  let p = 0
  const peek = () => tokens[p]
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}" in: ${src}`)
    p++
  }
  const call = (name: string, args: Value[]): Value => {
    const status = ctx.status ?? { success: true, cancelled: false }
    switch (name.toLowerCase()) {
      case 'always':
        return true
      case 'success':
        return status.success && !status.cancelled
      case 'failure':
        return !status.success
      case 'cancelled':
        return status.cancelled
      case 'fromjson': {
        try {
          return JSON.parse(stringify(args[0] ?? null)) as Value
        } catch {
          throw new ExpressionError(`fromJSON: not JSON: ${stringify(args[0] ?? null).slice(0, 80)}`)
        }
      }
      case 'tojson':
        return JSON.stringify(args[0] ?? null, null, 2)
      case 'contains': {
        const [hay, needle] = args
        if (Array.isArray(hay)) return hay.some((x) => equal(x, needle ?? null))
        return stringify(hay ?? null).toLowerCase().includes(stringify(needle ?? null).toLowerCase())
      }
      case 'startswith':
        return stringify(args[0] ?? null).toLowerCase().startsWith(stringify(args[1] ?? null).toLowerCase())
      case 'endswith':
        return stringify(args[0] ?? null).toLowerCase().endsWith(stringify(args[1] ?? null).toLowerCase())
      case 'format':
        return stringify(args[0] ?? null).replace(/\{(\d+)\}/g, (_, n: string) => stringify(args[Number(n) + 1] ?? null))
      default:
        throw new ExpressionError(`unknown function ${name}() in: ${src}`)
    }
  }
  const member = (v: Value, key: string): Value => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v[key] ?? null) : Array.isArray(v) && /^\d+$/.test(key) ? (v[Number(key)] ?? null) : null)
  const postfix = (start: Value): Value => {
    let v = start
    for (;;) {
      if (isOp('.')) {
        p++
        const key = tokens[p++]
        if (!key || key.t !== 'id') throw new ExpressionError(`expected a property name in: ${src}`)
        v = member(v, key.v)
      } else if (isOp('[')) {
        p++
        const key = or()
        expect(']')
        v = member(v, stringify(key))
      } else return v
    }
  }
  const primary = (): Value => {
    const tok = tokens[p++]
    if (!tok) throw new ExpressionError(`unexpected end of: ${src}`)
    if (tok.t === 'num' || tok.t === 'str') return tok.v
    if (tok.t === 'op' && tok.v === '(') {
      const v = or()
      expect(')')
      return postfix(v)
    }
    if (tok.t === 'op' && tok.v === '!') return !truthy(unary())
    if (tok.t !== 'id') throw new ExpressionError(`unexpected "${tok.v}" in: ${src}`)
    if (tok.v === 'true' || tok.v === 'false') return tok.v === 'true'
    if (tok.v === 'null') return null
    if (isOp('(')) {
      p++
      const args: Value[] = []
      while (!isOp(')')) {
        args.push(or())
        if (isOp(',')) p++
      }
      p++
      return postfix(call(tok.v, args))
    }
    return postfix(ctx.contexts[tok.v] ?? null)
  }
  const unary = (): Value => primary()
  const compare = (): Value => {
    let left = unary()
    while (peek()?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(peek()!.v as string)) {
      const op = tokens[p++]!.v as string
      const right = unary()
      if (op === '==') left = equal(left, right)
      else if (op === '!=') left = !equal(left, right)
      else {
        const both = typeof left === 'string' && typeof right === 'string'
        const cmp = both ? (left as string).localeCompare(right as string) : toNumber(left) - toNumber(right)
        left = op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0
      }
    }
    return left
  }
  const and = (): Value => {
    let left = compare()
    while (isOp('&&')) {
      p++
      const right = compare()
      left = truthy(left) ? right : left
    }
    return left
  }
  const or = (): Value => {
    let left = and()
    while (isOp('||')) {
      p++
      const right = and()
      left = truthy(left) ? left : right
    }
    return left
  }
  const v = or()
  if (p < tokens.length) throw new ExpressionError(`unexpected "${tokens[p]!.v}" in: ${src}`)
  return v
}

/** Replaces every `${{ expr }}` in a string; a string that is one whole expression keeps its value's type. */
export function interpolate(text: string, ctx: ExprContext): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text)
  if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!, ctx)
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => stringify(evaluate(e, ctx)))
}

/** A step's or job's `if:`: with or without `${{ }}`, true when absent (then `success()`). */
export function condition(text: string | boolean | undefined, ctx: ExprContext): boolean {
  if (text === undefined) return truthy(evaluate('success()', ctx))
  if (typeof text === 'boolean') return text
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)
  const src = inner ? inner[1]! : text
  // A condition without a status function implies success() (GitHub's rule).
  const implied = /\b(always|success|failure|cancelled)\s*\(/.test(src) ? src : `success() && (${src})`
  return truthy(evaluate(implied, ctx))
}
