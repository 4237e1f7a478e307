// Text chosen by a remote entity for us to show (room names, descriptions, form labels): controls
// and bidi overrides gone, whitespace tidied, cut without splitting a character.
import { describe, expect, it } from 'vitest'
import { hasControl, multiLine, singleLine } from '../../../../electron/core/xmpp/display-text'

describe('display text', () => {
  it('makes one tidy line', () => {
    expect(singleLine('  A\tDark\nCave\u0085 ', 100)).toBe('A Dark Cave')
    expect(singleLine('room\u202Eexe.txt\u2066x\u2069', 100)).toBe('roomexe.txtx')
    expect(singleLine(undefined, 10)).toBe('')
    expect(singleLine('\uD800lone', 10)).toBe('lone')
  })

  it('keeps line breaks in multi-line text, tidying each line', () => {
    expect(multiLine('  first \r\n\tsecond\u0007 \rthird\n\n', 100)).toBe('first\nsecond\nthird')
  })

  it('cuts at code points, never inside a surrogate pair', () => {
    expect(singleLine('😀😀😀', 2)).toBe('😀😀')
    expect(multiLine('ab\ncd', 4)).toBe('ab\nc')
  })

  it('spots controls, lone surrogates and non-characters', () => {
    expect(['a\u0000', 'a\u007f', 'a\u009f', 'a\uD83D', 'a\uFFFE', 'a\tb'].map(hasControl)).toEqual([true, true, true, true, true, true])
    expect(['plain', 'ünï 😀', ''].map(hasControl)).toEqual([false, false, false])
  })
})
