// The tray menu as plain data: which presence is checked, whether the window can be shown or
// hidden, and the tooltip. Items carry action ids instead of closures so the template can be
// compared, tested and rendered by any host. Layer: electron/core (pure, no Node, no electron).
import type { OwnPresence, OwnShow } from '../../../shared/types/domain'
import { showLabel } from '../../../shared/util/presence'

export const APP_NAME = 'XMPP Desk'

export type TrayAction =
  | { kind: 'presence'; show: OwnShow }
  | { kind: 'show-window' }
  | { kind: 'hide-window' }
  | { kind: 'quit' }

export type TrayMenuItem =
  | { type: 'radio'; label: string; checked: boolean; action: TrayAction }
  | { type: 'normal'; label: string; action: TrayAction }
  | { type: 'submenu'; label: string; submenu: TrayMenuItem[] }
  | { type: 'separator' }

export interface TrayMenuState {
  ownPresence: OwnPresence
  unreadTotal: number
  windowVisible: boolean
}

export interface TrayView {
  tooltip: string
  template: TrayMenuItem[]
}

/** The order the user reads them in: most to least reachable. */
export const PRESENCE_CHOICES: readonly OwnShow[] = ['available', 'away', 'xa', 'dnd', 'offline']

export function trayTooltip(state: TrayMenuState): string {
  const parts = [showLabel(state.ownPresence.show)]
  if (state.unreadTotal > 0) parts.push(`${state.unreadTotal} unread`)
  return `${APP_NAME} — ${parts.join(', ')}`
}

export function buildTrayView(state: TrayMenuState): TrayView {
  const current = state.ownPresence.show
  const presenceItems: TrayMenuItem[] = PRESENCE_CHOICES.map((show) => ({
    type: 'radio',
    label: showLabel(show),
    checked: show === current,
    action: { kind: 'presence', show },
  }))
  // Linux app indicators never report clicks on the icon, so Show/Hide must be a menu item.
  const windowItem: TrayMenuItem = state.windowVisible
    ? { type: 'normal', label: 'Hide', action: { kind: 'hide-window' } }
    : { type: 'normal', label: 'Show', action: { kind: 'show-window' } }
  return {
    tooltip: trayTooltip(state),
    template: [
      { type: 'submenu', label: `Status: ${showLabel(current)}`, submenu: presenceItems },
      { type: 'separator' },
      windowItem,
      { type: 'separator' },
      { type: 'normal', label: 'Quit', action: { kind: 'quit' } },
    ],
  }
}
