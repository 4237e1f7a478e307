import { describe, expect, it } from 'vitest'
import { mayPrefillDraft } from '../../../renderer/src/lib/logic/link-draft'

describe('mayPrefillDraft', () => {
  it('fills the empty draft of a conversation that is not open', () => {
    expect(mayPrefillDraft('See you at 8', 'alice@example.org', null, '')).toBe(true)
    expect(mayPrefillDraft('See you at 8', 'alice@example.org', 'bob@example.org', '')).toBe(true)
  })

  it('never replaces what the user typed, nor fills the open composer, nor with blank text', () => {
    expect(mayPrefillDraft('See you at 8', 'alice@example.org', null, 'my own words')).toBe(false)
    expect(mayPrefillDraft('See you at 8', 'alice@example.org', 'alice@example.org', '')).toBe(false)
    expect(mayPrefillDraft(' \n', 'alice@example.org', null, '')).toBe(false)
  })
})
