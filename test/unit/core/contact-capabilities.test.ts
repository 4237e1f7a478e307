// Contacts' capabilities: one query per unknown ver, verified before it is believed or cached,
// and the hostile cases (poisoned answers, refused replies, unverifiable hashes, ver floods).
import { describe, expect, it } from 'vitest'
import type { Element } from '@xmpp/xml'
import type { VerifiedCaps } from '../../../electron/core/archive/archive'
import { CAPS_ASKING, ContactCapabilities } from '../../../electron/core/contact-capabilities'
import { capsHash, type DiscoInfo } from '../../../electron/core/xmpp/features/caps'
import { OWN_CAPS_VER } from '../../../electron/core/xmpp/features/own-features'
import { parsePresence } from '../../../electron/core/xmpp/features/presence'
import { NS } from '../../../electron/core/xmpp/ns'
import { parseStanza } from '../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const ROSTER = new Set(['alice@example.org', 'bob@example.org', 'carol@example.org', 'me@example.org'])

const CHAT_CLIENT: DiscoInfo = {
  identities: [{ category: 'client', type: 'phone', lang: '', name: 'Chatty' }],
  features: [NS.discoInfo, NS.caps, NS.chatStates, NS.receipts],
  forms: [],
}
const CHAT_VER = capsHash(CHAT_CLIENT)
const LIE: DiscoInfo = { ...CHAT_CLIENT, features: [NS.discoInfo, NS.caps] }

function answer(info: DiscoInfo, extra = ''): Element {
  const inner =
    info.identities.map((i) => `<identity category='${i.category}' type='${i.type}' name='${i.name}'/>`).join('') +
    info.features.map((f) => `<feature var='${f}'/>`).join('') +
    extra
  return parseStanza(`<iq type='result'><query xmlns='${NS.discoInfo}'>${inner}</query></iq>`)
}

type Responder = (to: string, node: string | undefined) => Element | Promise<Element>

function setup(respond: Responder = () => answer(CHAT_CLIENT), cached: VerifiedCaps[] = []) {
  const asked: { to: string; node: string | undefined }[] = []
  const stored: VerifiedCaps[] = []
  const logged: string[] = []
  const link = {
    online: true,
    async iq(stanza: Element): Promise<Element> {
      const to = stanza.attrs.to as string
      const node = stanza.getChild('query', NS.discoInfo)?.attrs.node
      if (stanza.attrs.type !== 'get') throw new Error('a disco#info query is a get')
      asked.push({ to, node })
      return respond(to, node)
    },
  }
  const store = { capsEntries: async () => cached, storeCaps: async (entry: VerifiedCaps) => void stored.push(entry) }
  const caps = new ContactCapabilities(store, link, (bare) => ROSTER.has(bare), (m) => logged.push(m))
  return { caps, asked, stored, logged }
}

/** A presence from `from` through the same parser the inbound pipeline uses. */
function presence(caps: ContactCapabilities, from: string, c = `<c xmlns='${NS.caps}' hash='sha-1' node='https://chatty.example' ver='${CHAT_VER}'/>`, type?: string): void {
  const event = parsePresence(parseStanza(`<presence from='${from}'${type ? ` type='${type}'` : ''}>${c}</presence>`), NOW)
  if (!event) throw new Error('unusable presence')
  caps.presence(event)
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('ContactCapabilities', () => {
  it('asks the advertising full JID about node#ver, verifies the answer and caches it', async () => {
    const { caps, asked, stored } = setup()
    presence(caps, 'alice@example.org/phone')
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull() // not verified yet
    await settle()
    expect(asked).toEqual([{ to: 'alice@example.org/phone', node: `https://chatty.example#${CHAT_VER}` }])
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBe(true)
    expect(caps.supports('alice@example.org/phone', 'urn:xmpp:jingle:1')).toBe(false)
    expect(stored).toEqual([{ hash: 'sha-1', ver: CHAT_VER, features: CHAT_CLIENT.features }])
  })

  it('asks at most once per ver, however many resources advertise it', async () => {
    const { caps, asked } = setup()
    presence(caps, 'alice@example.org/phone')
    presence(caps, 'bob@example.org/tablet')
    presence(caps, 'alice@example.org/phone') // a status change repeats the caps
    await settle()
    presence(caps, 'carol@example.org/pc')
    await settle()
    expect(asked).toHaveLength(1)
    expect(caps.supports('carol@example.org/pc', NS.receipts)).toBe(true)
  })

  it('asks nothing for a ver from the persistent cache, nor for our own', async () => {
    const { caps, asked } = setup(undefined, [{ hash: 'sha-1', ver: CHAT_VER, features: [NS.receipts] }])
    await caps.load()
    presence(caps, 'alice@example.org/phone')
    presence(caps, 'me@example.org/laptop', `<c xmlns='${NS.caps}' hash='sha-1' node='urn:xmpp-desk' ver='${OWN_CAPS_VER}'/>`)
    await settle()
    expect(asked).toEqual([])
    expect(caps.supports('alice@example.org/phone', NS.receipts)).toBe(true)
    expect(caps.supports('me@example.org/laptop', NS.ping)).toBe(true)
  })

  it('poisoning: an answer that does not hash to the ver is neither believed nor cached; another advertiser is asked', async () => {
    const { caps, asked, stored, logged } = setup((to) => answer(to.startsWith('alice') ? LIE : CHAT_CLIENT))
    presence(caps, 'alice@example.org/phone')
    presence(caps, 'bob@example.org/tablet')
    await settle()
    await settle()
    expect(asked.map((a) => a.to)).toEqual(['alice@example.org/phone', 'bob@example.org/tablet'])
    expect(logged.some((m) => m.includes('hash differently'))).toBe(true)
    expect(stored).toEqual([{ hash: 'sha-1', ver: CHAT_VER, features: CHAT_CLIENT.features }])
    // The truthful answer is what everyone advertising the ver is credited with, alice included.
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBe(true)
  })

  it('poisoning alone: the ver stays unknown and the liar is not asked again', async () => {
    const { caps, asked, stored } = setup(() => answer(LIE))
    presence(caps, 'alice@example.org/phone')
    await settle()
    presence(caps, 'alice@example.org/phone')
    presence(caps, 'alice@example.org/laptop')
    await settle()
    expect(asked).toHaveLength(1)
    expect(stored).toEqual([])
    expect(caps.supports('alice@example.org/phone', NS.discoInfo)).toBeNull()
  })

  it('a reply session.iq refused (from another JID, an error, a timeout) settles nothing', async () => {
    const { caps, asked, stored } = setup(() => {
      throw new Error('IQ reply from an unexpected sender was ignored')
    })
    presence(caps, 'alice@example.org/phone')
    await settle()
    expect(asked).toHaveLength(1)
    expect(stored).toEqual([])
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull()
  })

  it('an ill-formed answer (duplicate feature) is not hashed, however well it would hash', async () => {
    const { caps, stored, logged } = setup(() => answer(CHAT_CLIENT, `<feature var='${NS.receipts}'/>`))
    presence(caps, 'alice@example.org/phone')
    await settle()
    expect(stored).toEqual([])
    expect(logged).toEqual([expect.stringContaining('(duplicate-feature)')])
  })

  it('an answer with a huge identity list is refused', async () => {
    const many = Array.from({ length: 100 }, (_, n) => `<identity category='client' type='pc' name='n${n}'/>`).join('')
    const { caps, stored, logged } = setup(() => answer(CHAT_CLIENT, many))
    presence(caps, 'alice@example.org/phone')
    await settle()
    expect(stored).toEqual([])
    expect(logged).toEqual([expect.stringContaining('(too-large)')])
  })

  it('a hash we cannot check: asked, believed for that resource only, never cached', async () => {
    const { caps, asked, stored } = setup()
    const md5 = `<c xmlns='${NS.caps}' hash='md5' node='https://chatty.example' ver='abc'/>`
    presence(caps, 'alice@example.org/phone', md5)
    await settle()
    presence(caps, 'bob@example.org/tablet', md5)
    await settle()
    expect(asked.map((a) => a.to)).toEqual(['alice@example.org/phone', 'bob@example.org/tablet'])
    expect(stored).toEqual([])
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBe(true)
    presence(caps, 'carol@example.org/pc', md5)
    expect(caps.supports('carol@example.org/pc', NS.chatStates)).toBeNull()
  })

  it('legacy caps (no hash attribute) are ignored', async () => {
    const { caps, asked } = setup()
    presence(caps, 'alice@example.org/phone', `<c xmlns='${NS.caps}' node='https://chatty.example' ver='1.0'/>`)
    await settle()
    expect(asked).toEqual([])
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull()
  })

  it('never asks someone outside the roster (directed presence from a stranger)', async () => {
    const { caps, asked } = setup()
    presence(caps, 'mallory@evil.example/x')
    await settle()
    expect(asked).toEqual([])
  })

  it('a contact changing its ver without end is asked at most perContact times per session', async () => {
    const { caps, asked } = setup(() => answer(LIE))
    for (let n = 0; n < 30; n++) {
      presence(caps, 'alice@example.org/phone', `<c xmlns='${NS.caps}' hash='sha-1' node='n' ver='v${n}'/>`)
      await settle()
    }
    expect(asked).toHaveLength(CAPS_ASKING.perContact)
    caps.sessionStarted()
    presence(caps, 'alice@example.org/phone', `<c xmlns='${NS.caps}' hash='sha-1' node='n' ver='fresh'/>`)
    await settle()
    expect(asked).toHaveLength(CAPS_ASKING.perContact + 1)
  })

  it('runs at most `parallel` queries at once', async () => {
    const release: (() => void)[] = []
    const { caps, asked } = setup(() => new Promise<Element>((resolve) => release.push(() => resolve(answer(LIE)))))
    for (const [n, from] of ['alice@example.org/a', 'bob@example.org/b', 'carol@example.org/c', 'alice@example.org/d', 'bob@example.org/e'].entries())
      presence(caps, from, `<c xmlns='${NS.caps}' hash='sha-1' node='n' ver='v${n}'/>`)
    await settle()
    expect(asked).toHaveLength(CAPS_ASKING.parallel)
    release.shift()?.()
    await settle()
    expect(asked).toHaveLength(CAPS_ASKING.parallel + 1)
  })

  it('forgets a resource that went offline, and all of them on a bare unavailable', async () => {
    const { caps } = setup()
    presence(caps, 'alice@example.org/phone')
    presence(caps, 'alice@example.org/laptop')
    await settle()
    presence(caps, 'alice@example.org/phone', '', 'unavailable')
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull()
    expect(caps.supports('alice@example.org/laptop', NS.chatStates)).toBe(true)
    presence(caps, 'alice@example.org', '', 'unavailable')
    expect(caps.supports('alice@example.org/laptop', NS.chatStates)).toBeNull()
  })

  it('a presence without caps means we know nothing about that resource any more', async () => {
    const { caps } = setup()
    presence(caps, 'alice@example.org/phone')
    await settle()
    presence(caps, 'alice@example.org/phone', '')
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull()
  })

  it('a new session forgets who is online but keeps what was verified', async () => {
    const { caps, asked } = setup()
    presence(caps, 'alice@example.org/phone')
    await settle()
    caps.sessionStarted()
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBeNull()
    presence(caps, 'alice@example.org/phone')
    await settle()
    expect(asked).toHaveLength(1)
    expect(caps.supports('alice@example.org/phone', NS.chatStates)).toBe(true)
  })

  it('an answer that arrives after a new session started is dropped', async () => {
    let reply: (value: Element) => void = () => {}
    const { caps, stored } = setup(() => new Promise<Element>((resolve) => (reply = resolve)))
    presence(caps, 'alice@example.org/phone')
    await settle()
    caps.sessionStarted()
    reply(answer(CHAT_CLIENT))
    await settle()
    expect(stored).toEqual([])
  })
})
