// `npm start` (after the build): runs the Electron binary on the staged app (out/electron-app, whose
// native modules are built for Electron: see stage-electron-app.mjs), forwarding the arguments
// (e.g. --data-dir=<path>). The `electron` package fetches its binary lazily on first use; where
// that download cannot happen, say so and point to the browser host instead of a stack trace.
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips the download attempt; XMPP_DESK_ELECTRON_APP=<dir> runs
// that app folder as it is instead of staging one. Layer: build/dev script (Node).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stageElectronApp } from './stage-electron-app.mjs'

const APP_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const ELECTRON_DIR = path.join(APP_DIR, 'node_modules', 'electron')

/**
 * The binary path as node_modules/electron/index.js computes it (path.txt names the executable
 * inside dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/), minus its download side effect.
 * Null when nothing says where the binary is.
 */
function electronBinaryPath(electronDir, env) {
  const pathFile = path.join(electronDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : ''
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
  return executable ? path.join(electronDir, 'dist', executable) : null
}

function findBinary() {
  const binary = electronBinaryPath(ELECTRON_DIR, process.env)
  return binary !== null && existsSync(binary) ? binary : null
}

/** The same first-use download the package does; it fails fast where the network is closed. */
function tryDownload() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return
  console.log('Downloading the Electron binary…')
  spawnSync(process.execPath, [path.join(ELECTRON_DIR, 'install.js')], { stdio: 'inherit' })
}

function fail(message) {
  console.error(`\n${message}\n`)
  process.exit(1)
}

async function main() {
  let binary = findBinary()
  if (binary === null) {
    tryDownload()
    binary = findBinary()
  }
  if (binary === null) {
    fail(
      'The Electron binary could not be downloaded on this machine, so the desktop app cannot start here.\n' +
        'Run `npm run start:web` for the browser host: the same app and core, in your browser.\n' +
        'Where the download works, `npm start` fetches the binary on its first run.',
    )
  }
  let appDir = process.env.XMPP_DESK_ELECTRON_APP
  if (!appDir) {
    try {
      appDir = await stageElectronApp(APP_DIR)
    } catch (error) {
      fail(`Could not prepare the Electron app: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  // Set by some editors' terminals (VS Code); it would make Electron behave as plain Node.
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, [appDir, ...process.argv.slice(2)], { stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('error', (error) => fail(`Could not run ${binary}: ${error.message}`))
  child.on('exit', (code) => process.exit(code ?? 1))
}

await main()
