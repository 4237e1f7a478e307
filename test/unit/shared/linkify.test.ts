import { describe, expect, it } from 'vitest'
import { linkify, safeHttpUrl, type TextSegment } from '../../../shared/util/linkify'

const text = (t: string): TextSegment => ({ kind: 'text', text: t })
const link = (t: string, url: string): TextSegment => ({ kind: 'link', text: t, url })

describe('linkify', () => {
  it('turns an https URL into a link and keeps the text around it', () => {
    expect(linkify('see https://example.org/a?b=c#d now')).toEqual([text('see '), link('https://example.org/a?b=c#d', 'https://example.org/a?b=c#d'), text(' now')])
  })

  it('links http URLs and gives the normalised URL to open', () => {
    expect(linkify('HTTP://Example.ORG')).toEqual([link('HTTP://Example.ORG', 'http://example.org/')])
  })

  it('ends a link at bidi controls and invisible characters, so they cannot reorder what it shows (X55)', () => {
    const spoof = 'https://example.org/\u202Eexe.gpj'
    expect(linkify(spoof)).toEqual([link('https://example.org/', 'https://example.org/'), text('\u202Eexe.gpj')])
    for (const control of ['\u200B', '\u200E', '\u200F', '\u202A', '\u202D', '\u2066', '\u2069', '\u061C', '\uFEFF'])
      expect(linkify(`https://a.example/x${control}y`)[0]).toEqual(link('https://a.example/x', 'https://a.example/x'))
  })

  it('shows the ASCII form of a host that mixes look-alike scripts (X32), and a one-script host as written', () => {
    expect(linkify('https://\u0430pple.com/login')).toEqual([link('https://xn--pple-43d.com/login', 'https://xn--pple-43d.com/login')])
    expect(linkify('https://\u0440\u0430\u0443\u0440\u0430\u0441.com')[0]).toMatchObject({ text: 'https://xn--80aa0cbgj.com/' }) // all Cyrillic, Latin TLD
    expect(linkify('https://münchen.de/karte')).toEqual([link('https://münchen.de/karte', 'https://xn--mnchen-3ya.de/karte')])
    expect(linkify('https://user@\u0430pple.com:8443/')[0]).toMatchObject({ text: 'https://user@xn--pple-43d.com:8443/' })
  })

  it('returns no segments for empty text', () => {
    expect(linkify('')).toEqual([])
  })

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.org/file.txt',
    'xmpp:alice@example.org?message',
    'smb://evil.example/share/a.png',
    'vbscript:msgbox(1)',
  ])('leaves a non-http URL as plain text: %s', (input) => {
    expect(linkify(input)).toEqual([text(input)])
  })

  it('keeps <img src=x onerror=alert(1)> as plain text', () => {
    const hostile = '<img src=x onerror=alert(1)>'
    expect(linkify(hostile)).toEqual([text(hostile)])
  })

  it('ends a URL at "<" so markup after it stays text', () => {
    expect(linkify('https://example.org/<img src=x onerror=alert(1)>')).toEqual([
      link('https://example.org/', 'https://example.org/'),
      text('<img src=x onerror=alert(1)>'),
    ])
  })

  it('does not link the part of "javascript:" before an embedded https URL', () => {
    expect(linkify('javascript:https://example.org')).toEqual([text('javascript:'), link('https://example.org', 'https://example.org/')])
  })

  it.each([
    ['https://example.org/x.', 'https://example.org/x', '.'],
    ['https://example.org/x,', 'https://example.org/x', ','],
    ['https://example.org/x!?', 'https://example.org/x', '!?'],
    ['https://example.org/x;:', 'https://example.org/x', ';:'],
    ['https://example.org/x"', 'https://example.org/x', '"'],
    ['https://example.org/x»', 'https://example.org/x', '»'],
  ])('trims trailing punctuation from %s', (input, url, rest) => {
    expect(linkify(input)).toEqual([link(url, url), text(rest)])
  })

  it('leaves a closing parenthesis outside a URL written in parentheses', () => {
    expect(linkify('(see https://example.org/x)')).toEqual([text('(see '), link('https://example.org/x', 'https://example.org/x'), text(')')])
  })

  it('keeps a closing parenthesis that balances one inside the URL', () => {
    const url = 'https://en.wikipedia.org/wiki/Foo_(bar)'
    expect(linkify(`${url}.`)).toEqual([link(url, url), text('.')])
    expect(linkify(`(${url})`)).toEqual([text('('), link(url, url), text(')')])
  })

  it('leaves the unbalanced closing parenthesis out when the URL has one pair in the middle', () => {
    const url = 'https://en.wikipedia.org/wiki/A_(b)_c'
    expect(linkify(`(see ${url})`)).toEqual([text('(see '), link(url, url), text(')')])
  })

  it('does not link a scheme with nothing after it', () => {
    expect(linkify('https://.')).toEqual([text('https://.')])
  })

  it.each([
    'a https://a.example/ b\n\thttps://b.example/x!! c',
    'https://a.example/https://b.example/',
    '  https://a.example/x)  (https://b.example/(y)) end.',
    '<b>https://a.example/?q=<i></b> javascript:x https://c.example',
    'no links here at all',
  ])('preserves every character of the input across segments: %j', (input) => {
    const segments = linkify(input)
    expect(segments.map((s) => s.text).join('')).toBe(input)
    // Neighbouring text segments are merged, never split.
    for (let i = 1; i < segments.length; i++) expect(segments[i - 1]?.kind === 'text' && segments[i]?.kind === 'text').toBe(false)
  })

  it('splits text between two links exactly', () => {
    expect(linkify('https://a.example/ and https://b.example/')).toEqual([
      link('https://a.example/', 'https://a.example/'),
      text(' and '),
      link('https://b.example/', 'https://b.example/'),
    ])
  })
})

describe('safeHttpUrl', () => {
  it('returns the normalised href of an http(s) URL', () => {
    expect(safeHttpUrl('https://Example.org')).toBe('https://example.org/')
    expect(safeHttpUrl('http://example.org/a b')).toBe('http://example.org/a%20b')
  })

  it.each(['javascript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd', 'ftp://example.org/', 'not a url', 'https://', 'https://exa mple.org/'])(
    'refuses %s',
    (input) => {
      expect(safeHttpUrl(input)).toBeNull()
    },
  )
})
