import { describe, expect, test } from 'vitest'
import { inputsFromFlags } from '../../../lib/ci/local/inputs.js'

const declared = { tracks: { type: 'string' }, trials: { type: 'string' }, learning: { type: 'boolean' } }
const parse = (...flags: string[]) => inputsFromFlags(flags, declared, 'benchmark.yml')

describe('the --input flags of ci local', () => {
  test('name=value pairs of declared inputs become the inputs of a run by hand; a value may hold "=" or be empty', () => {
    expect(parse('tracks=general', 'trials=1', 'learning=false')).toEqual({ tracks: 'general', trials: '1', learning: 'false' })
    expect(parse('tracks=a=b', 'trials=')).toEqual({ tracks: 'a=b', trials: '' })
  })

  test('a flag without a name and "=" is refused', () => {
    expect(() => parse('trials')).toThrow('--input "trials": expected name=value, e.g. --input trials=1 (the inputs of benchmark.yml: tracks, trials, learning)')
    expect(() => parse('=1')).toThrow('--input "=1": expected name=value')
  })

  test('a name the workflow does not declare is refused, with the near miss it meant', () => {
    expect(() => parse('trails=1')).toThrow('--input trails: benchmark.yml has no input "trails" (did you mean trials?); its inputs: tracks, trials, learning')
    expect(() => parse('foo=bar')).toThrow(/^--input foo: benchmark.yml has no input "foo"; its inputs: tracks, trials, learning$/)
  })

  test('a boolean input takes true or false only', () => {
    expect(() => parse('learning=no')).toThrow('--input learning: expected true or false (a boolean input of benchmark.yml), got "no"')
  })
})
