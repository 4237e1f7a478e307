import { describe, expect, it } from 'vitest'
import { conversationShortcut, neighbourConversation } from '../../../renderer/src/lib/logic/conversation-keys'
import type { ShortcutKey } from '../../../renderer/src/lib/logic/search-keys'

function key(over: Partial<ShortcutKey>): ShortcutKey {
  return { key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...over }
}

describe('conversationShortcut', () => {
  it('Ctrl+Tab and Ctrl+Shift+Tab move through the chats, on every platform', () => {
    for (const mac of [false, true]) {
      expect(conversationShortcut(key({ key: 'Tab', ctrlKey: true }), mac)).toBe('next')
      expect(conversationShortcut(key({ key: 'Tab', ctrlKey: true, shiftKey: true }), mac)).toBe('previous')
    }
    expect(conversationShortcut(key({ key: 'Tab' }), false)).toBeNull()
    expect(conversationShortcut(key({ key: 'Tab', shiftKey: true }), false)).toBeNull()
  })

  it('Alt+Down and Alt+Up do the same; plain or shifted arrows do not', () => {
    expect(conversationShortcut(key({ key: 'ArrowDown', altKey: true }), false)).toBe('next')
    expect(conversationShortcut(key({ key: 'ArrowUp', altKey: true }), true)).toBe('previous')
    expect(conversationShortcut(key({ key: 'ArrowDown' }), false)).toBeNull()
    expect(conversationShortcut(key({ key: 'ArrowDown', altKey: true, shiftKey: true }), false)).toBeNull()
    expect(conversationShortcut(key({ key: 'ArrowLeft', altKey: true }), false)).toBeNull()
  })

  it('Ctrl+L (⌘L on macOS) focuses the composer, whatever the layout types', () => {
    expect(conversationShortcut(key({ key: 'l', code: 'KeyL', ctrlKey: true }), false)).toBe('composer')
    expect(conversationShortcut(key({ key: 'л', code: 'KeyK', ctrlKey: true }), false)).toBeNull()
    expect(conversationShortcut(key({ key: 'д', code: 'KeyL', ctrlKey: true }), false)).toBe('composer')
    expect(conversationShortcut(key({ key: 'l', code: 'KeyL', metaKey: true }), true)).toBe('composer')
    expect(conversationShortcut(key({ key: 'l', code: 'KeyL', ctrlKey: true }), true)).toBeNull()
    expect(conversationShortcut(key({ key: 'l', code: 'KeyL' }), false)).toBeNull()
    expect(conversationShortcut(key({ key: 'L', code: 'KeyL', ctrlKey: true, shiftKey: true }), false)).toBeNull()
  })

  it('leaves keys alone while an input method composes', () => {
    expect(conversationShortcut(key({ key: 'Tab', ctrlKey: true, isComposing: true }), false)).toBeNull()
  })
})

describe('neighbourConversation', () => {
  const list = ['a@x.org', 'b@x.org', 'c@x.org']

  it('steps down and up the list, wrapping at both ends', () => {
    expect(neighbourConversation(list, 'a@x.org', 'next')).toBe('b@x.org')
    expect(neighbourConversation(list, 'c@x.org', 'next')).toBe('a@x.org')
    expect(neighbourConversation(list, 'a@x.org', 'previous')).toBe('c@x.org')
  })

  it('starts at the top (next) or the bottom (previous) with none open or one not listed', () => {
    expect(neighbourConversation(list, null, 'next')).toBe('a@x.org')
    expect(neighbourConversation(list, 'z@x.org', 'previous')).toBe('c@x.org')
  })

  it('has nothing to go to in an empty list', () => {
    expect(neighbourConversation([], null, 'next')).toBeNull()
  })
})
