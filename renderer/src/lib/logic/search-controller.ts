// Search as you type: every change of the query (debounced) issues `search:messages` at once,
// without waiting for the previous call; the core resolves a replaced call with `superseded:
// true`. Answers are applied only when they belong to the newest request (RequestSequence), so a
// slow answer to an older query can never overwrite a newer one. "Load more" continues the current
// result with its `nextCursor` and is dropped as well when the query changed meanwhile.
// Plain TypeScript with injected timers and search function, so it is unit-tested in node; the
// Svelte store (stores/search.svelte.ts) mirrors `state` into $state. Layer: renderer (pure logic).
import type { CommandRequest, CommandResponse } from '../../../../shared/ipc/contract'
import type { SearchHit } from '../../../../shared/types/domain'
import { moveActive, wantsMore } from './search-keys'
import { EMPTY_QUERY, isSearchable, sameQuery, searchRequest, type SearchQuery } from './search-query'

type Request = CommandRequest<'search:messages'>
type Response = CommandResponse<'search:messages'>

/** Hands out request tokens; only the newest token's answer may be applied. */
export class RequestSequence {
  #current = 0

  /** A token for a new request; every earlier token becomes stale. */
  next(): number {
    return ++this.#current
  }

  /** Makes every outstanding token stale (the query was cleared). */
  invalidate(): void {
    this.#current++
  }

  isCurrent(token: number): boolean {
    return token === this.#current
  }

  /** True when an answer is to be applied: newest request, and not superseded in the core. */
  accepts(token: number, answer: { superseded: boolean }): boolean {
    return this.isCurrent(token) && !answer.superseded
  }
}

/**
 * idle: nothing to search (blank text); waiting: debouncing or the first page is in flight;
 * done: `hits` answer `query`; error: the search failed (`error` says why).
 */
export type SearchStatus = 'idle' | 'waiting' | 'done' | 'error'

export interface SearchState {
  query: SearchQuery
  status: SearchStatus
  /** Newest first. While `waiting`, the previous query's hits (shown dimmed) or none. */
  hits: readonly SearchHit[]
  nextCursor: string | null
  loadingMore: boolean
  error: string | null
  /** Index of the active (keyboard-selected) hit, -1 for none. */
  active: number
}

export interface SearchDeps {
  search(request: Request): Promise<Response>
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
  /** Quiet time after a change before the search goes out. */
  debounceMs?: number
  /** Hits per page. */
  pageSize?: number
}

export const INITIAL_SEARCH_STATE: SearchState = {
  query: EMPTY_QUERY,
  status: 'idle',
  hits: [],
  nextCursor: null,
  loadingMore: false,
  error: null,
  active: -1,
}

export const DEBOUNCE_MS = 120
export const SEARCH_PAGE = 30
/** A current request the core superseded anyway (another window searched) is retried this often. */
const MAX_RETRIES = 2

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export class SearchController {
  readonly #deps: SearchDeps
  readonly #onchange: (state: SearchState) => void
  readonly #sequence = new RequestSequence()
  #state: SearchState = INITIAL_SEARCH_STATE
  #timer: unknown = null

  constructor(deps: SearchDeps, onchange: (state: SearchState) => void) {
    this.#deps = deps
    this.#onchange = onchange
  }

  get state(): SearchState {
    return this.#state
  }

  /** The hit Enter would open, if the results are current. */
  get activeHit(): SearchHit | null {
    const { status, hits, active } = this.#state
    return status === 'done' ? (hits[active] ?? null) : null
  }

  /** Changes part of the query; a real change schedules a search (or clears for blank text). */
  update(patch: Partial<SearchQuery>): void {
    const query = { ...this.#state.query, ...patch }
    if (sameQuery(query, this.#state.query)) return
    this.#cancelTimer()
    // Whatever is in flight (a search or a "load more") now answers an older query.
    this.#sequence.invalidate()
    if (!isSearchable(query)) {
      this.#set({ ...INITIAL_SEARCH_STATE, query })
      return
    }
    this.#set({ ...this.#state, query, status: 'waiting', loadingMore: false, error: null })
    this.#timer = this.#deps.setTimer(() => {
      this.#timer = null
      void this.#run()
    }, this.#deps.debounceMs ?? DEBOUNCE_MS)
  }

  /** Sends a debounced search now (Enter before the quiet time ran out). */
  flush(): void {
    if (this.#timer === null) return
    this.#cancelTimer()
    void this.#run()
  }

  /** True while a change waits for its quiet time. */
  get pending(): boolean {
    return this.#timer !== null
  }

  /** Searches the current query again (e.g. the panel reopened and the archive may have grown). */
  refresh(): void {
    if (!isSearchable(this.#state.query)) return
    this.#cancelTimer()
    void this.#run()
  }

  /** Fetches the next page of the current result. */
  async loadMore(): Promise<void> {
    const { status, nextCursor, loadingMore, query } = this.#state
    if (status !== 'done' || nextCursor === null || loadingMore) return
    const token = this.#sequence.next()
    this.#set({ ...this.#state, loadingMore: true, error: null })
    try {
      const answer = await this.#deps.search(searchRequest(query, nextCursor, this.#deps.pageSize ?? SEARCH_PAGE))
      if (!this.#sequence.isCurrent(token)) return
      if (answer.superseded) {
        this.#set({ ...this.#state, loadingMore: false })
        return
      }
      const have = new Set(this.#state.hits.map((h) => h.message.id))
      const fresh = answer.hits.filter((h) => !have.has(h.message.id))
      this.#set({ ...this.#state, hits: [...this.#state.hits, ...fresh], nextCursor: answer.nextCursor, loadingMore: false })
    } catch (error) {
      if (this.#sequence.isCurrent(token)) this.#set({ ...this.#state, loadingMore: false, error: messageOf(error) })
    }
  }

  /**
   * Handles a navigation key from the search box; returns true when it was one. Moving down past
   * the last hit fetches the next page.
   */
  key(key: string): boolean {
    const { active, hits, nextCursor } = this.#state
    const next = moveActive(active, hits.length, key)
    if (next === null) return false
    if (wantsMore(active, hits.length, key, nextCursor !== null)) void this.loadMore()
    if (next !== active) this.#set({ ...this.#state, active: next })
    return true
  }

  /** Makes a hit active (pointer hover or click). */
  select(index: number): void {
    if (index === this.#state.active || index < -1 || index >= this.#state.hits.length) return
    this.#set({ ...this.#state, active: index })
  }

  /** Forgets the query and the results (sign-out). */
  reset(): void {
    this.#cancelTimer()
    this.#sequence.invalidate()
    this.#set(INITIAL_SEARCH_STATE)
  }

  dispose(): void {
    this.#cancelTimer()
    this.#sequence.invalidate()
  }

  async #run(retries = MAX_RETRIES): Promise<void> {
    const query = this.#state.query
    const token = this.#sequence.next()
    if (this.#state.status !== 'waiting' || this.#state.loadingMore) this.#set({ ...this.#state, status: 'waiting', loadingMore: false, error: null })
    let answer: Response
    try {
      answer = await this.#deps.search(searchRequest(query, null, this.#deps.pageSize ?? SEARCH_PAGE))
    } catch (error) {
      if (this.#sequence.isCurrent(token)) this.#set({ ...this.#state, status: 'error', error: messageOf(error) })
      return
    }
    if (!this.#sequence.isCurrent(token)) return
    if (answer.superseded) {
      // Nothing newer from us replaced it: some other search did. Ask again, a bounded number of times.
      if (retries > 0) void this.#run(retries - 1)
      else this.#set({ ...this.#state, status: 'error', error: 'The search was interrupted. Try again.' })
      return
    }
    this.#set({
      query,
      status: 'done',
      hits: answer.hits,
      nextCursor: answer.nextCursor,
      loadingMore: false,
      error: null,
      active: answer.hits.length > 0 ? 0 : -1,
    })
  }

  #cancelTimer(): void {
    if (this.#timer === null) return
    this.#deps.clearTimer(this.#timer)
    this.#timer = null
  }

  #set(state: SearchState): void {
    this.#state = state
    this.#onchange(state)
  }
}
