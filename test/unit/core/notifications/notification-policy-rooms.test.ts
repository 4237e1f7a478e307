// Room notifications: each room's setting decides (all / mentions of our nick / none), a mention
// notifies even under "mentions", and the text says who wrote it.
import { describe, expect, it } from 'vitest'
import { planNotifications } from '../../../../electron/core/notifications/notification-policy'
import type { ChatMessage } from '../../../../shared/types/domain'
import type { RoomNotify } from '../../../../shared/types/room'
import { notificationContext } from './context'

const ROOM = 'verona@rooms.example'
let nextId = 1
const inRoom = (senderNick: string, body: string): ChatMessage => {
  const id = nextId++
  return { id, conversation: ROOM, direction: 'in', body, timestamp: id, state: 'received', originId: `o${id}`, edited: false, retracted: false, senderNick }
}
const context = (notify: RoomNotify, name = 'Verona') => notificationContext({}, { roomRule: (jid) => (jid === ROOM ? { name, nick: 'Romeo', notify } : null) })

describe('planNotifications in rooms', () => {
  it('"all" announces every message, with the sender’s nick before the text', () => {
    expect(planNotifications([inRoom('Juliet', 'good night')], context('all'))).toEqual([{ conversation: ROOM, title: 'Verona', body: 'Juliet: good night', count: 1 }])
  })

  it('"mentions" stays quiet unless our nick is mentioned, then announces that message', () => {
    expect(planNotifications([inRoom('Juliet', 'where art thou')], context('mentions'))).toEqual([])
    expect(planNotifications([inRoom('Juliet', 'where art thou'), inRoom('Nurse', 'romeo, come!')], context('mentions'))).toEqual([
      { conversation: ROOM, title: 'Verona', body: 'Nurse: romeo, come!', count: 1 },
    ])
    // Part of a longer word is no mention.
    expect(planNotifications([inRoom('Juliet', 'Romeoesque behaviour')], context('mentions'))).toEqual([])
  })

  it('"none" never announces, not even a mention', () => {
    expect(planNotifications([inRoom('Juliet', 'Romeo!')], context('none'))).toEqual([])
  })

  it('titles with the room’s name, or its address when it has none', () => {
    expect(planNotifications([inRoom('Juliet', 'hi')], context('all', ''))[0]?.title).toBe(ROOM)
  })

  it('a shared file reads by its (neutralised) name, not its link', () => {
    const file = { ...inRoom('Juliet', 'https://files.example/x/letter.pdf'), attachment: { url: 'https://files.example/x/letter.pdf', name: 'letter\u202Efdp.exe', size: null, mediaType: null, oob: true } }
    const body = planNotifications([file], context('all'))[0]?.body
    expect(body).toMatch(/^Juliet: Sent a file: letter.fdp\.exe$/u)
    expect(body).not.toContain('\u202E')
  })

  it('a /me action reads with the sender’s nick', () => {
    expect(planNotifications([inRoom('Juliet', '/me sighs')], context('all'))[0]?.body).toBe('* Juliet sighs')
  })
})
