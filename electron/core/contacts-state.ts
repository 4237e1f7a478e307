// In-memory view of the contact list: roster items (mirrored in the archive for versioning),
// each contact's presence per resource, last-seen times and pending subscription requests.
// Produces the `Contact` records the UI shows. Layer: electron/core (pure).
import type { Contact, ResourcePresence, SubscriptionRequest } from '../../shared/types/domain'
import { aggregatePresence } from '../../shared/util/presence'
import type { RosterItem } from './archive/archive'

export class ContactsState {
  readonly #roster = new Map<string, RosterItem>()
  readonly #resources = new Map<string, Map<string, ResourcePresence>>()
  readonly #lastSeen = new Map<string, number>()
  readonly #requests = new Map<string, SubscriptionRequest>()

  replaceRoster(items: readonly RosterItem[]): { upserted: Contact[]; removed: string[] } {
    const removed = [...this.#roster.keys()].filter((jid) => !items.some((i) => i.jid === jid))
    this.#roster.clear()
    for (const item of items) this.#roster.set(item.jid, item)
    return { upserted: this.contacts(), removed }
  }

  upsert(item: RosterItem): Contact {
    this.#roster.set(item.jid, item)
    // Once we have approved them (from/both), a pending request for them is answered.
    if (item.subscription === 'from' || item.subscription === 'both') this.#requests.delete(item.jid)
    return this.contact(item.jid) as Contact
  }

  remove(jid: string): void {
    this.#roster.delete(jid)
  }

  rosterItem(jid: string): RosterItem | undefined {
    return this.#roster.get(jid)
  }

  has(jid: string): boolean {
    return this.#roster.has(jid)
  }

  /** Records a resource coming online or changing; returns the contact's new aggregate, if in the roster. */
  available(jid: string, resource: ResourcePresence): Contact | null {
    let resources = this.#resources.get(jid)
    if (!resources) this.#resources.set(jid, (resources = new Map()))
    resources.set(resource.resource, resource)
    return this.contact(jid)
  }

  unavailable(jid: string, resource: string, at: number): Contact | null {
    const resources = this.#resources.get(jid)
    // An unavailable presence from the bare JID means all resources are gone.
    if (resource === '') resources?.clear()
    else resources?.delete(resource)
    if (!resources || resources.size === 0) this.#lastSeen.set(jid, at)
    return this.contact(jid)
  }

  setLastSeen(jid: string, at: number): Contact | null {
    this.#lastSeen.set(jid, at)
    return this.contact(jid)
  }

  isOnline(jid: string): boolean {
    return (this.#resources.get(jid)?.size ?? 0) > 0
  }

  /** Presence is per session: a new session starts with everyone offline until they tell us. */
  clearPresence(): void {
    this.#resources.clear()
  }

  addRequest(request: SubscriptionRequest): void {
    this.#requests.set(request.jid, request)
  }

  removeRequest(jid: string): boolean {
    return this.#requests.delete(jid)
  }

  requests(): SubscriptionRequest[] {
    return [...this.#requests.values()].sort((a, b) => a.receivedAt - b.receivedAt)
  }

  contact(jid: string): Contact | null {
    const item = this.#roster.get(jid)
    if (!item) return null
    const resources = [...(this.#resources.get(jid)?.values() ?? [])]
    return { ...item, presence: aggregatePresence(resources, this.#lastSeen.get(jid) ?? null) }
  }

  contacts(): Contact[] {
    return [...this.#roster.keys()].map((jid) => this.contact(jid) as Contact)
  }

  clear(): void {
    this.#roster.clear()
    this.#resources.clear()
    this.#lastSeen.clear()
    this.#requests.clear()
  }
}
