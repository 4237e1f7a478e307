// Our room bookmarks on the server, so every device of ours knows the same rooms: XEP-0402 (PEP)
// where the server keeps it in step with the legacy list, otherwise XEP-0048 in private storage,
// which is always written whole. Notifications about them are read by the inbound pipeline, which
// takes them only from our own account. Layer: electron/core (Node).
import { bookmarkPublish, bookmarkRetract, bookmarksFetch, chooseBookmarkStorage, legacyBookmarksFetch, legacyBookmarksSet, parseBookmarksResult, parseLegacyBookmarks, type Bookmark, type BookmarkStorage } from '../xmpp/features/bookmarks'
import type { XmppSession } from '../xmpp/session'

export class BookmarkSync {
  #storage: BookmarkStorage = 'private'
  /** The legacy list as last read or written (it is replaced whole on every change). */
  #legacy = new Map<string, Bookmark>()

  constructor(private readonly session: Pick<XmppSession, 'iq'>) {}

  /** At the start of a session: which storage the server offers, and what it holds; null when unreadable. */
  async fetch(accountFeatures: ReadonlySet<string>): Promise<Bookmark[] | null> {
    this.#storage = chooseBookmarkStorage(accountFeatures)
    if (this.#storage === 'pep') {
      // An account that never stored a bookmark has no node yet: that is an empty list.
      const reply = await this.session.iq(bookmarksFetch()).catch((error: unknown) => ((error as { condition?: string }).condition === 'item-not-found' ? 'empty' : null))
      if (reply === 'empty') return []
      return reply ? parseBookmarksResult(reply) : null
    }
    const reply = await this.session.iq(legacyBookmarksFetch()).catch(() => null)
    const list = reply ? parseLegacyBookmarks(reply) : null
    if (list) this.#legacy = new Map(list.map((b) => [b.room, b]))
    return list
  }

  async save(bookmark: Bookmark): Promise<void> {
    if (this.#storage === 'pep') {
      await this.session.iq(bookmarkPublish(bookmark))
      return
    }
    const next = new Map(this.#legacy).set(bookmark.room, bookmark)
    await this.session.iq(legacyBookmarksSet([...next.values()]))
    this.#legacy = next
  }

  async remove(room: string): Promise<void> {
    if (this.#storage === 'pep') {
      await this.session.iq(bookmarkRetract(room))
      return
    }
    const next = new Map(this.#legacy)
    if (!next.delete(room)) return
    await this.session.iq(legacyBookmarksSet([...next.values()]))
    this.#legacy = next
  }
}
