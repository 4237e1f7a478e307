// Composer keyboard policy. Layer: renderer (pure logic).

export interface KeyLike {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
  isComposing: boolean
  /** 229 while an IME is composing in some browsers that do not set isComposing on keydown. */
  keyCode?: number
}

/** Enter sends; Shift+Enter (and Alt/Ctrl/Meta+Enter) does not; nothing sends while an IME composes. */
export function isSendKey(event: KeyLike): boolean {
  if (event.key !== 'Enter') return false
  if (event.isComposing || event.keyCode === 229) return false
  return !(event.shiftKey || event.altKey || event.ctrlKey || event.metaKey)
}

/** The text to send, or null when there is nothing but whitespace. */
export function messageToSend(draft: string): string | null {
  return draft.trim() === '' ? null : draft.replace(/^\s*\n|\s+$/gu, '')
}
