// Wraps xmpp.js's socket data handler (B14 in the security notes). xmpp.js decodes every chunk
// on its own, so a UTF-8 character split across TLS records turns into U+FFFD; its parser throws
// synchronously on an unknown entity or illegal character reference, which would escape as an
// uncaught exception; and nothing caps a stanza's size. Here: a streaming UTF-8 decoder, a
// per-stanza byte cap, and parser exceptions turned into a stream error (the session reconnects).
// Layer: electron/core (Node).
import { StringDecoder } from 'node:string_decoder'
import type { Client } from '@xmpp/client-core'

/** Servers commonly cap stanzas far below this; a bigger one is hostile or broken. */
export const MAX_STANZA_BYTES = 1024 * 1024

const PARSE_SLICE = 16 * 1024
const MARKUP_DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|--)/iu

export class StanzaTooLargeError extends Error {
  constructor() {
    super(`A stanza exceeded ${MAX_STANZA_BYTES} bytes`)
    this.name = 'StanzaTooLargeError'
  }
}

export function installStreamGuard(entity: Client, maxStanzaBytes = MAX_STANZA_BYTES): void {
  let decoder = new StringDecoder('utf8')
  let bytesSinceLastElement = 0
  let tail = '' // the end of the previous chunk, so a markup declaration split in two is still seen
  let failed = false // after a stream error the rest of this stream is ignored
  // A new socket (connect, STARTTLS upgrade) starts a new byte stream.
  entity.on('connect', () => {
    decoder = new StringDecoder('utf8')
    bytesSinceLastElement = 0
    tail = ''
    failed = false
  })
  entity.on('element', () => {
    bytesSinceLastElement = 0
  })
  const fail = (error: Error, condition: string): void => {
    failed = true
    entity.emit('error', error)
    entity._streamError(condition).catch(() => {})
    // As xmpp.js does on its own parser errors: otherwise its close waits for a </stream:stream>
    // this parser will never see, and the timeout later tears down the *next* connection.
    entity._detachParser()
  }
  entity._onData = (data: Buffer | string): void => {
    const parser = entity.parser
    if (!parser || failed) return // no parser: data after it was detached (fixed upstream after 0.14.0)
    bytesSinceLastElement += typeof data === 'string' ? Buffer.byteLength(data) : data.length
    if (bytesSinceLastElement > maxStanzaBytes) {
      fail(new StanzaTooLargeError(), 'policy-violation')
      return
    }
    const text = typeof data === 'string' ? data : decoder.write(data)
    // XMPP forbids DTDs and comments (RFC 6120 §11.1); ltx would silently skip everything after one.
    if (MARKUP_DECLARATION.test(tail + text)) {
      fail(new Error('The server sent a DTD or comment, which XMPP forbids'), 'restricted-xml')
      return
    }
    tail = text.slice(-9)
    try {
      // ltx re-scans its pending text on every write, so one huge chunk costs quadratic time;
      // slices keep it linear (a 900 KiB chunk: ~4 s in one piece, ~0.1 s in slices).
      for (let at = 0; at < text.length; at += PARSE_SLICE) parser.write(text.slice(at, at + PARSE_SLICE))
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)), 'bad-format')
    }
  }
}
