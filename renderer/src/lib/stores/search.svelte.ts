// Message search: whether the search panel is open, and the query with its results (the logic is
// in logic/search-controller.ts; this mirrors its state into $state). The query and results
// survive closing the panel, so Ctrl+K brings back the last search; sign-out forgets them.
// Layer: renderer (Svelte state).
import type { SearchHit } from '../../../../shared/types/domain'
import type { RendererApi } from '../api'
import { INITIAL_SEARCH_STATE, SearchController, type SearchState } from '../logic/search-controller'
import type { SearchQuery } from '../logic/search-query'

export class SearchStore {
  readonly #controller: SearchController
  #state = $state.raw<SearchState>(INITIAL_SEARCH_STATE)
  #open = $state(false)
  /** Changes each time the panel is asked for (focus the search box again). */
  #summons = $state(0)

  constructor(api: RendererApi) {
    this.#controller = new SearchController(
      {
        search: (request) => api.invoke('search:messages', request),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
      (state) => {
        this.#state = state
      },
    )
  }

  get state(): SearchState {
    return this.#state
  }
  get isOpen(): boolean {
    return this.#open
  }
  get summons(): number {
    return this.#summons
  }
  /** True while a change waits for the debounce (Enter then searches at once). */
  get pending(): boolean {
    return this.#controller.pending
  }
  /** The hit Enter opens (results current, one active). */
  get activeHit(): SearchHit | null {
    const { status, hits, active } = this.#state
    return status === 'done' ? (hits[active] ?? null) : null
  }

  /**
   * Opens the panel (or focuses it again). `conversation`: a bare JID to search in, '' for all
   * conversations; undefined keeps the current choice.
   */
  show(conversation?: string): void {
    const wasOpen = this.#open
    if (conversation !== undefined) this.#controller.update({ conversation })
    if (!wasOpen && !this.#controller.pending) this.#controller.refresh()
    this.#open = true
    this.#summons++
  }

  hide(): void {
    this.#open = false
  }

  update(patch: Partial<SearchQuery>): void {
    this.#controller.update(patch)
  }
  flush(): void {
    this.#controller.flush()
  }
  loadMore(): Promise<void> {
    return this.#controller.loadMore()
  }
  key(key: string): boolean {
    return this.#controller.key(key)
  }
  select(index: number): void {
    this.#controller.select(index)
  }

  /** Forgets the query and results and closes the panel (sign-out). */
  clear(): void {
    this.#open = false
    this.#controller.reset()
  }

  dispose(): void {
    this.#controller.dispose()
  }
}
