// XEP-0191 blocking: the stanzas we build and read, JID matching, and the session handler — above
// all that a block/unblock push is applied only when it comes from our own account (a stranger
// could otherwise unblock a spammer or silence a friend).
import type { Element } from '@xmpp/xml'
import { describe, expect, it } from 'vitest'
import { BlockingHandler } from '../../../../electron/core/blocking-handler'
import type { XmppClient } from '../../../../electron/core/xmpp/client-factory'
import { blocklistQuery, blockRequest, isBlockedBy, MAX_BLOCKED, parseBlocklist, parseBlocklistPush, unblockRequest } from '../../../../electron/core/xmpp/features/blocking'
import { blocklistPushAllowed } from '../../../../electron/core/xmpp/inbound'
import { NS } from '../../../../electron/core/xmpp/ns'
import type { EventName, EventPayload } from '../../../../shared/ipc/contract'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ME = 'me@example.org'
const push = (from: string | null, body: string): string => `<iq type='set' id='blocklist-push'${from === null ? '' : ` from='${from}'`} to='me@example.org/desk'>${body}</iq>`
const BLOCK_BOB = `<block xmlns='urn:xmpp:blocking'><item jid='bob@example.org'/></block>`

describe('blocking stanzas', () => {
  it('asks for the blocklist', () => {
    const stanza = roundTrip(blocklistQuery())
    expect(stanza.attrs.type).toBe('get')
    expect(stanza.getChildren('blocklist', NS.blocking)).toHaveLength(1)
  })

  it('blocks and unblocks exactly one named JID (an empty unblock would unblock everyone)', () => {
    for (const [build, name] of [[blockRequest, 'block'], [unblockRequest, 'unblock']] as const) {
      const stanza = roundTrip(build('bob@example.org'))
      expect(stanza.attrs.type).toBe('set')
      const items = stanza.getChild(name, NS.blocking)?.getChildren('item', NS.blocking) ?? []
      expect(items.map((i) => i.attrs.jid)).toEqual(['bob@example.org'])
    }
  })

  it('reads a blocklist, normalising JIDs and skipping unusable items', () => {
    const reply = parseStanza(`<iq type='result' id='1'><blocklist xmlns='urn:xmpp:blocking'>
      <item jid='Bob@Example.org'/><item jid='evil.example'/><item jid='carol@example.org/phone'/>
      <item jid='bad@@jid'/><item/><item jid='bob@example.org'/><other jid='x@example.org'/>
    </blocklist></iq>`)
    expect(parseBlocklist(reply)).toEqual(['bob@example.org', 'evil.example', 'carol@example.org/phone'])
    expect(parseBlocklist(parseStanza(`<iq type='result' id='1'/>`))).toBeNull()
  })

  it('caps a huge list', () => {
    const items = Array.from({ length: MAX_BLOCKED + 5 }, (_, i) => `<item jid='u${i}@example.org'/>`).join('')
    expect(parseBlocklist(parseStanza(`<iq type='result' id='1'><blocklist xmlns='urn:xmpp:blocking'>${items}</blocklist></iq>`))).toHaveLength(MAX_BLOCKED)
  })

  it('reads block, unblock and unblock-all pushes', () => {
    expect(parseBlocklistPush(parseStanza(push(null, BLOCK_BOB)))).toEqual({ kind: 'block', jids: ['bob@example.org'] })
    expect(parseBlocklistPush(parseStanza(push(null, `<unblock xmlns='urn:xmpp:blocking'><item jid='bob@example.org'/></unblock>`)))).toEqual({ kind: 'unblock', jids: ['bob@example.org'] })
    expect(parseBlocklistPush(parseStanza(push(null, `<unblock xmlns='urn:xmpp:blocking'/>`)))).toEqual({ kind: 'unblock-all' })
  })

  it('ignores pushes that name nothing usable (never read as "unblock everyone")', () => {
    expect(parseBlocklistPush(parseStanza(push(null, `<block xmlns='urn:xmpp:blocking'/>`)))).toBeNull()
    expect(parseBlocklistPush(parseStanza(push(null, `<unblock xmlns='urn:xmpp:blocking'><item jid='@@'/></unblock>`)))).toBeNull()
    expect(parseBlocklistPush(parseStanza(push(null, `<block xmlns='urn:xmpp:other'><item jid='bob@example.org'/></block>`)))).toBeNull()
  })

  it('matches a sender by full JID, bare JID, domain/resource or domain', () => {
    const list = new Set(['bob@example.org', 'evil.example', 'carol@example.org/phone', 'example.net/bot'])
    expect(isBlockedBy(list, 'bob@example.org/laptop')).toBe(true)
    expect(isBlockedBy(list, 'BOB@example.org')).toBe(true)
    expect(isBlockedBy(list, 'anyone@evil.example/x')).toBe(true)
    expect(isBlockedBy(list, 'carol@example.org/phone')).toBe(true)
    expect(isBlockedBy(list, 'carol@example.org/laptop')).toBe(false)
    expect(isBlockedBy(list, 'example.net/bot')).toBe(true)
    expect(isBlockedBy(list, 'alice@example.org')).toBe(false)
    expect(isBlockedBy(list, 'notevil.example')).toBe(false)
    expect(isBlockedBy(list, '')).toBe(false)
  })
})

describe('blocklistPushAllowed', () => {
  it('accepts a push without from or from our own bare JID', () => {
    expect(blocklistPushAllowed(parseStanza(push(null, BLOCK_BOB)), ME)).toBe(true)
    expect(blocklistPushAllowed(parseStanza(push(ME, BLOCK_BOB)), ME)).toBe(true)
  })

  it('refuses a push from anyone else: a stranger, our domain, a look-alike, our own full JID', () => {
    for (const from of ['mallory@evil.example/x', 'mallory@evil.example', 'example.org', 'me@example.org.evil.example', 'me@example.org/otherres'])
      expect(blocklistPushAllowed(parseStanza(push(from, BLOCK_BOB)), ME), from).toBe(false)
  })
})

/** A session that answers the disco and blocklist queries, and the client whose IQ routes we capture. */
function setup(options: { features?: string[]; list?: string[]; listFails?: boolean } = {}) {
  const sent: Element[] = []
  const session = {
    async iq(stanza: Element): Promise<Element> {
      sent.push(stanza)
      if (stanza.getChild('query', NS.discoInfo)) {
        const features = (options.features ?? [NS.blocking]).map((f) => `<feature var='${f}'/>`).join('')
        return parseStanza(`<iq type='result' id='d' from='example.org'><query xmlns='${NS.discoInfo}'>${features}</query></iq>`)
      }
      if (stanza.getChild('blocklist', NS.blocking)) {
        if (options.listFails) throw new Error('feature-not-implemented')
        const items = (options.list ?? []).map((jid) => `<item jid='${jid}'/>`).join('')
        return parseStanza(`<iq type='result' id='b'><blocklist xmlns='urn:xmpp:blocking'>${items}</blocklist></iq>`)
      }
      return parseStanza(`<iq type='result' id='r'/>`)
    },
  }
  const events: EventPayload<'blocking:changed'>[] = []
  const log: string[] = []
  let changedCalls = 0
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event === 'blocking:changed') events.push(payload as EventPayload<'blocking:changed'>)
  }
  const handler = new BlockingHandler(ME, session, emit, () => changedCalls++, (m) => log.push(m))
  const routes = new Map<string, (ctx: { stanza: Element }) => unknown>()
  const client = {
    iqCallee: {
      get: () => {},
      set: (ns: string, name: string, route: (ctx: { stanza: Element }) => unknown) => void routes.set(`${ns} ${name}`, route),
    },
  } as unknown as Pick<XmppClient, 'iqCallee'>
  handler.install(client)
  /** Delivers an IQ set the way xmpp.js would route it; resolves with the handler's answer. */
  const deliver = async (xmlText: string): Promise<unknown> => {
    const stanza = parseStanza(xmlText)
    const child = stanza.getChildElements()[0]
    const route = routes.get(`${child?.getNS()} ${child?.name}`)
    return route ? await route({ stanza }) : 'no route'
  }
  return { handler, sent, events, log, deliver, changed: () => changedCalls }
}

describe('BlockingHandler', () => {
  it('asks our server (not the account) whether it blocks, then fetches the list and announces it', async () => {
    const { handler, sent, events } = await (async () => {
      const s = setup({ list: ['bob@example.org', 'evil.example'] })
      await s.handler.sessionStarted()
      return s
    })()
    expect(sent.map((s) => [s.attrs.to, s.getChildElements()[0]?.name])).toEqual([['example.org', 'query'], [undefined, 'blocklist']])
    expect(events).toEqual([{ supported: true, jids: ['bob@example.org', 'evil.example'] }])
    expect(handler.isBlocked('bob@example.org/phone')).toBe(true)
    expect(handler.isBlocked('x@evil.example')).toBe(true)
    expect(handler.isBlocked('alice@example.org')).toBe(false)
  })

  it('without the server feature: no query for the list, unsupported, and block refuses', async () => {
    const { handler, sent, events } = setup({ features: [] })
    await handler.sessionStarted()
    expect(sent).toHaveLength(1)
    expect(events).toEqual([{ supported: false, jids: [] }])
    await expect(handler.block('bob@example.org')).rejects.toThrow(/does not offer blocking/u)
  })

  it('a list that cannot be fetched counts as unsupported (no pushes would keep it current)', async () => {
    const { handler, events, log } = setup({ listFails: true })
    await handler.sessionStarted()
    expect(events).toEqual([{ supported: false, jids: [] }])
    expect(log.some((l) => l.includes('blocklist not fetched'))).toBe(true)
  })

  it('applies a push from our own account and tells the contacts side', async () => {
    const { handler, events, deliver, changed } = setup()
    await handler.sessionStarted()
    expect(await deliver(push(null, BLOCK_BOB))).toBe(true)
    expect(events.at(-1)).toEqual({ supported: true, jids: ['bob@example.org'] })
    expect(changed()).toBe(2)
    expect(await deliver(push(ME, `<unblock xmlns='urn:xmpp:blocking'/>`))).toBe(true)
    expect(handler.state().jids).toEqual([])
  })

  it('rejects a hostile push from anyone else: nothing applied, nothing announced, service-unavailable', async () => {
    const { handler, events, deliver, log } = setup({ list: ['spammer@evil.example'] })
    await handler.sessionStarted()
    for (const from of ['spammer@evil.example/x', 'mallory@evil.example', 'me@example.org/otherres', 'example.org']) {
      expect(await deliver(push(from, `<unblock xmlns='urn:xmpp:blocking'/>`)), from).toBeUndefined()
      expect(await deliver(push(from, `<block xmlns='urn:xmpp:blocking'><item jid='alice@example.org'/></block>`)), from).toBeUndefined()
    }
    expect(handler.state().jids).toEqual(['spammer@evil.example'])
    expect(events).toHaveLength(1)
    expect(log.filter((l) => l.includes('dropped a blocklist push'))).toHaveLength(8)
  })

  it('announces a change once, whether the push or the reply comes first', async () => {
    const { handler, events, deliver } = setup()
    await handler.sessionStarted()
    await deliver(push(null, BLOCK_BOB))
    await handler.block('Bob@example.org')
    expect(events).toEqual([
      { supported: true, jids: [] },
      { supported: true, jids: ['bob@example.org'] },
    ])
    await handler.unblock('bob@example.org')
    await deliver(push(null, `<unblock xmlns='urn:xmpp:blocking'><item jid='bob@example.org'/></unblock>`))
    expect(events.map((e) => e.jids)).toEqual([[], ['bob@example.org'], []])
  })

  it('refuses to block our own account or something that is not an address', async () => {
    const { handler, sent } = setup()
    await handler.sessionStarted()
    const before = sent.length
    await expect(handler.block('me@example.org')).rejects.toThrow(/own account/u)
    await expect(handler.block('bad@@address')).rejects.toThrow(/not an address/u)
    expect(sent).toHaveLength(before)
  })
})
