import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AUTOSTART_FILE, autostartEntry, createLoginItem, desktopExecLine } from '../../../electron/main/login-item'
import { useTempDirs } from './temp-dirs'

const tempDir = useTempDirs('login-item-')

describe('desktopExecLine', () => {
  it('leaves plain arguments as they are', () => {
    expect(desktopExecLine(['/opt/xmpp-desk/xmpp-desk'])).toBe('/opt/xmpp-desk/xmpp-desk')
  })

  it('quotes arguments with reserved characters', () => {
    expect(desktopExecLine(['/opt/XMPP Desk/xmpp-desk', '/home/me/app'])).toBe('"/opt/XMPP Desk/xmpp-desk" /home/me/app')
  })

  it('escapes quote, backtick, dollar and backslash inside quotes, then backslashes again for the string value', () => {
    expect(desktopExecLine(['/a b/"x"'])).toBe('"/a b/\\\\"x\\\\""')
    expect(desktopExecLine(['/a b/$HOME'])).toBe('"/a b/\\\\$HOME"')
    expect(desktopExecLine(['C:\\dir'])).toBe('"C:\\\\\\\\dir"')
  })

  it('doubles a percent sign, which would otherwise start a field code', () => {
    expect(desktopExecLine(['/apps/100%/run'])).toBe('/apps/100%%/run')
  })
})

describe('createLoginItem', () => {
  it('uses app.setLoginItemSettings on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = { setLoginItemSettings: vi.fn() }
      const setLoginItem = createLoginItem({ platform, app, configDir: tempDir(), command: ['/x'] })
      await setLoginItem(true)
      await setLoginItem(false)
      expect(app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]])
    }
  })

  it('on Linux writes and removes an XDG autostart entry that starts the app', async () => {
    const configDir = tempDir()
    const app = { setLoginItemSettings: vi.fn() }
    const setLoginItem = createLoginItem({ platform: 'linux', app, configDir, command: ['/tmp/XMPP Desk.AppImage'] })
    const file = path.join(configDir, 'autostart', AUTOSTART_FILE)
    await setLoginItem(true)
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry(['/tmp/XMPP Desk.AppImage']))
    expect(readFileSync(file, 'utf8')).toContain('\nExec="/tmp/XMPP Desk.AppImage"\n')
    await setLoginItem(false)
    expect(existsSync(file)).toBe(false)
    await setLoginItem(false)
    expect(app.setLoginItemSettings).not.toHaveBeenCalled()
  })

  it('writes a valid desktop entry', () => {
    const lines = autostartEntry(['/opt/xmpp-desk/xmpp-desk']).split('\n')
    expect(lines[0]).toBe('[Desktop Entry]')
    expect(lines).toContain('Type=Application')
    expect(lines).toContain('Exec=/opt/xmpp-desk/xmpp-desk')
  })
})
