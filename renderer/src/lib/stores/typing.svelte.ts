// Who is typing to us (XEP-0085), fed by `typing:changed`; the core expires stale states. Forgotten
// when the host connection drops, since a "stopped typing" may have been missed meanwhile.
// Layer: renderer (Svelte state).
import type { RendererApi } from '../api'

export class TypingStore {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw, replaced on every change
  #typing = $state.raw<ReadonlySet<string>>(new Set())
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#unsubscribe = [
      api.on('typing:changed', ({ jid, typing }) => {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new immutable snapshot
        const next = new Set(this.#typing)
        if (typing) next.add(jid)
        else next.delete(jid)
        this.#typing = next
      }),
      api.onReconnect(() => this.clear()),
    ]
  }

  isTyping(jid: string): boolean {
    return this.#typing.has(jid)
  }

  clear(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an immutable snapshot in $state.raw
    this.#typing = new Set()
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
