// Where the app keeps its data: an explicit `--data-dir=<path>` argument, else the
// XMPP_DESK_DATA_DIR environment variable, else the OS's per-user app-data folder (Electron passes
// its own `app.getPath('userData')` as the default). Layer: electron/core (Node).
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'xmpp-desk'

/** The platform's per-user application data folder for this app, computed without Electron. */
export function platformDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME)
}

export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  const flag = argv.find((a) => a.startsWith('--data-dir='))
  if (flag && flag.length > '--data-dir='.length) return flag.slice('--data-dir='.length)
  if (env.XMPP_DESK_DATA_DIR) return env.XMPP_DESK_DATA_DIR
  return fallback
}
