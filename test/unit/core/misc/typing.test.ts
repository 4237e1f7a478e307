// Typing notifications in the core (XEP-0085): who is shown as typing (PeerTyping, fake timers)
// and to whom our own states may go (ChatStates).
import type { Element } from '@xmpp/xml'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChatStates } from '../../../../electron/core/chat-states'
import { PeerTyping, TYPING_EXPIRES_MS } from '../../../../electron/core/peer-typing'
import type { EventName, EventPayload } from '../../../../shared/ipc/contract'

describe('PeerTyping', () => {
  let changes: [string, boolean][]
  let typing: PeerTyping

  beforeEach(() => {
    vi.useFakeTimers()
    changes = []
    typing = new PeerTyping((jid, on) => changes.push([jid, on]))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reports composing once, and its end on any other state', () => {
    typing.chatState('alice@example.org', 'phone', 'composing')
    typing.chatState('alice@example.org', 'phone', 'composing')
    typing.chatState('alice@example.org', 'phone', 'paused')
    typing.chatState('alice@example.org', 'phone', 'paused')
    typing.chatState('alice@example.org', 'phone', 'active')
    expect(changes).toEqual([
      ['alice@example.org', true],
      ['alice@example.org', false],
    ])
  })

  it('forgets a composing state after the expiry without an update, not before', () => {
    typing.chatState('alice@example.org', 'phone', 'composing')
    vi.advanceTimersByTime(TYPING_EXPIRES_MS - 1_000)
    typing.chatState('alice@example.org', 'phone', 'composing') // still typing: the clock restarts
    vi.advanceTimersByTime(TYPING_EXPIRES_MS - 1)
    expect(changes).toEqual([['alice@example.org', true]])
    vi.advanceTimersByTime(1)
    expect(changes).toEqual([
      ['alice@example.org', true],
      ['alice@example.org', false],
    ])
  })

  it('ends when their message arrives', () => {
    typing.chatState('alice@example.org', 'phone', 'composing')
    typing.messageFrom('alice@example.org')
    typing.messageFrom('alice@example.org')
    vi.advanceTimersByTime(TYPING_EXPIRES_MS)
    expect(changes).toEqual([
      ['alice@example.org', true],
      ['alice@example.org', false],
    ])
  })

  it('ends when the typing resource (or the whole contact) goes offline, not another resource', () => {
    typing.chatState('alice@example.org', 'phone', 'composing')
    typing.offline('alice@example.org', 'laptop')
    expect(changes).toEqual([['alice@example.org', true]])
    typing.offline('alice@example.org', 'phone')
    typing.chatState('bob@example.org', 'pc', 'composing')
    typing.offline('bob@example.org', '')
    expect(changes).toEqual([
      ['alice@example.org', true],
      ['alice@example.org', false],
      ['bob@example.org', true],
      ['bob@example.org', false],
    ])
  })

  it('keeps contacts apart and clears everyone at the end of a session', () => {
    typing.chatState('alice@example.org', 'phone', 'composing')
    typing.chatState('bob@example.org', 'pc', 'composing')
    typing.chatState('bob@example.org', 'pc', 'gone')
    typing.clear()
    typing.clear()
    vi.advanceTimersByTime(TYPING_EXPIRES_MS)
    expect(changes).toEqual([
      ['alice@example.org', true],
      ['bob@example.org', true],
      ['bob@example.org', false],
      ['alice@example.org', false],
    ])
  })
})

describe('ChatStates', () => {
  const setup = (online = true) => {
    const sent: Element[] = []
    const events: EventPayload<'typing:changed'>[] = []
    const session = { online, send: async (stanza: Element) => void sent.push(stanza) }
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
      if (event === 'typing:changed') events.push(payload as EventPayload<'typing:changed'>)
    }
    const states = new ChatStates(session, (jid) => jid === 'friend@example.org', emit)
    return { states, sent, events }
  }

  it('tells a contact allowed to know, with the state asked for', async () => {
    const { states, sent } = setup()
    await states.send('friend@example.org', 'composing')
    expect(sent.map((s) => [s.attrs.to, s.getChildElements()[0]?.name])).toEqual([['friend@example.org', 'composing']])
  })

  it('tells nobody else, and nothing while offline', async () => {
    const { states, sent } = setup()
    await states.send('stranger@example.org', 'composing')
    const offline = setup(false)
    await offline.states.send('friend@example.org', 'composing')
    expect([...sent, ...offline.sent]).toEqual([])
  })

  it('turns their states into typing:changed events and ends them on presence unavailable', () => {
    const { states, events } = setup()
    states.received('friend@example.org', 'phone', 'composing')
    states.presence({ kind: 'available', jid: 'friend@example.org', resource: { resource: 'phone', show: 'away', status: '', priority: 0 } })
    states.presence({ kind: 'unavailable', jid: 'friend@example.org', resource: 'phone', at: 0 })
    expect(events).toEqual([
      { jid: 'friend@example.org', typing: true },
      { jid: 'friend@example.org', typing: false },
    ])
  })
})
