// When to tell the other side what we are doing in the composer (XEP-0085), for one open
// conversation: "composing" at the first keystroke, "paused" after a few idle seconds, "active"
// when the draft is emptied, the composer loses focus or the conversation is left. Each state goes
// out once per change, never per keystroke. A sent message carries <active/> itself, so sending
// announces nothing extra. Layer: renderer (pure logic, uses timers).
import type { OutgoingChatState } from '../../../../shared/types/domain'

/** Idle time after the last keystroke before "composing" becomes "paused". */
export const PAUSE_AFTER_MS = 5_000

export class TypingNotifier {
  /** What the other side was last told (the chat starts out active). */
  #state: OutgoingChatState = 'active'
  #idle: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly announce: (state: OutgoingChatState) => void) {}

  /** The draft changed to `text` by the user's hand. */
  input(text: string): void {
    if (text.trim() === '') {
      this.#set('active')
      return
    }
    this.#set('composing')
    this.#clearIdle()
    this.#idle = setTimeout(() => this.#set('paused'), PAUSE_AFTER_MS)
  }

  /** The message went out: it said "active" itself. */
  sent(): void {
    this.#clearIdle()
    this.#state = 'active'
  }

  /** The composer lost focus, or the conversation was left (closed or switched). */
  left(): void {
    this.#set('active')
  }

  #set(state: OutgoingChatState): void {
    if (state !== 'composing') this.#clearIdle()
    if (state === this.#state) return
    this.#state = state
    this.announce(state)
  }

  #clearIdle(): void {
    if (this.#idle !== null) clearTimeout(this.#idle)
    this.#idle = null
  }
}
