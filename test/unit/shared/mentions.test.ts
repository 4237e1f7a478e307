// Mentions of our nick in a room message: whole words in any case, Unicode nicks included; not
// inside other words, addresses or links; never for an empty nick; and segments that join back
// to the body for highlighting.
import { describe, expect, it } from 'vitest'
import { mentionsNick, splitMentions } from '../../../shared/util/mentions'

describe('mentionsNick', () => {
  it('finds the nick as a word, in any case, with the usual punctuation around it', () => {
    for (const body of ['alice', 'Alice: look', 'hi @alice!', 'thanks ALICE.', '(alice)', "alice's idea", 'ping alice, bob', '«Alice»', 'hey\nalice']) {
      expect(mentionsNick(body, 'alice'), body).toBe(true)
    }
  })

  it('does not find it inside another word', () => {
    for (const body of ['malice', 'alicebot', 'alice-bot', 'bob_alice', 'alice2', 'Alicé', 'alice\u0301']) {
      expect(mentionsNick(body, 'alice'), body).toBe(false)
    }
  })

  it('does not find it in addresses or links', () => {
    for (const body of [
      'mail alice@example.org',
      'see https://example.org/alice',
      'see https://alice.example.org/',
      'xmpp:alice@example.org?message',
      'www.alice.example',
      'bob@alice.example',
      'site alice.example',
      'ftp://files.example/alice',
    ]) {
      expect(mentionsNick(body, 'alice'), body).toBe(false)
    }
    expect(mentionsNick('https://example.org/x alice', 'alice')).toBe(true)
  })

  it('handles Unicode nicks and nicks with spaces or symbols', () => {
    expect(mentionsNick('привет, Жанна!', 'жанна')).toBe(true)
    expect(mentionsNick('Жаннаа', 'жанна')).toBe(false)
    expect(mentionsNick('こんにちは 太郎 さん', '太郎')).toBe(true)
    expect(mentionsNick('ÉLODIE, tu viens ?', 'élodie')).toBe(true)
    expect(mentionsNick('ask Mary Ann about it', 'mary ann')).toBe(true)
    expect(mentionsNick('ping [bot] now', '[bot]')).toBe(true)
    expect(mentionsNick('a.*b and more', 'a.*b')).toBe(true)
    expect(mentionsNick('axxb', 'a.*b')).toBe(false)
    expect(mentionsNick('hi 🦊fox', '🦊fox')).toBe(true)
  })

  it('never matches an empty or blank nick, and trims the nick', () => {
    expect(mentionsNick('anything at all', '')).toBe(false)
    expect(mentionsNick('   ', ' ')).toBe(false)
    expect(mentionsNick('', 'alice')).toBe(false)
    expect(mentionsNick('hi alice', ' alice ')).toBe(true)
  })
})

describe('splitMentions', () => {
  it('cuts the body into text and mention segments that join back to it', () => {
    const body = 'Alice: did alice see https://example.org/alice? ALICE!'
    const segments = splitMentions(body, 'alice')
    expect(segments).toEqual([
      { kind: 'mention', text: 'Alice' },
      { kind: 'text', text: ': did ' },
      { kind: 'mention', text: 'alice' },
      { kind: 'text', text: ' see https://example.org/alice? ' },
      { kind: 'mention', text: 'ALICE' },
      { kind: 'text', text: '!' },
    ])
    expect(segments.map((s) => s.text).join('')).toBe(body)
  })

  it('is one text segment without mentions, and empty for an empty body', () => {
    expect(splitMentions('nothing here', 'alice')).toEqual([{ kind: 'text', text: 'nothing here' }])
    expect(splitMentions('nothing here', '')).toEqual([{ kind: 'text', text: 'nothing here' }])
    expect(splitMentions('', 'alice')).toEqual([])
  })

  it('stays linear on a long body', () => {
    const body = 'alice '.repeat(10_000)
    const started = Date.now()
    expect(splitMentions(body, 'alice').filter((s) => s.kind === 'mention')).toHaveLength(10_000)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
