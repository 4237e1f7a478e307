// Messages of the open conversation: a contiguous slice of its archive, oldest first.
//   - open(jid): the newest page; older pages on demand (`messages:page`, beforeId = oldest id).
//   - openAt(jid, id): the message with context on both sides (`messages:around`, opening a search
//     hit); newer pages on demand (`messages:newer`, afterId = newest id) until the newest end.
// `hasOlder` / `hasNewer` say whether the slice reaches either end. Newly stored messages
// (`messages:added`, `messages:archived`, our own sends) are appended only while the slice reaches
// the newest end; otherwise they are held in a small buffer (they would land in the middle) and
// merged once paging forward reaches the end or `jumpToLatest()` reloads the newest page. `target` names the message to scroll to
// and highlight after openAt. The array lives in $state.raw and is replaced on every change (see
// logic/message-merge.ts), so even 100k loaded messages are never deep-proxied; the virtual list
// renders only a window of them. A generation counter drops answers for a slice no longer shown.
// Layer: renderer (Svelte state).
import type { ChatMessage } from '../../../../shared/types/domain'
import { bareJid } from '../../../../shared/types/jid'
import type { RendererApi } from '../api'
import {
  appendMessages,
  applyStates,
  bufferLive,
  hasMessage,
  mergeNewestPage,
  newestId,
  oldestId,
  prependOlder,
  replaceMessages,
} from '../logic/message-merge'

export const PAGE_SIZE = 100
/** Messages loaded on each side of a search hit. */
export const AROUND_CONTEXT = 50

function sameConversation(a: string, b: string): boolean {
  return a === b || (bareJid(a) ?? a) === (bareJid(b) ?? b)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A message to bring into view; `token` changes on every request, even for the same id. */
export interface MessageTarget {
  id: number
  token: number
}

export class MessagesStore {
  readonly #api: RendererApi
  #conversation = $state<string | null>(null)
  #messages = $state.raw<ChatMessage[]>([])
  #hasOlder = $state(false)
  #hasNewer = $state(false)
  #loading = $state(false)
  #loadingOlder = $state(false)
  #loadingNewer = $state(false)
  #error = $state<string | null>(null)
  #target = $state.raw<MessageTarget | null>(null)
  #targetToken = 0
  /** Live messages for the open conversation received while `hasNewer` (not rendered). */
  #held: ChatMessage[] = []
  #generation = 0
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('messages:added', (added) => this.#onStored(added)),
      // A server-archive catch-up stores messages too (in archive order, so they append alike).
      api.on('messages:archived', (archived) => this.#onStored(archived)),
      api.on('messages:state', (changes) => {
        this.#messages = applyStates(this.#messages, changes)
        this.#held = applyStates(this.#held, changes)
      }),
      // Corrections and retractions by the sender replace the text in place.
      api.on('messages:updated', (updated) => {
        this.#messages = replaceMessages(this.#messages, updated)
        this.#held = replaceMessages(this.#held, updated)
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
  get hasOlder(): boolean {
    return this.#hasOlder
  }
  /** True when the loaded slice does not reach the newest message (opened at a search hit). */
  get hasNewer(): boolean {
    return this.#hasNewer
  }
  /** True while the first slice of a just-opened conversation loads (or the newest page after a jump). */
  get loading(): boolean {
    return this.#loading
  }
  get loadingOlder(): boolean {
    return this.#loadingOlder
  }
  get loadingNewer(): boolean {
    return this.#loadingNewer
  }
  get error(): string | null {
    return this.#error
  }
  /** The message to scroll to and highlight (set by openAt). */
  get target(): MessageTarget | null {
    return this.#target
  }

  /** Switches to a conversation (or none) and loads its newest page. */
  async open(jid: string | null): Promise<void> {
    const generation = this.#reset(jid)
    if (jid === null) {
      this.#loading = false
      return
    }
    await this.#loadNewest(jid, generation)
  }

  /**
   * Switches to a conversation and loads it around one message, which becomes the `target`. When
   * that message is loaded already, it only becomes the target; within the open conversation the
   * current messages stay on screen until the new slice arrives.
   */
  async openAt(jid: string, messageId: number, context = AROUND_CONTEXT): Promise<void> {
    const same = this.#conversation !== null && sameConversation(this.#conversation, jid)
    if (same && !this.#loading && hasMessage(this.#messages, messageId)) {
      this.#target = { id: messageId, token: ++this.#targetToken }
      return
    }
    const generation = this.#reset(jid, same)
    // Until the answer says otherwise, live messages may not belong right after what will load.
    this.#hasNewer = true
    this.#loading = true
    try {
      const page = await this.#api.invoke('messages:around', { conversation: jid, messageId, context })
      if (generation !== this.#generation) return
      this.#messages = page.messages
      this.#held = this.#held.filter((m) => m.id > (newestId(page.messages) ?? -Infinity))
      this.#hasOlder = page.hasOlder
      this.#setHasNewer(page.hasNewer)
      this.#target = { id: messageId, token: ++this.#targetToken }
    } catch (error) {
      if (generation === this.#generation) {
        this.#error = messageOf(error)
        this.#setHasNewer(false)
      }
    } finally {
      if (generation === this.#generation) this.#loading = false
    }
  }

  /** Reloads the newest page after the host reconnected (a slice in the middle stays as it is). */
  async reload(): Promise<void> {
    const jid = this.#conversation
    if (jid !== null && !this.#hasNewer) await this.#loadNewest(jid, ++this.#generation)
  }

  /** Replaces a slice in the middle with the newest page (and the live messages held back). */
  async jumpToLatest(): Promise<void> {
    const jid = this.#conversation
    if (jid === null || !this.#hasNewer || this.#loading) return
    this.#loadingOlder = false
    this.#loadingNewer = false
    await this.#loadNewest(jid, ++this.#generation)
  }

  async #loadNewest(jid: string, generation: number): Promise<void> {
    this.#loading = true
    try {
      const page = await this.#api.invoke('messages:page', { conversation: jid, beforeId: null, limit: PAGE_SIZE })
      if (generation !== this.#generation) return
      const merged = mergeNewestPage(this.#messages, page.messages)
      this.#messages = merged.messages
      if (!merged.keptOlder) this.#hasOlder = page.hasMore
      this.#setHasNewer(false)
    } catch (error) {
      if (generation === this.#generation) this.#error = messageOf(error)
    } finally {
      if (generation === this.#generation) this.#loading = false
    }
  }

  /** Loads the page before the oldest loaded message; does nothing while loading or at the start. */
  async loadOlder(): Promise<void> {
    const jid = this.#conversation
    const before = oldestId(this.#messages)
    if (jid === null || before === null || !this.#hasOlder || this.#loading || this.#loadingOlder) return
    const generation = this.#generation
    this.#loadingOlder = true
    try {
      const page = await this.#api.invoke('messages:page', { conversation: jid, beforeId: before, limit: PAGE_SIZE })
      if (generation !== this.#generation) return
      this.#messages = prependOlder(this.#messages, page.messages)
      this.#hasOlder = page.hasMore && page.messages.length > 0
    } catch (error) {
      if (generation === this.#generation) this.#error = messageOf(error)
    } finally {
      if (generation === this.#generation) this.#loadingOlder = false
    }
  }

  /** Loads the page after the newest loaded message; does nothing at the newest end. */
  async loadNewer(): Promise<void> {
    const jid = this.#conversation
    const after = newestId(this.#messages)
    if (jid === null || after === null || !this.#hasNewer || this.#loading || this.#loadingNewer) return
    const generation = this.#generation
    this.#loadingNewer = true
    try {
      const page = await this.#api.invoke('messages:newer', { conversation: jid, afterId: after, limit: PAGE_SIZE })
      if (generation !== this.#generation) return
      this.#messages = appendMessages(this.#messages, page.messages)
      this.#setHasNewer(page.hasMore && page.messages.length > 0)
    } catch (error) {
      if (generation === this.#generation) this.#error = messageOf(error)
    } finally {
      if (generation === this.#generation) this.#loadingNewer = false
    }
  }

  /** Sends a message to the open conversation; it shows at once (pending while offline). */
  async send(body: string): Promise<void> {
    const jid = this.#conversation
    if (jid === null) throw new Error('No conversation is open.')
    const stored = await this.#api.invoke('messages:send', { conversation: jid, body })
    // The `messages:added` event may have delivered it (and a newer state) already.
    const open = this.#conversation
    if (open === null || !sameConversation(stored.conversation, open)) return
    if (!hasMessage(this.#messages, stored.id) && !hasMessage(this.#held, stored.id)) this.#acceptLive([stored])
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }

  /** Starts a new slice (the old one stays shown until it arrives when `keepShown`); returns its generation. */
  #reset(jid: string | null, keepShown = false): number {
    const generation = ++this.#generation
    this.#conversation = jid
    if (!keepShown) {
      this.#messages = []
      this.#held = []
    }
    this.#hasOlder = false
    this.#hasNewer = false
    this.#target = null
    this.#error = null
    this.#loadingOlder = false
    this.#loadingNewer = false
    return generation
  }

  #onStored(stored: readonly ChatMessage[]): void {
    const open = this.#conversation
    if (open !== null) this.#acceptLive(stored.filter((m) => sameConversation(m.conversation, open)))
  }

  #acceptLive(added: ChatMessage[]): void {
    if (added.length === 0) return
    if (this.#hasNewer) this.#held = bufferLive(this.#held, added)
    else this.#messages = appendMessages(this.#messages, added)
  }

  /** Reaching the newest end merges what was held back; live messages append again from now on. */
  #setHasNewer(value: boolean): void {
    this.#hasNewer = value
    if (value || this.#held.length === 0) return
    const last = newestId(this.#messages) ?? -Infinity
    // Anything not newer than the slice came with a page from the archive, in its current state.
    const held = this.#held.filter((m) => m.id > last)
    this.#held = []
    this.#messages = appendMessages(this.#messages, held)
  }
}
