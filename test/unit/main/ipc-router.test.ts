import { describe, expect, it } from 'vitest'
import { IPC_EVENT_CHANNEL, commands, type Envelope, type EventName } from '../../../shared/ipc/contract'
import type { CoreEventListener } from '../../../electron/core/core-service'
import {
  COMMAND_NAMES,
  createRendererEmitter,
  isTrustedSender,
  registerIpcRouter,
  type InvokeEvent,
  type SenderFrame,
} from '../../../electron/main/ipc-router'

type Listener = (event: InvokeEvent, request: unknown) => Promise<Envelope<unknown>>

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  invoke(channel: string, frame: SenderFrame | null, request: unknown): Promise<Envelope<unknown>> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler({ senderFrame: frame }, request)
  }
}

class FakeCore {
  readonly listeners = new Set<CoreEventListener>()
  readonly handled: Array<[string, unknown]> = []
  async handle(command: string, request: unknown): Promise<Envelope<unknown>> {
    this.handled.push([command, request])
    return { ok: true, value: { echoed: command } }
  }
  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

class FakeRenderer {
  readonly mainFrame = { frameToken: 'main-token' }
  readonly sent: unknown[][] = []
  destroyed = false
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(channel: string, eventName: EventName, payload: unknown): void {
    this.sent.push([channel, eventName, payload])
  }
}

const mainFrame: SenderFrame = { url: 'app://xmpp-desk/index.html', parent: null, frameToken: 'main-token' }

function setup() {
  const ipcMain = new FakeIpcMain()
  const core = new FakeCore()
  const renderer = new FakeRenderer()
  const dispose = registerIpcRouter({ ipcMain, core, renderer })
  return { ipcMain, core, renderer, dispose }
}

describe('registerIpcRouter', () => {
  it('registers exactly one handler per contract command', () => {
    const { ipcMain } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(commands).sort())
    expect(COMMAND_NAMES).toContain('messages:send')
    expect(COMMAND_NAMES).toHaveLength(Object.keys(commands).length)
  })

  it('forwards a call from our main frame to the core and returns its envelope', async () => {
    const { ipcMain, core } = setup()
    const request = { conversation: 'juliet@capulet.example', body: 'hi' }
    const reply = await ipcMain.invoke('messages:send', mainFrame, request)
    expect(reply).toEqual({ ok: true, value: { echoed: 'messages:send' } })
    expect(core.handled).toEqual([['messages:send', request]])
  })

  it.each<[string, SenderFrame | null]>([
    ['a destroyed or navigated frame', null],
    ['a frame of another window', { ...mainFrame, frameToken: 'other-token' }],
    ['a subframe', { ...mainFrame, parent: { url: 'app://xmpp-desk/index.html' }, frameToken: 'main-token' }],
    ['an https page', { ...mainFrame, url: 'https://evil.example/' }],
    ['a file: page', { ...mainFrame, url: 'file:///tmp/evil.html' }],
    ['a look-alike app host', { ...mainFrame, url: 'app://xmpp-desk.evil/index.html' }],
    ['another app host', { ...mainFrame, url: 'app://other/index.html' }],
    ['a URL that does not parse', { ...mainFrame, url: 'app//xmpp-desk' }],
    ['about:blank', { ...mainFrame, url: 'about:blank' }],
  ])('refuses %s without calling the core', async (_name, frame) => {
    const { ipcMain, core } = setup()
    const reply = await ipcMain.invoke('account:sign-out', frame, null)
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'This caller may not use the app interface' } })
    expect(core.handled).toEqual([])
  })

  it('refuses everyone once the window is destroyed', async () => {
    const { ipcMain, core, renderer } = setup()
    renderer.destroyed = true
    expect((await ipcMain.invoke('app:state', mainFrame, null)).ok).toBe(false)
    expect(core.handled).toEqual([])
  })

  it('forwards core events to the window on the single event channel', () => {
    const { core, renderer } = setup()
    for (const listener of core.listeners) {
      listener('presence:own', { show: 'away', status: 'brb' })
      listener('ui:open-conversation', { jid: 'romeo@montague.example' })
    }
    expect(renderer.sent).toEqual([
      [IPC_EVENT_CHANNEL, 'presence:own', { show: 'away', status: 'brb' }],
      [IPC_EVENT_CHANNEL, 'ui:open-conversation', { jid: 'romeo@montague.example' }],
    ])
    expect(IPC_EVENT_CHANNEL).toBe('core:event')
  })

  it('drops events once the window is destroyed', () => {
    const { core, renderer } = setup()
    renderer.destroyed = true
    for (const listener of core.listeners) listener('presence:own', { show: 'away', status: '' })
    expect(renderer.sent).toEqual([])
  })

  it('undoes everything on dispose', () => {
    const { ipcMain, core, dispose } = setup()
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
    expect(core.listeners.size).toBe(0)
  })
})

describe('isTrustedSender', () => {
  it('refuses a disposed frame that throws on property access', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
      get parent(): null {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
      get frameToken(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect(isTrustedSender(disposed, new FakeRenderer())).toBe(false)
  })

  it('accepts our main frame on any app:// path', () => {
    const renderer = new FakeRenderer()
    expect(isTrustedSender(mainFrame, renderer)).toBe(true)
    expect(isTrustedSender({ ...mainFrame, url: 'app://xmpp-desk/#/chat' }, renderer)).toBe(true)
  })
})

describe('createRendererEmitter', () => {
  it('sends (eventName, payload) on the event channel', () => {
    const renderer = new FakeRenderer()
    const emit = createRendererEmitter(renderer)
    emit('ui:open-conversation', { jid: 'nurse@capulet.example' })
    expect(renderer.sent).toEqual([[IPC_EVENT_CHANNEL, 'ui:open-conversation', { jid: 'nurse@capulet.example' }]])
  })
})
