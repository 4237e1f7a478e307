// Room bookmarks: XEP-0402 (one item per room in the private PEP node urn:xmpp:bookmarks:1) where
// the server keeps it in step with the legacy list (it advertises urn:xmpp:bookmarks:1#compat),
// otherwise XEP-0048 in XEP-0049 private storage (one list, always written whole). A bookmark can
// make us join a room, so notifications are taken only from our own account (security notes A7,
// T6: Dino CVE-2023-28686). Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { bareJid, formatJid, parseJid } from '../../../../shared/types/jid'
import { hasControl, singleLine } from '../display-text'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { privatePublish } from './private-pep'
import { isValidNick, roomJidOf } from './muc'

export interface Bookmark {
  /** Bare room JID. */
  room: string
  /** '' when the bookmark has none. */
  name: string
  autojoin: boolean
  nick?: string
  password?: string
  /**
   * XEP-0402 <extensions/>: other clients' data about the room, kept verbatim because XEP-0402
   * requires it to survive our edits. Core-only (an XML element): never hand it to the renderer.
   */
  extensions?: Element
}

export type BookmarkStorage = 'pep' | 'private'

export interface BookmarkChanges {
  /** Added or edited. */
  published: Bookmark[]
  /** Rooms whose bookmark was removed. */
  retracted: string[]
}

/** A list longer than this is cut: nobody bookmarks thousands of rooms, a hostile server might. */
export const MAX_BOOKMARKS = 1000
export const COMPAT_FEATURE = `${NS.bookmarks}#compat`
const MAX_PASSWORD = 1023
// Extensions deeper or larger than this are dropped rather than walked (security notes A15).
const MAX_EXTENSION_DEPTH = 16
const MAX_EXTENSION_NODES = 512

/**
 * XEP-0402 only when the server unifies it with private storage: otherwise clients still on
 * XEP-0048 would neither see our bookmarks nor we theirs.
 */
export function chooseBookmarkStorage(accountFeatures: ReadonlySet<string>): BookmarkStorage {
  return accountFeatures.has(COMPAT_FEATURE) ? 'pep' : 'private'
}

/**
 * Bookmark notifications only from our own account: no `from` (our server on its behalf) or our
 * bare JID exactly, never a full JID nor anyone else.
 */
export function bookmarkEventAllowed(stanza: Element, account: string): boolean {
  const from = stanza.attrs.from
  if (from === undefined) return true
  const jid = parseJid(String(from))
  return jid !== null && jid.resource === '' && formatJid(jid) === bareJid(account)
}

/** A <conference/> in namespace `ns` (either spec's) as a bookmark of `room`; null when the room is unusable. */
function readConference(conference: Element, ns: string, room: string | null): Bookmark | null {
  if (!room) return null
  const autojoin = conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1'
  const nick = onlyChild(conference, 'nick', ns)?.text()
  const password = onlyChild(conference, 'password', ns)?.text()
  const extensionsElement = ns === NS.bookmarks ? onlyChild(conference, 'extensions', ns) : null
  const extensions = extensionsElement && extensionsElement.children.length > 0 ? copyBounded(extensionsElement) : null
  return {
    room,
    name: singleLine(conference.attrs.name, LIMITS.name),
    autojoin,
    ...(nick !== undefined && isValidNick(nick) ? { nick } : {}),
    ...(password && password.length <= MAX_PASSWORD && !hasControl(password) ? { password } : {}),
    ...(extensions ? { extensions } : {}),
  }
}

/** A detached copy of `element`; null when it is deeper or larger than the bounds above. */
function copyBounded(element: Element): Element | null {
  let nodes = 0
  const copy = (el: Element, depth: number): Element | null => {
    nodes += 1
    if (depth > MAX_EXTENSION_DEPTH || nodes > MAX_EXTENSION_NODES) return null
    const children: (Element | string)[] = []
    for (const child of el.children) {
      const copied = typeof child === 'string' ? child : copy(child, depth + 1)
      if (copied === null) return null
      children.push(copied)
    }
    return xml(el.name, { ...el.attrs }, ...children)
  }
  return copy(element, 1)
}

function conferenceElement(ns: string, bookmark: Bookmark, attrs: Record<string, string> = {}): Element {
  const room = roomJidOf(bookmark.room)
  if (!room) throw new RangeError('bookmarks: invalid room JID')
  const { nick, password, name } = bookmark
  if (nick !== undefined && !isValidNick(nick)) throw new RangeError('bookmarks: invalid nick')
  if (password !== undefined && (password.length > MAX_PASSWORD || hasControl(password))) throw new RangeError('bookmarks: invalid password')
  if (name.length > LIMITS.name || hasControl(name)) throw new RangeError('bookmarks: invalid name')
  return xml(
    'conference',
    { xmlns: ns, ...attrs, ...(name ? { name } : {}), autojoin: bookmark.autojoin ? 'true' : 'false' },
    nick ? xml('nick', {}, nick) : null,
    password ? xml('password', {}, password) : null,
    ns === NS.bookmarks && bookmark.extensions ? copyBounded(bookmark.extensions) : null,
  )
}

// XEP-0402: PEP native bookmarks.

/** All bookmarks (the items of our node). */
export function bookmarksFetch(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS.bookmarks })))
}

/** The bookmarks in one `<item/>` list: each item's id is the room, its payload one <conference/>. */
function readItems(items: Element, ns: string): Bookmark[] {
  const bookmarks = new Map<string, Bookmark>()
  for (const item of items.getChildren('item', ns)) {
    const conference = onlyChild(item, 'conference', NS.bookmarks)
    const bookmark = conference ? readConference(conference, NS.bookmarks, roomJidOf(String(item.attrs.id ?? ''))) : null
    if (bookmark) bookmarks.set(bookmark.room, bookmark)
    if (bookmarks.size >= MAX_BOOKMARKS) break
  }
  return [...bookmarks.values()]
}

/** The bookmarks in a reply to bookmarksFetch(); null when it is not such a reply. */
export function parseBookmarksResult(reply: Element): Bookmark[] | null {
  if (reply.attrs.type !== 'result') return null
  const pubsub = onlyChild(reply, 'pubsub', NS.pubsub)
  const items = pubsub ? onlyChild(pubsub, 'items', NS.pubsub) : null
  return items && items.attrs.node === NS.bookmarks ? readItems(items, NS.pubsub) : null
}

/**
 * A pubsub notification about our bookmarks node: items published and ids retracted. Null when
 * it is not one, or not from our own account (see bookmarkEventAllowed), or carries nothing usable.
 */
export function parseBookmarkEvent(stanza: Element, account: string): BookmarkChanges | null {
  if (stanza.name !== 'message' || stanza.attrs.type === 'error' || !bookmarkEventAllowed(stanza, account)) return null
  const event = onlyChild(stanza, 'event', NS.pubsubEvent)
  const items = event ? onlyChild(event, 'items', NS.pubsubEvent) : null
  if (!items || items.attrs.node !== NS.bookmarks) return null
  const published = readItems(items, NS.pubsubEvent)
  const retracted = [
    ...new Set(
      items
        .getChildren('retract', NS.pubsubEvent)
        .map((r) => roomJidOf(String(r.attrs.id ?? '')))
        .filter((room): room is string => room !== null),
    ),
  ].slice(0, MAX_BOOKMARKS)
  return published.length > 0 || retracted.length > 0 ? { published, retracted } : null
}

/** Adds or replaces one bookmark; the node stays private to our account (XEP-0402 §3, XEP-0223). */
export function bookmarkPublish(bookmark: Bookmark): Element {
  const conference = conferenceElement(NS.bookmarks, bookmark)
  return privatePublish(NS.bookmarks, xml('item', { id: roomJidOf(bookmark.room) ?? '' }, conference))
}

/** Removes one bookmark, notifying our other devices. */
export function bookmarkRetract(room: string): Element {
  const id = roomJidOf(room)
  if (!id) throw new RangeError('bookmarks: invalid room JID')
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS.pubsub }, xml('retract', { node: NS.bookmarks, notify: 'true' }, xml('item', { id }))))
}

// XEP-0048 in XEP-0049 private XML storage.

export function legacyBookmarksFetch(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS.privateXml }, xml('storage', { xmlns: NS.bookmarksLegacy })))
}

/** The conference bookmarks in a reply to legacyBookmarksFetch(); null when it is not such a reply. */
export function parseLegacyBookmarks(reply: Element): Bookmark[] | null {
  if (reply.attrs.type !== 'result') return null
  const query = onlyChild(reply, 'query', NS.privateXml)
  const storage = query ? onlyChild(query, 'storage', NS.bookmarksLegacy) : null
  if (!storage) return null
  const bookmarks = new Map<string, Bookmark>()
  for (const conference of storage.getChildren('conference', NS.bookmarksLegacy)) {
    const bookmark = readConference(conference, NS.bookmarksLegacy, roomJidOf(String(conference.attrs.jid ?? '')))
    if (bookmark) bookmarks.set(bookmark.room, bookmark)
    if (bookmarks.size >= MAX_BOOKMARKS) break
  }
  return [...bookmarks.values()]
}

/** Replaces the whole stored list with `bookmarks`. Throws RangeError on an unusable bookmark. */
export function legacyBookmarksSet(bookmarks: readonly Bookmark[]): Element {
  if (bookmarks.length > MAX_BOOKMARKS) throw new RangeError('bookmarks: too many')
  const conferences = bookmarks.map((b) => conferenceElement(NS.bookmarksLegacy, b, { jid: roomJidOf(b.room) ?? '' }))
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.privateXml }, xml('storage', { xmlns: NS.bookmarksLegacy }, ...conferences)))
}
