import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PAUSE_AFTER_MS, TypingNotifier } from '../../../renderer/src/lib/logic/typing-notifier'
import type { OutgoingChatState } from '../../../shared/types/domain'

describe('TypingNotifier (XEP-0085, our side)', () => {
  let sent: OutgoingChatState[]
  let notifier: TypingNotifier

  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
    notifier = new TypingNotifier((state) => sent.push(state))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('says composing once however many keys are pressed', () => {
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) notifier.input(text)
    expect(sent).toEqual(['composing'])
  })

  it('says paused after the idle time since the last keystroke, and only once', () => {
    notifier.input('H')
    vi.advanceTimersByTime(PAUSE_AFTER_MS - 1000)
    notifier.input('Hi') // typing on restarts the idle time
    vi.advanceTimersByTime(PAUSE_AFTER_MS - 1)
    expect(sent).toEqual(['composing'])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual(['composing', 'paused'])
    vi.advanceTimersByTime(10 * PAUSE_AFTER_MS)
    expect(sent).toEqual(['composing', 'paused'])
  })

  it('says composing again when typing resumes after a pause', () => {
    notifier.input('H')
    vi.advanceTimersByTime(PAUSE_AFTER_MS)
    notifier.input('Hi')
    notifier.input('Hi!')
    expect(sent).toEqual(['composing', 'paused', 'composing'])
  })

  it('says nothing when a message is sent (it carries <active/>), then composing for the next one', () => {
    notifier.input('Hi')
    notifier.sent()
    vi.advanceTimersByTime(10 * PAUSE_AFTER_MS) // no paused after sending
    notifier.left() // already active: nothing to say
    notifier.input('a')
    expect(sent).toEqual(['composing', 'composing'])
  })

  it('says active when the draft is emptied, the composer is left or blurred, once', () => {
    notifier.input('Hi')
    notifier.input('')
    notifier.left()
    expect(sent).toEqual(['composing', 'active'])
    notifier.input('again')
    vi.advanceTimersByTime(PAUSE_AFTER_MS)
    notifier.left()
    notifier.left()
    expect(sent).toEqual(['composing', 'active', 'composing', 'paused', 'active'])
    vi.advanceTimersByTime(10 * PAUSE_AFTER_MS)
    expect(sent).toHaveLength(5)
  })

  it('says nothing at all for focus changes or whitespace without typing', () => {
    notifier.left()
    notifier.input('   ')
    notifier.left()
    vi.advanceTimersByTime(10 * PAUSE_AFTER_MS)
    expect(sent).toEqual([])
  })
})
