// The main window: a hardened BrowserWindow (Electron security checklist items 2–6, 8–14) that
// loads only app://, never navigates, never opens windows, grants no permission but notifications,
// and hides to the tray when closed (if the user keeps that setting). BrowserWindow is injected so
// tests run without Electron. Layer: electron/main.
import type { BrowserWindowConstructorOptions } from 'electron'
import { APP_ENTRY_URL } from './app-protocol'

export interface PreventableEvent {
  preventDefault(): void
}

export interface SessionPort {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void
}

export interface WindowContentsPort {
  readonly session: SessionPort
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** What the app needs of its window: also the shape the tray and notifications drive. */
export interface WindowPort {
  show(): void
  hide(): void
  focus(): void
  isVisible(): boolean
  isMinimized(): boolean
  restore(): void
}

export interface MainWindowPort extends WindowPort {
  readonly webContents: WindowContentsPort
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown
  once(event: 'ready-to-show', listener: () => void): unknown
  loadURL(url: string): Promise<void>
}

export interface MainWindowOptions<W extends MainWindowPort> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W
  /** Absolute path of the CommonJS preload bundle (out/preload/index.cjs). */
  preloadPath: string
  /** Off in packaged builds. */
  devTools: boolean
  /** The validated opener from external-links.ts; it refuses everything but http(s). */
  openExternal(url: string): Promise<void>
  /** True once the app is quitting, when closing must really close. */
  isQuitting(): boolean
  /** Read at each close: hide to the tray (true) or quit the app (false). */
  closeToTray(): boolean
  quit(): void
  /** Start minimized: stay in the tray until the user opens the window. */
  startHidden: boolean
}

/** The one permission the renderer may hold; everything else (camera, geolocation, …) is refused. */
export const ALLOWED_PERMISSION = 'notifications'

export function hardenedWebPreferences(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools,
  }
}

export function createMainWindow<W extends MainWindowPort>(options: MainWindowOptions<W>): W {
  const window = new options.BrowserWindow({
    width: 1000,
    height: 700,
    minWidth: 480,
    minHeight: 360,
    title: 'XMPP Desk',
    show: false,
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(options.preloadPath, options.devTools),
  })
  const contents = window.webContents

  // The UI is a single page: any navigation is either a bug or an attack (checklist #13).
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // Refused links come from page content and are dropped; the opener logs nothing on purpose.
    options.openExternal(url).catch(() => undefined)
    return { action: 'deny' }
  })
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === ALLOWED_PERMISSION)
  })
  contents.session.setPermissionCheckHandler((_contents, permission) => permission === ALLOWED_PERMISSION)

  window.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    // Quitting through the app (not by letting the window go) runs the orderly core shutdown first.
    if (options.closeToTray()) window.hide()
    else options.quit()
  })
  if (!options.startHidden) window.once('ready-to-show', () => window.show())
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('Could not load the UI:', error))
  return window
}

/** Brings the window to the front from the tray, a notification or a second instance. */
export function revealWindow(window: WindowPort): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
