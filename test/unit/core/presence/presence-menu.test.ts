import { describe, expect, it } from 'vitest'
import { buildTrayView, trayTooltip, type TrayMenuItem, type TrayMenuState } from '../../../../electron/core/presence/presence-menu'

const state = (over: Partial<TrayMenuState> = {}): TrayMenuState => ({
  ownPresence: { show: 'away', status: 'lunch' },
  unreadTotal: 3,
  windowVisible: true,
  ...over,
})

function presenceSubmenu(template: TrayMenuItem[]): TrayMenuItem[] {
  const first = template[0]
  if (first?.type !== 'submenu') throw new Error('first item must be the presence submenu')
  return first.submenu
}

describe('buildTrayView', () => {
  it('lists the five presences as radio items, only the current one checked', () => {
    const items = presenceSubmenu(buildTrayView(state()).template)
    expect(items).toEqual([
      { type: 'radio', label: 'Available', checked: false, action: { kind: 'presence', show: 'available' } },
      { type: 'radio', label: 'Away', checked: true, action: { kind: 'presence', show: 'away' } },
      { type: 'radio', label: 'Extended away', checked: false, action: { kind: 'presence', show: 'xa' } },
      { type: 'radio', label: 'Do not disturb', checked: false, action: { kind: 'presence', show: 'dnd' } },
      { type: 'radio', label: 'Offline', checked: false, action: { kind: 'presence', show: 'offline' } },
    ])
  })

  it('moves the check with the presence', () => {
    const items = presenceSubmenu(buildTrayView(state({ ownPresence: { show: 'dnd', status: '' } })).template)
    const checked = items.filter((item) => item.type === 'radio' && item.checked)
    expect(checked).toEqual([
      { type: 'radio', label: 'Do not disturb', checked: true, action: { kind: 'presence', show: 'dnd' } },
    ])
  })

  it('names the current presence on the submenu, then offers Hide and Quit', () => {
    const { template } = buildTrayView(state())
    expect(template.map((item) => (item.type === 'separator' ? '—' : item.label))).toEqual([
      'Status: Away',
      '—',
      'Hide',
      '—',
      'Quit',
    ])
    expect(template[2]).toEqual({ type: 'normal', label: 'Hide', action: { kind: 'hide-window' } })
    expect(template[4]).toEqual({ type: 'normal', label: 'Quit', action: { kind: 'quit' } })
  })

  it('offers Show when the window is hidden', () => {
    const { template } = buildTrayView(state({ windowVisible: false }))
    expect(template[2]).toEqual({ type: 'normal', label: 'Show', action: { kind: 'show-window' } })
  })

  it('is plain data: no functions anywhere, so it survives JSON', () => {
    const view = buildTrayView(state())
    expect(JSON.parse(JSON.stringify(view))).toEqual(view)
  })
})

describe('trayTooltip', () => {
  it('names the app, the presence and the unread count', () => {
    expect(trayTooltip(state())).toBe('XMPP Desk — Away, 3 unread')
    expect(buildTrayView(state()).tooltip).toBe('XMPP Desk — Away, 3 unread')
  })

  it('leaves out the unread count when there is nothing unread', () => {
    expect(trayTooltip(state({ unreadTotal: 0, ownPresence: { show: 'available', status: '' } }))).toBe(
      'XMPP Desk — Available',
    )
  })

  it('uses the long labels for xa and dnd', () => {
    expect(trayTooltip(state({ unreadTotal: 1, ownPresence: { show: 'xa', status: '' } }))).toBe(
      'XMPP Desk — Extended away, 1 unread',
    )
    expect(trayTooltip(state({ unreadTotal: 0, ownPresence: { show: 'dnd', status: '' } }))).toBe(
      'XMPP Desk — Do not disturb',
    )
  })
})
