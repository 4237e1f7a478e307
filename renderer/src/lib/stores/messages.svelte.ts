// Messages of the open conversation: a contiguous slice of its archive, oldest first.
//   - open(jid): the newest page; older pages on demand (`messages:page`, beforeId = oldest id).
//   - openAt(jid, id): the message with context on both sides (`messages:around`, opening a search
//     hit); newer pages on demand (`messages:newer`, afterId = newest id) until the newest end.
// `hasOlder` / `hasNewer` say whether the slice reaches either end of the local archive. Past its
// oldest message, reaching the top asks the server for older history (logic/older-history.ts:
// one request at a time per conversation, never in a loop), and what it stored is paged in like
// any older page; local pages never wait for it. `gaps` are the open conversation's history gaps
// (logic/history-gaps.ts), shown as markers. Newly stored messages
// (`messages:added`, `messages:archived`, our own sends) are appended only while the slice reaches
// the newest end; otherwise they are held in a small buffer (they would land in the middle) and
// merged once paging forward reaches the end or `jumpToLatest()` reloads the newest page. `target` names the message to scroll to
// and highlight after openAt. The array lives in $state.raw and is replaced on every change (see
// logic/message-merge.ts), so even 100k loaded messages are never deep-proxied; the virtual list
// renders only a window of them. A generation counter drops answers for a slice no longer shown.
// Layer: renderer (Svelte state).
import type { ChatMessage, HistoryGap } from '../../../../shared/types/domain'
import { bareJid } from '../../../../shared/types/jid'
import type { RendererApi } from '../api'
import { HistoryGaps } from '../logic/history-gaps'
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
  storedLater,
} from '../logic/message-merge'
import { OlderHistory, type OlderHistoryStatus } from '../logic/older-history'

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
  #olderStatus = $state<OlderHistoryStatus>('idle')
  #gaps = $state.raw<readonly HistoryGap[]>([])
  readonly #olderHistory: OlderHistory
  readonly #historyGaps: HistoryGaps
  #targetToken = 0
  /** Live messages for the open conversation received while `hasNewer` (not rendered). */
  #held: ChatMessage[] = []
  #generation = 0
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#olderHistory = new OlderHistory(
      (conversation) => api.invoke('messages:fetch-older', { conversation }),
      (conversation, status) => {
        if (this.#isOpen(conversation)) this.#olderStatus = status
      },
    )
    this.#historyGaps = new HistoryGaps(
      (conversation) => api.invoke('conversation:gaps', { conversation }),
      (gaps) => {
        this.#gaps = gaps
      },
    )
    this.#unsubscribe = [
      api.on('messages:added', (added) => this.#onStored(added)),
      // A server-archive catch-up stores messages too (in archive order, so they append alike);
      // it is also when the core finds a gap in the history.
      api.on('messages:archived', (archived) => {
        if (this.#onStored(archived)) this.#historyGaps.refresh()
      }),
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
  /**
   * Scrolling back past the local archive, shown as a row above the oldest message once the
   * loaded slice starts at the oldest stored one; null: no such row.
   */
  get olderHistory(): OlderHistoryStatus | null {
    return this.#messages.length > 0 && !this.#hasOlder ? this.#olderStatus : null
  }
  /** Stretches of the open conversation's history the server could no longer provide. */
  get gaps(): readonly HistoryGap[] {
    return this.#gaps
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

  /** Reloads the newest page and the gaps after the host reconnected (a slice in the middle stays as it is). */
  async reload(): Promise<void> {
    const jid = this.#conversation
    if (jid === null) return
    this.#historyGaps.refresh()
    if (!this.#hasNewer) await this.#loadNewest(jid, ++this.#generation)
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

  /**
   * Loads the page before the oldest loaded message; past the oldest stored one, asks the server
   * for older history (unless a request runs, the last one failed, or the start is known).
   */
  async loadOlder(): Promise<void> {
    if (this.#hasOlder) await this.#pageOlder()
    else await this.#fetchOlder(false)
  }

  /** Asks the server for older history again after a failure or an empty answer (the user asked). */
  retryOlder(): Promise<void> {
    return this.#fetchOlder(true)
  }

  /** Forgets what scrolling back learned about every conversation (sign-out). */
  forgetScrollBack(): void {
    this.#olderHistory.reset()
  }

  async #fetchOlder(byUser: boolean): Promise<void> {
    const jid = this.#conversation
    if (jid === null || this.#hasOlder || this.#loading || this.#messages.length === 0) return
    await this.#olderHistory.fetch(jid, () => this.#showFetched(jid), byUser)
  }

  /** The server stored older messages: page them in when they belong right above what is shown. */
  async #showFetched(jid: string): Promise<void> {
    if (!this.#isOpen(jid)) return
    // A load running now may not see them; paging will (older ids than anything loaded).
    if (this.#loading || this.#loadingOlder) this.#hasOlder = true
    else await this.#pageOlder()
  }

  async #pageOlder(): Promise<void> {
    const jid = this.#conversation
    const before = oldestId(this.#messages)
    if (jid === null || before === null || this.#loading || this.#loadingOlder) return
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

  /**
   * Starts a new slice; returns its generation. With `keepShown` (the same conversation) the old
   * slice, with what it knows of the older end, and the gaps stay until the new slice arrives.
   */
  #reset(jid: string | null, keepShown = false): number {
    const generation = ++this.#generation
    this.#conversation = jid
    this.#olderStatus = jid === null ? 'idle' : this.#olderHistory.status(jid)
    if (!keepShown) {
      this.#messages = []
      this.#held = []
      this.#hasOlder = false
      this.#historyGaps.show(jid)
    }
    this.#hasNewer = false
    this.#target = null
    this.#error = null
    this.#loadingOlder = false
    this.#loadingNewer = false
    return generation
  }

  #isOpen(jid: string): boolean {
    return this.#conversation !== null && sameConversation(this.#conversation, jid)
  }

  /** Takes stored messages for the open conversation; true when there were any. */
  #onStored(stored: readonly ChatMessage[]): boolean {
    const open = this.#conversation
    if (open === null) return false
    const mine = stored.filter((m) => sameConversation(m.conversation, open))
    // History stored behind the loaded slice (scroll-back) is read by paging, never appended.
    this.#acceptLive(storedLater(this.#messages, mine))
    return mine.length > 0
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
