// Scroll-back past the local archive, per conversation: asks the core for the server's page just
// older than what is stored (`messages:fetch-older`), one request at a time per conversation.
// It never loops: once the server says `complete` the conversation is not asked again this
// session, and after a failure (or an answer that added nothing) only the user asks again.
// Plain TypeScript with the request injected, so it is unit-tested in node; the messages store
// mirrors the open conversation's status into $state. Layer: renderer (pure logic).
import type { CommandResponse } from '../../../../shared/ipc/contract'

/**
 * idle: may ask when the top is reached; loading: a request (and showing what it stored) runs;
 * failed: the last request failed; stalled: the server sent nothing new but has more (asking
 * again by itself might get the same answer forever); complete: the server has nothing older.
 */
export type OlderHistoryStatus = 'idle' | 'loading' | 'failed' | 'stalled' | 'complete'

export type FetchOlder = (conversation: string) => Promise<CommandResponse<'messages:fetch-older'>>

export class OlderHistory {
  readonly #fetchOlder: FetchOlder
  readonly #onChange: (conversation: string, status: OlderHistoryStatus) => void
  readonly #status = new Map<string, OlderHistoryStatus>()
  /** Bumped by `reset`, so answers to requests from before it are dropped. */
  #epoch = 0

  constructor(fetchOlder: FetchOlder, onChange: (conversation: string, status: OlderHistoryStatus) => void) {
    this.#fetchOlder = fetchOlder
    this.#onChange = onChange
  }

  status(conversation: string): OlderHistoryStatus {
    return this.#status.get(conversation) ?? 'idle'
  }

  /**
   * Asks for the next older server page when `idle` (or, when the user asked, after a failure or
   * an empty answer); does nothing while a request runs or once the start is known. `show` puts
   * what was stored on screen and must not throw; it runs before the status leaves `loading`, so
   * the loading row stays until the older rows are there.
   */
  async fetch(conversation: string, show: () => Promise<void>, byUser = false): Promise<void> {
    const status = this.status(conversation)
    if (status === 'loading' || status === 'complete' || (status !== 'idle' && !byUser)) return
    const epoch = this.#epoch
    this.#set(conversation, 'loading')
    let next: OlderHistoryStatus
    try {
      const { added, complete } = await this.#fetchOlder(conversation)
      if (added > 0 && epoch === this.#epoch) await show()
      next = complete ? 'complete' : added > 0 ? 'idle' : 'stalled'
    } catch {
      // The row says so and offers Retry; the reason (offline, no answer) needs no console noise.
      next = 'failed'
    }
    if (epoch === this.#epoch) this.#set(conversation, next)
  }

  /** Forgets every conversation's status (sign-out: the next account starts afresh). */
  reset(): void {
    this.#epoch++
    const known = [...this.#status.keys()]
    this.#status.clear()
    for (const conversation of known) this.#onChange(conversation, 'idle')
  }

  #set(conversation: string, status: OlderHistoryStatus): void {
    this.#status.set(conversation, status)
    this.#onChange(conversation, status)
  }
}
