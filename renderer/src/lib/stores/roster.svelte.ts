// Roster and incoming subscription requests. Owned here, fed by `roster:list` /
// `subscription:list` snapshots and `roster:changed`, `presence:contact`, `subscription:requests`
// events. Events that arrive while a snapshot is loading are replayed on top of it (SnapshotSync).
// The map is kept in $state.raw and replaced on change, so components re-render per change without
// deep proxies. Layer: renderer (Svelte state).
import type { Contact, ContactPresence, SubscriptionRequest } from '../../../../shared/types/domain'
import type { RendererApi } from '../api'
import { applyContactPresence, applyRosterChange, groupContacts, type ContactGroup } from '../logic/roster-view'
import { SnapshotSync } from '../logic/snapshot-sync'

type RosterEvent =
  | { kind: 'changed'; upserted: Contact[]; removed: string[] }
  | { kind: 'presence'; jid: string; presence: ContactPresence }

function reduce(state: ReadonlyMap<string, Contact>, event: RosterEvent): ReadonlyMap<string, Contact> {
  return event.kind === 'changed' ? applyRosterChange(state, event) : applyContactPresence(state, event)
}

export class RosterStore {
  readonly #api: RendererApi
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
  #contacts = $state.raw<ReadonlyMap<string, Contact>>(new Map())
  #requests = $state.raw<SubscriptionRequest[]>([])
  #loaded = $state(false)
  readonly #groups = $derived<ContactGroup[]>(groupContacts(this.#contacts.values()))
  readonly #sync = new SnapshotSync<ReadonlyMap<string, Contact>, RosterEvent>(reduce)
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('roster:changed', (change) => {
        this.#contacts = this.#sync.apply(this.#contacts, { kind: 'changed', ...change })
      }),
      api.on('presence:contact', (update) => {
        this.#contacts = this.#sync.apply(this.#contacts, { kind: 'presence', ...update })
      }),
      api.on('subscription:requests', (requests) => {
        this.#requests = requests
      }),
    ]
  }

  get contacts(): ReadonlyMap<string, Contact> {
    return this.#contacts
  }
  /** Contacts grouped and sorted for the sidebar. */
  get groups(): ContactGroup[] {
    return this.#groups
  }
  get requests(): SubscriptionRequest[] {
    return this.#requests
  }
  get loaded(): boolean {
    return this.#loaded
  }

  get(jid: string | null): Contact | undefined {
    return jid === null ? undefined : this.#contacts.get(jid)
  }

  /** Loads the roster and pending requests (after sign-in and after the host reconnects). */
  async load(): Promise<void> {
    const token = this.#sync.begin()
    const [contacts, requests] = await Promise.all([
      this.#api.invoke('roster:list', null).catch((error: unknown) => {
        this.#sync.cancel()
        throw error
      }),
      this.#api.invoke('subscription:list', null),
    ])
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    const merged = this.#sync.finish(token, new Map(contacts.map((c) => [c.jid, c])))
    if (merged) this.#contacts = merged
    this.#requests = requests
    this.#loaded = true
  }

  /** Adds a contact (the core also asks for their presence subscription). */
  async add(jid: string, name: string, group: string): Promise<void> {
    const groups = group.trim() === '' ? [] : [group.trim()]
    await this.#api.invoke('roster:add', { jid, name: name.trim(), groups })
  }

  async rename(jid: string, name: string): Promise<void> {
    await this.#api.invoke('roster:rename', { jid, name: name.trim() })
  }

  async remove(jid: string): Promise<void> {
    await this.#api.invoke('roster:remove', { jid })
  }

  /** Accepts or declines a subscription request; the list updates when the core confirms. */
  async answer(jid: string, accept: boolean): Promise<void> {
    await this.#api.invoke('subscription:answer', { jid, accept })
    this.#requests = this.#requests.filter((r) => r.jid !== jid)
  }

  /** Forgets everything (sign-out). */
  clear(): void {
    this.#sync.cancel()
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#contacts = new Map()
    this.#requests = []
    this.#loaded = false
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
