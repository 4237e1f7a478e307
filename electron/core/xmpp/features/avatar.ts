// XEP-0084 User Avatar (PEP metadata + data nodes) and XEP-0153 vCard-based avatars (a photo hash
// in presence). Both name an avatar by the SHA-1 of its bytes, in hex: that is what lets us check
// the bytes we get against what was advertised, and the only thing ever used as a file name.
// Layer: electron/core (pure).
import { createHash } from 'node:crypto'
import xml, { type Element } from '@xmpp/xml'
import { IMAGE_TYPES, PROFILE_LIMITS } from '../../../../shared/types/profile-limits'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { decodeBase64, type Photo } from './vcard'

export const AVATAR_NS = {
  data: 'urn:xmpp:avatar:data',
  metadata: 'urn:xmpp:avatar:metadata',
  vcardUpdate: 'vcard-temp:x:update',
} as const

const HASH = /^[0-9a-f]{40}$/u

/** A SHA-1 in lowercase hex, as both XEPs write it; anything else (paths above all) is not a hash. */
export function isAvatarHash(value: string): boolean {
  return HASH.test(value)
}

export function sha1Hex(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex')
}

/** What a metadata item says: an avatar by hash, or that the contact has none (an empty <metadata/>). */
export type AvatarAdvert = { kind: 'avatar'; hash: string } | { kind: 'none' }

/**
 * The advert in a metadata notification's <items/>: the last item; of its <info/>s the first stored
 * in PEP (no `url`) with a type we show, a valid hash and a size within our cap. Null: nothing usable.
 */
export function parseAvatarMetadata(items: Element): AvatarAdvert | null {
  const item = items.getChildren('item', NS.pubsubEvent).at(-1)
  const metadata = item ? onlyChild(item, 'metadata', AVATAR_NS.metadata) : null
  if (!metadata) return null
  const infos = metadata.getChildren('info', AVATAR_NS.metadata)
  if (infos.length === 0) return { kind: 'none' }
  const usable = infos.find((info) => {
    const { id, type, bytes, url } = info.attrs
    const size = Number(bytes)
    return !url && isAvatarHash(id ?? '') && (IMAGE_TYPES as readonly string[]).includes(type ?? '') && Number.isInteger(size) && size > 0 && size <= PROFILE_LIMITS.photoBytes
  })
  return usable?.attrs.id ? { kind: 'avatar', hash: usable.attrs.id } : null
}

/** Asks `jid`'s data node (XEP-0084 §4.2.1) for the item `hash`, to the bare JID that advertised it. */
export function avatarDataGet(jid: string, hash: string): Element {
  return xml('iq', { type: 'get', to: jid }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: AVATAR_NS.data }, xml('item', { id: hash }))))
}

/** The bytes of item `hash` in a data fetch result, decoded within the cap; null otherwise. */
export function parseAvatarData(reply: Element, hash: string): Buffer | null {
  const items = reply.getChild('pubsub', NS.pubsub)?.getChild('items', NS.pubsub)
  const item = items?.getChildren('item', NS.pubsub).find((i) => i.attrs.id === hash)
  const data = item ? onlyChild(item, 'data', AVATAR_NS.data) : null
  return data ? decodeBase64(data.text(), PROFILE_LIMITS.photoBytes) : null
}

/**
 * XEP-0153 in a presence: a hash, '' for "no avatar", or null when the sender says nothing
 * (no <x/>, an empty <x/> meaning "not ready", or something that is not a hash).
 */
export function parsePhotoUpdate(presence: Element): string | null {
  const x = onlyChild(presence, 'x', AVATAR_NS.vcardUpdate)
  const photo = x ? onlyChild(x, 'photo', AVATAR_NS.vcardUpdate) : null
  if (!photo) return null
  const hash = photo.text().trim().toLowerCase()
  return hash === '' || isAvatarHash(hash) ? hash : null
}

/** Publishes our avatar's bytes (XEP-0084 §4.1), item id = their SHA-1. */
export function avatarDataPublish(photo: Photo, hash: string): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml('pubsub', { xmlns: NS.pubsub }, xml('publish', { node: AVATAR_NS.data }, xml('item', { id: hash }, xml('data', { xmlns: AVATAR_NS.data }, photo.bytes.toString('base64'))))),
  )
}

/** Publishes the metadata that tells contacts about it (XEP-0084 §4.2), or that we have none. */
export function avatarMetadataPublish(avatar: { photo: Photo; hash: string } | null): Element {
  const info = avatar ? xml('info', { id: avatar.hash, type: avatar.photo.type, bytes: String(avatar.photo.bytes.length) }) : null
  return xml(
    'iq',
    { type: 'set' },
    xml('pubsub', { xmlns: NS.pubsub }, xml('publish', { node: AVATAR_NS.metadata }, xml('item', { id: avatar?.hash ?? 'none' }, xml('metadata', { xmlns: AVATAR_NS.metadata }, info)))),
  )
}

