// The search box syntax (shared/util/search-syntax.ts): words, quoted phrases and filters, and how
// typed filters merge with the UI's.
import { describe, expect, it } from 'vitest'
import type { SearchFilters } from '../../../shared/types/domain'
import { mergeFilters, parseSearch } from '../../../shared/util/search-syntax'

const word = (text: string) => ({ text, phrase: false })
const phrase = (text: string) => ({ text, phrase: true })

describe('parseSearch', () => {
  it('splits words on whitespace and keeps quoted phrases together', () => {
    expect(parseSearch('  hello   "see you soon"  world ')).toEqual({
      terms: [word('hello'), phrase('see you soon'), word('world')],
      filters: {},
    })
  })

  it('treats an unterminated quote as a phrase up to the end (typing in progress)', () => {
    expect(parseSearch('meet "at the sta')).toEqual({ terms: [word('meet'), phrase('at the sta')], filters: {} })
    expect(parseSearch('"" " "').terms).toEqual([])
  })

  it('parses the filters, case-insensitively in the key and the JID', () => {
    expect(parseSearch('from:me lunch').filters).toEqual({ sender: 'me' })
    expect(parseSearch('FROM:Me').filters).toEqual({ sender: 'me' })
    expect(parseSearch('from:Alice@Example.ORG').filters).toEqual({ sender: 'alice@example.org' })
    // A full JID stays whole: in a room it names an occupant (room@service/nick).
    expect(parseSearch('from:Team@Rooms.Example/Bob').filters).toEqual({ sender: 'team@rooms.example/Bob' })
    expect(parseSearch('In:bob@example.org').filters).toEqual({ conversation: 'bob@example.org' })
    expect(parseSearch('pizza in:bob@example.org from:alice@example.org')).toEqual({
      terms: [word('pizza')],
      filters: { conversation: 'bob@example.org', sender: 'alice@example.org' },
    })
  })

  it('reads dates as UTC days: after inclusive from midnight, before exclusive at midnight', () => {
    expect(parseSearch('after:2025-01-01 before:2025-01-31').filters).toEqual({
      after: Date.UTC(2025, 0, 1),
      before: Date.UTC(2025, 0, 31),
    })
    expect(parseSearch('before:2024-02-29').filters).toEqual({ before: Date.parse('2024-02-29T00:00:00Z') })
  })

  it('lets the last of a repeated filter count', () => {
    expect(parseSearch('from:me from:alice@example.org').filters).toEqual({ sender: 'alice@example.org' })
  })

  it('keeps everything that is not a valid filter as a term', () => {
    const cases = ['foo:bar', 'from:', 'in:', 'before:2025-02-30', 'after:2025-13-01', 'after:yesterday', 'before:25-01-01', 'in:a@']
    for (const text of cases) expect(parseSearch(text), text).toEqual({ terms: [word(text)], filters: {} })
    // A quote always opens a phrase, so a quoted filter value is not a value.
    expect(parseSearch('from:"alice"')).toEqual({ terms: [word('from:'), phrase('alice')], filters: {} })
  })

  it('takes no filter from inside a phrase', () => {
    expect(parseSearch('"from:me"')).toEqual({ terms: [phrase('from:me')], filters: {} })
  })
})

describe('mergeFilters', () => {
  const ui: SearchFilters = { conversation: 'alice@example.org', sender: null, after: 1_000, before: 9_000 }

  it('keeps the UI filters the text does not set', () => {
    expect(mergeFilters(ui, parseSearch('pizza').filters)).toEqual(ui)
  })

  it('lets a filter typed in the text replace the UI filter of the same kind, field by field', () => {
    expect(mergeFilters(ui, parseSearch('pizza in:bob@example.org after:2025-01-01').filters)).toEqual({
      conversation: 'bob@example.org',
      sender: null,
      after: Date.UTC(2025, 0, 1),
      before: 9_000,
    })
    expect(mergeFilters(ui, parseSearch('from:me').filters)).toEqual({ ...ui, sender: 'me' })
  })
})
