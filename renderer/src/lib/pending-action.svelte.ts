// A user action in flight, such as a dialog's submit: `busy` while it runs (its button disabled),
// its failure in words afterwards. A form may also put its own check's message in `error`.
// Layer: renderer (Svelte state).
export class PendingAction {
  busy = $state(false)
  error = $state<string | null>(null)

  /** Runs `action`, clearing the last error first; true when it succeeded. */
  async run(action: () => Promise<void>): Promise<boolean> {
    this.busy = true
    this.error = null
    try {
      await action()
      return true
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e)
      return false
    } finally {
      this.busy = false
    }
  }
}
