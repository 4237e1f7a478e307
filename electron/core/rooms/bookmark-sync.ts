// Our room bookmarks on the server, so every device of ours knows the same rooms: XEP-0402 (PEP)
// where the server keeps it in step with the legacy list, otherwise XEP-0048 in private storage,
// which is always written whole. Notifications about them are read by the inbound pipeline, which
// takes them only from our own account. What other clients keep in a bookmark (its
// <extensions/>, XEP-0402 §3.2) survives our edits. Layer: electron/core (Node).
import { bookmarkPublish, bookmarkRetract, bookmarksFetch, chooseBookmarkStorage, legacyBookmarksFetch, legacyBookmarksSet, parseBookmarksResult, parseLegacyBookmarks, type Bookmark, type BookmarkChanges, type BookmarkStorage } from '../xmpp/features/bookmarks'
import type { XmppSession } from '../xmpp/session'

export class BookmarkSync {
  #storage: BookmarkStorage = 'private'
  /** The bookmarks as last read, written or announced (the legacy list is replaced whole from it). */
  #known = new Map<string, Bookmark>()

  constructor(private readonly session: Pick<XmppSession, 'iq'>) {}

  /** At the start of a session: which storage the server offers, and what it holds; null when unreadable. */
  async fetch(accountFeatures: ReadonlySet<string>): Promise<Bookmark[] | null> {
    this.#storage = chooseBookmarkStorage(accountFeatures)
    const list = this.#storage === 'pep' ? await this.#fetchPep() : await this.#fetchLegacy()
    if (list) this.#known = new Map(list.map((b) => [b.room, b]))
    return list
  }

  async #fetchPep(): Promise<Bookmark[] | null> {
    // An account that never stored a bookmark has no node yet: that is an empty list.
    const reply = await this.session.iq(bookmarksFetch()).catch((error: unknown) => ((error as { condition?: string }).condition === 'item-not-found' ? 'empty' : null))
    if (reply === 'empty') return []
    return reply ? parseBookmarksResult(reply) : null
  }

  async #fetchLegacy(): Promise<Bookmark[] | null> {
    const reply = await this.session.iq(legacyBookmarksFetch()).catch(() => null)
    return reply ? parseLegacyBookmarks(reply) : null
  }

  /** Another device of ours changed them (the pipeline checked the notice is from our account). */
  seen(changes: BookmarkChanges): void {
    for (const bookmark of changes.published) this.#known.set(bookmark.room, bookmark)
    for (const room of changes.retracted) this.#known.delete(room)
  }

  async save(bookmark: Bookmark): Promise<void> {
    const extensions = this.#known.get(bookmark.room)?.extensions
    const merged = extensions ? { ...bookmark, extensions } : bookmark
    if (this.#storage === 'pep') await this.session.iq(bookmarkPublish(merged))
    else await this.session.iq(legacyBookmarksSet([...new Map(this.#known).set(merged.room, merged).values()]))
    this.#known.set(merged.room, merged)
  }

  async remove(room: string): Promise<void> {
    if (this.#storage === 'pep') await this.session.iq(bookmarkRetract(room))
    else if (this.#known.has(room)) {
      const rest = new Map(this.#known)
      rest.delete(room)
      await this.session.iq(legacyBookmarksSet([...rest.values()]))
    }
    this.#known.delete(room)
  }
}
