// XEP-0410 self-ping scheduling: only rooms quiet for QUIET_MS are pinged, at most one ping per
// room at a time; "not joined" answers make us join again, "joined" and undecided ones do not.
import { describe, expect, it } from 'vitest'
import type { Element } from '@xmpp/xml'
import { QUIET_MS, RoomSelfPing } from '../../../../electron/core/rooms/self-ping'
import { parseStanza } from '../../../support/parse-xml'

const ROOM = 'room@muc.example.org'
const OTHER = 'other@muc.example.org'

const errorReply = (condition: string): Element =>
  parseStanza(`<iq type='error' from='${ROOM}/me'><error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`)

function setup(reply: (to: string) => Promise<Element>) {
  let now = 1_000_000
  const pinged: string[] = []
  const rejoined: string[] = []
  const selfPing = new RoomSelfPing(
    { joined: () => [{ room: ROOM, nick: 'me' }, { room: OTHER, nick: 'me' }], rejoin: (room) => rejoined.push(room) },
    async (stanza) => {
      pinged.push(String(stanza.attrs.to))
      return reply(String(stanza.attrs.to))
    },
    () => now,
  )
  return { selfPing, pinged, rejoined, advance: (ms: number) => (now += ms) }
}

describe('MUC self-ping', () => {
  it('pings only rooms that have been quiet, at our own occupant JID', async () => {
    const t = setup(async () => parseStanza(`<iq type='result'/>`))
    t.advance(QUIET_MS)
    t.selfPing.heard(OTHER)
    await t.selfPing.check()
    expect(t.pinged).toEqual([`${ROOM}/me`])
    // Answered "joined": quiet again only after another QUIET_MS.
    await t.selfPing.check()
    expect(t.pinged).toHaveLength(1)
    expect(t.rejoined).toEqual([])
  })

  it('joins again when the room says we are not an occupant, not when the answer decides nothing', async () => {
    const t = setup(async (to) => (to.startsWith(ROOM) ? errorReply('not-acceptable') : errorReply('remote-server-timeout')))
    t.advance(QUIET_MS)
    await t.selfPing.check()
    expect(t.rejoined).toEqual([ROOM])
  })

  it('counts a thrown stanza error like an error reply, and a timeout as undecided', async () => {
    const stanzaError = Object.assign(new Error('x'), { name: 'StanzaError', condition: 'not-acceptable' })
    const t = setup(async (to) => {
      if (to.startsWith(ROOM)) throw stanzaError
      throw new Error('timed out')
    })
    t.advance(QUIET_MS)
    await t.selfPing.check()
    expect(t.rejoined).toEqual([ROOM])
  })

  it('never has two pings to one room in flight', async () => {
    let answer: (reply: Element) => void = () => {}
    const t = setup((to) => (to.startsWith(ROOM) ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(parseStanza(`<iq type='result'/>`))))
    t.advance(QUIET_MS)
    const first = t.selfPing.check()
    await t.selfPing.check()
    expect(t.pinged.filter((to) => to.startsWith(ROOM))).toHaveLength(1)
    answer(parseStanza(`<iq type='result'/>`))
    await first
  })
})
