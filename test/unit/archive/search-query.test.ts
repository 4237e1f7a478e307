// What user text becomes before it meets FTS5 (search-query.ts), and the snippet helpers
// (snippet.ts): pure functions, no database.
import { describe, expect, it } from 'vitest'
import { buildTextQuery } from '../../../electron/core/archive/search-query'
import { excerpt, markRuns, parseMarked } from '../../../electron/core/archive/snippet'
import { parseSearch } from '../../../shared/util/search-syntax'

const build = (text: string) => buildTextQuery(parseSearch(text).terms)

describe('buildTextQuery', () => {
  it('quotes every word run and makes it a prefix; punctuation inside a word makes a phrase', () => {
    expect(build('hello wor')?.words).toEqual(['"hello"*', '"wor"*'])
    expect(build('e-mail')?.words).toEqual(['"e mail"*'])
    expect(build('"see you soon"')?.words).toEqual(['"see you soon"*'])
  })

  it('leaves nothing of the FTS5 syntax in the input', () => {
    const query = build('a" OR "b NEAR(c d, 3) -e ^f g:h {body}:i j* "k')
    // `" OR "` is a quoted phrase; `NEAR(c` one word; the tokenizer lowercases later.
    expect(query?.words).toEqual(['"a"*', '"OR"*', '"b"*', '"NEAR c"*', '"d"*', '"3"*', '"e"*', '"f"*', '"g h"*', '"body i"*', '"j"*', '"k"*'])
    for (const word of query?.words ?? []) expect(word).toMatch(/^"[\p{L}\p{N} ]+"\*$/u)
  })

  it('sends unspaced runs to the trigram table: 3+ characters as a phrase, shorter ones as LIKE', () => {
    expect(build('今天 图书馆 饭 🎉 party🎉')).toEqual({
      words: [],
      ngrams: ['"图书馆"', '"party🎉"'],
      likes: ['%今天%', '%饭%', '%🎉%'],
      marks: ['今天', '图书馆', '饭', '🎉', 'party🎉'],
      wordRuns: [],
    })
  })

  it('splits a word phrase where an unspaced run interrupts it', () => {
    expect(build('abc-今天-def')).toMatchObject({ words: ['"abc"*', '"def"*'], likes: ['%今天%'] })
  })

  it('returns null when nothing searchable is left', () => {
    for (const text of ['', '  ', '"', '***', '-', '“…”', '()', '%_']) expect(build(text), text).toBeNull()
  })
})

describe('snippet parts', () => {
  it('parses snippet() markers into hit and non-hit parts', () => {
    expect(parseMarked('a \u0001b\u0002 c \u0001d e\u0002')).toEqual([
      { text: 'a ', hit: false },
      { text: 'b', hit: true },
      { text: ' c ', hit: false },
      { text: 'd e', hit: true },
    ])
  })

  it('marks runs case-insensitively in the non-hit parts only, longest first', () => {
    expect(markRuns([{ text: 'Ab 今天天 ab', hit: false }, { text: 'ab', hit: true }], ['ab', '今天天', '今天'])).toEqual([
      { text: 'Ab', hit: true },
      { text: ' ', hit: false },
      { text: '今天天', hit: true },
      { text: ' ', hit: false },
      { text: 'abab', hit: true },
    ])
  })

  it('takes an excerpt around the first match by code points', () => {
    const body = `${'字'.repeat(30)}目标${'字'.repeat(100)}`
    const parts = excerpt(body, ['目标'])
    expect(parts.map((part) => part.text).join('')).toBe(`…${'字'.repeat(16)}目标${'字'.repeat(46)}…`)
    expect(excerpt('short 🎉', ['🎉'])).toEqual([
      { text: 'short ', hit: false },
      { text: '🎉', hit: true },
    ])
  })
})
