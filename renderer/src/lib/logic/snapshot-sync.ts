// Loading a snapshot (e.g. `roster:list`) while events for the same data keep arriving: events
// are applied to the current state at once and also recorded; when the snapshot lands, the
// recorded events are replayed on top of it, so nothing that happened during the request is lost.
// A newer load makes an older snapshot stale. Layer: renderer (pure logic).

export class SnapshotSync<S, E> {
  #generation = 0
  #log: E[] | null = null
  readonly #reduce: (state: S, event: E) => S

  constructor(reduce: (state: S, event: E) => S) {
    this.#reduce = reduce
  }

  /** Starts recording; returns a token for `finish`. */
  begin(): number {
    this.#log = []
    return ++this.#generation
  }

  /** Applies an event to `state`, recording it while a snapshot is in flight. */
  apply(state: S, event: E): S {
    this.#log?.push(event)
    return this.#reduce(state, event)
  }

  /** The snapshot with recorded events replayed, or null when a newer load started meanwhile. */
  finish(token: number, snapshot: S): S | null {
    if (token !== this.#generation) return null
    const log = this.#log ?? []
    this.#log = null
    return log.reduce(this.#reduce, snapshot)
  }

  /** Forgets an in-flight load (e.g. on failure or sign-out). */
  cancel(): void {
    this.#generation++
    this.#log = null
  }
}
