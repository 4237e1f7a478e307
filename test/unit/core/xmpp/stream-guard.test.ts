import { EventEmitter } from 'node:events'
import type { Client } from '@xmpp/client-core'
import { Parser, type Element } from '@xmpp/xml'
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_STANZA_BYTES, StanzaTooLargeError, installStreamGuard } from '../../../../electron/core/xmpp/stream-guard'
import { STREAM_HEADER } from '../../../support/parse-xml'

/**
 * The smallest stand-in for an xmpp.js Connection the guard touches: a real @xmpp/xml Parser whose
 * 'element' events are re-emitted on the entity and whose 'error' events become a bad-format stream
 * error (as Connection._attachParser does), `_onData` (replaced by the guard), `_streamError`
 * (recorded) and `_detachParser`.
 */
class FakeEntity extends EventEmitter {
  parser: Parser | null = null
  readonly streamErrors: string[] = []
  readonly errors: Error[] = []
  readonly elements: Element[] = []

  constructor() {
    super()
    this.on('error', (error: Error) => this.errors.push(error))
    this.on('element', (element: Element) => this.elements.push(element))
    this.attachParser()
  }

  attachParser(): void {
    const parser = new Parser()
    parser.on('element', (element) => this.emit('element', element))
    parser.on('error', (error) => {
      void this._streamError('bad-format')
      this.emit('error', error)
    })
    this.parser = parser
  }

  _onData(_data: Buffer | string): void {
    throw new Error('the guard did not replace _onData')
  }

  _streamError(condition: string): Promise<void> {
    this.streamErrors.push(condition)
    return Promise.resolve()
  }

  /** As Connection._detachParser: the stream is over, nothing more is parsed until a new one. */
  _detachParser(): void {
    this.parser = null
  }
}

const CHUNK = 16 * 1024

let entity: FakeEntity
let onData: (data: Buffer | string) => void

beforeEach(() => {
  entity = new FakeEntity()
  installStreamGuard(entity as unknown as Client)
  onData = (data) => entity._onData(data)
  onData(Buffer.from(STREAM_HEADER))
})

/** Streams `<message><body>AAAA…</body></message>` of about `bodyBytes` in CHUNK-sized writes. */
function streamBigMessage(bodyBytes: number): void {
  onData(Buffer.from("<message from='alice@example.org/phone'><body>"))
  for (let sent = 0; sent < bodyBytes; sent += CHUNK) onData(Buffer.alloc(Math.min(CHUNK, bodyBytes - sent), 'A'))
  onData(Buffer.from('</body></message>'))
}

describe('installStreamGuard', () => {
  it('T16a: reassembles 😀 split mid-codepoint across two chunks', () => {
    const wire = Buffer.from("<message from='alice@example.org/phone' type='chat'><body>😀</body></message>")
    const split = wire.indexOf(Buffer.from('😀')) + 2 // inside the 4-byte sequence
    // Per-chunk decoding (what xmpp.js does on its own) really would corrupt this input:
    expect(wire.subarray(0, split).toString('utf8') + wire.subarray(split).toString('utf8')).toContain('\uFFFD')

    onData(wire.subarray(0, split))
    onData(wire.subarray(split))

    expect(entity.elements.map((e) => e.getChildText('body'))).toEqual(['😀'])
    expect(entity.streamErrors).toEqual([])
  })

  it('reassembles a character split across three one-byte chunks', () => {
    const wire = Buffer.from('<message><body>€</body></message>')
    const start = wire.indexOf(Buffer.from('€'))
    onData(wire.subarray(0, start + 1))
    onData(wire.subarray(start + 1, start + 2))
    onData(wire.subarray(start + 2))
    expect(entity.elements.map((e) => e.getChildText('body'))).toEqual(['€'])
  })

  it('passes string data straight to the parser', () => {
    onData("<message from='alice@example.org'><body>plain</body></message>")
    expect(entity.elements.map((e) => e.getChildText('body'))).toEqual(['plain'])
  })

  it('T14b: an undefined entity does not throw; it emits error and asks for a bad-format stream error', () => {
    expect(() => onData(Buffer.from("<message from='example.org' to='me@example.org/desk'><body>&foo;</body></message>"))).not.toThrow()
    expect(entity.errors.map((e) => e.message)).toEqual(['Illegal XML entity &foo;'])
    expect(entity.streamErrors).toEqual(['bad-format'])
    expect(entity.elements).toEqual([])
  })

  it('T14c: an illegal character reference does not throw and asks for a bad-format stream error', () => {
    expect(() => onData(Buffer.from("<message from='example.org'><body>&#0;</body></message>"))).not.toThrow()
    expect(entity.errors.map((e) => e.message)).toEqual(['Illegal XML character 0x0'])
    expect(entity.streamErrors).toEqual(['bad-format'])
  })

  it('T14a: a DOCTYPE in the stream is answered with a stream error instead of silently swallowing the following stanzas', () => {
    onData(Buffer.from(`<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`))
    onData(Buffer.from("<message from='example.org' to='me@example.org/desk'><body>&b;</body></message>"))
    onData(Buffer.from("<message from='alice@example.org/phone'><body>after</body></message>"))
    expect(entity.streamErrors).toHaveLength(1)
    expect(['restricted-xml', 'bad-format']).toContain(entity.streamErrors[0])
  })

  it('T15a: a stanza growing past 1 MiB trips the cap with a policy-violation stream error', () => {
    let fed = Buffer.byteLength(STREAM_HEADER)
    const open = Buffer.from("<message from='example.org'><body>")
    onData(open)
    fed += open.length
    while (entity.streamErrors.length === 0 && fed < 4 * MAX_STANZA_BYTES) {
      onData(Buffer.alloc(CHUNK, 'A'))
      fed += CHUNK
    }
    expect(entity.streamErrors).toEqual(['policy-violation'])
    expect(entity.errors).toHaveLength(1)
    expect(entity.errors[0]).toBeInstanceOf(StanzaTooLargeError)
    // It trips on the first chunk that crosses the cap, not later.
    expect(fed).toBeGreaterThan(MAX_STANZA_BYTES)
    expect(fed).toBeLessThanOrEqual(MAX_STANZA_BYTES + CHUNK)
    expect(entity.elements).toEqual([])
  })

  it('T15a: after the cap trips, the rest of the oversized stanza is dropped without repeating the stream error', () => {
    streamBigMessage(3 * MAX_STANZA_BYTES)
    expect(entity.elements).toEqual([])
    expect(entity.streamErrors).toEqual(['policy-violation'])
    expect(entity.errors).toHaveLength(1)
  })

  it('resets the byte count after each element: two 700 KiB stanzas in a row are fine', () => {
    streamBigMessage(700 * 1024)
    streamBigMessage(700 * 1024)
    expect(entity.streamErrors).toEqual([])
    expect(entity.errors).toEqual([])
    expect(entity.elements.map((e) => e.getChildText('body')?.length)).toEqual([700 * 1024, 700 * 1024])
  })

  it('starts counting afresh on a new connection', () => {
    onData(Buffer.from('<message><body>'))
    for (let i = 0; i < 900 * 1024; i += CHUNK) onData(Buffer.alloc(CHUNK, 'A'))
    // Reconnect: xmpp.js emits 'connect' and attaches a fresh parser for the new stream.
    entity.emit('connect')
    entity.attachParser()
    onData(Buffer.from(STREAM_HEADER))
    streamBigMessage(900 * 1024)
    expect(entity.streamErrors).toEqual([])
    expect(entity.elements).toHaveLength(1)
  })

  it('starts decoding afresh on a new connection (half a character from the old socket is dropped)', () => {
    const euro = Buffer.from('€')
    onData(Buffer.from('<message><body>'))
    onData(euro.subarray(0, 2))
    entity.emit('connect')
    entity.attachParser()
    onData(Buffer.from(STREAM_HEADER))
    onData(Buffer.from('<message><body>fresh</body></message>'))
    expect(entity.elements.map((e) => e.getChildText('body'))).toEqual(['fresh'])
    // A stale decoder would have put U+FFFD in front of the new stream header: a parser error.
    expect(entity.errors).toEqual([])
    expect(entity.streamErrors).toEqual([])
  })

  it('ignores data that arrives after the parser was detached', () => {
    entity.parser = null
    expect(() => onData(Buffer.from('<message><body>late</body></message>'))).not.toThrow()
    expect(entity.elements).toEqual([])
    expect(entity.streamErrors).toEqual([])
  })
})
