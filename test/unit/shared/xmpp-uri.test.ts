import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../../shared/types/limits'
import { MAX_XMPP_URI_CHARS, findXmppUri, parseXmppUri } from '../../../shared/util/xmpp-uri'

describe('parseXmppUri: what it accepts', () => {
  it('opens a conversation for a bare JID, with or without ?message', () => {
    expect(parseXmppUri('xmpp:alice@example.org')).toEqual({ action: 'message', jid: 'alice@example.org', body: null })
    expect(parseXmppUri('xmpp:alice@example.org?message')).toEqual({ action: 'message', jid: 'alice@example.org', body: null })
  })

  it('reads a percent-encoded body (UTF-8) for the composer', () => {
    expect(parseXmppUri('xmpp:alice@example.org?message;body=Caf%C3%A9%20at%208%3F%0Aok')).toEqual({
      action: 'message',
      jid: 'alice@example.org',
      body: 'Café at 8?\nok',
    })
  })

  it('ignores other message keys and lets the first body win', () => {
    expect(parseXmppUri('xmpp:alice@example.org?message;subject=hi;body=one;body=two')).toMatchObject({ body: 'one' })
  })

  it('accepts the roster action', () => {
    expect(parseXmppUri('xmpp:alice@example.org?roster;name=Alice')).toEqual({ action: 'roster', jid: 'alice@example.org' })
  })

  it('normalises the JID: case, a resource, a percent-encoded path and the scheme case', () => {
    expect(parseXmppUri('XMPP:Alice@Example.ORG/phone?message')).toMatchObject({ jid: 'alice@example.org' })
    expect(parseXmppUri('xmpp:alice%40example.org')).toMatchObject({ jid: 'alice@example.org' })
  })

  it('drops the fragment', () => {
    expect(parseXmppUri('xmpp:alice@example.org?message;body=x#frag')).toMatchObject({ body: 'x' })
  })
})

describe('parseXmppUri: what it refuses', () => {
  it.each([
    ['another scheme', 'javascript:alert(1)//xmpp:alice@example.org'],
    ['https', 'https://example.org/?xmpp:alice@example.org'],
    ['a leading space', ' xmpp:alice@example.org'],
    ['join (out of scope)', 'xmpp:room@muc.example.org?join'],
    ['an unknown action', 'xmpp:alice@example.org?subscribe'],
    ['an empty action', 'xmpp:alice@example.org?'],
    ['an authority', 'xmpp://me@example.org/alice@example.org?message'],
    ['a domain without a local part', 'xmpp:example.org?message'],
    ['no JID', 'xmpp:?message'],
    ['a malformed escape in the path', 'xmpp:alice%E0%A4@example.org'],
    ['a malformed escape in the body', 'xmpp:alice@example.org?message;body=%ZZ'],
    ['a control character in the JID', 'xmpp:ali%00ce@example.org'],
    ['a newline in the JID', 'xmpp:alice%0A@example.org'],
    ['whitespace around the decoded JID', 'xmpp:%20alice@example.org'],
    ['markup in the local part', 'xmpp:%3Cimg%3E@example.org'],
  ])('refuses %s', (_what, uri) => {
    expect(parseXmppUri(uri)).toBeNull()
  })

  it('refuses an input longer than any real link without scanning it', () => {
    expect(parseXmppUri(`xmpp:alice@example.org?message;body=${'a'.repeat(MAX_XMPP_URI_CHARS)}`)).toBeNull()
  })
})

describe('parseXmppUri: the body is plain text only', () => {
  it('strips control characters but keeps tabs and line breaks', () => {
    expect(parseXmppUri('xmpp:alice@example.org?message;body=a%00b%1Bc%C2%85d%09e%0Af')).toMatchObject({ body: 'abcd\te\nf' })
  })

  it('keeps markup as literal text (the composer shows it, never renders it)', () => {
    expect(parseXmppUri('xmpp:alice@example.org?message;body=%3Cscript%3E')).toMatchObject({ body: '<script>' })
  })

  it('cuts a body to the message limit without splitting a surrogate pair', () => {
    const long = `${'a'.repeat(LIMITS.body - 1)}😀😀`
    const result = parseXmppUri(`xmpp:alice@example.org?message;body=${encodeURIComponent(long)}`)
    expect(result).toMatchObject({ body: 'a'.repeat(LIMITS.body - 1) })
  })
})

describe('findXmppUri', () => {
  it('finds the link among Electron and Chromium arguments', () => {
    expect(findXmppUri(['/usr/bin/xmpp-desk', '--no-sandbox', 'xmpp:alice@example.org?message'])).toBe('xmpp:alice@example.org?message')
    expect(findXmppUri(['/usr/bin/xmpp-desk', '--data-dir=/tmp/x'])).toBeNull()
  })
})
