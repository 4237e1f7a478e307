// Runs at most `limit` tasks at a time, the rest in the order they came. Room archives are caught
// up through it: thirty rooms asking their archives at once would load the server and delay the
// conversation the user is looking at (a classic catch-up complaint: Conversations #3963,
// ejabberd #2345). Layer: electron/core (pure).
export class TaskLimit {
  #running = 0
  readonly #waiting: (() => void)[] = []

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    this.#running++
    try {
      return await task()
    } finally {
      this.#running--
      this.#waiting.shift()?.()
    }
  }
}
