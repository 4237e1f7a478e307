import { describe, expect, it } from 'vitest'
import {
  MENU_NAME_LENGTH,
  buildTrayView,
  menuText,
  trayIcon,
  trayTooltip,
  type TrayMenuItem,
  type TrayMenuState,
} from '../../../../electron/core/presence/presence-menu'

const state = (over: Partial<TrayMenuState> = {}): TrayMenuState => ({
  ownPresence: { show: 'away', status: 'lunch' },
  unreadTotal: 3,
  windowVisible: true,
  recent: [],
  options: { autoAway: true, closeToTray: true, startMinimized: false, startAtLogin: false },
  ...over,
})

function labels(template: TrayMenuItem[]): string[] {
  return template.map((item) => (item.type === 'separator' ? '—' : item.label))
}

function submenu(template: TrayMenuItem[], label: string): TrayMenuItem[] {
  const found = template.find((item) => item.type === 'submenu' && item.label.startsWith(label))
  if (found?.type !== 'submenu') throw new Error(`no submenu ${label}`)
  return found.submenu
}

describe('buildTrayView: menu', () => {
  it('lists the five presences as radio items, only the current one checked', () => {
    expect(submenu(buildTrayView(state()).template, 'Status')).toEqual([
      { type: 'radio', label: 'Available', checked: false, action: { kind: 'presence', show: 'available' } },
      { type: 'radio', label: 'Away', checked: true, action: { kind: 'presence', show: 'away' } },
      { type: 'radio', label: 'Extended away', checked: false, action: { kind: 'presence', show: 'xa' } },
      { type: 'radio', label: 'Do not disturb', checked: false, action: { kind: 'presence', show: 'dnd' } },
      { type: 'radio', label: 'Offline', checked: false, action: { kind: 'presence', show: 'offline' } },
    ])
  })

  it('moves the check with the presence', () => {
    const items = submenu(buildTrayView(state({ ownPresence: { show: 'dnd', status: '' } })).template, 'Status')
    expect(items.filter((item) => item.type === 'radio' && item.checked).map((item) => (item.type === 'radio' ? item.label : ''))).toEqual([
      'Do not disturb',
    ])
  })

  it('without conversations: status, status message, Hide, options, Quit', () => {
    const { template } = buildTrayView(state())
    expect(labels(template)).toEqual(['Status: Away', 'Set status message…', '—', 'Hide', 'Options', '—', 'Quit'])
    expect(template[1]).toEqual({ type: 'normal', label: 'Set status message…', action: { kind: 'edit-status' } })
    expect(template.at(-1)).toEqual({ type: 'normal', label: 'Quit', action: { kind: 'quit' } })
  })

  it('lists the recent conversations, with unread counts, between two separators', () => {
    const { template } = buildTrayView(
      state({
        recent: [
          { jid: 'juliet@capulet.example', name: 'Juliet', unread: 2 },
          { jid: 'nurse@capulet.example', name: 'nurse@capulet.example', unread: 0 },
        ],
      }),
    )
    expect(labels(template)).toEqual([
      'Status: Away',
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
    expect(template[3]).toEqual({
      type: 'normal',
      label: 'Juliet (2)',
      action: { kind: 'open-conversation', jid: 'juliet@capulet.example' },
    })
  })

  it('offers Show when the window is hidden', () => {
    const { template } = buildTrayView(state({ windowVisible: false }))
    expect(template[3]).toEqual({ type: 'normal', label: 'Show', action: { kind: 'show-window' } })
  })

  it('shows each shell option as a checkbox with its state', () => {
    const options = { autoAway: false, closeToTray: true, startMinimized: true, startAtLogin: false }
    expect(submenu(buildTrayView(state({ options })).template, 'Options')).toEqual([
      { type: 'checkbox', label: 'Away when idle or locked', checked: false, action: { kind: 'toggle-option', option: 'autoAway' } },
      { type: 'checkbox', label: 'Keep running in the tray when closed', checked: true, action: { kind: 'toggle-option', option: 'closeToTray' } },
      { type: 'checkbox', label: 'Start minimized', checked: true, action: { kind: 'toggle-option', option: 'startMinimized' } },
      { type: 'checkbox', label: 'Start at login', checked: false, action: { kind: 'toggle-option', option: 'startAtLogin' } },
    ])
  })

  it('is plain data: no functions anywhere, so it survives JSON', () => {
    const view = buildTrayView(state({ recent: [{ jid: 'a@b.example', name: 'A', unread: 1 }] }))
    expect(JSON.parse(JSON.stringify(view))).toEqual(view)
  })
})

describe('menuText', () => {
  it('doubles & so menus do not read it as a mnemonic marker', () => {
    expect(menuText('Tom & Jerry')).toBe('Tom && Jerry')
  })

  it('keeps a name to one line', () => {
    expect(menuText(' two\nlines\there ')).toBe('two lines here')
  })

  it('cuts a long name with an ellipsis, without splitting a character', () => {
    const long = '😀'.repeat(MENU_NAME_LENGTH + 5)
    const text = menuText(long)
    expect([...text]).toHaveLength(MENU_NAME_LENGTH)
    expect(text.endsWith('😀…')).toBe(true)
  })

  it('is applied to conversation names', () => {
    const { template } = buildTrayView(state({ recent: [{ jid: 'x@y.example', name: 'R&D', unread: 0 }] }))
    expect(labels(template)).toContain('R&&D')
  })
})

describe('tray icon and tooltip', () => {
  it('picks the icon of the presence, with the unread variant when anything is unread', () => {
    expect(trayIcon('dnd', 0)).toBe('dnd')
    expect(trayIcon('dnd', 4)).toBe('dnd-unread')
    expect(buildTrayView(state({ ownPresence: { show: 'xa', status: '' }, unreadTotal: 0 })).icon).toBe('xa')
    expect(buildTrayView(state()).icon).toBe('away-unread')
  })

  it('names the app, the presence and the unread count', () => {
    expect(trayTooltip(state())).toBe('XMPP Desk — Away, 3 unread')
    expect(buildTrayView(state()).tooltip).toBe('XMPP Desk — Away, 3 unread')
  })

  it('leaves out the unread count when there is nothing unread', () => {
    expect(trayTooltip(state({ unreadTotal: 0, ownPresence: { show: 'available', status: '' } }))).toBe('XMPP Desk — Available')
  })

  it('uses the long labels for xa and dnd', () => {
    expect(trayTooltip(state({ unreadTotal: 1, ownPresence: { show: 'xa', status: '' } }))).toBe('XMPP Desk — Extended away, 1 unread')
    expect(trayTooltip(state({ unreadTotal: 0, ownPresence: { show: 'dnd', status: '' } }))).toBe('XMPP Desk — Do not disturb')
  })
})
