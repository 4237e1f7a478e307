// XEP-0085 chat states: the standalone notification we send, and which incoming states the
// inbound pipeline passes on (only the counterpart's own, live or carbon-copied to us).
import { describe, expect, it } from 'vitest'
import { chatStateStanza, parseChatState } from '../../../../electron/core/xmpp/features/chat-states'
import { classifyInbound, type InboundContext } from '../../../../electron/core/xmpp/inbound'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ME = 'me@example.org'
const CTX: InboundContext = { account: ME, now: Date.parse('2025-06-01T12:00:00Z'), openQueries: new Map([['Q', ME]]), trustStanzaIds: true, rooms: new Map() }
const CS = `xmlns='${NS.chatStates}'`

describe('chatStateStanza', () => {
  it('is a bodiless type=chat message to the bare JID, kept out of archives', () => {
    const stanza = roundTrip(chatStateStanza('alice@example.org', 'composing', 'id-1'))
    expect(stanza.attrs).toEqual({ to: 'alice@example.org', type: 'chat', id: 'id-1' })
    expect(stanza.getChildElements().map((c) => [c.name, c.getNS()])).toEqual([
      ['composing', NS.chatStates],
      ['no-store', 'urn:xmpp:hints'],
    ])
    expect(stanza.getChild('body')).toBeUndefined()
  })
})

describe('parseChatState', () => {
  it('reads each of the five states', () => {
    for (const state of ['active', 'composing', 'paused', 'inactive', 'gone'])
      expect(parseChatState(parseStanza(`<message from='alice@example.org/phone'><${state} ${CS}/></message>`))).toBe(state)
  })

  it('is null for none, an unknown name, another namespace, or two states at once', () => {
    for (const inner of ['', `<typing ${CS}/>`, `<composing xmlns='urn:example'/>`, `<composing ${CS}/><paused ${CS}/>`])
      expect(parseChatState(parseStanza(`<message from='alice@example.org/phone'>${inner}</message>`)), inner).toBeNull()
  })
})

describe('chat states in the inbound pipeline', () => {
  const classify = (xml: string) => classifyInbound(parseStanza(xml), CTX)
  const carbon = (kind: 'received' | 'sent', inner: string, from = ME) =>
    `<message from='${from}' to='me@example.org/desk' type='chat'><${kind} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>${inner}</forwarded></${kind}></message>`

  it('passes on a live state with the sender’s bare JID and resource', () => {
    expect(classify(`<message from='Alice@example.org/phone' to='me@example.org/desk' type='chat' id='s1'><composing ${CS}/></message>`)).toStrictEqual({
      kind: 'chat-state',
      peer: 'alice@example.org',
      resource: 'phone',
      state: 'composing',
    })
  })

  it('passes on a state carbon-copied from our other device, attributed to the contact', () => {
    const inner = `<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/laptop' type='chat'><paused ${CS}/></message>`
    expect(classify(carbon('received', inner))).toStrictEqual({ kind: 'chat-state', peer: 'alice@example.org', resource: 'phone', state: 'paused' })
  })

  it('rejects a carbon-copied state that did not come from our own account', () => {
    const inner = `<message xmlns='jabber:client' from='alice@example.org/phone' to='me@example.org/laptop' type='chat'><composing ${CS}/></message>`
    expect(classify(carbon('received', inner, 'mallory@evil.example/x'))).toStrictEqual({ kind: 'rejected', reason: 'forged-carbon' })
  })

  it('ignores our own devices’ states (sent carbons, or from our own account)', () => {
    const sent = `<message xmlns='jabber:client' from='me@example.org/phone' to='alice@example.org' type='chat'><composing ${CS}/></message>`
    expect(classify(carbon('sent', sent))).toStrictEqual({ kind: 'ignored', reason: 'chat-state-not-from-peer' })
    expect(classify(`<message from='me@example.org/phone' type='chat'><composing ${CS}/></message>`).kind).toBe('ignored')
  })

  it('ignores states in archive results, in headlines and in groupchat (from a room we are not in: rejected)', () => {
    const archived = `<message from='${ME}'><result xmlns='urn:xmpp:mam:2' queryid='Q' id='a1'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='alice@example.org/phone' type='chat'><composing ${CS}/></message></forwarded></result></message>`
    expect(classify(archived)).toStrictEqual({ kind: 'archived', queryId: 'Q', archiveId: 'a1', message: null })
    expect(classify(`<message from='alice@example.org/phone' type='headline'><composing ${CS}/></message>`).kind).toBe('ignored')
    expect(classify(`<message from='room@muc.example.org/alice' type='groupchat'><composing ${CS}/></message>`).kind).toBe('rejected')
  })

  it('treats a message with a body as the message, whatever state it carries', () => {
    expect(classify(`<message from='alice@example.org/phone' type='chat' id='m1'><body>hi</body><composing ${CS}/></message>`).kind).toBe('chat')
  })

  it('ignores an ambiguous state (two at once)', () => {
    expect(classify(`<message from='alice@example.org/phone' type='chat'><composing ${CS}/><gone ${CS}/></message>`)).toStrictEqual({ kind: 'ignored', reason: 'no-body' })
  })
})
