// Who is typing to us right now, from their chat states (XEP-0085): "composing" starts it, any
// other state, their next message or the typing resource going offline ends it, and so does
// silence, because a state that never comes (a crashed client, a lost stanza) must not leave
// "typing…" up forever. Only changes are reported. Layer: electron/core (pure, uses timers).
import type { ChatState } from './xmpp/features/chat-states'

/** Without a newer state, "composing" is forgotten after this long (XEP-0085 suggests ~30 s for paused). */
export const TYPING_EXPIRES_MS = 30_000

export class PeerTyping {
  /** Bare JID → the resource that is typing and the timer that forgets it. */
  readonly #typing = new Map<string, { resource: string; timer: ReturnType<typeof setTimeout> }>()

  constructor(private readonly changed: (jid: string, typing: boolean) => void) {}

  chatState(jid: string, resource: string, state: ChatState): void {
    if (state !== 'composing') {
      this.#stop(jid)
      return
    }
    const current = this.#typing.get(jid)
    if (current) clearTimeout(current.timer)
    this.#typing.set(jid, { resource, timer: setTimeout(() => this.#stop(jid), TYPING_EXPIRES_MS) })
    if (!current) this.changed(jid, true)
  }

  /** Their message arrived: whatever they were typing is sent. */
  messageFrom(jid: string): void {
    this.#stop(jid)
  }

  /** A resource went offline ('' = all of them); only the one that was typing ends it. */
  offline(jid: string, resource: string): void {
    const current = this.#typing.get(jid)
    if (current && (resource === '' || resource === current.resource)) this.#stop(jid)
  }

  /** The session ended: nobody's state is known any more. */
  clear(): void {
    for (const jid of [...this.#typing.keys()]) this.#stop(jid)
  }

  #stop(jid: string): void {
    const current = this.#typing.get(jid)
    if (!current) return
    clearTimeout(current.timer)
    this.#typing.delete(jid)
    this.changed(jid, false)
  }
}
