// The unread total on the dock or launcher icon (app.setBadgeCount: macOS, and Linux launchers that
// support it such as Unity; a no-op elsewhere). Set only when the total changes. Layer: electron/main.
import type { CoreService } from '../core/core-service'

export interface UnreadBadgeOptions {
  core: Pick<CoreService, 'subscribe' | 'unreadTotal'>
  setBadgeCount(count: number): unknown
}

export class UnreadBadge {
  readonly #options: UnreadBadgeOptions
  readonly #unsubscribe: () => void
  #shown: number | null = null

  constructor(options: UnreadBadgeOptions) {
    this.#options = options
    // Unread counts move with new messages, reads, and signing in or out.
    this.#unsubscribe = options.core.subscribe((event) => {
      if (event === 'conversations:changed' || event === 'messages:added' || event === 'connection:state') this.#update()
    })
    this.#update()
  }

  dispose(): void {
    this.#unsubscribe()
    this.#options.setBadgeCount(0)
  }

  #update(): void {
    const total = this.#options.core.unreadTotal()
    if (total === this.#shown) return
    this.#shown = total
    this.#options.setBadgeCount(total)
  }
}
