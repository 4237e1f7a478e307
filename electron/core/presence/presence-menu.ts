// The tray as plain data: which icon to show, the tooltip, and the menu (presence, status message,
// recent conversations, Show/Hide, shell options, Quit). Items carry action ids instead of
// closures so the template can be compared, tested and rendered by any host.
// Layer: electron/core (pure, no Node, no electron).
import type { OwnPresence, OwnShow } from '../../../shared/types/domain'
import { showLabel } from '../../../shared/util/presence'

export const APP_NAME = 'XMPP Desk'

/** The shell settings the tray menu can switch on and off. */
export type ShellOption = 'autoAway' | 'closeToTray' | 'startMinimized' | 'startAtLogin'

export type TrayAction =
  | { kind: 'presence'; show: OwnShow }
  | { kind: 'edit-status' }
  | { kind: 'open-conversation'; jid: string }
  | { kind: 'toggle-option'; option: ShellOption }
  | { kind: 'show-window' }
  | { kind: 'hide-window' }
  | { kind: 'quit' }

export type TrayMenuItem =
  | { type: 'radio'; label: string; checked: boolean; action: TrayAction }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { type: 'normal'; label: string; action: TrayAction }
  | { type: 'submenu'; label: string; submenu: TrayMenuItem[] }
  | { type: 'separator' }

export interface RecentConversation {
  jid: string
  /** Roster name, or the JID for a contact without one. */
  name: string
  unread: number
}

export interface TrayMenuState {
  ownPresence: OwnPresence
  unreadTotal: number
  windowVisible: boolean
  /** Newest first, already cut to the few the menu shows. */
  recent: readonly RecentConversation[]
  options: Readonly<Record<ShellOption, boolean>>
}

/** The icon file stem: build/tray/tray-<icon>.png (and @2x). */
export type TrayIcon = OwnShow | `${OwnShow}-unread`

export interface TrayView {
  icon: TrayIcon
  tooltip: string
  template: TrayMenuItem[]
}

/** The order the user reads them in: most to least reachable. */
export const PRESENCE_CHOICES: readonly OwnShow[] = ['available', 'away', 'xa', 'dnd', 'offline']

const OPTION_LABELS: ReadonlyArray<[ShellOption, string]> = [
  ['autoAway', 'Away when idle or locked'],
  ['closeToTray', 'Keep running in the tray when closed'],
  ['startMinimized', 'Start minimized'],
  ['startAtLogin', 'Start at login'],
]

/** Longest contact name in the menu; longer ones end in an ellipsis. */
export const MENU_NAME_LENGTH = 40

/**
 * A contact-chosen name made safe for a native menu label: one line, bounded, and with `&` doubled
 * because Windows and Linux menus read a single `&` as a keyboard-mnemonic marker.
 */
export function menuText(text: string): string {
  const line = text.replace(/\s+/gu, ' ').trim()
  const chars = [...line]
  const short = chars.length > MENU_NAME_LENGTH ? `${chars.slice(0, MENU_NAME_LENGTH - 1).join('')}…` : line
  return short.replaceAll('&', '&&')
}

export function trayIcon(show: OwnShow, unreadTotal: number): TrayIcon {
  return unreadTotal > 0 ? `${show}-unread` : show
}

export function trayTooltip(state: Pick<TrayMenuState, 'ownPresence' | 'unreadTotal'>): string {
  const parts = [showLabel(state.ownPresence.show)]
  if (state.unreadTotal > 0) parts.push(`${state.unreadTotal} unread`)
  return `${APP_NAME} — ${parts.join(', ')}`
}

function conversationItem(conversation: RecentConversation): TrayMenuItem {
  const name = menuText(conversation.name)
  return {
    type: 'normal',
    label: conversation.unread > 0 ? `${name} (${conversation.unread})` : name,
    action: { kind: 'open-conversation', jid: conversation.jid },
  }
}

export function buildTrayView(state: TrayMenuState): TrayView {
  const current = state.ownPresence.show
  const presenceItems: TrayMenuItem[] = PRESENCE_CHOICES.map((show) => ({
    type: 'radio',
    label: showLabel(show),
    checked: show === current,
    action: { kind: 'presence', show },
  }))
  const optionItems: TrayMenuItem[] = OPTION_LABELS.map(([option, label]) => ({
    type: 'checkbox',
    label,
    checked: state.options[option],
    action: { kind: 'toggle-option', option },
  }))
  const conversations = state.recent.map(conversationItem)
  // Linux app indicators never report clicks on the icon, so Show/Hide must be a menu item.
  const windowItem: TrayMenuItem = state.windowVisible
    ? { type: 'normal', label: 'Hide', action: { kind: 'hide-window' } }
    : { type: 'normal', label: 'Show', action: { kind: 'show-window' } }
  return {
    icon: trayIcon(current, state.unreadTotal),
    tooltip: trayTooltip(state),
    template: [
      { type: 'submenu', label: `Status: ${showLabel(current)}`, submenu: presenceItems },
      { type: 'normal', label: 'Set status message…', action: { kind: 'edit-status' } },
      { type: 'separator' },
      ...(conversations.length > 0 ? [...conversations, { type: 'separator' } as const] : []),
      windowItem,
      { type: 'submenu', label: 'Options', submenu: optionItems },
      { type: 'separator' },
      { type: 'normal', label: 'Quit', action: { kind: 'quit' } },
    ],
  }
}
