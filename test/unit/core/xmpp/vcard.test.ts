// XEP-0054 cards read defensively (hostile sizes, control characters, photos that are not the
// images they claim to be) and our own card built without losing what we do not edit.
import { describe, expect, it } from 'vitest'
import { PROFILE_LIMITS } from '../../../../shared/types/profile-limits'
import { cleanField, decodeBase64, MAX_VCARD_CHARS, ownVCardSet, parseVCard, VCARD_NS } from '../../../../electron/core/xmpp/features/vcard'
import { RED_PNG } from '../../../support/images'
import { parseStanza } from '../../../support/parse-xml'

const PNG = RED_PNG
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)

const reply = (card: string) => parseStanza(`<iq type='result' from='alice@example.org' id='1'><vCard xmlns='vcard-temp'>${card}</vCard></iq>`)
const photo = (type: string, bytes: Buffer) => `<PHOTO><TYPE>${type}</TYPE><BINVAL>${bytes.toString('base64')}</BINVAL></PHOTO>`

describe('parseVCard', () => {
  it('reads the fields we show, e-mail from USERID', () => {
    const card = parseVCard(reply(`<FN>Alice Liddell</FN><NICKNAME>al</NICKNAME><EMAIL><INTERNET/><USERID>alice@example.org</USERID></EMAIL><URL>https://example.org/</URL><NOTE>line 1\nline 2</NOTE>`))
    expect(card).toEqual({ fn: 'Alice Liddell', nickname: 'al', email: 'alice@example.org', url: 'https://example.org/', note: 'line 1\nline 2', photo: null })
  })

  it('strips control characters (line breaks too, outside the note) and caps each field', () => {
    const card = parseVCard(reply(`<FN>A\u0007li\u001bce\nX</FN><NICKNAME>${'n'.repeat(5000)}</NICKNAME><NOTE>${'x'.repeat(10_000)}</NOTE>`))
    expect(card?.fn).toBe('AliceX')
    expect(card?.nickname).toHaveLength(PROFILE_LIMITS.field)
    expect(card?.note).toHaveLength(PROFILE_LIMITS.note)
  })

  it('keeps markup as plain text (rendering is text-only)', () => {
    expect(parseVCard(reply(`<FN>&lt;img src=x onerror=alert(1)&gt;</FN>`))?.fn).toBe('<img src=x onerror=alert(1)>')
  })

  it('never splits a surrogate pair when capping', () => {
    expect(cleanField('😀'.repeat(3), 2)).toBe('😀😀')
  })

  it('refuses a card larger than the whole-card cap', () => {
    expect(parseVCard(reply(`<NOTE>${'x'.repeat(MAX_VCARD_CHARS)}</NOTE>`))).toBeNull()
  })

  it('ignores duplicated fields rather than picking one', () => {
    expect(parseVCard(reply(`<FN>Alice</FN><FN>Mallory</FN>`))?.fn).toBe('')
  })

  it('takes a photo by its magic bytes, whatever TYPE claims', () => {
    expect(parseVCard(reply(photo('image/gif', PNG)))?.photo?.type).toBe('image/png')
    expect(parseVCard(reply(photo('image/png', SVG)))?.photo).toBeNull()
    expect(parseVCard(reply(photo('image/png', Buffer.from('<html><script>alert(1)</script></html>'))))?.photo).toBeNull()
  })

  it('refuses a photo over the byte cap and malformed base64', () => {
    const big = Buffer.concat([PNG, Buffer.alloc(PROFILE_LIMITS.photoBytes)])
    expect(decodeBase64(big.toString('base64'), PROFILE_LIMITS.photoBytes)).toBeNull()
    expect(decodeBase64('iVBO!!!', PROFILE_LIMITS.photoBytes)).toBeNull()
    expect(decodeBase64(` ${PNG.toString('base64').replace(/(.{20})/gu, '$1\n')} `, PROFILE_LIMITS.photoBytes)).toEqual(PNG)
  })

  it('is null without a vCard element', () => {
    expect(parseVCard(parseStanza(`<iq type='result' id='1'/>`))).toBeNull()
  })
})

describe('ownVCardSet', () => {
  const current = reply(`<FN>Old</FN><NICKNAME>old</NICKNAME><URL>https://example.org/</URL>${photo('image/png', PNG)}`).getChild('vCard', VCARD_NS) ?? null

  it('replaces the edited fields and keeps the rest (and the photo when not changed)', () => {
    const card = ownVCardSet(current, { fn: 'New\u0000 name', nickname: '', email: 'me@example.org' }, undefined).getChild('vCard', VCARD_NS)
    expect(card?.getChildText('FN', VCARD_NS)).toBe('New name')
    expect(card?.getChild('NICKNAME', VCARD_NS)).toBeUndefined()
    expect(card?.getChild('EMAIL', VCARD_NS)?.getChildText('USERID', VCARD_NS)).toBe('me@example.org')
    expect(card?.getChildText('URL', VCARD_NS)).toBe('https://example.org/')
    expect(card?.getChildren('PHOTO', VCARD_NS)).toHaveLength(1)
  })

  it('removes or replaces the photo', () => {
    const fields = { fn: '', nickname: '', email: '' }
    expect(ownVCardSet(current, fields, null).getChild('vCard', VCARD_NS)?.getChild('PHOTO', VCARD_NS)).toBeUndefined()
    const replaced = ownVCardSet(current, fields, { type: 'image/png', bytes: PNG }).getChild('vCard', VCARD_NS)?.getChildren('PHOTO', VCARD_NS)
    expect(replaced).toHaveLength(1)
    expect(replaced?.[0]?.getChildText('BINVAL', VCARD_NS)).toBe(PNG.toString('base64'))
  })
})
