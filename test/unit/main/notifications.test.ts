import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { CoreEventListener } from '../../../electron/core/core-service'
import { AvatarIcons } from '../../../electron/main/avatar-icons'
import { NotificationCenter, type NotificationPort } from '../../../electron/main/notifications'
import type { Envelope, EventName, EventPayload } from '../../../shared/ipc/contract'
import type { ChatMessage, Contact, OwnPresence } from '../../../shared/types/domain'
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../../../shared/types/notification-settings'
import { contact } from './contacts'

class FakeNotification extends EventEmitter implements NotificationPort {
  shown = false
  closed = false
  constructor(readonly options: { title: string; body: string; silent: boolean; icon?: string }) {
    super()
  }
  show(): void {
    this.shown = true
  }
  close(): void {
    this.closed = true
    this.emit('close')
  }
}

class FakeCore {
  presence: OwnPresence = { show: 'available', status: '' }
  roster: Contact[] = [contact('juliet@capulet.example', 'Juliet')]
  blocked = new Set<string>()
  viewing: string | null = null
  /** Verified avatar files by contact, as the core's cache would hold them. */
  avatars = new Map<string, string>()
  readonly listeners = new Set<CoreEventListener>()
  async avatarFile(jid: string): Promise<string | null> {
    return this.avatars.get(jid) ?? null
  }
  isBlocked(jid: string): boolean {
    return this.blocked.has(jid)
  }
  roomNotificationRule(): null {
    return null
  }
  ownPresence(): OwnPresence {
    return this.presence
  }
  viewingConversation(): string | null {
    return this.viewing
  }
  async handle(command: string): Promise<Envelope<unknown>> {
    if (command === 'roster:list') return { ok: true, value: this.roster }
    return { ok: false, error: { code: 'unexpected', message: command } }
  }
  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload)
  }
}

class FakeWindow extends EventEmitter {
  focused = false
  readonly calls: string[] = []
  show(): void {
    this.calls.push('show')
  }
  hide(): void {
    this.calls.push('hide')
  }
  focus(): void {
    this.calls.push('focus')
    this.focused = true
  }
  restore(): void {
    this.calls.push('restore')
  }
  isVisible(): boolean {
    return true
  }
  isMinimized(): boolean {
    return false
  }
  isFocused(): boolean {
    return this.focused
  }
}

let nextId = 1
function incoming(conversation: string, body: string): ChatMessage {
  const id = nextId++
  return { id, conversation, direction: 'in', body, timestamp: id, state: 'received', originId: `o${id}`, edited: false, retracted: false }
}

async function setup(options: { markupBody?: boolean; supported?: boolean } = {}) {
  const core = new FakeCore()
  const window = new FakeWindow()
  const created: FakeNotification[] = []
  const emitted: unknown[][] = []
  const settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS }
  const center = new NotificationCenter({
    createNotification: (notificationOptions) => {
      const notification = new FakeNotification(notificationOptions)
      created.push(notification)
      return notification
    },
    isSupported: () => options.supported ?? true,
    core,
    window,
    emit: (event, payload) => emitted.push([event, payload]),
    markupBody: options.markupBody ?? false,
    settings: () => settings,
  })
  // Let the roster seed (an async roster:list) settle.
  await vi.waitFor(() => expect(core.listeners.size).toBe(1))
  await new Promise((resolve) => setTimeout(resolve, 0))
  return { core, window, created, emitted, center, settings }
}

describe('NotificationCenter', () => {
  it('shows the sender’s avatar as the icon, learnt when it changes, but not at the "nothing" privacy level', async () => {
    const { core, created, settings } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'before her picture')])
    expect(created[0]?.options.icon).toBeUndefined()
    core.avatars.set('juliet@capulet.example', '/data/avatars/aa.png')
    core.emit('avatar:changed', { jid: 'juliet@capulet.example' })
    await vi.waitFor(() => {
      core.emit('messages:added', [incoming('juliet@capulet.example', 'with her picture')])
      expect(created.at(-1)?.options.icon).toBe('/data/avatars/aa.png')
    })
    settings.privacy = 'nothing'
    core.emit('messages:added', [incoming('juliet@capulet.example', 'anonymous')])
    expect(created.at(-1)?.options.icon).toBeUndefined()
  })

  it('looks up the avatars of the roster at start', async () => {
    const core = new FakeCore()
    core.avatars.set('juliet@capulet.example', '/data/avatars/bb.png')
    const icons = new AvatarIcons(core)
    await icons.load(core.roster.map((c) => c.jid))
    expect(icons.pathOf('juliet@capulet.example')).toBe('/data/avatars/bb.png')
    expect(icons.pathOf('nobody@example.org')).toBeUndefined()
  })

  it('shows a notification titled with the roster name for an incoming message', async () => {
    const { core, created } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'Wherefore art thou?')])
    expect(created.map((n) => [n.options, n.shown])).toEqual([
      [{ title: 'Juliet', body: 'Wherefore art thou?', silent: false }, true],
    ])
  })

  it('learns names from roster changes and falls back to the JID', async () => {
    const { core, created } = await setup()
    core.emit('roster:changed', { upserted: [contact('romeo@montague.example', 'Romeo')], removed: ['juliet@capulet.example'] })
    core.emit('messages:added', [incoming('romeo@montague.example', 'a'), incoming('juliet@capulet.example', 'b')])
    expect(created.map((n) => n.options.title)).toEqual(['Romeo', 'juliet@capulet.example'])
  })

  it('on click brings the window up and asks the UI to open the conversation', async () => {
    const { core, window, created, emitted } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    created[0]?.emit('click')
    expect(window.calls).toEqual(['show', 'focus'])
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'juliet@capulet.example' }]])
  })

  it('does nothing for the open conversation while the window is focused, or in do-not-disturb', async () => {
    const { core, window, created } = await setup()
    window.focused = true
    core.viewing = 'juliet@capulet.example'
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    window.focused = false
    core.presence = { show: 'dnd', status: '' }
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    expect(created).toEqual([])
  })

  it('notifies for another conversation while the window is focused on one', async () => {
    const { core, window, created } = await setup()
    window.focused = true
    core.viewing = 'romeo@montague.example'
    core.emit('messages:added', [incoming('romeo@montague.example', 'seen'), incoming('juliet@capulet.example', 'not seen')])
    expect(created.map((n) => n.options.body)).toEqual(['not seen'])
  })

  it('applies the privacy level and the sound choice as they are when a message arrives', async () => {
    const { core, created, settings } = await setup()
    settings.privacy = 'sender-only'
    settings.sound = false
    core.emit('messages:added', [incoming('romeo@montague.example', 'secret')])
    settings.privacy = 'nothing'
    core.emit('messages:added', [incoming('juliet@capulet.example', 'secret')])
    expect(created.map((n) => n.options)).toEqual([
      { title: 'romeo@montague.example', body: 'New message', silent: true },
      { title: 'XMPP Desk', body: 'New message', silent: true },
    ])
  })

  it('on click of a private notification still opens its conversation', async () => {
    const { core, created, emitted, settings } = await setup()
    settings.privacy = 'nothing'
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    created[0]?.emit('click')
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'juliet@capulet.example' }]])
  })

  it('never notifies for a sender the core says is blocked (XEP-0191)', async () => {
    const { core, created } = await setup()
    core.blocked.add('romeo@montague.example')
    core.emit('messages:added', [incoming('romeo@montague.example', 'let me in'), incoming('juliet@capulet.example', 'hi')])
    expect(created.map((n) => n.options.title)).toEqual(['Juliet'])
  })

  it('does nothing where the platform has no notification server', async () => {
    const { core, created } = await setup({ supported: false })
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    expect(created).toEqual([])
  })

  it('replaces the notification of a conversation and counts on', async () => {
    const { core, created } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'one')])
    core.emit('messages:added', [incoming('juliet@capulet.example', 'two'), incoming('juliet@capulet.example', 'three')])
    expect(created.map((n) => [n.options.body, n.shown, n.closed])).toEqual([
      ['one', true, true],
      ['3 new messages\nthree', true, false],
    ])
  })

  it('starts counting afresh after a notification was clicked', async () => {
    const { core, window, created } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'one')])
    created[0]?.emit('click')
    // The user read it and went back to another app.
    window.focused = false
    core.emit('messages:added', [incoming('juliet@capulet.example', 'two')])
    expect(created[1]?.options.body).toBe('two')
  })

  it('withdraws all notifications when the window gets focus', async () => {
    const { core, window, created } = await setup()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'a'), incoming('romeo@montague.example', 'b')])
    window.emit('focus')
    expect(created.map((n) => n.closed)).toEqual([true, true])
    core.emit('messages:added', [incoming('juliet@capulet.example', 'c')])
    expect(created[2]?.options.body).toBe('c')
  })

  it('escapes markup in the body on Linux', async () => {
    const { core, created } = await setup({ markupBody: true })
    core.emit('messages:added', [incoming('juliet@capulet.example', '<a href="x">click</a> & run')])
    expect(created[0]?.options.body).toBe('&lt;a href="x"&gt;click&lt;/a&gt; &amp; run')
  })

  it('stops listening on dispose', async () => {
    const { core, created, center } = await setup()
    center.dispose()
    core.emit('messages:added', [incoming('juliet@capulet.example', 'hi')])
    expect(created).toEqual([])
    expect(core.listeners.size).toBe(0)
  })
})
