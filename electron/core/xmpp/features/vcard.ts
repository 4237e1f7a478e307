// XEP-0054 vcard-temp: ask for a card, read it defensively (a card is whatever the peer or its
// server chose to send: sizes are capped, control characters dropped, the photo kept only when its
// bytes are an image we show) and build our own. Editing our card keeps every element we do not
// edit, since a vCard set replaces the whole card. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { PROFILE_LIMITS, type ImageType } from '../../../../shared/types/profile-limits'
import { sniffImageType } from '../../../../shared/util/image-type'
import { stripXmlForbidden } from '../../../../shared/util/xml-chars'
import { onlyChild } from '../xml-helpers'

export const VCARD_NS = 'vcard-temp'

/** The serialized card we are willing to read at all (a photo at its cap, base64, plus text). */
export const MAX_VCARD_CHARS = Math.ceil(PROFILE_LIMITS.photoBytes / 3) * 4 + 64 * 1024

export interface Photo {
  type: ImageType
  bytes: Buffer
}

export interface VCard {
  fn: string
  nickname: string
  email: string
  url: string
  note: string
  photo: Photo | null
}

export interface OwnCardFields {
  fn: string
  nickname: string
  email: string
}

/** The card of `jid` (a bare JID), or our own without `to`. */
export function vcardGet(jid?: string): Element {
  return xml('iq', { type: 'get', ...(jid ? { to: jid } : {}) }, xml('vCard', { xmlns: VCARD_NS }))
}

// C0/C1 controls (tab and, in notes, line breaks excepted): harmless as text, but nothing a name needs.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu
const CONTROLS_AND_BREAKS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/gu

/** Peer text made safe to keep: no forbidden or control characters, trimmed, at most `max` characters. */
export function cleanField(text: string, max: number = PROFILE_LIMITS.field, multiline = false): string {
  const cleaned = stripXmlForbidden(text).replace(multiline ? CONTROLS : CONTROLS_AND_BREAKS, '').trim()
  // Cut by code points, so a surrogate pair is never split.
  return [...cleaned].slice(0, max).join('')
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u

/** Decodes a base64 BINVAL when it is well-formed and within `maxBytes`; null otherwise. */
export function decodeBase64(text: string, maxBytes: number): Buffer | null {
  const compact = text.replace(/\s+/gu, '')
  if (compact.length > Math.ceil(maxBytes / 3) * 4 || compact.length % 4 !== 0 || !BASE64.test(compact)) return null
  const bytes = Buffer.from(compact, 'base64')
  return bytes.length > 0 && bytes.length <= maxBytes ? bytes : null
}

/** A PHOTO's bytes when they are one of the image types we show (the TYPE element is not trusted). */
export function parsePhoto(photo: Element | null): Photo | null {
  const binval = photo ? onlyChild(photo, 'BINVAL', VCARD_NS) : null
  const bytes = binval ? decodeBase64(binval.text(), PROFILE_LIMITS.photoBytes) : null
  const type = bytes ? sniffImageType(bytes) : null
  return bytes && type ? { type, bytes } : null
}

function text(card: Element, name: string, max?: number, multiline = false): string {
  return cleanField(onlyChild(card, name, VCARD_NS)?.text() ?? '', max, multiline)
}

/** The card in an IQ result; null when there is none or it is too large to read. */
export function parseVCard(reply: Element): VCard | null {
  const card = onlyChild(reply, 'vCard', VCARD_NS)
  if (!card || card.toString().length > MAX_VCARD_CHARS) return null
  const email = onlyChild(card, 'EMAIL', VCARD_NS)
  return {
    fn: text(card, 'FN'),
    nickname: text(card, 'NICKNAME'),
    // vcard-temp puts the address in USERID; some clients write it as the element's text.
    email: cleanField(email ? (onlyChild(email, 'USERID', VCARD_NS)?.text() ?? email.text()) : ''),
    url: text(card, 'URL'),
    note: text(card, 'NOTE', PROFILE_LIMITS.note, true) || text(card, 'DESC', PROFILE_LIMITS.note, true),
    photo: parsePhoto(onlyChild(card, 'PHOTO', VCARD_NS)),
  }
}

const EDITED = new Set(['FN', 'NICKNAME', 'EMAIL', 'PHOTO'])

/**
 * Our card for a vCard set: `current` (our card as the server has it, or null) with the edited
 * fields replaced; `photo` undefined keeps the current PHOTO, null removes it.
 */
export function ownVCardSet(current: Element | null, fields: OwnCardFields, photo: Photo | null | undefined): Element {
  const keep = (current?.getChildElements() ?? []).filter((child) => !EDITED.has(child.name) || (child.name === 'PHOTO' && photo === undefined))
  const clean = (value: string): string => cleanField(value)
  const card = xml(
    'vCard',
    { xmlns: VCARD_NS },
    clean(fields.fn) ? xml('FN', {}, clean(fields.fn)) : null,
    clean(fields.nickname) ? xml('NICKNAME', {}, clean(fields.nickname)) : null,
    clean(fields.email) ? xml('EMAIL', {}, xml('INTERNET'), xml('USERID', {}, clean(fields.email))) : null,
    photo ? xml('PHOTO', {}, xml('TYPE', {}, photo.type), xml('BINVAL', {}, photo.bytes.toString('base64'))) : null,
    ...keep,
  )
  return xml('iq', { type: 'set' }, card)
}
