// Which messages are file messages (XEP-0066 OOB as XEP-0363 uploads are shared): the OOB url must
// equal the body, only https qualifies, a bare link counts only when its path names a file (and
// is never marked as OOB), and the hostile vectors of T18 become nothing fetchable. The stanza we
// send for a file carries the OOB element; the parsed chat message carries the attachment.
import { describe, expect, it } from 'vitest'
import { chatStanza, parseChatMessage } from '../../../../electron/core/xmpp/features/chat'
import { parseAttachment } from '../../../../electron/core/xmpp/features/oob'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const message = (body: string, extra = ''): ReturnType<typeof parseStanza> =>
  parseStanza(`<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/desk' type='chat' id='m1'><body>${body}</body>${extra}</message>`)
const oob = (url: string): string => `<x xmlns='jabber:x:oob'><url>${url}</url></x>`
const attachmentOf = (body: string, extra = '') => parseAttachment(message(body, extra), body)

describe('parseAttachment', () => {
  it('an OOB url equal to the body is a file the sender marked, named by the last path segment', () => {
    const url = 'https://upload.example.org/abc/holiday%20photo.jpg'
    expect(attachmentOf(url, oob(url))).toEqual({ url, name: 'holiday photo.jpg', size: null, mediaType: null, oob: true })
  })

  it('an OOB url that differs from the body does not make the message a file', () => {
    expect(attachmentOf('look at this', oob('https://upload.example.org/a.png'))).toBeNull()
    expect(attachmentOf('https://upload.example.org/a.txt', oob('https://upload.example.org/b.txt'))?.oob).toBe(false)
  })

  it('two OOB elements are ambiguous: not marked', () => {
    const url = 'https://upload.example.org/a.bin'
    expect(attachmentOf(url, oob(url) + oob(url))).toBeNull()
  })

  it('a bare https link to a file-like path is a file, but never one the sender marked (T18: no automatic fetch)', () => {
    expect(attachmentOf('https://canary.evil.example/x.png')).toEqual({ url: 'https://canary.evil.example/x.png', name: 'x.png', size: null, mediaType: null, oob: false })
    expect(attachmentOf('https://example.org/about')).toBeNull()
    expect(attachmentOf('see https://example.org/a.png')).toBeNull()
  })

  it('T18: OOB to a 10 GB file is a file message (the size cap applies when fetched, and only after a click)', () => {
    const url = 'https://canary.evil.example/10GB.bin'
    expect(attachmentOf(url, oob(url))).toMatchObject({ url, name: '10GB.bin', oob: true })
  })

  it('T18: smb:, file:, http: and links with credentials are never files', () => {
    for (const url of ['smb://evil.example/share/a.png', 'file:///etc/passwd.txt', 'http://evil.example/a.png', 'https://user:pw@evil.example/a.png', 'javascript:alert(1)//a.png']) {
      expect(attachmentOf(url, oob(url)), url).toBeNull()
    }
  })

  it('keeps the name exactly as the link has it (display neutralises it), but never a path separator', () => {
    expect(attachmentOf('https://x.example/a/invoice%E2%80%AEfdp.exe', oob('https://x.example/a/invoice%E2%80%AEfdp.exe'))?.name).toBe('invoice\u202efdp.exe')
    expect(attachmentOf('https://x.example/a/..%2F..%2Fetc%2Fpasswd.txt')?.name).toBe('.._.._etc_passwd.txt')
    expect(attachmentOf('https://x.example/a/%E0%A4%A.png')?.name).toBe('%E0%A4%A.png')
  })
})

describe('file messages on the wire', () => {
  it('parseChatMessage carries the attachment; an ordinary message has none', () => {
    const url = 'https://upload.example.org/abc/a.pdf'
    const options = { account: 'me@example.org', via: 'live' as const, outgoing: false, now: 10_000, delay: null, archiveId: null }
    expect(parseChatMessage(message(url, oob(url)), options)?.attachment).toMatchObject({ url, name: 'a.pdf', oob: true })
    expect(parseChatMessage(message('hello'), options)).not.toHaveProperty('attachment')
  })

  it('a file message is sent with its link as body and as the OOB url', () => {
    const url = 'https://upload.example.org/abc/a.pdf'
    const stanza = roundTrip(chatStanza({ conversation: 'alice@example.org', body: url, originId: 'o1', oobUrl: url }))
    expect(stanza.getChildText('body')).toBe(url)
    expect(parseAttachment(stanza, url)).toMatchObject({ url, oob: true })
    expect(roundTrip(chatStanza({ conversation: 'alice@example.org', body: 'hi', originId: 'o2' })).getChild('x', 'jabber:x:oob')).toBeUndefined()
  })
})
