import { describe, expect, it } from 'vitest'
import { stripXmlForbidden } from '../../../shared/util/xml-chars'

describe('stripXmlForbidden', () => {
  it('removes a vertical tab and a lone high surrogate from outgoing text (T16b)', () => {
    expect(stripXmlForbidden('a\u000Bb\uD83D')).toBe('ab')
  })

  it('removes NUL', () => {
    expect(stripXmlForbidden('a\u0000b')).toBe('ab')
  })

  it('removes a lone low surrogate', () => {
    expect(stripXmlForbidden('\uDC00x')).toBe('x')
  })

  it('removes surrogates in the wrong order (low then high)', () => {
    expect(stripXmlForbidden('x\uDC00\uD83Dy')).toBe('xy')
  })

  it('keeps valid surrogate pairs such as 😀 and 𝄞', () => {
    expect(stripXmlForbidden('hi 😀 𝄞')).toBe('hi 😀 𝄞')
    expect(stripXmlForbidden('\uD83D\uDE00')).toBe('😀')
  })

  it('keeps a valid pair next to a lone surrogate', () => {
    expect(stripXmlForbidden('\uD83D\uD83D\uDE00')).toBe('😀')
    expect(stripXmlForbidden('\uD83D\uDE00\uDE00')).toBe('😀')
  })

  it('keeps tab, line feed and carriage return', () => {
    expect(stripXmlForbidden('a\tb\nc\rd')).toBe('a\tb\nc\rd')
  })

  it('removes U+FFFE and U+FFFF but keeps U+FFFD', () => {
    expect(stripXmlForbidden('a\uFFFEb\uFFFFc\uFFFDd')).toBe('abc\uFFFDd')
  })

  it('removes every other C0 control character', () => {
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('')
    expect(stripXmlForbidden(`[${controls}]`)).toBe('[\t\n\r]')
  })

  it('leaves ordinary text, markup characters and non-BMP text unchanged', () => {
    const input = '<b>&amp;</b> ünïcödé 中文 \u00A0 \u007F'
    expect(stripXmlForbidden(input)).toBe(input)
  })
})
