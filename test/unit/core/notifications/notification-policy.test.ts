import { describe, expect, it } from 'vitest'
import {
  MAX_BODY_CHARS,
  escapeNotificationMarkup,
  planNotifications,
  truncate,
  type NotificationContext,
} from '../../../../electron/core/notifications/notification-policy'
import type { ChatMessage } from '../../../../shared/types/domain'
import { notificationContext } from './context'

let nextId = 1
function message(over: Partial<ChatMessage> = {}): ChatMessage {
  const id = nextId++
  return {
    id,
    conversation: 'juliet@capulet.example',
    direction: 'in',
    body: `hello ${id}`,
    timestamp: 1_700_000_000_000 + id,
    state: 'received',
    originId: `origin-${id}`,
    edited: false,
    retracted: false,
    ...over,
  }
}

const NAMES: Record<string, string> = { 'juliet@capulet.example': 'Juliet', 'romeo@montague.example': 'Romeo' }

const context = (over: Partial<NotificationContext> = {}): NotificationContext => notificationContext(NAMES, over)

describe('planNotifications: when to notify', () => {
  it('notifies for an incoming message while the window is not focused', () => {
    expect(planNotifications([message({ body: 'Art thou there?' })], context())).toEqual([
      { conversation: 'juliet@capulet.example', title: 'Juliet', body: 'Art thou there?', count: 1 },
    ])
  })

  it('stays quiet for the conversation on screen while the window is focused', () => {
    expect(planNotifications([message()], context({ windowFocused: true, viewing: 'juliet@capulet.example' }))).toEqual([])
  })

  it('still notifies for other conversations while the window is focused', () => {
    const batch = [message(), message({ conversation: 'romeo@montague.example', body: 'Elsewhere' })]
    expect(planNotifications(batch, context({ windowFocused: true, viewing: 'juliet@capulet.example' }))).toEqual([
      { conversation: 'romeo@montague.example', title: 'Romeo', body: 'Elsewhere', count: 1 },
    ])
    expect(planNotifications([message()], context({ windowFocused: true, viewing: null }))).toHaveLength(1)
  })

  it('notifies for the open conversation when the window is not focused (the user is elsewhere)', () => {
    expect(planNotifications([message()], context({ windowFocused: false, viewing: 'juliet@capulet.example' }))).toHaveLength(1)
  })

  it('stays quiet in do-not-disturb, but not when away', () => {
    expect(planNotifications([message()], context({ ownShow: 'dnd' }))).toEqual([])
    expect(planNotifications([message()], context({ ownShow: 'away' }))).toHaveLength(1)
    expect(planNotifications([message()], context({ ownShow: 'xa' }))).toHaveLength(1)
  })

  it('never notifies for our own outgoing messages', () => {
    const out = message({ direction: 'out', state: 'sent' })
    expect(planNotifications([out], context())).toEqual([])
  })

  it('falls back to the JID as title when the contact has no name', () => {
    const [planned] = planNotifications([message({ conversation: 'nurse@capulet.example' })], context())
    expect(planned?.title).toBe('nurse@capulet.example')
  })
})

describe('planNotifications: coalescing', () => {
  it('turns several messages of one conversation into one notification showing the newest', () => {
    const batch = [message({ body: 'one' }), message({ body: 'two' }), message({ body: 'three' })]
    expect(planNotifications(batch, context())).toEqual([
      { conversation: 'juliet@capulet.example', title: 'Juliet', body: '3 new messages\nthree', count: 3 },
    ])
  })

  it('gives each conversation its own notification, most recently active last', () => {
    const batch = [
      message({ conversation: 'romeo@montague.example', body: 'r1' }),
      message({ body: 'j1' }),
      message({ conversation: 'romeo@montague.example', body: 'r2' }),
    ]
    const planned = planNotifications(batch, context())
    expect(planned.map((p) => [p.title, p.body, p.count])).toEqual([
      ['Juliet', 'j1', 1],
      ['Romeo', '2 new messages\nr2', 2],
    ])
  })

  it('counts on from a notification still on screen', () => {
    const planned = planNotifications(
      [message({ body: 'again' })],
      context({ alreadyAnnounced: (jid) => (jid === 'juliet@capulet.example' ? 2 : 0) }),
    )
    expect(planned).toEqual([
      { conversation: 'juliet@capulet.example', title: 'Juliet', body: '3 new messages\nagain', count: 3 },
    ])
  })

  it('ignores outgoing messages when counting', () => {
    const batch = [message({ body: 'in' }), message({ direction: 'out', body: 'reply', state: 'sent' })]
    expect(planNotifications(batch, context())[0]).toMatchObject({ body: 'in', count: 1 })
  })
})

describe('planNotifications: text', () => {
  it('escapes markup in the body where the server parses it (Linux)', () => {
    const body = '<b>bold</b> & <a href="https://evil.example">x</a> <img src="file:///etc/passwd">'
    const [planned] = planNotifications([message({ body })], context({ markupBody: true }))
    expect(planned?.body).toBe(
      '&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href="https://evil.example"&gt;x&lt;/a&gt; &lt;img src="file:///etc/passwd"&gt;',
    )
  })

  it('leaves the body alone where it is plain text', () => {
    const [planned] = planNotifications([message({ body: 'a < b & c > d' })], context({ markupBody: false }))
    expect(planned?.body).toBe('a < b & c > d')
  })

  it('keeps the title plain and on one line', () => {
    const [planned] = planNotifications(
      [message({ conversation: 'x@y.example' })],
      context({ displayName: () => 'Tom &\nJerry <3', markupBody: true }),
    )
    expect(planned?.title).toBe('Tom & Jerry <3')
  })

  it('truncates long bodies before escaping, so no entity is cut in half', () => {
    const body = `${'a'.repeat(MAX_BODY_CHARS - 2)}&&&&&&`
    const [planned] = planNotifications([message({ body })], context({ markupBody: true }))
    expect(planned?.body).toBe(`${'a'.repeat(MAX_BODY_CHARS - 2)}&amp;…`)
  })

  it('trims surrounding whitespace from the body', () => {
    const [planned] = planNotifications([message({ body: '\n  hi there  \n' })], context())
    expect(planned?.body).toBe('hi there')
  })
})

describe('escapeNotificationMarkup', () => {
  it('escapes & first so entities are not double-escaped wrongly', () => {
    expect(escapeNotificationMarkup('&lt;')).toBe('&amp;lt;')
    expect(escapeNotificationMarkup('<>&')).toBe('&lt;&gt;&amp;')
    expect(escapeNotificationMarkup('plain')).toBe('plain')
  })
})

describe('truncate', () => {
  it('keeps short text as is', () => {
    expect(truncate('short', 10)).toBe('short')
    expect(truncate('exactly10!', 10)).toBe('exactly10!')
  })

  it('cuts to the limit including the ellipsis', () => {
    expect(truncate('abcdefghijkl', 10)).toBe('abcdefghi…')
    expect(Array.from(truncate('abcdefghijkl', 10))).toHaveLength(10)
  })

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(12)
    const cut = truncate(text, 10)
    expect(cut).toBe(`${'😀'.repeat(9)}…`)
  })
})

describe('planNotifications: privacy levels', () => {
  it('sender only: names the contact, never the text', () => {
    expect(planNotifications([message({ body: 'secret' })], context({ privacy: 'sender-only' }))).toEqual([
      { conversation: 'juliet@capulet.example', title: 'Juliet', body: 'New message', count: 1 },
    ])
    const [planned] = planNotifications([message({ body: 'a' }), message({ body: 'b' })], context({ privacy: 'sender-only' }))
    expect(planned?.body).toBe('2 new messages')
  })

  it('nothing: neither the contact nor the text, but a click still opens the conversation', () => {
    expect(planNotifications([message({ body: 'secret' })], context({ privacy: 'nothing' }))).toEqual([
      { conversation: 'juliet@capulet.example', title: 'XMPP Desk', body: 'New message', count: 1 },
    ])
  })

  it('counts on across a replaced notification at every level', () => {
    const [planned] = planNotifications([message()], context({ privacy: 'nothing', alreadyAnnounced: () => 2 }))
    expect(planned?.body).toBe('3 new messages')
  })
})
