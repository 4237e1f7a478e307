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
/** Archive times are whole seconds; a first message later than this after our last one means a possible gap. */
const GAP_TOLERANCE_MS = 1_000
/** Scroll-back: how many pages of nothing new one request skips before it gives up. */
const OLDER_PAGES_PER_CALL = 4

/** What one archive page brought: messages to store, then corrections and retractions to apply. */
interface Page {
  messages: IncomingMessage[]
  changes: MessageChange[]
}

export class ArchiveSync {
  /** queryid → archive JID, read by the inbound pipeline to accept results (shared by a session's archives). */
  readonly openQueries: Map<string, string>
  /** Whose archive: our account's, or a room's (XEP-0313 §6), which keeps its own cursor. */
  readonly #archiveJid: string
  readonly #pages = new Map<string, Page>()

  constructor(
    private readonly archive: Archive,
    private readonly account: string,
    private readonly session: Pick<XmppSession, 'iq' | 'nudge'>,
    private readonly stored: (result: StoreResult) => void,
    /** Applies a correction or retraction found in the archive (after the page holding its target). */
    private readonly changed: (change: MessageChange) => Promise<void>,
    options: { room?: string; openQueries?: Map<string, string> } = {},
  ) {
    this.#archiveJid = options.room ?? account
    this.openQueries = options.openQueries ?? new Map()
  }

  get #isRoom(): boolean {
    return this.#archiveJid !== this.account
  }

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
    this.stored(await this.archive.storeArchivePage(this.account, this.#archiveJid, page.messages, cursor))
    for (const change of page.changes) await this.changed(change)
  }

  /**
   * When the current session was established: older messages are history, not news. Whole
   * seconds, because archive timestamps (XEP-0082 delay stamps) usually have no fraction.
   */
  sessionStartedAt = 0

  /**
   * `since`: epoch ms when the session was bound, before anything could be missed. `viewing`: the
   * conversation the user has open, whose missed messages are fetched first.
   */
  async catchUp(since: number, viewing: string | null = null): Promise<void> {
    this.sessionStartedAt = Math.floor(since / 1000) * 1000
    const cursor = await this.archive.syncCursor(this.account, this.#archiveJid)
    if (cursor === null) return this.#fetchRecent()
    if (viewing !== null && !this.#isRoom) await this.#catchUpConversation(viewing)
    const outcome = await this.#pageForward({}, cursor === EMPTY_ARCHIVE ? null : cursor, true)
    // A room's messages carry no ids of our archive to resume from by time: its newest pages it is.
    if (outcome === 'unknown-cursor') await (this.#isRoom ? this.#fetchRecent() : this.#resumeByTime())
  }

  /**
   * The open conversation's missed messages, ahead of the rest: forward from its newest archived
   * message (an id inside the filtered set, which every server can page from). The cursor stays:
   * the full catch-up that follows meets these again and skips them as duplicates.
   */
  async #catchUpConversation(conversation: string): Promise<void> {
    const after = await this.archive.newestArchiveIdIn(this.account, conversation)
    if (after !== null) await this.#pageForward({ with: conversation }, after, false)
  }

  /**
   * The server no longer knows our cursor (its message expired, or the archive was rebuilt with
   * new ids): page forward by time from the newest message we have from it. When the server's first message
   * since then is clearly later, what lay between may be gone: that stretch is recorded as a gap.
   */
  async #resumeByTime(): Promise<void> {
    const since = await this.archive.syncedUpTo(this.account)
    if (since === null) return this.#fetchRecent()
    await this.#pageForward({ start: since }, null, true, async (first) => {
      const oldest = first.messages[0]?.timestamp
      if (oldest !== undefined && oldest - since > GAP_TOLERANCE_MS) await this.archive.recordGap(this.account, since, oldest)
    })
  }

  /**
   * Pages forward from `after` (null: from the first match) until the server says `complete`. Each
   * page is stored, in order, while the next one is on its way; with `moveCursor` the sync cursor
   * moves with it in the same transaction. `beforeFirst` sees the first page before it is stored.
   */
  async #pageForward(
    filter: Pick<MamPageRequest, 'with' | 'start'>,
    after: string | null,
    moveCursor: boolean,
    beforeFirst?: (page: Page) => Promise<void>,
  ): Promise<'complete' | 'unknown-cursor'> {
    let storing: Promise<void> = Promise.resolve()
    let first = true
    try {
      for (;;) {
        const page = await this.#query(after === null ? filter : { ...filter, after })
        await storing
        if (page === 'unknown-cursor') return 'unknown-cursor'
        if (first && beforeFirst) await beforeFirst(page)
        first = false
        storing = this.#store(page, moveCursor ? (page.fin.last ?? after) : null)
        // Handled here so a failure while the next query runs is not an unhandled rejection; the
        // `await storing` above or below still throws it.
        storing.catch(() => {})
        if (page.fin.complete || page.fin.last === null || page.fin.last === after) return 'complete'
        after = page.fin.last
      }
    } finally {
      await storing
    }
  }

  /**
   * Scroll-back: the server's page of this conversation just older than its oldest stored message,
   * stored before every stored one. Pages that bring nothing new (all already here, e.g. messages
   * sharing that second) are skipped, a few at most, so a caller never asks for the same page twice.
   */
  async fetchOlder(conversation: string): Promise<{ added: number; complete: boolean }> {
    const edge = await this.archive.olderEdge(this.account, conversation)
    if (edge.complete) return { added: 0, complete: true }
    // Paging from an archive id is exact; a time bound (for messages that never got one) is the
    // fallback, where messages sharing the boundary's second come back as duplicates.
    let bound: Pick<MamPageRequest, 'before' | 'end'> = edge.oldestArchiveId !== null ? { before: edge.oldestArchiveId } : { before: '', ...(edge.oldest === null ? {} : { end: edge.oldest }) }
    for (let n = 0; n < OLDER_PAGES_PER_CALL; n++) {
      // A room's archive holds only that room: no filter needed (nor understood by every service).
      const page = await this.#query(this.#isRoom ? bound : { with: conversation, ...bound })
      if (page === 'unknown-cursor') break
      const added = await this.archive.storeOlderPage(this.account, conversation, page.messages, page.fin.complete)
      for (const change of page.changes) await this.changed(change)
      if (added > 0 || page.fin.complete || page.fin.first === null) return { added, complete: page.fin.complete }
      bound = { ...bound, before: page.fin.first }
    }
    return { added: 0, complete: false }
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

  async #query(paging: Omit<MamPageRequest, 'queryId' | 'max'>): Promise<(Page & { fin: MamFin }) | 'unknown-cursor'> {
    const queryId = randomUUID()
    this.openQueries.set(queryId, this.#archiveJid)
    this.#pages.set(queryId, { messages: [], changes: [] })
    try {
      const query = mamQuery({ queryId, max: PAGE_SIZE, ...paging })
      if (this.#isRoom) query.attrs.to = this.#archiveJid
      const reply = await this.session.iq(query, QUERY_TIMEOUT_MS)
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
