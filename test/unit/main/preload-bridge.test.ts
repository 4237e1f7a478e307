import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENT_CHANNEL, type Envelope } from '../../../shared/ipc/contract'
import { BRIDGE_KEY, createBridge } from '../../../electron/preload/bridge'

type RawListener = (event: unknown, ...args: unknown[]) => void

class FakeIpcRenderer {
  readonly listeners = new Map<string, RawListener[]>()
  readonly invoked: Array<[string, unknown]> = []
  async invoke(channel: string, request: unknown): Promise<Envelope<unknown>> {
    this.invoked.push([channel, request])
    return { ok: true, value: channel }
  }
  on(channel: string, listener: RawListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
    return this
  }
  /** What Electron does when main calls webContents.send(IPC_EVENT_CHANNEL, name, payload). */
  deliver(name: unknown, payload: unknown): void {
    const event = { sender: 'the IpcRenderer itself', senderFrame: 'secret' }
    for (const listener of this.listeners.get(IPC_EVENT_CHANNEL) ?? []) listener(event, name, payload)
  }
}

describe('preload bridge', () => {
  it('is exposed as window.xmppDeskBridge', () => {
    expect(BRIDGE_KEY).toBe('xmppDeskBridge')
  })

  it('invokes contract commands on their own channel', async () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc)
    await expect(bridge.invoke('roster:list', null)).resolves.toEqual({ ok: true, value: 'roster:list' })
    expect(ipc.invoked).toEqual([['roster:list', null]])
  })

  it.each(['core:event', 'not-a-command', '__proto__', 'toString', 'hasOwnProperty'])(
    'rejects %s without touching IPC',
    async (command) => {
      const ipc = new FakeIpcRenderer()
      await expect(createBridge(ipc).invoke(command, null)).rejects.toThrow(`Unknown command: ${command}`)
      expect(ipc.invoked).toEqual([])
    },
  )

  it('calls listeners with the payload only, never the IPC event', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc)
    const listener = vi.fn()
    bridge.on('presence:own', listener)
    ipc.deliver('presence:own', { show: 'dnd', status: '' })
    expect(listener.mock.calls).toEqual([[{ show: 'dnd', status: '' }]])
  })

  it('filters by event name', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc)
    const own = vi.fn()
    const added = vi.fn()
    bridge.on('presence:own', own)
    bridge.on('messages:added', added)
    ipc.deliver('messages:added', [])
    ipc.deliver('not-an-event', 1)
    expect(own).not.toHaveBeenCalled()
    expect(added.mock.calls).toEqual([[[]]])
  })

  it('returns an unsubscribe function that stops only that subscription', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc)
    const listener = vi.fn()
    const first = bridge.on('presence:own', listener)
    bridge.on('presence:own', listener)
    first()
    ipc.deliver('presence:own', { show: 'away', status: '' })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('keeps a single IPC listener however many subscriptions', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc)
    for (let i = 0; i < 20; i++) bridge.on('conversations:changed', () => undefined)
    expect(ipc.listeners.get(IPC_EVENT_CHANNEL)).toHaveLength(1)
    expect([...ipc.listeners.keys()]).toEqual([IPC_EVENT_CHANNEL])
  })

  it('refuses unknown event names', () => {
    expect(() => createBridge(new FakeIpcRenderer()).on('core:event', () => undefined)).toThrow('Unknown event: core:event')
  })

  it('imports nothing but electron, the bridge and the IPC contract', () => {
    const sources = ['index.ts', 'bridge.ts'].map((file) =>
      readFileSync(new URL(`../../../electron/preload/${file}`, import.meta.url), 'utf8'),
    )
    const imports = sources.flatMap((source) => [...source.matchAll(/from '([^']+)'/gu)].map((match) => match[1]))
    expect(new Set(imports)).toEqual(new Set(['electron', './bridge', '../../shared/ipc/contract']))
  })
})
