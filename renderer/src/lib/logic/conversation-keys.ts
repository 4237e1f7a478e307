// Keyboard policy of the chat list: next/previous conversation (Ctrl+Tab / Ctrl+Shift+Tab, and
// Alt+↓ / Alt+↑ where Ctrl+Tab is taken) and "focus the composer" (Ctrl+L / ⌘L, as browsers'
// "go to the address bar": jump to where you type). Layer: renderer (pure logic).
import type { ShortcutKey } from './search-keys'

export type ConversationShortcut = 'next' | 'previous' | 'composer'

export function conversationShortcut(event: ShortcutKey, mac: boolean): ConversationShortcut | null {
  if (event.isComposing) return null
  // Ctrl+Tab is Ctrl on every platform, macOS included (⌘Tab belongs to the OS).
  if (event.key === 'Tab' && event.ctrlKey && !event.metaKey && !event.altKey) return event.shiftKey ? 'previous' : 'next'
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    if (event.key === 'ArrowDown') return 'next'
    if (event.key === 'ArrowUp') return 'previous'
    return null
  }
  if (event.altKey || event.shiftKey || (mac ? !event.metaKey || event.ctrlKey : !event.ctrlKey || event.metaKey)) return null
  // The typed Latin letter, else the physical key (Ctrl+L on a Cyrillic layout), as for search.
  const letter = /^[a-z]$/iu.test(event.key) ? event.key.toLowerCase() : /^Key[A-Z]$/u.test(event.code) ? event.code.slice(3).toLowerCase() : ''
  return letter === 'l' ? 'composer' : null
}

/**
 * The conversation one step down (`next`) or up the list from the open one, wrapping at the ends.
 * With none open (or one not in the list), `next` starts at the top and `previous` at the bottom.
 */
export function neighbourConversation(list: readonly string[], open: string | null, step: 'next' | 'previous'): string | null {
  if (list.length === 0) return null
  const at = open === null ? -1 : list.indexOf(open)
  if (at === -1) return (step === 'next' ? list[0] : list[list.length - 1]) ?? null
  const delta = step === 'next' ? 1 : -1
  return list[(at + delta + list.length) % list.length] ?? null
}
