// The IQ reply-origin rule session.iq applies (security notes A4): what makes a disco#info answer
// to a contact's full JID count at all.
import { describe, expect, it } from 'vitest'
import { iqReplyFromExpected } from '../../../../electron/core/xmpp/session'

const SELF = { bare: 'me@example.org', full: 'me@example.org/desk', domain: 'example.org' }

describe('iqReplyFromExpected', () => {
  it.each([
    ['the full JID we asked', 'alice@example.org/phone', 'alice@example.org/phone', true],
    ['another resource of that contact', 'alice@example.org/phone', 'alice@example.org/laptop', false],
    ['their bare JID', 'alice@example.org/phone', 'alice@example.org', false],
    ['a stranger', 'alice@example.org/phone', 'mallory@evil.example/x', false],
    ['their server', 'alice@example.org/phone', 'example.org', false],
    ['no from at all', 'alice@example.org/phone', undefined, false],
  ])('a reply to a contact’s resource from %s: %s', (_name, to, from, expected) => {
    expect(iqReplyFromExpected(to, from, SELF)).toBe(expected)
  })

  it.each([
    [undefined, true],
    ['me@example.org', true],
    ['me@example.org/desk', true],
    ['example.org', true],
    ['me@example.org/other', false],
    ['mallory@evil.example', false],
  ])('a reply to a request to our own account from %s: %s', (from, expected) => {
    expect(iqReplyFromExpected(undefined, from, SELF)).toBe(expected)
    expect(iqReplyFromExpected(SELF.bare, from, SELF)).toBe(expected)
  })
})
