// Catch-up from our server archive (XEP-0313) on every new session: page forward from the stored
// cursor until the server says `complete`, each page committed in one transaction together with
// the new cursor. With no cursor yet (a new install), the newest pages are fetched backwards. A
// cursor the server no longer knows falls back to the same. Results are accepted only for the
// query ids open here (the inbound pipeline checks them against `openQueries`).
// Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import type { Archive, IncomingMessage, StoreResult } from './archive/archive'
import type { MessageChange } from './xmpp/features/chat'
import { mamQuery, parseFin, type MamFin, type MamPageRequest } from './xmpp/features/mam'
import type { XmppSession } from './xmpp/session'

/** Servers clamp this to their own maximum (Prosody: 50 by default); asking big costs nothing. */
const PAGE_SIZE = 250
/** On a new install: how many pages of recent history to fetch backwards. */
const INITIAL_PAGES = 4
const QUERY_TIMEOUT_MS = 60_000
/**
 * The cursor stored when our archive was empty at the last sync: everything in it now is newer, so
 * the next catch-up pages forward from its start. (No cursor at all means "never synced", which
 * only fetches the newest pages and would skip what lies before them.)
 */
const EMPTY_ARCHIVE = ''

/** What one archive page brought: messages to store, then corrections and retractions to apply. */
interface Page {
  messages: IncomingMessage[]
  changes: MessageChange[]
}

export class ArchiveSync {
  /** queryid → archive JID, read by the inbound pipeline to accept results. */
  readonly openQueries = new Map<string, string>()
  readonly #pages = new Map<string, Page>()

  constructor(
    private readonly archive: Archive,
    private readonly account: string,
    private readonly session: XmppSession,
    private readonly stored: (result: StoreResult) => void,
    /** Applies a correction or retraction found in the archive (after the page holding its target). */
    private readonly changed: (change: MessageChange) => Promise<void>,
  ) {}

  /** One verified result of an open query (message null: nothing to show, e.g. a receipt). */
  collect(queryId: string, message: IncomingMessage | null, change?: MessageChange): void {
    const page = this.#pages.get(queryId)
    if (!page) return
    if (message) page.messages.push(message)
    if (change) page.changes.push(change)
    // Results come in bursts; one nudge per burst keeps the server from waiting for our ACK.
    this.session.nudge()
  }

  async #store(page: Page, cursor: string | null): Promise<void> {
    this.stored(await this.archive.storeArchivePage(this.account, this.account, page.messages, cursor))
    for (const change of page.changes) await this.changed(change)
  }

  /**
   * When the current session was established: older messages are history, not news. Whole
   * seconds, because archive timestamps (XEP-0082 delay stamps) usually have no fraction.
   */
  sessionStartedAt = 0

  /** `since`: epoch ms when the session was bound, before anything could be missed. */
  async catchUp(since: number): Promise<void> {
    this.sessionStartedAt = Math.floor(since / 1000) * 1000
    let after = await this.archive.syncCursor(this.account, this.account)
    if (after === null) return this.#fetchRecent()
    // Each page is stored (with its cursor, in order) while the next one is on its way.
    let storing: Promise<void> = Promise.resolve()
    try {
      for (;;) {
        const page = await this.#query(after === EMPTY_ARCHIVE ? {} : { after })
        await storing
        if (page === 'unknown-cursor') return await this.#fetchRecent()
        storing = this.#store(page, page.fin.last ?? after)
        // Handled here so a failure while the next query runs is not an unhandled rejection; the
        // `await storing` above or below still throws it.
        storing.catch(() => {})
        if (page.fin.complete || page.fin.last === null || page.fin.last === after) return
        after = page.fin.last
      }
    } finally {
      await storing
    }
  }

  /**
   * The newest pages, fetched backwards but stored oldest first (the local order is arrival order);
   * only the newest page moves the cursor, so an interrupted fill starts over next time. An archive
   * that turns out empty leaves the EMPTY_ARCHIVE cursor.
   */
  async #fetchRecent(): Promise<void> {
    const pages: (Page & { fin: MamFin })[] = []
    let before = ''
    for (let n = 0; n < INITIAL_PAGES; n++) {
      const page = await this.#query({ before })
      if (page === 'unknown-cursor') break
      pages.unshift(page)
      if (page.fin.complete || page.fin.first === null) break
      before = page.fin.first
    }
    const newest = pages[pages.length - 1]
    for (const page of pages) {
      const emptyArchive = page.fin.complete && page.fin.last === null && page.messages.length === 0
      await this.#store(page, page === newest ? (emptyArchive ? EMPTY_ARCHIVE : page.fin.last) : null)
    }
  }

  async #query(paging: Pick<MamPageRequest, 'after' | 'before'>): Promise<(Page & { fin: MamFin }) | 'unknown-cursor'> {
    const queryId = randomUUID()
    this.openQueries.set(queryId, this.account)
    this.#pages.set(queryId, { messages: [], changes: [] })
    try {
      const reply = await this.session.iq(mamQuery({ queryId, max: PAGE_SIZE, ...paging }), QUERY_TIMEOUT_MS)
      const fin = parseFin(reply)
      if (!fin) throw new Error('Archive query answered without <fin/>')
      return { ...(this.#pages.get(queryId) ?? { messages: [], changes: [] }), fin }
    } catch (error) {
      if ((error as { condition?: string }).condition === 'item-not-found') return 'unknown-cursor'
      throw error
    } finally {
      this.openQueries.delete(queryId)
      this.#pages.delete(queryId)
    }
  }
}
