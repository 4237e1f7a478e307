// A ticking "now" for relative times (countdowns, "last seen 5 min ago"). Components create one
// with the resolution they need and start it in an $effect; nothing ticks while nobody shows it.
// Layer: renderer (Svelte state).

export class Clock {
  #now = $state(Date.now())
  readonly #intervalMs: number

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs
  }

  get now(): number {
    return this.#now
  }

  /** Starts ticking; returns the stop function (use as an $effect's cleanup). */
  start(): () => void {
    this.#now = Date.now()
    const handle = setInterval(() => {
      this.#now = Date.now()
    }, this.#intervalMs)
    return () => clearInterval(handle)
  }
}
