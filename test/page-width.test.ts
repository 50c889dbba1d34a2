import { describe, expect, test } from 'vitest'
import { sidewaysProblems } from '../lib/page-width.js'

describe('sidewaysProblems', () => {
  test('a page as wide as its window (a pixel of rounding allowed) passes', () => {
    expect(sidewaysProblems('index.html', { width: 400, scrollWidth: 400, overflowing: [] })).toEqual([])
    expect(sidewaysProblems('index.html', { width: 400, scrollWidth: 401, overflowing: [] })).toEqual([])
  })
  test('a wider page scrolls sideways: the problem gives its width and names what sticks out', () => {
    expect(sidewaysProblems('index.html', { width: 400, scrollWidth: 480, overflowing: ['dd', 'p.note'] })).toEqual(['index.html at 400 px: the page is 480 px wide and scrolls sideways (dd, p.note reach beyond it)'])
    expect(sidewaysProblems('grader/index.html', { width: 400, scrollWidth: 499, overflowing: [] })).toEqual(['grader/index.html at 400 px: the page is 499 px wide and scrolls sideways'])
  })
})
