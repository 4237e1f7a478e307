// The installer configuration (package.json "build"), the staged Electron app and the fuse hook.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { useTempDirs } from './temp-dirs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  build: {
    appId: string
    directories: { app: string; output: string }
    afterPack: string
    npmRebuild: boolean
    linux: { target: string[]; icon: string; mimeTypes: string[] }
    protocols: { name: string; schemes: string[] }[]
    mac: { target: string[]; icon: string }
    win: { target: string[]; icon: string }
  }
}

interface StageModule {
  APP_SUBDIR: string
  STAGED_PARTS: string[]
  appManifest(root: Record<string, unknown>): Record<string, unknown>
  stageElectronApp(projectDir: string, runInstall: (appDir: string, electronVersion: string) => Promise<void>): Promise<string>
}

interface PackContext {
  appOutDir: string
  electronPlatformName: string
  packager: { executableName?: string; appInfo?: { productFilename: string } }
}

interface AfterPackModule {
  default(context: PackContext): Promise<void>
  packedExecutable(context: PackContext): string
}

// Build scripts are plain .mjs (electron-builder and npm run them without a TypeScript loader).
const stageUrl = new URL('../../../scripts/stage-electron-app.mjs', import.meta.url).href
const afterPackUrl = new URL('../../../scripts/after-pack.mjs', import.meta.url).href
const stage = (await import(stageUrl)) as StageModule
const afterPack = (await import(afterPackUrl)) as AfterPackModule

const tempDir = useTempDirs('packaging-')

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

describe('electron-builder configuration', () => {
  it('uses the Windows AppUserModelId of the main process as appId', () => {
    const main = readFileSync(path.join(ROOT, 'electron/main/index.ts'), 'utf8')
    const id = /const APP_USER_MODEL_ID = '([^']+)'/u.exec(main)?.[1]
    expect(id).toBeDefined()
    expect(pkg.build.appId).toBe(id)
  })

  it('packs the staged app, and runs the fuse hook that exists', () => {
    expect(pkg.build.directories.app).toBe(stage.APP_SUBDIR)
    expect(existsSync(path.join(ROOT, pkg.build.afterPack))).toBe(true)
  })

  it('declares the xmpp: scheme: Info.plist on macOS, the desktop entry MimeType on Linux', () => {
    expect(pkg.build.protocols).toEqual([{ name: 'XMPP', schemes: ['xmpp'] }])
    expect(pkg.build.linux.mimeTypes).toContain('x-scheme-handler/xmpp')
  })

  it('never lets electron-builder rebuild native modules: its rebuild reaches the project node_modules', () => {
    expect(pkg.build.npmRebuild).toBe(false)
  })

  it('builds AppImage and deb, dmg, and nsis, with the generated icons', () => {
    expect(pkg.build.linux.target).toEqual(['AppImage', 'deb'])
    expect(pkg.build.mac.target).toEqual(['dmg'])
    expect(pkg.build.win.target).toEqual(['nsis'])
    for (const icon of [pkg.build.mac.icon, pkg.build.win.icon, path.join(pkg.build.linux.icon, '512x512.png')]) {
      expect(existsSync(path.join(ROOT, icon)), icon).toBe(true)
    }
  })
})

describe('stageElectronApp', () => {
  function project(): string {
    const dir = tempDir()
    write(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'xmpp-desk',
        version: '1.2.3',
        description: 'd',
        license: 'GPL-3.0-or-later',
        type: 'module',
        main: 'out/main/index.js',
        scripts: { test: 'vitest' },
        dependencies: { 'better-sqlite3': '^12.0.0' },
        devDependencies: { electron: '^45.0.0' },
        build: { appId: 'x' },
      }),
    )
    write(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3}')
    write(path.join(dir, 'node_modules/electron/package.json'), '{"version":"45.5.0"}')
    for (const part of stage.STAGED_PARTS) write(path.join(dir, 'out', part, 'file.txt'), part)
    write(path.join(dir, 'out/web-host/index.js'), 'browser host')
    return dir
  }

  /** Stands in for npm install + @electron/rebuild: leaves a node_modules folder. */
  const fakeInstall = () =>
    vi.fn(async (appDir: string) => {
      mkdirSync(path.join(appDir, 'node_modules'), { recursive: true })
    })

  it('writes a manifest with the production dependencies only, pointing at the staged main', async () => {
    const appDir = await stage.stageElectronApp(project(), fakeInstall())
    const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest).toEqual({
      name: 'xmpp-desk',
      version: '1.2.3',
      description: 'd',
      license: 'GPL-3.0-or-later',
      private: true,
      type: 'module',
      main: 'main/index.js',
      dependencies: { 'better-sqlite3': '^12.0.0' },
    })
  })

  it('stages the real project with its real dependencies', () => {
    expect(stage.appManifest(pkg as unknown as Record<string, unknown>).dependencies).toEqual(pkg.dependencies)
  })

  it('copies the built app and the lockfile, never the browser host, and installs in the app folder', async () => {
    const dir = project()
    const runInstall = fakeInstall()
    const appDir = await stage.stageElectronApp(dir, runInstall)
    expect(appDir).toBe(path.join(dir, stage.APP_SUBDIR))
    for (const part of stage.STAGED_PARTS) expect(readFileSync(path.join(appDir, part, 'file.txt'), 'utf8')).toBe(part)
    expect(readFileSync(path.join(appDir, 'package-lock.json'), 'utf8')).toBe('{"lockfileVersion":3}')
    expect(existsSync(path.join(appDir, 'web-host'))).toBe(false)
    expect(runInstall).toHaveBeenCalledWith(appDir, '45.5.0')
  })

  it('replaces what an earlier build left', async () => {
    const dir = project()
    await stage.stageElectronApp(dir, fakeInstall())
    rmSync(path.join(dir, 'out/main/file.txt'))
    write(path.join(dir, 'out/main/new.txt'), 'new')
    const appDir = await stage.stageElectronApp(dir, fakeInstall())
    expect(existsSync(path.join(appDir, 'main/file.txt'))).toBe(false)
    expect(existsSync(path.join(appDir, 'main/new.txt'))).toBe(true)
  })

  it('installs again only when the lockfile or the Electron version changed, or the install is gone', async () => {
    const dir = project()
    const runInstall = fakeInstall()
    await stage.stageElectronApp(dir, runInstall)
    await stage.stageElectronApp(dir, runInstall)
    expect(runInstall).toHaveBeenCalledTimes(1)
    write(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3,"changed":true}')
    await stage.stageElectronApp(dir, runInstall)
    write(path.join(dir, 'node_modules/electron/package.json'), '{"version":"46.0.0"}')
    await stage.stageElectronApp(dir, runInstall)
    rmSync(path.join(dir, stage.APP_SUBDIR, 'node_modules'), { recursive: true })
    await stage.stageElectronApp(dir, runInstall)
    expect(runInstall).toHaveBeenCalledTimes(4)
  })

  it('installs again after a failed install', async () => {
    const dir = project()
    await stage.stageElectronApp(dir, fakeInstall())
    write(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3,"changed":true}')
    await expect(stage.stageElectronApp(dir, async () => Promise.reject(new Error('no network')))).rejects.toThrow('no network')
    const runInstall = fakeInstall()
    await stage.stageElectronApp(dir, runInstall)
    expect(runInstall).toHaveBeenCalledTimes(1)
  })

  it('says to build first when the build output is missing', async () => {
    const dir = project()
    rmSync(path.join(dir, 'out/renderer'), { recursive: true })
    await expect(stage.stageElectronApp(dir, fakeInstall())).rejects.toThrow('out/renderer is missing: run `npm run build` first')
  })
})

describe('after-pack fuses', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
  // Electron's defaults for its nine fuses: RunAsNode on … WasmTrapHandlers on ('0' off, '1' on).
  const ELECTRON_DEFAULTS = '101100011'

  function fakeElectron(file: string): void {
    writeFileSync(file, Buffer.concat([Buffer.from('ELF…code…'), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from(ELECTRON_DEFAULTS), Buffer.from('…more')]))
  }

  function wire(file: string): string {
    const bytes = readFileSync(file)
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length
    return bytes.toString('latin1', at + 2, at + 2 + (bytes[at + 1] ?? 0))
  }

  it('names the packed executable as electron-builder does', () => {
    const appInfo = { productFilename: 'XMPP Desk' }
    expect(afterPack.packedExecutable({ appOutDir: '/o', electronPlatformName: 'linux', packager: { executableName: 'xmpp-desk' } })).toBe('/o/xmpp-desk')
    expect(afterPack.packedExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager: { appInfo } })).toBe('/o/XMPP Desk.exe')
    expect(afterPack.packedExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager: { appInfo } })).toBe('/o/XMPP Desk.app')
  })

  it('turns off RunAsNode, NODE_OPTIONS, inspect and file:// privileges; turns on ASAR integrity and ASAR-only', async () => {
    const appOutDir = tempDir()
    fakeElectron(path.join(appOutDir, 'xmpp-desk'))
    await afterPack.default({ appOutDir, electronPlatformName: 'linux', packager: { executableName: 'xmpp-desk' } })
    const fuses = wire(path.join(appOutDir, 'xmpp-desk'))
    expect(fuses).toBe('010011001')
    const [runAsNode, cookieEncryption, nodeOptions, inspect, asarIntegrity, onlyAsar, v8Snapshot, fileProtocol, wasmTrap] = [...fuses]
    expect({ runAsNode, nodeOptions, inspect, asarIntegrity, onlyAsar, fileProtocol }).toEqual({
      runAsNode: '0',
      nodeOptions: '0',
      inspect: '0',
      asarIntegrity: '1',
      onlyAsar: '1',
      fileProtocol: '0',
    })
    // Cookie encryption on, the V8 snapshot and a fuse newer than @electron/fuses left as Electron ships them.
    expect({ cookieEncryption, v8Snapshot, wasmTrap }).toEqual({ cookieEncryption: '1', v8Snapshot: '0', wasmTrap: '1' })
  })
})
