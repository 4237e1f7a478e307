// Our blocklist (XEP-0191): who is blocked and whether the server offers blocking at all. Fed by
// `blocking:list` after sign-in and `blocking:changed` (every session of ours hears of a change).
// Layer: renderer (Svelte state).
import type { BlockingState } from '../../../../shared/types/domain'
import type { RendererApi } from '../api'

const NONE: BlockingState = { supported: false, jids: [] }

export class BlockingStore {
  readonly #api: RendererApi
  #state = $state.raw<BlockingState>(NONE)
  readonly #unsubscribe: () => void

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = api.on('blocking:changed', (state) => {
      this.#state = state
    })
  }

  get supported(): boolean {
    return this.#state.supported
  }
  /** Blocked JIDs, sorted. */
  get jids(): readonly string[] {
    return this.#state.jids
  }

  isBlocked(jid: string): boolean {
    return this.#state.jids.includes(jid)
  }

  async load(): Promise<void> {
    this.#state = await this.#api.invoke('blocking:list', null)
  }

  /** Blocks or unblocks; the list updates when the core confirms (`blocking:changed`). */
  async block(jid: string): Promise<void> {
    await this.#api.invoke('contacts:block', { jid })
  }

  async unblock(jid: string): Promise<void> {
    await this.#api.invoke('contacts:unblock', { jid })
  }

  clear(): void {
    this.#state = NONE
  }

  dispose(): void {
    this.#unsubscribe()
  }
}
