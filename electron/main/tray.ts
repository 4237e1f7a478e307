// The tray icon: presence switcher, Show/Hide and Quit. Renders the plain template from
// core/presence/presence-menu.ts into an Electron menu and re-renders only when the view changes
// (presence, unread total, window visibility). Tray and Menu are injected. Layer: electron/main.
import type { MenuItemConstructorOptions } from 'electron'
import type { CoreService } from '../core/core-service'
import { buildTrayView, type TrayAction, type TrayMenuItem } from '../core/presence/presence-menu'
import { revealWindow, type WindowPort } from './window'

export interface TrayPort<M> {
  setContextMenu(menu: M): void
  setToolTip(text: string): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayWindowPort extends WindowPort {
  on(event: 'show' | 'hide', listener: () => void): unknown
}

export interface TrayControllerOptions<M> {
  createTray(): TrayPort<M>
  buildMenu(template: MenuItemConstructorOptions[]): M
  core: Pick<CoreService, 'ownPresence' | 'setOwnPresence' | 'unreadTotal' | 'subscribe'>
  window: TrayWindowPort
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
        return { type: 'radio', label: item.label, checked: item.checked, click: () => onAction(item.action) }
      case 'normal':
        return { type: 'normal', label: item.label, click: () => onAction(item.action) }
    }
  })
}

export class TrayController<M> {
  readonly #options: TrayControllerOptions<M>
  readonly #tray: TrayPort<M>
  readonly #unsubscribe: () => void
  /** The last rendered view, serialized: rebuilding an unchanged menu makes some Linux panels flicker. */
  #rendered = ''

  constructor(options: TrayControllerOptions<M>) {
    this.#options = options
    this.#tray = options.createTray()
    // Windows and macOS report clicks on the icon; Linux indicators do not (the menu has Show).
    this.#tray.on('click', () => revealWindow(options.window))
    options.window.on('show', () => this.render())
    options.window.on('hide', () => this.render())
    this.#unsubscribe = options.core.subscribe((event) => {
      if (event === 'presence:own' || event === 'conversations:changed' || event === 'messages:added') this.render()
    })
    this.render()
  }

  render(): void {
    const { core, window } = this.#options
    const view = buildTrayView({
      ownPresence: core.ownPresence(),
      unreadTotal: core.unreadTotal(),
      windowVisible: window.isVisible(),
    })
    const key = JSON.stringify(view)
    if (key === this.#rendered) return
    this.#rendered = key
    this.#tray.setToolTip(view.tooltip)
    this.#tray.setContextMenu(this.#options.buildMenu(toMenuTemplate(view.template, (action) => this.#run(action))))
  }

  dispose(): void {
    this.#unsubscribe()
    this.#tray.destroy()
  }

  #run(action: TrayAction): void {
    const { core, window, quit } = this.#options
    switch (action.kind) {
      case 'presence':
        core
          .setOwnPresence({ show: action.show, status: core.ownPresence().status })
          .catch((error: unknown) => {
            console.error('Could not change presence:', error)
            // Electron already moved the radio check to the clicked item; put it back.
            this.#rendered = ''
            this.render()
          })
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
