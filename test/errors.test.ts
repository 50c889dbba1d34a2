import { describe, expect, test } from 'vitest'
import { isUserError, UserError } from '../lib/errors.js'
import { ConfigError } from '../lib/config.js'

describe('UserError', () => {
  test('is an Error named UserError carrying the message as given', () => {
    const e = new UserError('--alpha: expected a number, got "x"')
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('UserError')
    expect(String(e)).toBe('UserError: --alpha: expected a number, got "x"')
  })
})

describe('isUserError', () => {
  test('is true for a UserError and its subclasses (a configuration problem is the user\'s too)', () => {
    expect(isUserError(new UserError('x'))).toBe(true)
    expect(isUserError(new (class extends UserError {})('x'))).toBe(true)
    expect(isUserError(new ConfigError(['ORGBENCH_MODEL is missing']))).toBe(true)
  })

  test('is false for a bug: any other error, an error-like object, or no error at all', () => {
    expect(isUserError(new Error('x'))).toBe(false)
    expect(isUserError(new TypeError('x'))).toBe(false)
    expect(isUserError({ name: 'UserError', message: 'x' })).toBe(false)
    expect(isUserError('UserError: x')).toBe(false)
    expect(isUserError(undefined)).toBe(false)
  })
})
