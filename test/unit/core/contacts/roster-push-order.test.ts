// A roster push that arrives right behind the session's roster result is handled on arrival,
// while the result is applied a few ticks later. Applied in that order, the older full roster
// would overwrite the push (the contact added meanwhile vanishes until the next session). Pushes
// wait until the fetched roster is applied. Real archive file, fake session and client.
import xml, { type Element } from '@xmpp/xml'
import { describe, expect, it } from 'vitest'
import type { Archive } from '../../../../electron/core/archive/archive'
import { ContactsHandler } from '../../../../electron/core/contacts-handler'
import type { XmppClient } from '../../../../electron/core/xmpp/client-factory'
import type { XmppSession } from '../../../../electron/core/xmpp/session'
import { ME, openTestDb } from '../../archive/helpers'

const ROSTER = 'jabber:iq:roster'

describe('roster pushes during the session-start fetch', () => {
  it('apply after the fetched roster, so a contact added meanwhile stays', async () => {
    const { archive } = openTestDb()
    let answer = (_reply: Element): void => {}
    const session = {
      features: new Set<string>(),
      iq: () => new Promise<Element>((resolve) => (answer = resolve)),
    } as unknown as XmppSession
    type PushHandler = (ctx: { stanza: Element }) => Promise<unknown>
    let onPush: PushHandler = async () => undefined
    const client = { iqCallee: { set: (_ns: string, _name: string, handler: PushHandler) => (onPush = handler) } } as unknown as XmppClient
    const contacts = new ContactsHandler(archive as unknown as Archive, ME, session, () => {}, () => {}, () => false)
    contacts.install(client)

    const fetching = contacts.sessionStarted()
    await new Promise((r) => setTimeout(r, 10)) // the roster request is out
    // The server added dave after answering the request: the push comes right behind the result.
    const push = onPush({ stanza: xml('iq', { type: 'set', id: 'push-1' }, xml('query', { xmlns: ROSTER }, xml('item', { jid: 'dave@example.org', name: 'Dave' }))) })
    answer(xml('iq', { type: 'result' }, xml('query', { xmlns: ROSTER, ver: 'v1' })))
    await Promise.all([fetching, push])

    expect(contacts.list().map((c) => c.jid)).toEqual(['dave@example.org'])
    expect(archive.loadRoster(ME).items.map((i) => i.jid)).toEqual(['dave@example.org'])
  })
})
