// The chat list (conversation summaries ordered by last activity), which conversation is open,
// unsaved drafts, and marking read. Fed by `conversations:list` and `conversations:changed`;
// `ui:open-conversation` opens one. Opening a conversation tells the MessagesStore to load it
// (its newest page, or around a message for a search hit), and the core which one is open
// (`conversation:viewing`: its missed messages are fetched first when a session starts).
// Layer: renderer (Svelte state).
import type { ConversationSummary } from '../../../../shared/types/domain'
import type { RendererApi } from '../api'
import { sortConversations, unreadTotal, upsertConversations } from '../logic/conversation-list'
import { mayPrefillDraft } from '../logic/link-draft'
import { SnapshotSync } from '../logic/snapshot-sync'
import type { MessagesStore } from './messages.svelte'

type Summaries = ReadonlyMap<string, ConversationSummary>

export class ConversationsStore {
  readonly #api: RendererApi
  readonly #messages: MessagesStore
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
  #summaries = $state.raw<Summaries>(new Map())
  #openJid = $state<string | null>(null)
  readonly #sorted = $derived(sortConversations(this.#summaries.values()))
  readonly #unread = $derived(unreadTotal(this.#summaries.values()))
  readonly #sync = new SnapshotSync<Summaries, ConversationSummary[]>(upsertConversations)
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- drafts are not rendered; the composer reads them on open
  readonly #drafts = new Map<string, string>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- in-flight bookkeeping, never rendered
  readonly #markingRead = new Set<string>()
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi, messages: MessagesStore) {
    this.#api = api
    this.#messages = messages
    this.#unsubscribe = [
      api.on('conversations:changed', (changed) => {
        this.#summaries = this.#sync.apply(this.#summaries, changed)
      }),
      api.on('ui:open-conversation', ({ jid, body }) => this.openWithText(jid, body ?? '')),
    ]
  }

  /** Newest activity first. */
  get list(): ConversationSummary[] {
    return this.#sorted
  }
  get unreadTotal(): number {
    return this.#unread
  }
  get openJid(): string | null {
    return this.#openJid
  }

  get(jid: string | null): ConversationSummary | undefined {
    return jid === null ? undefined : this.#summaries.get(jid)
  }

  unread(jid: string): number {
    return this.#summaries.get(jid)?.unread ?? 0
  }

  async load(): Promise<void> {
    const token = this.#sync.begin()
    try {
      const list = await this.#api.invoke('conversations:list', null)
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
      const merged = this.#sync.finish(token, new Map(list.map((s) => [s.jid, s])))
      if (merged) this.#summaries = merged
    } catch (error) {
      this.#sync.cancel()
      throw error
    }
  }

  /** Opens a conversation (with anyone, in the roster or not) and loads its newest messages. */
  open(jid: string): void {
    if (this.#openJid === jid) return
    this.#setOpen(jid)
    void this.#messages.open(jid)
  }

  /** Opens a conversation from an xmpp: link, its body (if any and allowed) as the draft. */
  openWithText(jid: string, body: string): void {
    if (mayPrefillDraft(body, jid, this.#openJid, this.draft(jid))) this.saveDraft(jid, body)
    this.open(jid)
  }

  /** Opens a conversation at one message (a search hit): loaded around it, scrolled to and highlighted. */
  openAt(jid: string, messageId: number): void {
    this.#setOpen(jid)
    void this.#messages.openAt(jid, messageId)
  }

  close(): void {
    this.#setOpen(null)
    void this.#messages.open(null)
  }

  /** Tells the core which conversation is open (again after the host connection came back). */
  announceViewing(): void {
    this.#api
      .invoke('conversation:viewing', { conversation: this.#openJid })
      .catch((error: unknown) => console.error('Could not tell the core which conversation is open', error))
  }

  #setOpen(jid: string | null): void {
    if (this.#openJid === jid) return
    this.#openJid = jid
    this.announceViewing()
  }

  /** Marks a conversation read unless a request for it is already in flight. */
  async markRead(jid: string): Promise<void> {
    if (this.#markingRead.has(jid)) return
    this.#markingRead.add(jid)
    try {
      await this.#api.invoke('conversation:mark-read', { conversation: jid })
    } catch (error) {
      console.error('Could not mark the conversation read', error)
    } finally {
      this.#markingRead.delete(jid)
    }
  }

  draft(jid: string): string {
    return this.#drafts.get(jid) ?? ''
  }

  saveDraft(jid: string, text: string): void {
    if (text === '') this.#drafts.delete(jid)
    else this.#drafts.set(jid, text)
  }

  clear(): void {
    this.#sync.cancel()
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
    this.#summaries = new Map()
    this.#drafts.clear()
    this.close()
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
