// Keyboard policy of the search: the global shortcuts (Ctrl+K / ⌘K search everything, Ctrl+F / ⌘F
// search the open conversation) and moving through the results list from the search box.
// Layer: renderer (pure logic).

export interface ShortcutKey {
  key: string
  /** Physical key ("KeyK"), used when the layout does not type Latin letters. */
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  isComposing?: boolean
}

export type SearchShortcut = 'all' | 'conversation'

/** True on macOS (⌘ instead of Ctrl), from navigator.userAgentData.platform or navigator.platform. */
export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/iu.test(platform)
}

/**
 * Which search a key press asks for, if any. The letter is the typed one when it is a Latin
 * letter (so Dvorak's K works), else the physical key (so Ctrl+K works on a Cyrillic layout).
 */
export function searchShortcut(event: ShortcutKey, mac: boolean): SearchShortcut | null {
  if (event.isComposing || event.altKey || event.shiftKey) return null
  if (mac ? !event.metaKey || event.ctrlKey : !event.ctrlKey || event.metaKey) return null
  const letter = /^[a-z]$/iu.test(event.key) ? event.key.toLowerCase() : /^Key[A-Z]$/u.test(event.code) ? event.code.slice(3).toLowerCase() : ''
  if (letter === 'k') return 'all'
  if (letter === 'f') return 'conversation'
  return null
}

/** How a shortcut is written for this platform: "Ctrl K" or "⌘K". */
export function shortcutLabel(letter: string, mac: boolean): string {
  return mac ? `⌘${letter.toUpperCase()}` : `Ctrl ${letter.toUpperCase()}`
}

/** The aria-keyshortcuts value for this platform. */
export function ariaShortcut(letter: string, mac: boolean): string {
  return `${mac ? 'Meta' : 'Control'}+${letter.toUpperCase()}`
}

/** Rows PageUp/PageDown move by. */
export const PAGE_STEP = 5

/**
 * The active result after a navigation key, or null when the key is not a navigation key (let the
 * text box have it: Home/End and the left/right arrows keep editing the text). -1 means none
 * active. Moves clamp at both ends; ArrowDown from nothing activates the first result.
 */
export function moveActive(active: number, count: number, key: string): number | null {
  let next: number
  switch (key) {
    case 'ArrowDown':
      next = active < 0 ? 0 : active + 1
      break
    case 'ArrowUp':
      next = active < 0 ? 0 : active - 1
      break
    case 'PageDown':
      next = active < 0 ? 0 : active + PAGE_STEP
      break
    case 'PageUp':
      next = active - PAGE_STEP
      break
    default:
      return null
  }
  if (count <= 0) return -1
  return Math.min(Math.max(next, 0), count - 1)
}

/** True when moving down from `active` should also fetch the next page of results. */
export function wantsMore(active: number, count: number, key: string, hasMore: boolean): boolean {
  return hasMore && count > 0 && active >= count - 1 && (key === 'ArrowDown' || key === 'PageDown')
}
