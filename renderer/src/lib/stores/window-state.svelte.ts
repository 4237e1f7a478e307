// Whether the window is visible and focused: conversations are marked read only then.
// Layer: renderer (Svelte state; owns its DOM listeners).

export class WindowState {
  #focused = $state(document.hasFocus())
  #visible = $state(document.visibilityState === 'visible')

  get focused(): boolean {
    return this.#focused
  }

  get visible(): boolean {
    return this.#visible
  }

  /** True when the user can actually see the window's content. */
  get attended(): boolean {
    return this.#focused && this.#visible
  }

  /** Installs the listeners; returns their removal (use as an $effect's cleanup). */
  start(): () => void {
    const update = () => {
      this.#focused = document.hasFocus()
      this.#visible = document.visibilityState === 'visible'
    }
    window.addEventListener('focus', update)
    window.addEventListener('blur', update)
    document.addEventListener('visibilitychange', update)
    update()
    return () => {
      window.removeEventListener('focus', update)
      window.removeEventListener('blur', update)
      document.removeEventListener('visibilitychange', update)
    }
  }
}
