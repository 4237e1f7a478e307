// Turns literal XML into ltx elements exactly the way stanzas reach the core: written to the real
// @xmpp/xml Parser inside a client stream, so children inherit the `jabber:client` namespace from
// the stream header and every top-level element comes out of the parser's 'element' event.
import { Parser, type Element } from '@xmpp/xml'

export const STREAM_HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.org' to='me@example.org' version='1.0'>"

/** Every top-level element in `text`, in order. Throws on anything the parser rejects. */
export function parseStanzas(text: string): Element[] {
  const parser = new Parser()
  const elements: Element[] = []
  const errors: Error[] = []
  parser.on('element', (element) => elements.push(element))
  parser.on('error', (error) => errors.push(error))
  parser.write(STREAM_HEADER)
  parser.write(text)
  const [error] = errors
  if (error) throw error
  return elements
}

/** The single top-level element in `text` (a stanza as it comes off the wire). */
export function parseStanza(text: string): Element {
  const elements = parseStanzas(text)
  const [only] = elements
  if (elements.length !== 1 || !only) throw new Error(`expected exactly one element, got ${elements.length}`)
  return only
}

/** Serialises an element we built and parses it back, i.e. what the receiving side would see. */
export function roundTrip(element: Element): Element {
  return parseStanza(element.toString())
}
