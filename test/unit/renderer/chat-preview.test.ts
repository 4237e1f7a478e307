import { describe, expect, it } from 'vitest'
import { chatPreview } from '../../../renderer/src/lib/logic/conversation-list'

describe('chatPreview', () => {
  it('prefixes our own last message with "You: "', () => {
    expect(chatPreview({ lastBody: 'see you', lastDirection: 'out' }, 'Bob', 'me@example.org')).toBe('You: see you')
    expect(chatPreview({ lastBody: 'see you', lastDirection: 'in' }, 'Bob', 'me@example.org')).toBe('see you')
  })

  it('shows a /me message as an action by whoever sent it (XEP-0245)', () => {
    expect(chatPreview({ lastBody: '/me waves', lastDirection: 'in' }, 'Bob', 'me@example.org')).toBe('* Bob waves')
    expect(chatPreview({ lastBody: '/me waves back', lastDirection: 'out' }, 'Bob', 'me@example.org')).toBe('* me@example.org waves back')
  })

  it('in a room, names who wrote the last message, with bidi controls in the nick made visible', () => {
    expect(chatPreview({ lastBody: 'hello', lastDirection: 'in', lastSenderNick: 'Bob' }, 'team', 'me')).toBe('Bob: hello')
    expect(chatPreview({ lastBody: '/me waves', lastDirection: 'in', lastSenderNick: 'Bob' }, 'team', 'me')).toBe('* Bob waves')
    expect(chatPreview({ lastBody: 'mine', lastDirection: 'out', lastSenderNick: 'me' }, 'team', 'me')).toBe('You: mine')
    expect(chatPreview({ lastBody: 'x', lastDirection: 'in', lastSenderNick: 'evil\u202Etxt' }, 'team', 'me')).not.toContain('\u202E')
  })

  it('names a shared file instead of showing its link, with a spoofing name neutralised', () => {
    expect(chatPreview({ lastBody: 'https://up.example/a/b/letter.pdf', lastDirection: 'in', lastFileName: 'letter.pdf' }, 'Bob', 'me')).toBe('File: letter.pdf')
    expect(chatPreview({ lastBody: 'https://up.example/x', lastDirection: 'out', lastFileName: 'x' }, 'Bob', 'me')).toBe('You: File: x')
    expect(chatPreview({ lastBody: 'https://up.example/y', lastDirection: 'in', lastFileName: 'invoice\u202Efdp.exe' }, 'Bob', 'me')).toBe('File: invoice\ufffdfdp.exe')
  })

  it('keeps the preview to one shortened line', () => {
    const preview = chatPreview({ lastBody: `/me ${'dances\n'.repeat(40)}`, lastDirection: 'in' }, 'Bob', 'me')
    expect(preview).not.toContain('\n')
    expect(preview.length).toBeLessThanOrEqual(120)
    expect(preview.startsWith('* Bob dances dances')).toBe(true)
  })
})
