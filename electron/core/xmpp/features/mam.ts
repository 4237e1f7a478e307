// XEP-0313 Message Archive Management v2 with XEP-0059 result paging: build queries, read the
// closing <fin/>. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'

export interface MamPageRequest {
  queryId: string
  /** Page forward from this archive id... */
  after?: string
  /** ...or backward from this one ('' = from the newest). */
  before?: string
  /** Only messages exchanged with this bare JID. */
  with?: string
  /** Only messages from this time on (epoch ms; whole seconds are sent, rounded down)... */
  start?: number
  /** ...and up to this time (epoch ms; rounded up to whole seconds). */
  end?: number
  max: number
}

export function mamQuery(request: MamPageRequest): Element {
  const fields = [
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS.mam)),
    request.with ? xml('field', { var: 'with' }, xml('value', {}, request.with)) : null,
    request.start !== undefined ? xml('field', { var: 'start' }, xml('value', {}, xmppDateTime(Math.floor(request.start / 1000)))) : null,
    request.end !== undefined ? xml('field', { var: 'end' }, xml('value', {}, xmppDateTime(Math.ceil(request.end / 1000)))) : null,
  ]
  const paging = [
    xml('max', {}, String(request.max)),
    request.after !== undefined ? xml('after', {}, request.after) : null,
    request.before !== undefined ? xml('before', {}, request.before) : null,
  ]
  return xml(
    'iq',
    { type: 'set' },
    xml('query', { xmlns: NS.mam, queryid: request.queryId }, xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...fields), xml('set', { xmlns: NS.rsm }, ...paging)),
  )
}

/** XEP-0082 DateTime in UTC, whole seconds (servers differ in how they read fractions). */
function xmppDateTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/u, 'Z')
}

export interface MamFin {
  complete: boolean
  first: string | null
  last: string | null
}

/** The <fin/> of a finished query; null when the reply is not one. */
export function parseFin(reply: Element): MamFin | null {
  const fin = reply.getChild('fin', NS.mam)
  if (!fin) return null
  const set = fin.getChild('set', NS.rsm)
  const text = (name: string): string | null => {
    const value = set?.getChildText(name, NS.rsm)
    return value ? value : null
  }
  // xs:boolean: '1' is as true as 'true'.
  return { complete: fin.attrs.complete === 'true' || fin.attrs.complete === '1', first: text('first'), last: text('last') }
}
