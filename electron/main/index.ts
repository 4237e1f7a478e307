// Composition root of the Electron main process: single-instance lock, the app:// scheme, the core,
// and the window, IPC router, tray, unread badge, auto-away, notifications and xmpp: links around
// it, set up from the shell settings. The only module-level state of the app lives here.
// Layer: electron/main.
import { mkdirSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, powerMonitor, protocol, shell } from 'electron'
import { createCore } from '../core/app-core'
import { resolveDataDir } from '../core/data-dir'
import { KeyringSecretStore } from '../core/secrets/keyring-secret-store'
import { APP_SCHEME, createAppProtocolHandler, registerAppScheme } from './app-protocol'
import { createExternalOpener } from './external-links'
import { createFilePorts } from './file-ports'
import { IdleMonitor } from './idle-monitor'
import { createRendererEmitter, registerIpcRouter } from './ipc-router'
import { createLoginItem } from './login-item'
import { NotificationCenter } from './notifications'
import { ShellPreferences } from './shell-preferences'
import { ShellSettingsFile } from './shell-settings'
import { TrayController } from './tray'
import { UnreadBadge } from './unread-badge'
import { createMainWindow, revealWindow } from './window'
import { XmppLinkRouter, registerXmppScheme } from './xmpp-links'

/** Windows shows notifications only for this id; it must equal electron-builder's `appId` (package.json). */
const APP_USER_MODEL_ID = 'im.xmppdesk.XmppDesk'
/** This bundle's folder (out/main, beside the archive worker) and the build output around it. */
const MAIN_DIR = path.dirname(fileURLToPath(import.meta.url))
const OUT_DIR = path.dirname(MAIN_DIR)

let quitting = false

async function start(): Promise<void> {
  let window: BrowserWindow | null = null
  const links = new XmppLinkRouter()
  // Registered before anything async, so a second launch (or a link) during start-up is not lost.
  app.on('second-instance', (_event, argv) => {
    if (!links.openFromArgv(argv) && window !== null) revealWindow(window)
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    links.open(url)
  })
  links.openFromArgv(process.argv)
  await app.whenReady()
  registerXmppScheme(app)
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: path.join(OUT_DIR, 'renderer') }))

  const preferences = await ShellPreferences.open(
    new ShellSettingsFile(app.getPath('userData')),
    createLoginItem({
      platform: process.platform,
      app,
      configDir: app.getPath('appData'),
      // An AppImage runs from a new mount point each time; the login item must start the image file.
      command: app.isPackaged ? [process.env.APPIMAGE ?? process.execPath] : [process.execPath, app.getAppPath()],
    }),
  )
  const openExternal = createExternalOpener(shell, async (url) => {
    const question = {
      type: 'warning' as const,
      buttons: ['Open', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open an unencrypted link?',
      detail: `${url}\n\nThis page travels without encryption: anyone on the way can read or change it.`,
    }
    const { response } = window ? await dialog.showMessageBox(window, question) : await dialog.showMessageBox(question)
    return response === 0
  })
  const filePorts = createFilePorts({
    chooseSavePath: async (defaultPath) => {
      const { canceled, filePath } = window ? await dialog.showSaveDialog(window, { defaultPath }) : await dialog.showSaveDialog({ defaultPath })
      return canceled || !filePath ? null : filePath
    },
    copyFile: (from, to) => copyFile(from, to),
    openPath: (target) => shell.openPath(target),
    downloadsDir: app.getPath('downloads'),
  })
  const core = await createCore({
    dataDir: app.getPath('userData'),
    secrets: new KeyringSecretStore(),
    ports: {
      openExternal,
      ...filePorts,
      settings: {
        get: () => ({ notifications: preferences.current().notifications }),
        set: ({ notifications }) => preferences.setNotifications(notifications),
      },
    },
    archiveWorkerPath: path.join(MAIN_DIR, 'archive-worker.js'),
  })

  const mainWindow = createMainWindow({
    BrowserWindow,
    preloadPath: path.join(OUT_DIR, 'preload', 'index.cjs'),
    devTools: !app.isPackaged,
    openExternal,
    isQuitting: () => quitting,
    closeToTray: () => preferences.current().closeToTray,
    quit: () => app.quit(),
    startHidden: preferences.current().startMinimized,
  })
  window = mainWindow
  const unregisterIpc = registerIpcRouter({ ipcMain, core, renderer: mainWindow.webContents })
  const emit = createRendererEmitter(mainWindow.webContents)
  mainWindow.webContents.once('did-finish-load', () => links.attach(mainWindow, emit))
  const tray = new TrayController({
    createTray: (iconPath) => new Tray(iconPath),
    iconPath: (icon) => path.join(OUT_DIR, 'tray', `tray-${icon}.png`),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    core,
    window: mainWindow,
    shell: preferences,
    emit,
    quit: () => app.quit(),
  })
  const badge = new UnreadBadge({ core, setBadgeCount: (count) => app.setBadgeCount(count) })
  const idle = new IdleMonitor({ powerMonitor, core, settings: () => preferences.autoAway() })
  preferences.subscribe(() => idle.refresh())
  const notifications = new NotificationCenter({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    core,
    window: mainWindow,
    emit,
    markupBody: process.platform === 'linux',
    settings: () => preferences.current().notifications,
  })
  app.on('activate', () => revealWindow(mainWindow))

  let shutdown: Promise<void> | null = null
  app.on('before-quit', (event) => {
    quitting = true
    if (shutdown !== null) return
    // Hold the quit until the core has closed the stream and flushed the archive, then quit again.
    event.preventDefault()
    notifications.dispose()
    tray.dispose()
    badge.dispose()
    unregisterIpc()
    shutdown = idle
      .dispose()
      .catch((error: unknown) => console.error('Could not restore presence after auto-away:', error))
      .then(() => core.shutdown())
      .catch((error: unknown) => console.error('Core shutdown failed:', error))
      .finally(() => app.quit())
  })

  // Signs in with the remembered account, if any; connection errors reach the UI as events.
  core.resume().catch((error: unknown) => console.error('Could not resume the session:', error))
}

// The data dir is also Chromium's profile, and the instance lock is per profile: setting it first
// lets separate profiles (tests, a second account) run side by side. setPath needs the folder.
const dataDir = path.resolve(resolveDataDir(process.argv, process.env, app.getPath('userData')))
mkdirSync(dataDir, { recursive: true })
app.setPath('userData', dataDir)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme(protocol)
  app.enableSandbox()
  start().catch((error: unknown) => {
    console.error('XMPP Desk could not start:', error)
    app.exit(1)
  })
}
