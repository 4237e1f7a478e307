// Messages of the open conversation: the newest page on open, older pages on demand (beforeId =
// oldest loaded id), live `messages:added` / `messages:state` events, and sending. The array lives
// in $state.raw and is replaced on every change (see logic/message-merge.ts), so even 100k loaded
// messages are never deep-proxied; the virtual list renders only a window of them.
// A generation counter drops answers that belong to a conversation no longer open.
// Layer: renderer (Svelte state).
import type { ChatMessage } from '../../../../shared/types/domain'
import { LIMITS } from '../../../../shared/types/limits'
import { bareJid } from '../../../../shared/types/jid'
import type { RendererApi } from '../api'
import { appendMessages, applyStates, hasMessage, mergeNewest, oldestId, prependOlder } from '../logic/message-merge'

export const PAGE_SIZE = 100

function sameConversation(a: string, b: string): boolean {
  return a === b || (bareJid(a) ?? a) === (bareJid(b) ?? b)
}

export class MessagesStore {
  readonly #api: RendererApi
  #conversation = $state<string | null>(null)
  #messages = $state.raw<ChatMessage[]>([])
  #hasMore = $state(false)
  #loading = $state(false)
  #loadingOlder = $state(false)
  #error = $state<string | null>(null)
  #generation = 0
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('messages:added', (added) => {
        const open = this.#conversation
        if (open === null) return
        const mine = added.filter((m) => sameConversation(m.conversation, open))
        if (mine.length > 0) this.#messages = appendMessages(this.#messages, mine)
      }),
      api.on('messages:state', (changes) => {
        this.#messages = applyStates(this.#messages, changes)
      }),
    ]
  }

  get conversation(): string | null {
    return this.#conversation
  }
  /** Loaded messages, oldest first. */
  get messages(): ChatMessage[] {
    return this.#messages
  }
  /** True when older messages exist in the archive. */
  get hasMore(): boolean {
    return this.#hasMore
  }
  /** True while the newest page of a just-opened conversation loads. */
  get loading(): boolean {
    return this.#loading
  }
  get loadingOlder(): boolean {
    return this.#loadingOlder
  }
  get error(): string | null {
    return this.#error
  }

  /** Switches to a conversation (or none) and loads its newest page. */
  async open(jid: string | null): Promise<void> {
    const generation = ++this.#generation
    this.#conversation = jid
    this.#messages = []
    this.#hasMore = false
    this.#error = null
    this.#loadingOlder = false
    if (jid === null) {
      this.#loading = false
      return
    }
    await this.#loadNewest(jid, generation)
  }

  /** Reloads the newest page of the open conversation (after the host reconnected). */
  async reload(): Promise<void> {
    const jid = this.#conversation
    if (jid !== null) await this.#loadNewest(jid, ++this.#generation)
  }

  async #loadNewest(jid: string, generation: number): Promise<void> {
    this.#loading = true
    try {
      const page = await this.#api.invoke('messages:page', { conversation: jid, beforeId: null, limit: PAGE_SIZE })
      if (generation !== this.#generation) return
      this.#messages = mergeNewest(page.messages, this.#messages)
      this.#hasMore = page.hasMore
    } catch (error) {
      if (generation === this.#generation) this.#error = error instanceof Error ? error.message : String(error)
    } finally {
      if (generation === this.#generation) this.#loading = false
    }
  }

  /** Loads the page before the oldest loaded message; does nothing while loading or at the start. */
  async loadOlder(): Promise<void> {
    const jid = this.#conversation
    const before = oldestId(this.#messages)
    if (jid === null || before === null || !this.#hasMore || this.#loading || this.#loadingOlder) return
    const generation = this.#generation
    this.#loadingOlder = true
    try {
      const page = await this.#api.invoke('messages:page', {
        conversation: jid,
        beforeId: before,
        limit: Math.min(PAGE_SIZE, LIMITS.pageSize),
      })
      if (generation !== this.#generation) return
      this.#messages = prependOlder(this.#messages, page.messages)
      this.#hasMore = page.hasMore && page.messages.length > 0
    } catch (error) {
      if (generation === this.#generation) this.#error = error instanceof Error ? error.message : String(error)
    } finally {
      if (generation === this.#generation) this.#loadingOlder = false
    }
  }

  /** Sends a message to the open conversation; it shows at once (pending while offline). */
  async send(body: string): Promise<void> {
    const jid = this.#conversation
    if (jid === null) throw new Error('No conversation is open.')
    const stored = await this.#api.invoke('messages:send', { conversation: jid, body })
    // The `messages:added` event may have delivered it (and a newer state) already.
    const open = this.#conversation
    if (open !== null && sameConversation(stored.conversation, open) && !hasMessage(this.#messages, stored.id)) {
      this.#messages = appendMessages(this.#messages, [stored])
    }
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
