// XEP-0030 service discovery (only what we read) and XEP-0280 carbons enabling.
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'

export function discoInfoQuery(to: string): Element {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo }))
}

/** The feature namespaces an entity advertises. */
export function parseFeatures(reply: Element): Set<string> {
  const query = reply.getChild('query', NS.discoInfo)
  return new Set((query?.getChildren('feature', NS.discoInfo) ?? []).map((f) => f.attrs.var ?? '').filter((v) => v !== ''))
}

export function enableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.carbons }))
}
