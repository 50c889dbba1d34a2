import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { hashOf } from '../../lib/sim/random.js'
import { RequestReader } from '../../lib/sim/request-body.js'

// A known text as the simulator knows a task's block: long, with quotes, escapes and non-ASCII text.
const BLOCK = `# Task: Review "the" agreement\n\n${'Clause 3.2 \\ says "x" — café 中文 😀\tand more.\n'.repeat(40)}`
const OTHER = `# Task: Another task\n\n${'plain words '.repeat(120)}`

function reader(texts = [BLOCK, OTHER]) {
  let asked = 0
  const built: string[] = []
  const r = new RequestReader(() => {
    asked++
    return texts.map((t) => ({ opening: t.slice(0, 200), text: () => (built.push(t), t) }))
  })
  return { r, asked: () => asked, built }
}

const body = (user: unknown, extra: Record<string, unknown> = {}) => ({
  model: 'sim-strong',
  messages: [
    { role: 'system', content: 'You are the Privacy Counsel.' },
    { role: 'user', content: user },
  ],
  seed: 7,
  ...extra,
})

/** What reading the whole body gives: the reference every read must equal. */
function expectRead(r: RequestReader, bytes: Buffer) {
  const parsed = JSON.parse(bytes.toString('utf8')) as { messages: unknown }
  const read = r.read(bytes)
  expect(read.body).toEqual(parsed)
  expect(read.messagesJson()).toBe(JSON.stringify(parsed.messages))
  expect(read.messagesHash).toBe(hashOf(JSON.stringify(parsed.messages)))
  return read
}

describe('RequestReader', () => {
  test('a body that quotes a known text reads as the whole body does, without parsing the text', () => {
    const { r, asked, built } = reader()
    expectRead(r, Buffer.from(JSON.stringify(body('no known text'))))
    expect(built).toEqual([])
    const bodies = [
      body(BLOCK),
      body(`# The task the candidate was given\n\n${BLOCK}\n\n# Rubric\n- x`),
      body(`${OTHER}\n\nReply in JSON.`, { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }),
      { messages: [{ role: 'user', content: BLOCK }], model: 'sim-judge' },
    ]
    const reads = bodies.map((b) => expectRead(r, Buffer.from(JSON.stringify(b))))
    const places = reads.map((read) => read.known)
    // The message's content is the pieces around the text and the text.
    for (const [i, p] of places.entries()) expect(p && p.before + p.text + p.after).toBe((reads[i]!.body.messages as Array<{ content: string }>)[p!.message]!.content)
    expect(places.map((p) => p && { message: p.message, at: p.at, same: p.text === (p.text.startsWith('# Task: R') ? BLOCK : OTHER) })).toEqual([
      { message: 1, at: 0, same: true },
      { message: 1, at: '# The task the candidate was given\n\n'.length, same: true },
      { message: 1, at: 0, same: true },
      { message: 0, at: 0, same: true },
    ])
    expect(r.stats).toEqual({ spliced: bodies.length, whole: 1, openings: bodies.length })
    expect(asked()).toBe(1)
    // Each text is built when a body first holds its opening, and once.
    expect(built).toEqual([BLOCK, OTHER])
  })

  test('the bytes up to a known text are hashed once per opening (system message, heading)', () => {
    const { r } = reader()
    for (const tail of ['first draft', 'second draft', 'third, "quoted" draft']) expectRead(r, Buffer.from(JSON.stringify(body(`${BLOCK}\n\n${tail}`))))
    expect(r.stats.openings).toBe(1)
    expectRead(r, Buffer.from(JSON.stringify({ ...body(BLOCK), messages: [{ role: 'system', content: 'You are the Editor.' }, { role: 'user', content: BLOCK }] })))
    expect(r.stats.openings).toBe(2)
  })

  test('pretty-printed, non-canonical or unknown bodies are read whole, with the same result', () => {
    const { r } = reader()
    const bodies = [
      JSON.stringify(body(BLOCK), null, 2),
      JSON.stringify(body('Hello? No task here.')),
      JSON.stringify(body([{ type: 'text', text: BLOCK }])),
      '{"messages":[{"role":"user","content":"caf\\u00e9 \\/"}],"seed":1}',
    ]
    for (const b of bodies) expectRead(r, Buffer.from(b))
    // The pretty body still quotes the text verbatim and is spliced; its messages are encoded again.
    expect(r.stats.whole).toBeGreaterThanOrEqual(3)
  })

  test('a known text right after an escaping backslash is not where it seems, and is read whole', () => {
    const { r } = reader([`n${OTHER}`])
    // "\\n" + "n# Task…": the bytes "n# Task…" follow a backslash that escapes the first n.
    const read = expectRead(r, Buffer.from(JSON.stringify(body(`\n# Task: Another task\n\n${'plain words '.repeat(120)}`))))
    expect(read.body).toBeDefined()
    expect(r.stats).toMatchObject({ spliced: 0, whole: 1 })
  })

  test('a body that quotes the text twice reads the same (the first one is spliced)', () => {
    const { r } = reader()
    const twice = body(`${BLOCK}\n\n${BLOCK}`)
    expectRead(r, Buffer.from(JSON.stringify(twice)))
    expect(r.stats.spliced).toBe(1)
  })

  test('a body that is not valid UTF-8 hashes the text it decodes to, as before', () => {
    const { r } = reader()
    const [before, after] = JSON.stringify(body(`${BLOCK} and <here>`)).split('<here>')
    const bytes = Buffer.concat([Buffer.from(before!), Buffer.from([0xff]), Buffer.from(after!)])
    const text = bytes.toString('utf8')
    const parsed = JSON.parse(text) as { messages: unknown }
    const read = r.read(bytes)
    expect(text).toContain('\uFFFD')
    expect(read.body).toEqual(parsed)
    expect(r.stats.spliced).toBe(1)
    expect(read.messagesHash).toBe(hashOf(JSON.stringify(parsed.messages)))
  })

  test('the body digest is the same whichever way a body is read, and differs for any other body', () => {
    const bodies = [
      JSON.stringify(body(BLOCK)),
      JSON.stringify(body(`${BLOCK}\n\nsecond draft`)),
      JSON.stringify(body(`${BLOCK}\n\nsecond draft`, { seed: 8 })),
      JSON.stringify({ ...body(`${BLOCK}\n\nsecond draft`), model: 'sim-judge' }),
      JSON.stringify(body(`${BLOCK}\n\nsecond draft`, { response_format: { type: 'json_object' } })),
      JSON.stringify(body('no known text')),
      JSON.stringify(body(BLOCK), null, 2),
      '{"messages":[{"role":"user","content":"caf\\u00e9"}],"seed":1}',
    ].map((b) => Buffer.from(b))
    const withKnown = reader().r
    const wholeOnly = reader([]).r
    const digests = bodies.map((b) => withKnown.read(b).bodyDigest)
    expect(withKnown.stats.spliced).toBeGreaterThanOrEqual(5)
    expect(bodies.map((b) => wholeOnly.read(b).bodyDigest)).toEqual(digests)
    expect(bodies.map((b) => reader().r.read(Buffer.from(b)).bodyDigest)).toEqual(digests)
    expect(new Set(digests).size).toBe(bodies.length)
    for (const d of digests) expect(d).toMatch(/^[0-9a-f]{64}$/)
    // Messages not verbatim in the body (pretty-printed): the digest is the SHA-256 of the bytes.
    expect(digests[6]).toBe(createHash('sha256').update(bodies[6]!).digest('hex'))
  })

  test('bodies that are not JSON throw, as JSON.parse does', () => {
    const { r } = reader()
    expect(() => r.read(Buffer.from('{"messages": ['))).toThrow(SyntaxError)
    expect(() => r.read(Buffer.from(`{"messages":[{"role":"user","content":"${JSON.stringify(BLOCK).slice(1, -1)}"}]`))).toThrow(SyntaxError)
  })
})
