// What we advertise and answer about ourselves: disco#info (with and without our caps node), the
// caps ver in our presence, software version (no operating system), and the IQ routes.
import { describe, expect, it } from 'vitest'
import xml, { type Element } from '@xmpp/xml'
import type { IqCallee, IqHandler } from '@xmpp/iq/callee.js'
import type { MiddlewareContext } from '@xmpp/middleware'
import packageJson from '../../../../package.json'
import { capsHash, parseDiscoInfo } from '../../../../electron/core/xmpp/features/caps'
import { CAPS_NODE, discoInfoAnswer, OWN_CAPS_VER, OWN_DISCO_INFO } from '../../../../electron/core/xmpp/features/own-features'
import { ownPresenceStanza } from '../../../../electron/core/xmpp/features/presence'
import { APP_NAME, softwareVersionAnswer } from '../../../../electron/core/xmpp/features/software-version'
import { NS } from '../../../../electron/core/xmpp/ns'
import { installResponders } from '../../../../electron/core/xmpp/responders'
import { roundTrip } from '../../../support/parse-xml'

/** Our answer as the asking side reads it: inside an IQ result, serialised and parsed back. */
function answered(node: string | undefined): Element {
  return roundTrip(xml('iq', { type: 'result', id: 'q1' }, discoInfoAnswer(node)))
}

describe('disco#info answer', () => {
  it('hashes to the ver we advertise (what a contact recomputes before caching it)', () => {
    const verdict = parseDiscoInfo(answered(undefined).getChild('query', NS.discoInfo) as Element)
    expect(verdict.ok).toBe(true)
    if (verdict.ok) expect(capsHash(verdict.info)).toBe(OWN_CAPS_VER)
  })

  it('answers for our caps node, naming it, with the same content', () => {
    const node = `${CAPS_NODE}#${OWN_CAPS_VER}`
    const query = answered(node).getChild('query', NS.discoInfo) as Element
    expect(query.attrs.node).toBe(node)
    const verdict = parseDiscoInfo(query)
    expect(verdict.ok && capsHash(verdict.info)).toBe(OWN_CAPS_VER)
  })

  it('has no node attribute when asked without one', () => {
    expect(answered(undefined).getChild('query', NS.discoInfo)?.attrs.node).toBeUndefined()
  })

  it.each([`${CAPS_NODE}#someone-elses-ver`, 'http://jabber.org/protocol/commands', ''])('answers item-not-found for node %j', (node) => {
    const error = discoInfoAnswer(node)
    expect(error.name).toBe('error')
    expect(error.attrs.type).toBe('cancel')
    expect(error.getChild('item-not-found', NS.stanzas)).toBeDefined()
  })

  it('is a client of type pc named after the app', () => {
    expect(answered(undefined).getChild('query', NS.discoInfo)?.getChildren('identity', NS.discoInfo).map((i) => i.attrs)).toEqual([
      { category: 'client', type: 'pc', name: APP_NAME },
    ])
  })

  it('lists what we answer and use, each once, and nothing we only read on the server', () => {
    const features = OWN_DISCO_INFO.features
    expect(new Set(features).size).toBe(features.length)
    for (const ns of [NS.discoInfo, NS.caps, NS.ping, NS.version, NS.receipts, NS.markers, NS.chatStates, NS.correct, NS.retract, NS.carbons]) expect(features).toContain(ns)
    // Server-side features: advertising them as a client would be a lie.
    for (const ns of [NS.mam, NS.sid, NS.csi, NS.sm]) expect(features).not.toContain(ns)
  })
})

describe('our presence carries our caps', () => {
  it.each(['available', 'away', 'dnd'] as const)('%s presence has <c/> with our node and ver', (show) => {
    const c = roundTrip(ownPresenceStanza({ show, status: '' })).getChild('c', NS.caps)
    expect(c?.attrs).toEqual({ xmlns: NS.caps, hash: 'sha-1', node: CAPS_NODE, ver: OWN_CAPS_VER })
  })

  it('an unavailable presence has none', () => {
    expect(roundTrip(ownPresenceStanza({ show: 'offline', status: '' })).getChild('c', NS.caps)).toBeUndefined()
  })
})

describe('software version (XEP-0092)', () => {
  it('names the app and the package version, and never the operating system', () => {
    const query = roundTrip(xml('iq', { type: 'result', id: 'v1' }, softwareVersionAnswer())).getChild('query', NS.version) as Element
    expect(query.getChildText('name', NS.version)).toBe('XMPP Desk')
    expect(query.getChildText('version', NS.version)).toBe(packageJson.version)
    expect(query.getChild('os', NS.version)).toBeUndefined()
    expect(query.getChildElements().map((c) => c.name)).toEqual(['name', 'version'])
  })
})

describe('installResponders', () => {
  function routes(): Map<string, IqHandler> {
    const found = new Map<string, IqHandler>()
    const callee: IqCallee = {
      get: (ns, name, handler) => void found.set(`get ${ns} ${name}`, handler),
      set: (ns, name, handler) => void found.set(`set ${ns} ${name}`, handler),
    }
    installResponders(callee)
    return found
  }
  const ctx = (stanza: Element) => ({ stanza }) as unknown as MiddlewareContext

  it('answers disco#info gets with the node they asked about', async () => {
    const handler = routes().get(`get ${NS.discoInfo} query`)
    const node = `${CAPS_NODE}#${OWN_CAPS_VER}`
    const reply = (await handler?.(ctx(xml('iq', { type: 'get', id: 'a' }, xml('query', { xmlns: NS.discoInfo, node }))))) as Element
    expect(reply.attrs.node).toBe(node)
    const unknown = (await handler?.(ctx(xml('iq', { type: 'get', id: 'b' }, xml('query', { xmlns: NS.discoInfo, node: 'x' }))))) as Element
    expect(unknown.name).toBe('error')
  })

  it('answers software version gets, and nothing as a set', () => {
    const found = routes()
    expect([...found.keys()].sort()).toEqual([`get ${NS.discoInfo} query`, `get ${NS.version} query`])
    const reply = found.get(`get ${NS.version} query`)?.(ctx(xml('iq', { type: 'get', id: 'c' }, xml('query', { xmlns: NS.version })))) as Element
    expect(reply.getChildText('name')).toBe(APP_NAME)
  })
})
