// XEP-0363 HTTP File Upload, the XMPP half: finding the service and its limit, the slot request we
// build, and reading a slot as if the service were hostile — missing or duplicated URLs, non-https
// URLs, header injection, absurd limits, a slot from someone we did not ask.
import type { Element } from '@xmpp/xml'
import { describe, expect, it } from 'vitest'
import {
  checkTransferUrl,
  describeUploadError,
  discoverUploadService,
  MAX_DISCO_ITEMS,
  parseByteCount,
  parseDiscoItems,
  parseSlot,
  parseUploadService,
  requestSlot,
  slotRequest,
} from '../../../../electron/core/xmpp/features/http-upload'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const SERVICE = 'upload.example.org'
const UP = 'urn:xmpp:http:upload:0'
const PUT = 'https://upload.example.org/put/abc/file.png'
const GET = 'https://upload.example.org/get/abc/file.png'

const info = (from: string, body: string): Element =>
  parseStanza(`<iq type='result' id='i' from='${from}'><query xmlns='http://jabber.org/protocol/disco#info'>${body}</query></iq>`)
const form = (max: string, extra = ''): string =>
  `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>${UP}</value></field>` +
  `<field var='max-file-size'><value>${max}</value></field>${extra}</x>`
const slot = (inner: string, from = SERVICE, type = 'result'): Element =>
  parseStanza(`<iq type='${type}' id='s' from='${from}'>${inner}</iq>`)
const slotWith = (put: string, get: string, headers = ''): Element =>
  slot(`<slot xmlns='${UP}'><put url='${put}'>${headers}</put><get url='${get}'/></slot>`)

describe('finding the upload service', () => {
  it('reads the items of a disco#items answer: JIDs only, no duplicates, no node items, bounded', () => {
    const items = [
      `<item jid='conference.example.org'/>`, `<item jid='upload.example.org'/>`, `<item jid='upload.example.org'/>`,
      `<item jid='pubsub.example.org' node='some/node'/>`, `<item/>`, `<item jid='bad jid'/>`,
      ...Array.from({ length: 100 }, (_, i) => `<item jid='c${i}.example.org'/>`),
    ].join('')
    const jids = parseDiscoItems(parseStanza(`<iq type='result' id='x'><query xmlns='http://jabber.org/protocol/disco#items'>${items}</query></iq>`))
    expect(jids.slice(0, 3)).toEqual(['conference.example.org', 'upload.example.org', 'c0.example.org'])
    expect(jids).toHaveLength(MAX_DISCO_ITEMS)
  })

  it('recognises the service and reads max-file-size from its form', () => {
    const reply = info(SERVICE, `<identity category='store' type='file'/><feature var='${UP}'/>${form('10485760')}`)
    expect(parseUploadService(SERVICE, reply)).toEqual({ jid: SERVICE, maxFileSize: 10485760 })
  })

  it('is not fooled by a lookalike: no feature, wrong namespace, or the limit in another form', () => {
    expect(parseUploadService(SERVICE, info(SERVICE, form('100')))).toBeNull()
    expect(parseUploadService(SERVICE, info(SERVICE, `<feature var='urn:xmpp:http:upload'/>`))).toBeNull()
    const otherForm = `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:other</value></field><field var='max-file-size'><value>5</value></field></x>`
    expect(parseUploadService(SERVICE, info(SERVICE, `<feature var='${UP}'/>${otherForm}`))).toEqual({ jid: SERVICE, maxFileSize: null })
  })

  it('treats an unclear or absurd limit as no stated limit', () => {
    const limit = (body: string): number | null | undefined => parseUploadService(SERVICE, info(SERVICE, `<feature var='${UP}'/>${body}`))?.maxFileSize
    for (const bad of ['', '-1', '0', '1e9', '12.5', '0x100', ' ', 'ten', '99999999999999999999', '9007199254740993', '１２３'])
      expect(limit(form(bad)), bad).toBeNull()
    expect(limit(form('100', `<field var='max-file-size'><value>1</value></field>`))).toBeNull() // field twice
    expect(limit(form('100') + form('200'))).toBeNull() // two forms of the type
    expect(limit(`<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>${UP}</value></field><field var='max-file-size'><value>1</value><value>2</value></field></x>`)).toBeNull()
    expect(limit(form(' 2048 '))).toBe(2048)
    expect(parseByteCount('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('asks the server first, then its items, and skips items that fail or do not offer uploads', async () => {
    const asked: string[] = []
    const iq = async (stanza: Element): Promise<Element> => {
      const to = stanza.attrs.to as string
      const ns = stanza.getChildElements()[0]?.attrs.xmlns
      asked.push(`${ns === NS.discoItems ? 'items' : 'info'} ${to}`)
      if (ns === NS.discoItems)
        return parseStanza(`<iq type='result' id='x' from='example.org'><query xmlns='${NS.discoItems}'><item jid='broken.example.org'/><item jid='conference.example.org'/><item jid='${SERVICE}'/></query></iq>`)
      if (to === 'broken.example.org') throw new Error('service-unavailable')
      if (to === SERVICE) return info(SERVICE, `<feature var='${UP}'/>${form('4096')}`)
      return info(to, `<feature var='http://jabber.org/protocol/muc'/>`)
    }
    expect(await discoverUploadService(iq, 'example.org')).toEqual({ jid: SERVICE, maxFileSize: 4096 })
    expect(asked[0]).toBe('info example.org')
    expect(asked[1]).toBe('items example.org')
  })

  it('ignores an answer that names another sender than the one asked', async () => {
    const iq = async (stanza: Element): Promise<Element> => {
      if (stanza.getChild('query', NS.discoItems)) return parseStanza(`<iq type='result' id='x' from='example.org'><query xmlns='${NS.discoItems}'><item jid='${SERVICE}'/></query></iq>`)
      return info('mallory.evil.example', `<feature var='${UP}'/>`)
    }
    expect(await discoverUploadService(iq, 'example.org')).toBeNull()
  })
})

describe('the slot request', () => {
  it('names the file, its size and a plain content type', () => {
    const stanza = roundTrip(slotRequest(SERVICE, { filename: 'photo 1.png', size: 1234, contentType: 'image/png' }))
    expect(stanza.attrs).toMatchObject({ type: 'get', to: SERVICE })
    expect(stanza.getChild('request', UP)?.attrs).toMatchObject({ filename: 'photo 1.png', size: '1234', 'content-type': 'image/png' })
  })

  it('leaves out a content type that is not a plain type/subtype', () => {
    for (const contentType of ['text/html; charset=utf-8', 'image/png\r\nX-Evil: 1', 'png', ''])
      expect(slotRequest(SERVICE, { filename: 'a', size: 1, contentType }).getChild('request', UP)?.attrs['content-type'], contentType).toBeUndefined()
  })

  it('refuses names and sizes no service should be asked for', () => {
    for (const filename of ['', '.', '..', 'a/b', 'a\\b', 'evil\r\n.png', 'nul\u0000', 'x'.repeat(256), 'é'.repeat(128)])
      expect(() => slotRequest(SERVICE, { filename, size: 1 }), JSON.stringify(filename)).toThrow()
    for (const size of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) expect(() => slotRequest(SERVICE, { filename: 'a', size }), String(size)).toThrow()
    expect(() => slotRequest(SERVICE, { filename: 'invoice\u202efdp.exe', size: 0 })).not.toThrow() // shown neutralised, not refused
  })
})

describe('reading a slot', () => {
  it('reads the URLs and the allowed headers', () => {
    const headers = `<header name='Authorization'>Bearer abc</header><header name='Cookie'>foo=bar</header><header name='Expires'>Tue, 1 Jul 2031 00:00:00 GMT</header>`
    expect(parseSlot(slotWith(PUT, GET, headers), SERVICE)).toEqual({
      ok: true,
      slot: { putUrl: PUT, getUrl: GET, putHeaders: { Authorization: 'Bearer abc', Cookie: 'foo=bar', Expires: 'Tue, 1 Jul 2031 00:00:00 GMT' } },
    })
  })

  it('drops every other header, any header carrying CR/LF or another control character, and headers named twice', () => {
    const headers = [
      `<header name='Host'>evil.example</header>`,
      `<header name='Content-Length'>0</header>`,
      `<header name='X-Forwarded-For'>1.2.3.4</header>`,
      `<header name='Transfer-Encoding'>chunked</header>`,
      `<header name='authorization'>Bearer ok&#13;&#10;X-Evil: 1</header>`,
      `<header name='Cookie'>a=1</header><header name='cookie'>b=2</header>`,
      `<header name='Expires'>x&#0009;y</header>`,
      `<header>no-name</header>`,
    ].join('')
    const verdict = parseSlot(slotWith(PUT, GET, headers), SERVICE)
    expect(verdict).toMatchObject({ ok: true })
    expect(verdict.ok && verdict.slot.putHeaders).toEqual({})
    // A lowercase name is the same header and comes out canonical.
    const ok = parseSlot(slotWith(PUT, GET, `<header name='AUTHORIZATION'>Bearer x</header>`), SERVICE)
    expect(ok.ok && ok.slot.putHeaders).toEqual({ Authorization: 'Bearer x' })
  })

  it('refuses slots with missing or duplicated parts', () => {
    const cases: [string, Element][] = [
      ['no slot', slot('')],
      ['two slots', slot(`<slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/></slot><slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/></slot>`)],
      ['no put', slot(`<slot xmlns='${UP}'><get url='${GET}'/></slot>`)],
      ['no get', slot(`<slot xmlns='${UP}'><put url='${PUT}'/></slot>`)],
      ['two puts', slot(`<slot xmlns='${UP}'><put url='${PUT}'/><put url='https://evil.example/x'/><get url='${GET}'/></slot>`)],
      ['two gets', slot(`<slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/><get url='https://evil.example/x'/></slot>`)],
      ['put without url', slot(`<slot xmlns='${UP}'><put/><get url='${GET}'/></slot>`)],
      ['get without url', slot(`<slot xmlns='${UP}'><put url='${PUT}'/><get/></slot>`)],
      ['legacy namespace', slot(`<slot xmlns='urn:xmpp:http:upload'><put>${PUT}</put><get>${GET}</get></slot>`)],
      ['an error', slot(`<slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/></slot>`, SERVICE, 'error')],
    ]
    for (const [name, reply] of cases) expect(parseSlot(reply, SERVICE).ok, name).toBe(false)
  })

  it('refuses a slot from anyone but the service asked', () => {
    expect(parseSlot(slotWith(PUT, GET), SERVICE)).toMatchObject({ ok: true })
    for (const from of ['mallory@evil.example/x', 'example.org', 'UPLOAD.example.org.evil']) expect(parseSlot(slot(`<slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/></slot>`, from), SERVICE)).toEqual({ ok: false, reason: 'wrong-sender' })
    expect(parseSlot(parseStanza(`<iq type='result' id='s'><slot xmlns='${UP}'><put url='${PUT}'/><get url='${GET}'/></slot></iq>`), SERVICE)).toEqual({ ok: false, reason: 'wrong-sender' })
  })

  it('accepts only https URLs (http on loopback only when asked), without credentials or control characters', () => {
    for (const bad of ['http://upload.example.org/x', 'ftp://upload.example.org/x', 'file:///etc/passwd', 'smb://evil.example/s', 'javascript:alert(1)', 'data:text/plain,hi', '//upload.example.org/x', '/relative', 'https://user:pw@upload.example.org/x', 'https://', 'https://[not-an-ip]/x', `https://e.example/${'a'.repeat(9000)}`, 'https://e.example/a\nb']) {
      expect(checkTransferUrl(bad), bad).toBeNull()
      expect(parseSlot(slotWith(bad.replaceAll("'", '&apos;').replaceAll('\n', '&#10;'), GET), SERVICE).ok, `put ${bad}`).toBe(false)
      expect(parseSlot(slotWith(PUT, bad.replaceAll("'", '&apos;').replaceAll('\n', '&#10;')), SERVICE).ok, `get ${bad}`).toBe(false)
    }
    expect(checkTransferUrl('http://127.0.0.1:5280/x')).toBeNull()
    expect(checkTransferUrl('http://127.0.0.1:5280/x', { allowInsecureLoopback: true })).toBe('http://127.0.0.1:5280/x')
    expect(checkTransferUrl('http://localhost/x', { allowInsecureLoopback: true })).toBe('http://localhost/x')
    expect(checkTransferUrl('http://[::1]/x', { allowInsecureLoopback: true })).toBe('http://[::1]/x')
    for (const notLoopback of ['http://127.0.0.1.evil.example/x', 'http://10.0.0.1/x', 'http://upload.example.org/x'])
      expect(checkTransferUrl(notLoopback, { allowInsecureLoopback: true }), notLoopback).toBeNull()
  })

  it('requestSlot turns an unusable slot into an error', async () => {
    const iq = async (): Promise<Element> => slotWith('http://upload.example.org/put', GET)
    await expect(requestSlot(iq, SERVICE, { filename: 'a.txt', size: 3 })).rejects.toThrow(/bad-put-url/u)
    const good = async (): Promise<Element> => slotWith(PUT, GET)
    await expect(requestSlot(good, SERVICE, { filename: 'a.txt', size: 3 })).resolves.toMatchObject({ putUrl: PUT })
  })

  it('reads the service limit out of a file-too-large error', () => {
    // The error as xmpp.js hands it over (StanzaError: condition + application element).
    const parsed = parseStanza(`<iq type='error' id='e'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><file-too-large xmlns='${UP}'><max-file-size>1024</max-file-size></file-too-large></error></iq>`)
    const application = parsed.getChild('error')?.getChild('file-too-large', UP)
    expect(describeUploadError({ condition: 'not-acceptable', application })).toEqual({ condition: 'file-too-large', maxFileSize: 1024 })
    expect(describeUploadError({ condition: 'forbidden' })).toEqual({ condition: 'forbidden', maxFileSize: null })
    expect(describeUploadError(null)).toEqual({ condition: 'unknown', maxFileSize: null })
  })
})
