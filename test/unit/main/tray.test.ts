import { EventEmitter } from 'node:events'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { Envelope, EventName, EventPayload } from '../../../shared/ipc/contract'
import type { CoreEventListener } from '../../../electron/core/core-service'
import type { ShellOption } from '../../../electron/core/presence/presence-menu'
import { TrayController, type TrayPort } from '../../../electron/main/tray'
import type { Contact, ConversationSummary, OwnPresence } from '../../../shared/types/domain'
import { contact } from './contacts'

/** A built "menu" is just its template, so tests can read labels and click items. */
type FakeMenu = MenuItemConstructorOptions[]

class FakeTray extends EventEmitter implements TrayPort<FakeMenu> {
  readonly menus: FakeMenu[] = []
  readonly tooltips: string[] = []
  readonly images: string[] = []
  destroyed = false
  constructor(readonly initialImage: string) {
    super()
  }
  setContextMenu(menu: FakeMenu): void {
    this.menus.push(menu)
  }
  setToolTip(text: string): void {
    this.tooltips.push(text)
  }
  setImage(iconPath: string): void {
    this.images.push(iconPath)
  }
  destroy(): void {
    this.destroyed = true
  }
  get menu(): FakeMenu {
    const menu = this.menus.at(-1)
    if (!menu) throw new Error('no menu rendered')
    return menu
  }
}

const summary = (jid: string, lastActivity: number, unread: number): ConversationSummary => ({
  jid,
  lastActivity,
  unread,
  lastBody: '',
  lastDirection: 'in',
})

class FakeCore {
  presence: OwnPresence = { show: 'available', status: 'at work' }
  unread = 0
  conversations: ConversationSummary[] = [summary('juliet@capulet.example', 20, 2), summary('nurse@capulet.example', 10, 0)]
  roster: Contact[] = [contact('juliet@capulet.example', 'Juliet')]
  readonly listeners = new Set<CoreEventListener>()
  readonly setOwnPresence = vi.fn(async (presence: OwnPresence) => {
    this.presence = presence
    this.emit('presence:own', presence)
  })
  ownPresence(): OwnPresence {
    return this.presence
  }
  unreadTotal(): number {
    return this.unread
  }
  async handle(command: string): Promise<Envelope<unknown>> {
    if (command === 'conversations:list') return { ok: true, value: this.conversations }
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
  visible = true
  readonly calls: string[] = []
  show(): void {
    this.calls.push('show')
    this.visible = true
    this.emit('show')
  }
  hide(): void {
    this.calls.push('hide')
    this.visible = false
    this.emit('hide')
  }
  focus(): void {
    this.calls.push('focus')
  }
  restore(): void {
    this.calls.push('restore')
  }
  isVisible(): boolean {
    return this.visible
  }
  isMinimized(): boolean {
    return false
  }
}

class FakeShell {
  values: Record<ShellOption, boolean> = { autoAway: true, closeToTray: true, startMinimized: false, startAtLogin: false }
  readonly listeners = new Set<() => void>()
  readonly toggle = vi.fn(async (option: ShellOption) => {
    this.values = { ...this.values, [option]: !this.values[option] }
    for (const listener of this.listeners) listener()
  })
  options(): Record<ShellOption, boolean> {
    return this.values
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

async function setup(prepare: (core: FakeCore) => void = () => undefined) {
  const core = new FakeCore()
  prepare(core)
  const window = new FakeWindow()
  const shell = new FakeShell()
  const quit = vi.fn()
  const emitted: unknown[][] = []
  let tray: FakeTray | null = null
  const buildMenu = vi.fn((template: MenuItemConstructorOptions[]): FakeMenu => template)
  const controller = new TrayController({
    createTray: (iconPath) => (tray = new FakeTray(iconPath)),
    iconPath: (icon) => `/icons/tray-${icon}.png`,
    buildMenu,
    core,
    window,
    shell,
    emit: (event, payload) => emitted.push([event, payload]),
    quit,
  })
  if (tray === null) throw new Error('no tray created')
  const created: FakeTray = tray
  // Let the roster and conversation lists (async commands) arrive.
  await vi.waitFor(() => expect(labels(created.menu)).toContain('Juliet (2)'))
  return { tray: created, core, window, shell, quit, buildMenu, emitted, controller }
}

function labels(menu: FakeMenu): string[] {
  return menu.map((item) => (item.type === 'separator' ? '—' : String(item.label)))
}

function item(menu: FakeMenu, label: string): MenuItemConstructorOptions {
  const found = menu.find((entry) => entry.label === label)
  if (!found) throw new Error(`no item ${label}`)
  return found
}

function submenu(menu: FakeMenu, prefix: string): MenuItemConstructorOptions[] {
  const found = menu.find((entry) => String(entry.label).startsWith(prefix))?.submenu
  if (!Array.isArray(found)) throw new Error(`no submenu ${prefix}`)
  return found
}

function click(entry: MenuItemConstructorOptions | undefined): void {
  // Electron passes (menuItem, window, event); our handlers ignore them.
  const handler = entry?.click as (() => void) | undefined
  if (!handler) throw new Error(`${String(entry?.label)} is not clickable`)
  handler()
}

describe('TrayController rendering', () => {
  it('starts with the presence icon and renders the menu with recent conversations by name', async () => {
    const { tray } = await setup()
    expect(tray.initialImage).toBe('/icons/tray-available.png')
    expect(labels(tray.menu)).toEqual([
      'Status: Available',
      'Set status message…',
      '—',
      'Juliet (2)',
      'nurse@capulet.example',
      '—',
      'Hide',
      'Options',
      '—',
      'Quit',
    ])
    expect(tray.tooltips.at(-1)).toBe('XMPP Desk — Available')
  })

  it('switches to the icon of the new presence', async () => {
    const { tray, core } = await setup()
    core.presence = { show: 'dnd', status: '' }
    core.emit('presence:own', core.presence)
    expect(labels(tray.menu)[0]).toBe('Status: Do not disturb')
    expect(tray.images.at(-1)).toBe('/icons/tray-dnd.png')
    expect(tray.tooltips.at(-1)).toBe('XMPP Desk — Do not disturb')
  })

  it('shows the unread variant and count while anything is unread', async () => {
    const { tray, core } = await setup()
    core.unread = 4
    core.emit('conversations:changed', [summary('juliet@capulet.example', 30, 4)])
    expect(tray.images.at(-1)).toBe('/icons/tray-available-unread.png')
    expect(tray.tooltips.at(-1)).toBe('XMPP Desk — Available, 4 unread')
    expect(labels(tray.menu)).toContain('Juliet (4)')
  })

  it('puts a conversation with new activity first', async () => {
    const { tray, core } = await setup()
    core.emit('conversations:changed', [summary('romeo@montague.example', 99, 1)])
    expect(labels(tray.menu).slice(3, 6)).toEqual(['romeo@montague.example (1)', 'Juliet (2)', 'nurse@capulet.example'])
  })

  it('follows roster renames', async () => {
    const { tray, core } = await setup()
    core.emit('roster:changed', { upserted: [contact('nurse@capulet.example', 'Nurse')], removed: [] })
    expect(labels(tray.menu)).toContain('Nurse')
  })

  it('empties the list on sign-out and reloads it on sign-in', async () => {
    const { tray, core } = await setup()
    core.conversations = []
    core.emit('connection:state', { status: 'signed-out' })
    expect(labels(tray.menu)).not.toContain('Juliet (2)')
    core.conversations = [summary('romeo@montague.example', 5, 0)]
    core.emit('connection:state', { status: 'online', jid: 'romeo@montague.example/desk' })
    await vi.waitFor(() => expect(labels(tray.menu)).toContain('romeo@montague.example'))
  })

  it('does not rebuild the menu when nothing it shows changed', async () => {
    const { tray, core, buildMenu } = await setup()
    const built = buildMenu.mock.calls.length
    core.emit('conversations:changed', [])
    core.emit('presence:own', core.presence)
    core.emit('messages:added', [])
    expect(buildMenu).toHaveBeenCalledTimes(built)
    expect(tray.menus).toHaveLength(built)
  })

  it('offers Show once the window is hidden, and Hide again when shown', async () => {
    const { tray, window } = await setup()
    window.hide()
    expect(labels(tray.menu)).toContain('Show')
    window.show()
    expect(labels(tray.menu)).toContain('Hide')
  })
})

describe('TrayController clicks', () => {
  it('sets the clicked presence, keeping the current status text', async () => {
    const { tray, core } = await setup()
    click(submenu(tray.menu, 'Status')[1])
    expect(core.setOwnPresence).toHaveBeenCalledWith({ show: 'away', status: 'at work' })
    await vi.waitFor(() => expect(labels(tray.menu)[0]).toBe('Status: Away'))
  })

  it('re-renders the real state when setting presence fails', async () => {
    const { tray, core } = await setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const before = tray.menus.length
    core.setOwnPresence.mockRejectedValueOnce(new Error('offline'))
    click(submenu(tray.menu, 'Status')[3])
    await vi.waitFor(() => expect(tray.menus).toHaveLength(before + 1))
    expect(submenu(tray.menu, 'Status').find((entry) => entry.checked)?.label).toBe('Available')
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })

  it('"Set status message…" shows the window and asks the UI for the status editor', async () => {
    const { tray, window, emitted } = await setup()
    window.visible = false
    click(item(tray.menu, 'Set status message…'))
    expect(window.calls).toEqual(['show', 'focus'])
    expect(emitted).toEqual([['ui:edit-status', null]])
  })

  it('a conversation item shows the window and opens that conversation', async () => {
    const { tray, emitted, window } = await setup()
    click(item(tray.menu, 'Juliet (2)'))
    expect(window.calls).toEqual(['show', 'focus'])
    expect(emitted).toEqual([['ui:open-conversation', { jid: 'juliet@capulet.example' }]])
  })

  it('toggles a shell option and shows its new state', async () => {
    const { tray, shell } = await setup()
    click(submenu(tray.menu, 'Options').find((entry) => entry.label === 'Start at login'))
    expect(shell.toggle).toHaveBeenCalledWith('startAtLogin')
    expect(submenu(tray.menu, 'Options').find((entry) => entry.label === 'Start at login')?.checked).toBe(true)
  })

  it('re-renders the real state when a setting cannot be changed', async () => {
    const { tray, shell } = await setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const before = tray.menus.length
    shell.toggle.mockRejectedValueOnce(new Error('read-only disk'))
    click(submenu(tray.menu, 'Options').find((entry) => entry.label === 'Start minimized'))
    await vi.waitFor(() => expect(tray.menus).toHaveLength(before + 1))
    expect(submenu(tray.menu, 'Options').find((entry) => entry.label === 'Start minimized')?.checked).toBe(false)
    error.mockRestore()
  })

  it('hides and shows the window', async () => {
    const { tray, window } = await setup()
    click(item(tray.menu, 'Hide'))
    expect(window.visible).toBe(false)
    click(item(tray.menu, 'Show'))
    expect(window.calls).toEqual(['hide', 'show', 'focus'])
  })

  it('quits', async () => {
    const { tray, quit } = await setup()
    click(item(tray.menu, 'Quit'))
    expect(quit).toHaveBeenCalledTimes(1)
  })

  it('shows the window when the icon itself is clicked', async () => {
    const { tray, window } = await setup()
    window.visible = false
    tray.emit('click')
    expect(window.calls).toEqual(['show', 'focus'])
  })

  it('stops listening and removes the icon on dispose', async () => {
    const { tray, core, shell, controller } = await setup()
    controller.dispose()
    expect(tray.destroyed).toBe(true)
    expect(core.listeners.size).toBe(0)
    expect(shell.listeners.size).toBe(0)
  })
})
