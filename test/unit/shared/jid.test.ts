import { describe, expect, it } from 'vitest'
import { bareJid, formatJid, isAccountJid, parseJid, resourceOf } from '../../../shared/types/jid'

describe('parseJid', () => {
  it('splits a full JID into local part, domain and resource', () => {
    expect(parseJid('me@example.org/desk')).toEqual({ local: 'me', domain: 'example.org', resource: 'desk' })
  })

  it('accepts a bare JID and a domain-only JID', () => {
    expect(parseJid('alice@example.org')).toEqual({ local: 'alice', domain: 'example.org', resource: '' })
    expect(parseJid('example.org')).toEqual({ local: '', domain: 'example.org', resource: '' })
  })

  it('lowercases the local part and domain but keeps the resource as sent', () => {
    expect(parseJid('Alice@Example.ORG/Phone')).toEqual({ local: 'alice', domain: 'example.org', resource: 'Phone' })
  })

  it('strips one trailing dot from the domain', () => {
    expect(parseJid('alice@example.org.')).toEqual({ local: 'alice', domain: 'example.org', resource: '' })
  })

  it('keeps a resource containing "/" and "@" intact (only the first "/" separates it)', () => {
    expect(parseJid('me@example.org/desk/with/slash@and.at')).toEqual({ local: 'me', domain: 'example.org', resource: 'desk/with/slash@and.at' })
    expect(parseJid('example.org/a@b')).toEqual({ local: '', domain: 'example.org', resource: 'a@b' })
  })

  it('keeps spaces inside a resource (allowed by RFC 7622) and trims surrounding whitespace', () => {
    expect(parseJid('me@example.org/my phone')?.resource).toBe('my phone')
    expect(parseJid('  alice@example.org  ')).toEqual({ local: 'alice', domain: 'example.org', resource: '' })
  })

  it.each([
    ['empty string', ''],
    ['only whitespace', '   '],
    ['empty local part', '@example.org'],
    ['empty domain', 'alice@'],
    ['empty resource after slash', 'alice@example.org/'],
    ['only a resource', '/desk'],
    ['NUL in the local part', 'al\u0000ice@example.org'],
    ['BEL in the resource', 'alice@example.org/de\u0007sk'],
    ['line feed in the domain', 'alice@exa\nmple.org'],
    ['DEL character', 'alice\u007f@example.org'],
    ['space in the local part', 'al ice@example.org'],
    ['space in the domain', 'alice@exa mple.org'],
    ['line separator in the local part', 'al\u2028ice@example.org'],
    ['a second @ in the local part', 'a@b@example.org'],
    ['quote in the local part', '"alice"@example.org'],
    ['angle brackets in the local part', '<script>@example.org'],
    ['colon in the local part', 'a:b@example.org'],
  ])('rejects %s', (_name, input) => {
    expect(parseJid(input)).toBeNull()
  })

  it('accepts parts of exactly 1023 characters and rejects 1024', () => {
    const ok = 'a'.repeat(1023)
    const long = 'a'.repeat(1024)
    expect(parseJid(`${ok}@example.org`)?.local).toBe(ok)
    expect(parseJid(`${long}@example.org`)).toBeNull()
    expect(parseJid(`alice@${long}`)).toBeNull()
    expect(parseJid(`alice@example.org/${long}`)).toBeNull()
    expect(parseJid(`alice@example.org/${ok}`)?.resource).toBe(ok)
  })

  // RFC 7622 §3.3-3.5 counts octets of the UTF-8 encoding, not UTF-16 code units.
  it('rejects a local part longer than 1023 octets of UTF-8 even when it is short in characters', () => {
    const local = 'é'.repeat(600) // 600 characters, 1200 octets
    expect(parseJid(`${local}@example.org`)).toBeNull()
  })

  // RFC 7622 (PRECIS IdentifierClass / FreeformClass) disallows all Cc code points, C1 included.
  it.each([
    ['NEL (U+0085) in the local part', 'alice\u0085@example.org'],
    ['CSI (U+009B) in the resource', 'alice@example.org/desk\u009b'],
  ])('rejects C1 control characters: %s', (_name, input) => {
    expect(parseJid(input)).toBeNull()
  })
})

describe('bareJid', () => {
  it('returns the normalised local@domain of a full JID', () => {
    expect(bareJid('Alice@Example.org/Phone')).toBe('alice@example.org')
  })

  it('returns the domain for a domain JID with a resource', () => {
    expect(bareJid('example.org/desk')).toBe('example.org')
  })

  it('returns null for a string that is not a JID', () => {
    expect(bareJid('')).toBeNull()
    expect(bareJid('@evil.example')).toBeNull()
  })
})

describe('resourceOf', () => {
  it('returns the resource, an empty string for a bare JID, and an empty string for garbage', () => {
    expect(resourceOf('me@example.org/desk/x')).toBe('desk/x')
    expect(resourceOf('me@example.org')).toBe('')
    expect(resourceOf('@bad/desk')).toBe('')
  })
})

describe('isAccountJid', () => {
  it('is true only for local@domain without a resource', () => {
    expect(isAccountJid('me@example.org')).toBe(true)
    expect(isAccountJid('me@example.org/desk')).toBe(false)
    expect(isAccountJid('example.org')).toBe(false)
    expect(isAccountJid('me@')).toBe(false)
  })
})

describe('formatJid', () => {
  it('formats each shape and round-trips a parsed JID', () => {
    expect(formatJid({ local: 'me', domain: 'example.org', resource: 'desk' })).toBe('me@example.org/desk')
    expect(formatJid({ local: '', domain: 'example.org', resource: '' })).toBe('example.org')
    const parsed = parseJid('Me@Example.org/Desk/2')
    expect(parsed && formatJid(parsed)).toBe('me@example.org/Desk/2')
  })
})
