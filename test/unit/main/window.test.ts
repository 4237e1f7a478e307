import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { APP_ENTRY_URL } from '../../../electron/main/app-protocol'
import { createExternalOpener } from '../../../electron/main/external-links'
import { createMainWindow, revealWindow, type PreventableEvent } from '../../../electron/main/window'

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
type CheckHandler = (contents: unknown, permission: string) => boolean

class FakeSession {
  requestHandler: RequestHandler | null = null
  checkHandler: CheckHandler | null = null
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler
  }
}

class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession()
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler
  }
}

class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  visible = false
  minimized = false
  readonly calls: string[] = []
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super()
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url)
  }
  show(): void {
    this.calls.push('show')
    this.visible = true
  }
  hide(): void {
    this.calls.push('hide')
    this.visible = false
  }
  focus(): void {
    this.calls.push('focus')
  }
  restore(): void {
    this.calls.push('restore')
    this.minimized = false
  }
  isVisible(): boolean {
    return this.visible
  }
  isMinimized(): boolean {
    return this.minimized
  }
}

function preventable(): PreventableEvent & { prevented: boolean } {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true
    },
  }
  return event
}

function setup(quitting = false, shell: { closeToTray?: boolean; startHidden?: boolean } = {}) {
  const shellOpen = vi.fn(async (_url: string) => undefined)
  const quit = vi.fn()
  const window = createMainWindow({
    BrowserWindow: FakeWindow,
    preloadPath: '/app/out/preload/index.cjs',
    devTools: false,
    openExternal: createExternalOpener({ openExternal: shellOpen }, async () => true), // the user confirms http
    isQuitting: () => quitting,
    closeToTray: () => shell.closeToTray ?? true,
    quit,
    startHidden: shell.startHidden ?? false,
  })
  return { window, shellOpen, quit }
}

describe('createMainWindow: webPreferences', () => {
  it('sets every hardening flag explicitly', () => {
    const { window } = setup()
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    })
    expect(window.options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
  })

  it('loads the app:// entry and shows only when ready', () => {
    const { window } = setup()
    expect(window.loaded).toEqual([APP_ENTRY_URL])
    expect(APP_ENTRY_URL).toBe('app://xmpp-desk/index.html')
    expect(window.options.show).toBe(false)
    expect(window.visible).toBe(false)
    window.emit('ready-to-show')
    expect(window.visible).toBe(true)
  })
})

describe('createMainWindow: navigation and new windows', () => {
  it.each(['https://evil.example/', 'app://xmpp-desk/other.html', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'prevents navigation to %s',
    (url) => {
      const { window, shellOpen } = setup()
      const event = preventable()
      window.webContents.emit('will-navigate', event, url)
      expect(event.prevented).toBe(true)
      expect(shellOpen).not.toHaveBeenCalled()
    },
  )

  it('denies window.open and sends http(s) links to the system browser (http once confirmed)', async () => {
    const { window, shellOpen } = setup()
    const handler = window.webContents.windowOpenHandler
    expect(handler).not.toBeNull()
    expect(handler?.({ url: 'https://xmpp.org/extensions/' })).toEqual({ action: 'deny' })
    expect(handler?.({ url: 'http://example.org/' })).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(shellOpen).toHaveBeenCalledTimes(2))
    expect(shellOpen.mock.calls).toEqual([['https://xmpp.org/extensions/'], ['http://example.org/']])
  })

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'data:text/html,x', 'about:blank'])(
    'denies window.open(%s) and never opens it',
    async (url) => {
      const { window, shellOpen } = setup()
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(shellOpen).not.toHaveBeenCalled()
    },
  )
})

describe('createMainWindow: permissions', () => {
  it('grants notifications and nothing else on request', () => {
    const { window } = setup()
    const handler = window.webContents.session.requestHandler
    const answers: Record<string, boolean> = {}
    for (const permission of ['notifications', 'media', 'geolocation', 'openExternal', 'clipboard-read', 'unknown']) {
      handler?.(window.webContents, permission, (granted) => {
        answers[permission] = granted
      })
    }
    expect(answers).toEqual({
      notifications: true,
      media: false,
      geolocation: false,
      openExternal: false,
      'clipboard-read': false,
      unknown: false,
    })
  })

  it('answers permission checks the same way', () => {
    const { window } = setup()
    const check = window.webContents.session.checkHandler
    expect(check?.(window.webContents, 'notifications')).toBe(true)
    expect(check?.(window.webContents, 'media')).toBe(false)
    expect(check?.(null, 'hid')).toBe(false)
  })
})

describe('createMainWindow: close to tray', () => {
  it('hides instead of closing while the app runs', () => {
    const { window } = setup(false)
    window.visible = true
    const event = preventable()
    window.emit('close', event)
    expect(event.prevented).toBe(true)
    expect(window.visible).toBe(false)
  })

  it('quits the app instead when close-to-tray is off, so the core shuts down first', () => {
    const { window, quit } = setup(false, { closeToTray: false })
    window.visible = true
    const event = preventable()
    window.emit('close', event)
    expect(event.prevented).toBe(true)
    expect(quit).toHaveBeenCalledTimes(1)
    expect(window.calls).not.toContain('hide')
  })

  it('really closes when the app quits', () => {
    const { window } = setup(true)
    window.visible = true
    const event = preventable()
    window.emit('close', event)
    expect(event.prevented).toBe(false)
    expect(window.calls).not.toContain('hide')
  })
})

describe('createMainWindow: start minimized', () => {
  it('stays hidden when ready, until the user opens it', () => {
    const { window } = setup(false, { startHidden: true })
    window.emit('ready-to-show')
    expect(window.visible).toBe(false)
    expect(window.loaded).toEqual([APP_ENTRY_URL])
  })
})

describe('revealWindow', () => {
  it('restores a minimized window, then shows and focuses it', () => {
    const { window } = setup()
    window.minimized = true
    revealWindow(window)
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
  })

  it('only shows and focuses a window that is not minimized', () => {
    const { window } = setup()
    revealWindow(window)
    expect(window.calls).toEqual(['show', 'focus'])
  })
})
