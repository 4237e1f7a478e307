// The contact-list side of a session: roster (versioned fetch, verified pushes, add/rename/remove),
// contacts' presence, last-seen times and subscription requests, each change persisted (roster)
// and emitted to the UI. Layer: electron/core (Node).
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { Contact } from '../../shared/types/domain'
import { bareJid } from '../../shared/types/jid'
import type { Archive, RosterItem } from './archive/archive'
import { ContactsState } from './contacts-state'
import type { XmppClient } from './xmpp/client-factory'
import { lastActivityQuery, parseLastActivity, subscriptionStanza, type PresenceEvent } from './xmpp/features/presence'
import { parseRosterItem, parseRosterQuery, rosterGet, rosterRemove, rosterSet } from './xmpp/features/roster'
import { rosterPushAllowed } from './xmpp/inbound'
import { NS } from './xmpp/ns'
import type { XmppSession } from './xmpp/session'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

const ROSTER_VERSIONING = 'urn:xmpp:features:rosterver'

export class ContactsHandler {
  readonly #state = new ContactsState()
  /**
   * Settles once the roster fetched at session start is applied. A push can overtake that result
   * on its way through our async handlers (it is handled on arrival, the result a few ticks later);
   * applied first, it would then be overwritten by the older full roster, so pushes wait for this.
   */
  #rosterFetched: Promise<void> = Promise.resolve()

  constructor(
    private readonly archive: Archive,
    private readonly account: string,
    private readonly session: XmppSession,
    private readonly emit: Emit,
    private readonly log: (message: string) => void,
    /** Blocked senders (XEP-0191): their subscription requests are never listed. */
    private readonly isBlocked: (jid: string) => boolean,
  ) {}

  list(): Contact[] {
    return this.#state.contacts()
  }

  requests() {
    return this.#state.requests()
  }

  /** True when the contact is allowed to see our presence (subscription from or both). */
  seesOurPresence(jid: string): boolean {
    const subscription = this.#state.rosterItem(jid)?.subscription
    return subscription === 'from' || subscription === 'both'
  }

  inRoster(jid: string): boolean {
    return this.#state.has(jid)
  }

  /** Shows the cached roster before the connection is up. */
  async loadCached(): Promise<void> {
    const { items } = await this.archive.loadRoster(this.account)
    this.emit('roster:changed', this.#state.replaceRoster(items))
  }

  /** Roster pushes arrive as IQ sets; only our own account may send them. */
  install(client: XmppClient): void {
    client.iqCallee.set(NS.roster, 'query', async (ctx) => {
      if (!rosterPushAllowed(ctx.stanza, this.account)) {
        this.log('dropped a roster push (not from our account)')
        return undefined // xmpp.js answers service-unavailable
      }
      const query = ctx.stanza.getChild('query', NS.roster)
      const items = query?.getChildren('item', NS.roster) ?? []
      const change = items.length === 1 && items[0] ? parseRosterItem(items[0]) : null
      if (!change) return undefined
      await this.#rosterFetched
      await this.archive.applyRosterPush(this.account, query?.attrs.ver ?? null, change)
      this.#apply(change)
      return true
    })
  }

  /** A new (not resumed) session: presence starts from nothing, the roster is fetched again. */
  async sessionStarted(): Promise<void> {
    let fetched = (): void => {}
    this.#rosterFetched = new Promise<void>((resolve) => (fetched = resolve))
    try {
      await this.#fetchRoster()
    } finally {
      fetched()
    }
  }

  async #fetchRoster(): Promise<void> {
    this.#state.clearPresence()
    const cached = await this.archive.loadRoster(this.account)
    const versioned = this.session.features.has(ROSTER_VERSIONING)
    const reply = await this.session.iq(rosterGet(versioned ? (cached.version ?? '') : null))
    const query = reply.getChild('query', NS.roster)
    // An empty result means "your cached version is current" (RFC 6121 §2.6.3).
    if (query) {
      const { version, items } = parseRosterQuery(query)
      const full = items.filter((i): i is RosterItem => !('remove' in i))
      await this.archive.replaceRoster(this.account, version, full)
      this.emit('roster:changed', this.#state.replaceRoster(full))
    } else {
      this.emit('roster:changed', this.#state.replaceRoster(cached.items))
    }
  }

  #apply(change: RosterItem | { jid: string; remove: true }): void {
    if ('remove' in change) {
      this.#state.remove(change.jid)
      this.emit('roster:changed', { upserted: [], removed: [change.jid] })
    } else {
      const hadRequest = this.#state.requests().some((r) => r.jid === change.jid)
      this.emit('roster:changed', { upserted: [this.#state.upsert(change)], removed: [] })
      if (hadRequest && !this.#state.requests().some((r) => r.jid === change.jid)) this.emit('subscription:requests', this.#state.requests())
    }
  }

  async presence(event: PresenceEvent): Promise<void> {
    switch (event.kind) {
      case 'available':
        this.#emitPresence(this.#state.available(event.jid, event.resource))
        return
      case 'unavailable':
        this.#emitPresence(this.#state.unavailable(event.jid, event.resource, event.at))
        return
      case 'subscribe': {
        // Never auto-approve; a request from someone we already approved is answered by the server.
        const item = this.#state.rosterItem(event.jid)
        if (event.jid === this.account || item?.subscription === 'from' || item?.subscription === 'both' || this.isBlocked(event.jid)) return
        this.#state.addRequest({ jid: event.jid, nick: event.nick, receivedAt: Date.now() })
        this.emit('subscription:requests', this.#state.requests())
        return
      }
      case 'unsubscribe':
        if (this.#state.removeRequest(event.jid)) this.emit('subscription:requests', this.#state.requests())
        return
      default:
        return // subscribed/unsubscribed/error: the server updates the roster with a push
    }
  }

  #emitPresence(contact: Contact | null): void {
    if (contact) this.emit('presence:contact', { jid: contact.jid, presence: contact.presence })
  }

  async add(jid: string, name: string, groups: string[]): Promise<void> {
    const bare = bareJid(jid)
    if (!bare || bare === this.account) throw new Error('Not a contact address')
    await this.session.iq(rosterSet(bare, name.trim(), groups))
    await this.session.send(subscriptionStanza(bare, 'subscribe'))
  }

  async rename(jid: string, name: string): Promise<void> {
    const item = this.#state.rosterItem(jid)
    if (!item) throw new Error('Not in the contact list')
    await this.session.iq(rosterSet(jid, name.trim(), item.groups))
  }

  async remove(jid: string): Promise<void> {
    await this.session.iq(rosterRemove(jid))
  }

  async answer(jid: string, accept: boolean): Promise<void> {
    const bare = bareJid(jid)
    if (!bare) throw new Error('Not a contact address')
    await this.session.send(subscriptionStanza(bare, accept ? 'subscribed' : 'unsubscribed'))
    if (accept) {
      // Mutual by default, as users expect: ask to see their presence too unless we already do.
      const item = this.#state.rosterItem(bare)
      if (!item || ((item.subscription === 'none' || item.subscription === 'from') && !item.pendingOut)) await this.session.send(subscriptionStanza(bare, 'subscribe'))
    }
    if (this.#state.removeRequest(bare)) this.emit('subscription:requests', this.#state.requests())
  }

  /** Asks the server when offline contacts were last online (XEP-0012), a few at a time. */
  async fetchLastSeen(): Promise<void> {
    const offline = this.#state.contacts().filter((c) => (c.subscription === 'to' || c.subscription === 'both') && !this.#state.isOnline(c.jid))
    for (const contact of offline) {
      if (!this.session.online) return
      try {
        const reply = await this.session.iq(lastActivityQuery(contact.jid), 10_000)
        const at = parseLastActivity(reply, Date.now())
        // They may have come online while we asked.
        if (at !== null && !this.#state.isOnline(contact.jid)) this.#emitPresence(this.#state.setLastSeen(contact.jid, at))
      } catch {
        // Servers answer "forbidden" or "service-unavailable" when they will not tell: no last-seen then.
      }
    }
  }

  /** The blocklist changed: requests from those now blocked go (the server rejects them too). */
  dropBlockedRequests(): void {
    const blocked = this.#state.requests().filter((r) => this.isBlocked(r.jid))
    for (const request of blocked) this.#state.removeRequest(request.jid)
    if (blocked.length > 0) this.emit('subscription:requests', this.#state.requests())
  }

  reset(): void {
    this.#state.clear()
  }
}
