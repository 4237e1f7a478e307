// The notification policy's rules from issue 4's blocking and /me work: blocked senders never
// notify (XEP-0191), and a /me body reads as an action (XEP-0245).
import { describe, expect, it } from 'vitest'
import { planNotifications, type NotificationContext } from '../../../../electron/core/notifications/notification-policy'
import type { ChatMessage } from '../../../../shared/types/domain'
import { notificationContext } from './context'

let nextId = 1
function incoming(conversation: string, body: string): ChatMessage {
  const id = nextId++
  return { id, conversation, direction: 'in', body, timestamp: id, state: 'received', originId: `o${id}`, edited: false, retracted: false }
}

const NAMES: Record<string, string> = { 'juliet@capulet.example': 'Juliet' }

const context = (over: Partial<NotificationContext> = {}): NotificationContext => notificationContext(NAMES, over)

describe('planNotifications and the blocklist', () => {
  it('never notifies for a blocked sender, and still for everyone else', () => {
    const blocked = (jid: string) => jid === 'tybalt@capulet.example'
    const planned = planNotifications([incoming('tybalt@capulet.example', 'draw!'), incoming('juliet@capulet.example', 'hi')], context({ isBlocked: blocked }))
    expect(planned.map((p) => p.conversation)).toEqual(['juliet@capulet.example'])
  })

  it('does not count a blocked sender’s messages into anyone’s notification', () => {
    const planned = planNotifications([incoming('tybalt@capulet.example', 'a'), incoming('tybalt@capulet.example', 'b')], context({ isBlocked: () => true }))
    expect(planned).toEqual([])
  })
})

describe('planNotifications and /me', () => {
  it('shows a /me body as "* <name> <action>"', () => {
    expect(planNotifications([incoming('juliet@capulet.example', '/me sighs')], context())[0]?.body).toBe('* Juliet sighs')
  })

  it('names the sender by JID when there is no roster name, and escapes it with the rest on Linux', () => {
    const [planned] = planNotifications([incoming('<b>x</b>@evil.example', '/me <i>waves</i>')], context({ markupBody: true }))
    expect(planned?.body).toBe('* &lt;b&gt;x&lt;/b&gt;@evil.example &lt;i&gt;waves&lt;/i&gt;')
  })

  it('leaves a body that merely mentions /me alone', () => {
    expect(planNotifications([incoming('juliet@capulet.example', 'type /me to act')], context())[0]?.body).toBe('type /me to act')
  })
})
