// Avatars as data: URLs, by JID: asked of the core (`avatar:get`) the first time a component shows
// someone, asked again when the core says theirs changed (`avatar:changed`). The core only ever
// hands out verified pictures of an image type we show. Layer: renderer (Svelte state).
import { SvelteMap } from 'svelte/reactivity'
import type { RendererApi } from '../api'

export class AvatarStore {
  readonly #api: RendererApi
  /** null: no avatar (or not asked yet, while `#asked` has the JID). */
  readonly #urls = new SvelteMap<string, string | null>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only: nothing renders from it
  readonly #asked = new Set<string>()
  readonly #unsubscribe: (() => void)[]

  constructor(api: RendererApi) {
    this.#api = api
    this.#unsubscribe = [
      api.on('avatar:changed', ({ jid }) => {
        if (this.#asked.has(jid)) void this.#fetch(jid)
      }),
      api.onReconnect(() => this.clear()),
    ]
  }

  /** The picture for `jid`, or null (the caller shows initials); the first call asks the core. */
  url(jid: string): string | null {
    if (!this.#asked.has(jid)) {
      this.#asked.add(jid)
      void this.#fetch(jid)
    }
    return this.#urls.get(jid) ?? null
  }

  async #fetch(jid: string): Promise<void> {
    try {
      const { dataUrl } = await this.#api.invoke('avatar:get', { jid })
      // Only a data: URL of an image, whatever else might arrive.
      this.#urls.set(jid, dataUrl?.startsWith('data:image/') ? dataUrl : null)
    } catch {
      this.#asked.delete(jid) // asked again the next time it is shown
    }
  }

  clear(): void {
    this.#asked.clear()
    this.#urls.clear()
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
