// Prepares out/electron-app, the Electron app as `npm start` runs it and electron-builder packs it
// (its `directories.app`). It is kept apart from the project so that its native module
// (better-sqlite3) can be compiled for Electron's ABI without touching node_modules, whose Node
// build `npm test` uses. It holds a package.json with the production dependencies only, the
// project's lockfile (the same versions as tested) and a copy of the built out/{main,preload,
// renderer,tray}. Its dependencies are installed there and compiled for Electron, again only when
// the lockfile or the Electron version has changed. Used by `npm start` and `npm run dist`.
// Layer: build/dev script (Node).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const APP_SUBDIR = path.join('out', 'electron-app')
export const STAGED_PARTS = ['main', 'preload', 'renderer', 'tray']
const STAMP = '.install-stamp'

/** The app's package.json: what Electron and the packaged app need, no scripts, no dev tools. */
export function appManifest(root) {
  const manifest = {
    name: root.name,
    version: root.version,
    description: root.description,
    license: root.license,
    private: true,
    type: root.type,
    main: 'main/index.js',
    dependencies: root.dependencies ?? {},
  }
  // electron-builder needs these for the .deb; copied only when the project sets them.
  for (const key of ['author', 'homepage']) if (root[key] !== undefined) manifest[key] = root[key]
  return manifest
}

/** Changes whenever the installed dependencies would differ: versions locked, or Electron's ABI. */
function installStamp(lockText, electronVersion) {
  return createHash('sha256').update(lockText).update('\0').update(electronVersion).digest('hex')
}

function npm(args, cwd) {
  // Under `npm run`, npm_execpath is npm's own script: no shell, no PATH lookup (npm.cmd on Windows).
  const execPath = process.env.npm_execpath
  const result = execPath
    ? spawnSync(process.execPath, [execPath, ...args], { cwd, stdio: 'inherit' })
    : spawnSync('npm', args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed`)
}

/**
 * The locked production dependencies, installed without their install scripts (those would build
 * for Node), then compiled for Electron. electron-builder's own rebuild (`install-app-deps`, its
 * `npmRebuild`) is not used: it also walks up to the project's node_modules and rebuilds the copy
 * there. Here @electron/rebuild's search stops at the app folder.
 */
async function installForElectron(appDir, electronVersion) {
  npm(['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], appDir)
  const { rebuild } = await import('@electron/rebuild')
  try {
    await rebuild({ buildPath: appDir, projectRootPath: appDir, electronVersion, force: true })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Compiling the native modules for Electron ${electronVersion} failed (it downloads Electron's headers or a prebuilt binary): ${reason}`)
  }
}

/**
 * Writes the staged app under `projectDir` and returns its folder; installs its dependencies for
 * Electron through `runInstall` when they are missing or stale.
 */
export async function stageElectronApp(projectDir, runInstall = installForElectron) {
  const appDir = path.join(projectDir, APP_SUBDIR)
  const outDir = path.join(projectDir, 'out')
  for (const part of STAGED_PARTS) {
    if (!existsSync(path.join(outDir, part))) throw new Error(`out/${part} is missing: run \`npm run build\` first`)
  }
  mkdirSync(appDir, { recursive: true })
  const root = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'))
  writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(appManifest(root), null, 2)}\n`)
  const lockText = readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8')
  for (const part of STAGED_PARTS) {
    rmSync(path.join(appDir, part), { recursive: true, force: true })
    cpSync(path.join(outDir, part), path.join(appDir, part), { recursive: true })
  }
  const electronVersion = JSON.parse(readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8')).version
  const stamp = installStamp(lockText, electronVersion)
  const stampFile = path.join(appDir, STAMP)
  const installed = existsSync(path.join(appDir, 'node_modules')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
  if (installed) return appDir
  rmSync(stampFile, { force: true })
  // npm reconciles this copy with the app's smaller package.json, keeping every locked version.
  writeFileSync(path.join(appDir, 'package-lock.json'), lockText)
  await runInstall(appDir, electronVersion)
  writeFileSync(stampFile, stamp)
  return appDir
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const projectDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
  try {
    const appDir = await stageElectronApp(projectDir)
    console.log(`Staged the Electron app in ${path.relative(projectDir, appDir)}`)
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
