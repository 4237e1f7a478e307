// The open conversation's history gaps (`conversation:gaps`): loaded when it opens and again when
// a catch-up stores messages for it (that is when the core finds a gap). One request at a time:
// refreshes asked for meanwhile collapse into one more; an answer for a conversation no longer
// shown is dropped. Plain TypeScript with the request injected (unit-tested in node); the
// messages store mirrors `gaps` into $state. Layer: renderer (pure logic).
import type { HistoryGap } from '../../../../shared/types/domain'

export type FetchGaps = (conversation: string) => Promise<HistoryGap[]>

function sameGaps(a: readonly HistoryGap[], b: readonly HistoryGap[]): boolean {
  return a.length === b.length && a.every((gap, i) => gap.beforeId === b[i]!.beforeId && gap.from === b[i]!.from && gap.to === b[i]!.to)
}

export class HistoryGaps {
  readonly #fetchGaps: FetchGaps
  readonly #onChange: (gaps: readonly HistoryGap[]) => void
  #conversation: string | null = null
  #gaps: readonly HistoryGap[] = []
  /** Bumped when the conversation changes: a running loop for the previous one stops. */
  #generation = 0
  #running = false
  #again = false

  constructor(fetchGaps: FetchGaps, onChange: (gaps: readonly HistoryGap[]) => void) {
    this.#fetchGaps = fetchGaps
    this.#onChange = onChange
  }

  get gaps(): readonly HistoryGap[] {
    return this.#gaps
  }

  /** Switches to a conversation (or none): its gaps are unknown until loaded. */
  show(conversation: string | null): void {
    this.#conversation = conversation
    this.#generation++
    this.#running = false
    this.#set([])
    this.refresh()
  }

  /** Loads the gaps again (now, or right after the request that is running). */
  refresh(): void {
    const conversation = this.#conversation
    if (conversation === null) return
    if (this.#running) this.#again = true
    else void this.#load(conversation, this.#generation)
  }

  async #load(conversation: string, generation: number): Promise<void> {
    this.#running = true
    do {
      this.#again = false
      try {
        const gaps = await this.#fetchGaps(conversation)
        if (generation !== this.#generation) return
        this.#set(gaps)
      } catch (error) {
        if (generation !== this.#generation) return
        // Markers are a courtesy: without them the messages still show. Keep what we had.
        console.error('Could not load the history gaps', error)
      }
    } while (this.#again)
    this.#running = false
  }

  #set(gaps: readonly HistoryGap[]): void {
    if (sameGaps(this.#gaps, gaps)) return
    this.#gaps = gaps
    this.#onChange(gaps)
  }
}
