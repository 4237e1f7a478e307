import { describe, expect, it } from 'vitest'
import { snippetRuns, snippetText } from '../../../renderer/src/lib/logic/snippet'

const p = (text: string, hit = false) => ({ text, hit })

describe('snippet → runs', () => {
  it('keeps hit runs apart from plain text, in order', () => {
    expect(snippetRuns([p('…we met at the '), p('conference', true), p(' in May')], '')).toEqual([
      { text: '…we met at the ', hit: false },
      { text: 'conference', hit: true },
      { text: ' in May', hit: false },
    ])
  })

  it('merges adjacent runs of the same kind and drops empty ones', () => {
    expect(snippetRuns([p('a '), p(''), p('b '), p('x', true), p('y', true), p(' c')], '')).toEqual([
      { text: 'a b ', hit: false },
      { text: 'xy', hit: true },
      { text: ' c', hit: false },
    ])
  })

  it('collapses whitespace and newlines to single spaces, trimmed at the ends', () => {
    const runs = snippetRuns([p('\n  first line\n\nsecond '), p('hit', true), p('  \t end \n')], '')
    expect(snippetText(runs)).toBe('first line second hit end')
    expect(runs[1]).toEqual({ text: 'hit', hit: true })
  })

  it('keeps markup as literal text (it is rendered as text, never HTML)', () => {
    const runs = snippetRuns([p('<img src=x onerror=alert(1)> '), p('<b>', true)], '')
    expect(runs).toEqual([
      { text: '<img src=x onerror=alert(1)> ', hit: false },
      { text: '<b>', hit: true },
    ])
  })

  it('falls back to the start of the body when the snippet is empty', () => {
    expect(snippetRuns([], 'Hello\nthere')).toEqual([{ text: 'Hello there', hit: false }])
    expect(snippetRuns([p('  ')], 'Body')).toEqual([{ text: 'Body', hit: false }])
    expect(snippetRuns([], '')).toEqual([])
  })

  it('cuts long snippets with an ellipsis, never inside a surrogate pair', () => {
    const runs = snippetRuns([p('abcdef'), p('ghij', true), p('klmn')], '', 8)
    expect(runs).toEqual([
      { text: 'abcdef', hit: false },
      { text: 'gh', hit: true },
      { text: '…', hit: false },
    ])
    const emoji = snippetRuns([p('ab😀cd')], '', 3)
    expect(snippetText(emoji)).toBe('ab…')
    expect(snippetText(snippetRuns([p('x'.repeat(500))], ''))).toHaveLength(301)
  })
})
