import { describe, expect, test } from 'vitest'
import { UnanswerableRequest } from '../../lib/sim/unanswerable.js'

describe('UnanswerableRequest', () => {
  test('is an Error named UnanswerableRequest that carries the cause as its message', () => {
    const e = new UnanswerableRequest('the orgbench simulator does not know the task "no_such_task"')
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('UnanswerableRequest')
    expect(e.message).toBe('the orgbench simulator does not know the task "no_such_task"')
    expect(String(e)).toBe('UnanswerableRequest: the orgbench simulator does not know the task "no_such_task"')
  })

  test('is told apart from any other error by instanceof, as the simulator server does to answer 400', () => {
    expect(new Error('boom')).not.toBeInstanceOf(UnanswerableRequest)
    expect(new UnanswerableRequest('x')).toBeInstanceOf(UnanswerableRequest)
  })
})
