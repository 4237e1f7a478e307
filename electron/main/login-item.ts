// "Start at login": on macOS and Windows through Electron's app.setLoginItemSettings, which does
// nothing on Linux; there through an XDG autostart entry (~/.config/autostart/<name>.desktop), the
// freedesktop way every Linux desktop reads. Layer: electron/main (Node; app injected).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface LoginItemAppPort {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void
}

export interface LoginItemOptions {
  platform: NodeJS.Platform
  app: LoginItemAppPort
  /** $XDG_CONFIG_HOME or ~/.config (Linux only). */
  configDir: string
  /** The command that starts this app: the executable, plus the app folder when unpackaged. */
  command: readonly string[]
}

export const AUTOSTART_FILE = 'xmpp-desk.desktop'

/** One argument of an Exec line, quoted as the Desktop Entry spec requires. */
function execArgument(arg: string): string {
  // Field codes start with %; a literal one is written %%.
  const literal = arg.replaceAll('%', '%%')
  if (!/[\s"'\\><~|&;$*?#()`]/u.test(literal)) return literal
  // Inside quotes, " ` $ \ are escaped with a backslash; the string value then escapes backslashes again.
  const quoted = `"${literal.replace(/(["`$\\])/gu, '\\$1')}"`
  return quoted.replaceAll('\\', '\\\\')
}

export function desktopExecLine(command: readonly string[]): string {
  return command.map(execArgument).join(' ')
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=XMPP Desk',
    `Exec=${desktopExecLine(command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** Returns the function that turns starting at login on or off. */
export function createLoginItem(options: LoginItemOptions): (enabled: boolean) => Promise<void> {
  if (options.platform !== 'linux') {
    return async (enabled) => options.app.setLoginItemSettings({ openAtLogin: enabled })
  }
  const dir = path.join(options.configDir, 'autostart')
  const file = path.join(dir, AUTOSTART_FILE)
  return async (enabled) => {
    if (!enabled) {
      await rm(file, { force: true })
      return
    }
    await mkdir(dir, { recursive: true })
    await writeFile(file, autostartEntry(options.command), 'utf8')
  }
}
