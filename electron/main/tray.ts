// The tray icon: an icon per own presence (with an unread variant), the unread count in the
// tooltip, and the menu from core/presence/presence-menu.ts (presence, status message, recent
// conversations, Show/Hide, options, Quit). Re-renders only when the view changes. Tray and Menu
// are injected. Layer: electron/main.
import type { MenuItemConstructorOptions } from 'electron'
import { commands } from '../../shared/ipc/contract'
import type { ConversationSummary } from '../../shared/types/domain'
import type { CoreService } from '../core/core-service'
import {
  buildTrayView,
  type ShellOption,
  type TrayAction,
  type TrayIcon,
  type TrayMenuItem,
  type TrayView,
} from '../core/presence/presence-menu'
import { mergeSummaries, pickRecent } from '../core/presence/recent-conversations'
import { ContactNames } from './contact-names'
import { isEvent } from './core-events'
import type { RendererEmitter } from './ipc-router'
import { revealWindow, type WindowPort } from './window'

export interface TrayPort<M> {
  setContextMenu(menu: M): void
  setToolTip(text: string): void
  setImage(iconPath: string): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayWindowPort extends WindowPort {
  on(event: 'show' | 'hide', listener: () => void): unknown
}

/** The shell settings the menu shows as checkboxes (see shell-preferences.ts). */
export interface TrayOptionsPort {
  options(): Readonly<Record<ShellOption, boolean>>
  toggle(option: ShellOption): Promise<void>
  subscribe(listener: () => void): () => void
}

export interface TrayControllerOptions<M> {
  createTray(iconPath: string): TrayPort<M>
  /** Where the icon file for a tray state is (build/tray/tray-<icon>.png, copied to out/tray). */
  iconPath(icon: TrayIcon): string
  buildMenu(template: MenuItemConstructorOptions[]): M
  core: Pick<CoreService, 'ownPresence' | 'setOwnPresence' | 'unreadTotal' | 'subscribe' | 'handle'>
  window: TrayWindowPort
  shell: TrayOptionsPort
  /** Asks the renderer to open a conversation or the status editor. */
  emit: RendererEmitter
  quit(): void
}

export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'submenu':
        return { type: 'submenu', label: item.label, submenu: toMenuTemplate(item.submenu, onAction) }
      case 'radio':
      case 'checkbox':
        return { type: item.type, label: item.label, checked: item.checked, click: () => onAction(item.action) }
      case 'normal':
        return { type: 'normal', label: item.label, click: () => onAction(item.action) }
    }
  })
}

export class TrayController<M> {
  readonly #options: TrayControllerOptions<M>
  readonly #tray: TrayPort<M>
  readonly #names = new ContactNames()
  readonly #unsubscribe: Array<() => void>
  #conversations = new Map<string, ConversationSummary>()
  /** The last rendered view, serialized: rebuilding an unchanged menu makes some Linux panels flicker. */
  #rendered = ''

  constructor(options: TrayControllerOptions<M>) {
    this.#options = options
    this.#tray = options.createTray(options.iconPath(this.#view().icon))
    // Windows and macOS report clicks on the icon; Linux indicators do not (the menu has Show).
    this.#tray.on('click', () => revealWindow(options.window))
    options.window.on('show', () => this.render())
    options.window.on('hide', () => this.render())
    this.#unsubscribe = [
      options.shell.subscribe(() => this.render()),
      options.core.subscribe((event, payload) => {
        if (isEvent('conversations:changed', event, payload)) this.#conversations = mergeSummaries(this.#conversations, payload)
        else if (isEvent('roster:changed', event, payload)) this.#names.apply(payload)
        // Signing in (perhaps as another account) or out changes the whole list.
        else if (isEvent('connection:state', event, payload) && (payload.status === 'online' || payload.status === 'signed-out')) {
          if (payload.status === 'signed-out') this.#conversations = new Map()
          void this.#loadConversations()
        }
        this.render()
      }),
    ]
    this.render()
    void this.#names.load(options.core).then(() => this.render())
    void this.#loadConversations()
  }

  render(): void {
    const view = this.#view()
    const key = JSON.stringify(view)
    if (key === this.#rendered) return
    this.#rendered = key
    this.#tray.setImage(this.#options.iconPath(view.icon))
    this.#tray.setToolTip(view.tooltip)
    this.#tray.setContextMenu(this.#options.buildMenu(toMenuTemplate(view.template, (action) => this.#run(action))))
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
    this.#tray.destroy()
  }

  #view(): TrayView {
    const { core, window, shell } = this.#options
    return buildTrayView({
      ownPresence: core.ownPresence(),
      unreadTotal: core.unreadTotal(),
      windowVisible: window.isVisible(),
      recent: pickRecent(this.#conversations.values()).map((c) => ({ jid: c.jid, name: this.#names.nameOf(c.jid), unread: c.unread })),
      options: shell.options(),
    })
  }

  async #loadConversations(): Promise<void> {
    const envelope = await this.#options.core.handle('conversations:list', null)
    if (!envelope.ok) return
    const list = commands['conversations:list'].response.safeParse(envelope.value)
    if (!list.success) return
    this.#conversations = mergeSummaries(new Map(), list.data)
    this.render()
  }

  /** Electron already moved the radio or checkbox mark to the clicked item; put back the real state. */
  #rerender(what: string): (error: unknown) => void {
    return (error) => {
      console.error(`Could not ${what}:`, error)
      this.#rendered = ''
      this.render()
    }
  }

  #run(action: TrayAction): void {
    const { core, window, shell, emit, quit } = this.#options
    switch (action.kind) {
      case 'presence':
        core.setOwnPresence({ show: action.show, status: core.ownPresence().status }).catch(this.#rerender('change presence'))
        return
      case 'edit-status':
        revealWindow(window)
        emit('ui:edit-status', null)
        return
      case 'open-conversation':
        revealWindow(window)
        emit('ui:open-conversation', { jid: action.jid })
        return
      case 'toggle-option':
        shell.toggle(action.option).catch(this.#rerender('change the setting'))
        return
      case 'show-window':
        revealWindow(window)
        return
      case 'hide-window':
        window.hide()
        return
      case 'quit':
        quit()
        return
    }
  }
}
