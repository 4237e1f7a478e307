import { describe, expect, it } from 'vitest'
import {
  ariaShortcut,
  isMacPlatform,
  moveActive,
  searchShortcut,
  shortcutLabel,
  wantsMore,
  type ShortcutKey,
} from '../../../renderer/src/lib/logic/search-keys'

const key = (over: Partial<ShortcutKey>): ShortcutKey => ({
  key: 'k',
  code: 'KeyK',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
})

describe('search shortcuts', () => {
  it('Ctrl+K searches everything, Ctrl+F the conversation (not on macOS)', () => {
    expect(searchShortcut(key({ ctrlKey: true }), false)).toBe('all')
    expect(searchShortcut(key({ key: 'f', code: 'KeyF', ctrlKey: true }), false)).toBe('conversation')
    expect(searchShortcut(key({ key: 'K', ctrlKey: true }), false)).toBe('all')
    expect(searchShortcut(key({ metaKey: true }), false)).toBeNull()
    expect(searchShortcut(key({}), false)).toBeNull()
  })

  it('⌘K / ⌘F on macOS, where Ctrl+K is a text editing key', () => {
    expect(searchShortcut(key({ metaKey: true }), true)).toBe('all')
    expect(searchShortcut(key({ key: 'f', code: 'KeyF', metaKey: true }), true)).toBe('conversation')
    expect(searchShortcut(key({ ctrlKey: true }), true)).toBeNull()
    expect(searchShortcut(key({ ctrlKey: true, metaKey: true }), true)).toBeNull()
  })

  it('ignores other modifiers, other letters and IME composition', () => {
    expect(searchShortcut(key({ ctrlKey: true, shiftKey: true }), false)).toBeNull()
    expect(searchShortcut(key({ ctrlKey: true, altKey: true }), false)).toBeNull()
    expect(searchShortcut(key({ key: 'j', code: 'KeyJ', ctrlKey: true }), false)).toBeNull()
    expect(searchShortcut(key({ ctrlKey: true, isComposing: true }), false)).toBeNull()
  })

  it('uses the typed Latin letter, else the physical key (Dvorak, Cyrillic)', () => {
    // Dvorak: the key typing "k" sits where QWERTY has V.
    expect(searchShortcut(key({ key: 'k', code: 'KeyV', ctrlKey: true }), false)).toBe('all')
    expect(searchShortcut(key({ key: 't', code: 'KeyK', ctrlKey: true }), false)).toBeNull()
    // Russian layout: the K key types "л".
    expect(searchShortcut(key({ key: 'л', code: 'KeyK', ctrlKey: true }), false)).toBe('all')
    expect(searchShortcut(key({ key: 'а', code: 'KeyF', ctrlKey: true }), false)).toBe('conversation')
  })

  it('detects macOS and labels shortcuts for the platform', () => {
    expect(isMacPlatform('MacIntel')).toBe(true)
    expect(isMacPlatform('macOS')).toBe(true)
    expect(isMacPlatform('Linux x86_64')).toBe(false)
    expect(isMacPlatform('Win32')).toBe(false)
    expect(shortcutLabel('k', false)).toBe('Ctrl K')
    expect(shortcutLabel('k', true)).toBe('⌘K')
    expect(ariaShortcut('f', false)).toBe('Control+F')
    expect(ariaShortcut('f', true)).toBe('Meta+F')
  })
})

describe('moving through results', () => {
  it('moves with the arrows and clamps at both ends', () => {
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1)
    expect(moveActive(2, 3, 'ArrowDown')).toBe(2)
    expect(moveActive(1, 3, 'ArrowUp')).toBe(0)
    expect(moveActive(0, 3, 'ArrowUp')).toBe(0)
  })

  it('starts at the first result when none is active', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0)
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(0)
  })

  it('pages by five', () => {
    expect(moveActive(0, 20, 'PageDown')).toBe(5)
    expect(moveActive(18, 20, 'PageDown')).toBe(19)
    expect(moveActive(7, 20, 'PageUp')).toBe(2)
    expect(moveActive(3, 20, 'PageUp')).toBe(0)
  })

  it('has nothing to activate without results, and leaves other keys to the text box', () => {
    expect(moveActive(-1, 0, 'ArrowDown')).toBe(-1)
    expect(moveActive(4, 0, 'ArrowUp')).toBe(-1)
    for (const k of ['Home', 'End', 'ArrowLeft', 'a', 'Enter']) expect(moveActive(1, 3, k)).toBeNull()
  })

  it('asks for more when moving down from the last result', () => {
    expect(wantsMore(2, 3, 'ArrowDown', true)).toBe(true)
    expect(wantsMore(2, 3, 'PageDown', true)).toBe(true)
    expect(wantsMore(1, 3, 'ArrowDown', true)).toBe(false)
    expect(wantsMore(2, 3, 'ArrowUp', true)).toBe(false)
    expect(wantsMore(2, 3, 'ArrowDown', false)).toBe(false)
    expect(wantsMore(-1, 0, 'ArrowDown', true)).toBe(false)
  })
})
