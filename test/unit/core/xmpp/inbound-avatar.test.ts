// XEP-0084 notifications through the inbound pipeline: attributed to the bare JID whose PEP
// service sent them, refused from a full JID (security notes A7).
import { describe, expect, it } from 'vitest'
import { sha1Hex } from '../../../../electron/core/xmpp/features/avatar'
import { classifyInbound, type InboundContext } from '../../../../electron/core/xmpp/inbound'
import { RED_PNG } from '../../../support/images'
import { parseStanza } from '../../../support/parse-xml'

const ME = 'me@example.org'
const CTX: InboundContext = { account: ME, now: 0, openQueries: new Map(), trustStanzaIds: true, rooms: new Map() }
const HASH = sha1Hex(RED_PNG)
const notification = (from: string | null) =>
  parseStanza(
    `<message ${from ? `from='${from}'` : ''} to='${ME}/desk' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:avatar:metadata'><item id='${HASH}'><metadata xmlns='urn:xmpp:avatar:metadata'><info id='${HASH}' type='image/png' bytes='${RED_PNG.length}'/></metadata></item></items></event></message>`,
  )

describe('avatar notifications in the inbound pipeline', () => {
  it('belong to the bare JID that sent them (no from: our own account)', () => {
    expect(classifyInbound(notification('alice@example.org'), CTX)).toEqual({ kind: 'avatar', jid: 'alice@example.org', advert: { kind: 'avatar', hash: HASH } })
    expect(classifyInbound(notification(null), CTX)).toEqual({ kind: 'avatar', jid: ME, advert: { kind: 'avatar', hash: HASH } })
  })

  it('are refused from a full JID or a non-JID', () => {
    expect(classifyInbound(notification('alice@example.org/phone'), CTX)).toEqual({ kind: 'rejected', reason: 'avatar-not-from-bare-jid' })
    expect(classifyInbound(notification('@@'), CTX)).toEqual({ kind: 'rejected', reason: 'avatar-not-from-bare-jid' })
  })
})
