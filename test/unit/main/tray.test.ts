import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { CoreEventListener } from '../../../electron/core/core-service'
import { TrayController, type TrayPort } from '../../../electron/main/tray'
import type { OwnPresence } from '../../../shared/types/domain'

/** A built "menu" is just its template, so tests can read labels and click items. */
type FakeMenu = MenuItemConstructorOptions[]

class FakeTray extends EventEmitter implements TrayPort<FakeMenu> {
  readonly menus: FakeMenu[] = []
  readonly tooltips: string[] = []
  destroyed = false
  setContextMenu(menu: FakeMenu): void {
    this.menus.push(menu)
  }
  setToolTip(text: string): void {
    this.tooltips.push(text)
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

class FakeCore {
  presence: OwnPresence = { show: 'available', status: 'at work' }
  unread = 0
  readonly listeners = new Set<CoreEventListener>()
  readonly setOwnPresence = vi.fn(async (presence: OwnPresence) => {
    this.presence = presence
    this.emit('presence:own')
  })
  ownPresence(): OwnPresence {
    return this.presence
  }
  unreadTotal(): number {
    return this.unread
  }
  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit(event: 'presence:own' | 'conversations:changed' | 'roster:changed'): void {
    for (const listener of this.listeners) {
      if (event === 'presence:own') listener(event, this.presence)
      else if (event === 'conversations:changed') listener(event, [])
      else listener(event, { upserted: [], removed: [] })
    }
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

function setup() {
  const tray = new FakeTray()
  const core = new FakeCore()
  const window = new FakeWindow()
  const quit = vi.fn()
  const buildMenu = vi.fn((template: MenuItemConstructorOptions[]): FakeMenu => template)
  const controller = new TrayController({ createTray: () => tray, buildMenu, core, window, quit })
  return { tray, core, window, quit, buildMenu, controller }
}

function labels(menu: FakeMenu): string[] {
  return menu.map((item) => (item.type === 'separator' ? '—' : String(item.label)))
}

function item(menu: FakeMenu, label: string): MenuItemConstructorOptions {
  const found = menu.find((entry) => entry.label === label)
  if (!found) throw new Error(`no item ${label}`)
  return found
}

function statusItems(menu: FakeMenu): MenuItemConstructorOptions[] {
  const submenu = menu[0]?.submenu
  if (!Array.isArray(submenu)) throw new Error('no status submenu')
  return submenu
}

function click(entry: MenuItemConstructorOptions): void {
  // Electron passes (menuItem, window, event); our handlers ignore them.
  const handler = entry.click as (() => void) | undefined
  if (!handler) throw new Error(`${String(entry.label)} is not clickable`)
  handler()
}

describe('TrayController rendering', () => {
  it('renders the menu and tooltip once at start', () => {
    const { tray } = setup()
    expect(tray.menus).toHaveLength(1)
    expect(labels(tray.menu)).toEqual(['Status: Available', '—', 'Hide', '—', 'Quit'])
    expect(tray.tooltips).toEqual(['XMPP Desk — Available'])
    const radios = statusItems(tray.menu).map((entry) => [entry.label, entry.type, entry.checked])
    expect(radios).toEqual([
      ['Available', 'radio', true],
      ['Away', 'radio', false],
      ['Extended away', 'radio', false],
      ['Do not disturb', 'radio', false],
      ['Offline', 'radio', false],
    ])
  })

  it('re-renders when own presence changes', () => {
    const { tray, core } = setup()
    core.presence = { show: 'dnd', status: '' }
    core.emit('presence:own')
    expect(tray.menus).toHaveLength(2)
    expect(labels(tray.menu)[0]).toBe('Status: Do not disturb')
    expect(tray.tooltips.at(-1)).toBe('XMPP Desk — Do not disturb')
  })

  it('re-renders when the unread total changes', () => {
    const { tray, core } = setup()
    core.unread = 4
    core.emit('conversations:changed')
    expect(tray.tooltips).toEqual(['XMPP Desk — Available', 'XMPP Desk — Available, 4 unread'])
  })

  it('does not rebuild the menu when nothing it shows changed', () => {
    const { tray, core, buildMenu } = setup()
    core.emit('conversations:changed')
    core.emit('presence:own')
    core.emit('roster:changed')
    expect(buildMenu).toHaveBeenCalledTimes(1)
    expect(tray.menus).toHaveLength(1)
  })

  it('offers Show once the window is hidden, and Hide again when shown', () => {
    const { tray, window } = setup()
    window.hide()
    expect(labels(tray.menu)[2]).toBe('Show')
    window.show()
    expect(labels(tray.menu)[2]).toBe('Hide')
    expect(tray.menus).toHaveLength(3)
  })
})

describe('TrayController clicks', () => {
  it('sets the clicked presence, keeping the current status text', async () => {
    const { tray, core } = setup()
    click(statusItems(tray.menu)[1] as MenuItemConstructorOptions)
    expect(core.setOwnPresence).toHaveBeenCalledWith({ show: 'away', status: 'at work' })
    await vi.waitFor(() => expect(labels(tray.menu)[0]).toBe('Status: Away'))
  })

  it('re-renders the real state when setting presence fails', async () => {
    const { tray, core } = setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    core.setOwnPresence.mockRejectedValueOnce(new Error('offline'))
    click(statusItems(tray.menu)[3] as MenuItemConstructorOptions)
    await vi.waitFor(() => expect(tray.menus).toHaveLength(2))
    expect(statusItems(tray.menu).find((entry) => entry.checked)?.label).toBe('Available')
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })

  it('hides and shows the window', () => {
    const { tray, window } = setup()
    click(item(tray.menu, 'Hide'))
    expect(window.visible).toBe(false)
    click(item(tray.menu, 'Show'))
    expect(window.calls).toEqual(['hide', 'show', 'focus'])
  })

  it('quits', () => {
    const { tray, quit } = setup()
    click(item(tray.menu, 'Quit'))
    expect(quit).toHaveBeenCalledTimes(1)
  })

  it('shows the window when the icon itself is clicked', () => {
    const { tray, window } = setup()
    window.visible = false
    tray.emit('click')
    expect(window.calls).toEqual(['show', 'focus'])
  })

  it('stops listening and removes the icon on dispose', () => {
    const { tray, core, controller } = setup()
    controller.dispose()
    expect(tray.destroyed).toBe(true)
    expect(core.listeners.size).toBe(0)
  })
})

describe('tray icons', () => {
  it.each([
    ['tray.png', 16],
    ['tray@2x.png', 32],
  ])('%s is a %i px RGBA PNG with visible pixels', (file, size) => {
    const png = readFileSync(new URL(`../../../build/icons/${file}`, import.meta.url))
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.toString('ascii', 12, 16)).toBe('IHDR')
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([size, size, 8, 6])
    const idatStart = png.indexOf('IDAT', 0, 'ascii')
    const pixels = inflateSync(png.subarray(idatStart + 4, idatStart + 4 + png.readUInt32BE(idatStart - 4)))
    expect(pixels).toHaveLength(size * (size * 4 + 1))
    const alphas = Array.from({ length: size * size }, (_, i) => pixels[Math.floor(i / size) * (size * 4 + 1) + 1 + (i % size) * 4 + 3])
    expect(alphas.filter((alpha) => alpha === 255).length).toBeGreaterThan(size * size * 0.3)
    expect(alphas.filter((alpha) => alpha === 0).length).toBeGreaterThan(0)
  })
})
