// Composition root of the Electron main process: single-instance lock, the app:// scheme, the core,
// and the window, IPC router, tray and notifications around it. The only module-level state of
// the app lives here. Layer: electron/main.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, Menu, Notification, Tray, app, ipcMain, protocol, shell } from 'electron'
import { createCore } from '../core/app-core'
import { resolveDataDir } from '../core/data-dir'
import { KeyringSecretStore } from '../core/secrets/keyring-secret-store'
import { APP_SCHEME, createAppProtocolHandler, registerAppScheme } from './app-protocol'
import { createExternalOpener } from './external-links'
import { createRendererEmitter, registerIpcRouter } from './ipc-router'
import { NotificationCenter } from './notifications'
import { TrayController } from './tray'
import { createMainWindow, revealWindow } from './window'

/** Windows shows notifications only for this id; it must equal electron-builder's `appId`. */
const APP_USER_MODEL_ID = 'im.xmppdesk.XmppDesk'
/** This bundle's folder (out/main, beside the archive worker) and the build output around it. */
const MAIN_DIR = path.dirname(fileURLToPath(import.meta.url))
const OUT_DIR = path.dirname(MAIN_DIR)

let quitting = false

async function start(): Promise<void> {
  let window: BrowserWindow | null = null
  // Registered before anything async, so a second launch during start-up is not lost.
  app.on('second-instance', () => {
    if (window !== null) revealWindow(window)
  })
  await app.whenReady()
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: path.join(OUT_DIR, 'renderer') }))

  const openExternal = createExternalOpener(shell)
  const core = await createCore({
    dataDir: app.getPath('userData'),
    secrets: new KeyringSecretStore(),
    ports: { openExternal },
    archiveWorkerPath: path.join(MAIN_DIR, 'archive-worker.js'),
  })

  const mainWindow = createMainWindow({
    BrowserWindow,
    preloadPath: path.join(OUT_DIR, 'preload', 'index.cjs'),
    devTools: !app.isPackaged,
    openExternal,
    isQuitting: () => quitting,
  })
  window = mainWindow
  const unregisterIpc = registerIpcRouter({ ipcMain, core, renderer: mainWindow.webContents })
  const tray = new TrayController({
    createTray: () => new Tray(path.join(app.getAppPath(), 'build', 'icons', 'tray.png')),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    core,
    window: mainWindow,
    quit: () => app.quit(),
  })
  const notifications = new NotificationCenter({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    core,
    window: mainWindow,
    emit: createRendererEmitter(mainWindow.webContents),
    markupBody: process.platform === 'linux',
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
    unregisterIpc()
    shutdown = core
      .shutdown()
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
