import { describe, expect, it, vi } from 'vitest'
import type { Envelope, HostFrame } from '../../../shared/ipc/contract'
import {
  CoreError,
  SocketApi,
  bridgeApi,
  detectHost,
  unwrap,
  type HostBridge,
  type SocketDeps,
  type WebSocketLike,
} from '../../../renderer/src/lib/api'

class FakeSocket implements WebSocketLike {
  readyState = 0
  sent: HostFrame[] = []
  onopen: ((ev: unknown) => void) | null = null
  onclose: ((ev: unknown) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as HostFrame)
  }
  close() {
    this.drop()
  }
  open() {
    this.readyState = 1
    this.onopen?.({})
  }
  drop() {
    this.readyState = 3
    this.onclose?.({})
  }
  reply(seq: number, envelope: Envelope<unknown>) {
    this.onmessage?.({ data: JSON.stringify({ kind: 'result', seq, envelope }) })
  }
  push(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ kind: 'event', event, payload }) })
  }
}

function setup() {
  const sockets: FakeSocket[] = []
  const timers: { fn: () => void; ms: number }[] = []
  const opened: string[] = []
  const deps: SocketDeps = {
    createSocket: (url) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    },
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => {},
    openLink: (url) => opened.push(url),
  }
  const api = new SocketApi('ws://127.0.0.1:1/ws?token=t', deps)
  return { api, sockets, timers, opened, last: () => sockets[sockets.length - 1]! }
}

describe('unwrap', () => {
  it('returns values and throws human messages', () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3)
    expect(() => unwrap({ ok: false, error: { code: 'auth', message: 'Wrong password' } })).toThrow('Wrong password')
    try {
      unwrap({ ok: false, error: { code: 'auth', message: 'x' } })
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError)
      expect((error as CoreError).code).toBe('auth')
    }
    expect(() => unwrap(null as unknown as Envelope<unknown>)).toThrow(CoreError)
  })
})

describe('detectHost', () => {
  const bridge: HostBridge = { invoke: async () => ({ ok: true, value: null }), on: () => () => {} }
  it('prefers the Electron bridge', () => {
    expect(detectHost({ xmppDeskBridge: bridge, location: { href: 'app://renderer/index.html' } }).kind).toBe('electron')
  })
  it('uses the token of a browser-host page', () => {
    expect(detectHost({ location: { href: 'http://127.0.0.1:4312/?token=a%2Bb' } })).toEqual({
      kind: 'browser',
      socketUrl: 'ws://127.0.0.1:4312/ws?token=a%2Bb',
    })
    expect(detectHost({ location: { href: 'https://h:1/?token=x' } })).toEqual({ kind: 'browser', socketUrl: 'wss://h:1/ws?token=x' })
  })
  it('finds nothing otherwise', () => {
    expect(detectHost({ location: { href: 'http://127.0.0.1:4312/' } }).kind).toBe('none')
    expect(detectHost({ location: { href: 'file:///x/index.html?token=1' } }).kind).toBe('none')
  })
})

describe('bridgeApi', () => {
  it('unwraps envelopes and forwards events', async () => {
    const listeners = new Map<string, (p: unknown) => void>()
    const bridge: HostBridge = {
      invoke: vi.fn(async (command: string) =>
        command === 'roster:list' ? { ok: true as const, value: [] } : { ok: false as const, error: { code: 'x', message: 'Nope' } },
      ),
      on: (event, listener) => {
        listeners.set(event, listener)
        return () => listeners.delete(event)
      },
    }
    const api = bridgeApi(bridge)
    await expect(api.invoke('roster:list', null)).resolves.toEqual([])
    await expect(api.invoke('link:open', { url: 'https://x.org' })).rejects.toThrow('Nope')
    expect(bridge.invoke).toHaveBeenCalledWith('link:open', { url: 'https://x.org' })
    const seen: unknown[] = []
    const off = api.on('ui:open-conversation', (p) => seen.push(p))
    listeners.get('ui:open-conversation')!({ jid: 'b@x' })
    expect(seen).toEqual([{ jid: 'b@x' }])
    off()
    expect(listeners.size).toBe(0)
  })
})

describe('SocketApi', () => {
  it('queues invokes until the socket opens, then matches results by seq', async () => {
    const { api, last } = setup()
    const a = api.invoke('roster:list', null)
    const b = api.invoke('conversations:list', null)
    expect(last().sent).toEqual([])
    last().open()
    expect(last().sent.map((f) => f.kind === 'invoke' && f.command)).toEqual(['roster:list', 'conversations:list'])
    const [fa, fb] = last().sent as Extract<HostFrame, { kind: 'invoke' }>[]
    last().reply(fb!.seq, { ok: false, error: { code: 'e', message: 'Broken' } })
    last().reply(fa!.seq, { ok: true, value: ['x'] })
    await expect(a).resolves.toEqual(['x'])
    await expect(b).rejects.toThrow('Broken')
  })

  it('delivers events to listeners; a throwing listener does not stop others', () => {
    const { api, last } = setup()
    last().open()
    const got: unknown[] = []
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    api.on('presence:own', () => {
      throw new Error('boom')
    })
    const off = api.on('presence:own', (p) => got.push(p))
    last().push('presence:own', { show: 'away', status: '' })
    off()
    last().push('presence:own', { show: 'dnd', status: '' })
    last().onmessage?.({ data: 'not json' })
    expect(got).toEqual([{ show: 'away', status: '' }])
    error.mockRestore()
  })

  it('rejects in-flight invokes on close, reconnects with backoff and tells listeners', async () => {
    const { api, sockets, timers, last } = setup()
    last().open()
    const reconnected = vi.fn()
    api.onReconnect(reconnected)
    const pending = api.invoke('roster:list', null)
    last().drop()
    await expect(pending).rejects.toThrow(/lost/)
    expect(timers.map((t) => t.ms)).toEqual([250])
    // Made while down: waits for the next socket.
    const later = api.invoke('subscription:list', null)
    timers[0]!.fn()
    expect(sockets.length).toBe(2)
    last().drop()
    expect(timers.map((t) => t.ms)).toEqual([250, 500])
    timers[1]!.fn()
    last().open()
    expect(reconnected).toHaveBeenCalledTimes(1)
    const frame = last().sent[0] as Extract<HostFrame, { kind: 'invoke' }>
    expect(frame.command).toBe('subscription:list')
    last().reply(frame.seq, { ok: true, value: [] })
    await expect(later).resolves.toEqual([])
  })

  it('opens links locally after validating them', async () => {
    const { api, opened, last } = setup()
    await expect(api.invoke('link:open', { url: 'https://example.org/a b' })).resolves.toBeNull()
    await expect(api.invoke('link:open', { url: 'javascript:alert(1)' })).rejects.toThrow(/http/)
    await expect(api.invoke('link:open', { url: 'file:///etc/passwd' })).rejects.toThrow(/http/)
    expect(opened).toEqual(['https://example.org/a%20b'])
    expect(last().sent).toEqual([])
  })

  it('close() stops reconnecting and rejects queued invokes', async () => {
    const { api, timers } = setup()
    const queued = api.invoke('roster:list', null)
    api.close()
    await expect(queued).rejects.toThrow(/closed/)
    expect(timers).toEqual([])
  })
})
